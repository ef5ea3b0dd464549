import { readFile } from 'node:fs/promises';
import type { Loader } from 'astro/loaders';
import { publicCaseSchema, type PublicCase } from '../../core/cases/public.ts';
import { municipality } from '../lib/site.ts';

/**
 * Where the archive's cases come from. The build reads only the public projection:
 * - ARCHIVE_SOURCE=dynamodb: the municipality's `PUBLIC#<id>` partition of the table
 *   (TABLE_NAME, and DYNAMODB_ENDPOINT locally; in CI a role that may read only those keys);
 * - ARCHIVE_SOURCE=file: ARCHIVE_FILE, a JSON array of public records (tests, benchmarks);
 * - unset: no cases (a content-only build).
 */
async function readProjection(id: string = municipality.id): Promise<{ source: string; records: unknown[] }> {
  const source = process.env.ARCHIVE_SOURCE ?? 'none';
  if (source === 'none' || source === '') return { source: 'none', records: [] };
  if (source === 'file') {
    const file = process.env.ARCHIVE_FILE;
    if (!file) throw new Error('ARCHIVE_SOURCE=file needs ARCHIVE_FILE, a JSON array of public case records');
    const all = JSON.parse(await readFile(file, 'utf8')) as { municipality?: string }[];
    if (!Array.isArray(all)) throw new Error(`${file}: expected a JSON array of public case records`);
    return { source: file, records: all.filter((r) => r.municipality === id) };
  }
  if (source === 'dynamodb') {
    process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
    const [{ DynamoCaseStore }, { loadConfig }] = await Promise.all([import('../../functions/adapters/dynamo.ts'), import('../../functions/config.ts')]);
    const store = new DynamoCaseStore(loadConfig(process.env));
    const records: PublicCase[] = [];
    for await (const page of store.listPublic(id)) records.push(...page);
    return { source: `table ${process.env.TABLE_NAME ?? 'e-opstine'}`, records };
  }
  throw new Error(`ARCHIVE_SOURCE must be dynamodb, file or unset, not "${source}"`);
}

/** A public record checked against the projection's schema; a bad one stops the build, naming it. */
function checked(raw: unknown, source: string): PublicCase {
  const parsed = publicCaseSchema.safeParse(raw);
  if (!parsed.success) {
    const where = (raw as { code?: string })?.code ?? '?';
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`archive: public record ${where} from ${source} is invalid: ${issues}`);
  }
  return parsed.data;
}

/**
 * Another municipality's public records, read through the same source as this site's archive
 * (the platform page compares every municipality's figures). Read once per build and municipality.
 */
const others = new Map<string, Promise<PublicCase[]>>();
export function publicCasesOf(id: string): Promise<PublicCase[]> {
  let cases = others.get(id);
  if (!cases) {
    cases = readProjection(id).then(({ source, records }) => records.map((raw) => checked(raw, source)));
    others.set(id, cases);
  }
  return cases;
}

/**
 * The archive collection: one entry per public case of the municipality being built, checked
 * against the projection's schema. Each entry's digest is its record, so Astro's data store and
 * incremental build see exactly which cases changed.
 */
/** The global under which the loader leaves the validated records for scripts/build-site.mjs. */
export const ARCHIVE_HANDOFF = '__eopstineArchiveRecords';

/** This municipality's public records, read and validated as the loader does (when the loader's hand-off is absent). */
export async function readArchive(id: string = municipality.id): Promise<PublicCase[]> {
  const { source, records } = await readProjection(id);
  return records.map((raw) => checked(raw, source));
}

export function archiveLoader(): Loader {
  return {
    name: 'e-opstine-archive',
    async load({ store, generateDigest, logger }) {
      const { source, records } = await readProjection();
      store.clear();
      const validated: PublicCase[] = [];
      for (const raw of records) {
        const data = checked(raw, source);
        validated.push(data);
        store.set({ id: data.code, data, digest: generateDigest(JSON.stringify(data)) });
      }
      // Handed to scripts/build-site.mjs, which runs Astro in its own process and then writes the
      // archive's case and list pages from the same validated records (core/archive/render.ts)
      // without reading the table a second time.
      (globalThis as Record<string, unknown>)[ARCHIVE_HANDOFF] = { municipality: municipality.id, records: validated };
      logger.info(`archive: ${records.length} public case(s) from ${source}`);
    },
  };
}
