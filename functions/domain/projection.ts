/**
 * The public record of a case (core/cases/public.ts's allowlist) kept in step with the case: what
 * the sites' build, the archive, the statistics and Open311 read.
 */
import { createHash } from 'node:crypto';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { toPublicCase, publicState, type PublicCase } from '../../core/cases/public.ts';
import type { CaseStore, PhotoUrls } from './ports.ts';

export interface ProjectionPorts {
  store: Pick<CaseStore, 'getCaseWithEvents' | 'putPublic' | 'deletePublic'>;
  /** Only the public URLs of photos: the projection reads and writes no file. */
  storage: PhotoUrls;
}

/**
 * Rewrites the public record of a case from the case and its events (or withdraws it). Writes
 * only when something public changed; that write is what asks for a rebuild. A case held for
 * review (`publish: after-review`, no staff reply yet) has no public record, so the archive, the
 * open data and Open311, which read only these records, know nothing of it.
 */
export async function project(ports: ProjectionPorts, code: string): Promise<'written' | 'unchanged' | 'withdrawn' | 'none'> {
  const found = await ports.store.getCaseWithEvents(code);
  if (!found) return 'none';
  const { record, events } = found;
  if (publicState(record, events, getMunicipality(record.municipality).publish) !== 'public') {
    return (await ports.store.deletePublic(record.municipality, code)) ? 'withdrawn' : 'none';
  }
  const pub = toPublicCase(record, events, (key) => ports.storage.publicUrl(key));
  return (await ports.store.putPublic(pub, digestOf(pub))) ? 'written' : 'unchanged';
}

/** What putPublic compares to skip unchanged records (scripts/seed-demo.mjs computes the same). */
export function digestOf(pub: PublicCase): string {
  return createHash('sha256').update(JSON.stringify(pub)).digest('base64url').slice(0, 22);
}
