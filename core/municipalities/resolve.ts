/**
 * Turns what editors write (content/shared/categories.yaml, content/shared/holidays.yaml and each
 * content/<id>/municipality.yaml) into validated Municipality objects: a municipality's
 * categories are taken from the shared catalogue by code, with their inbox and any text the
 * municipality gives instead; its holidays are a named shared list or its own dates.
 *
 * Pure: no file system, so it runs the same in the registry, in the bundler plugin that inlines
 * the data into the Lambda bundle, and in the unit tests. Every mistake in every file is
 * reported at once, as "<file>: field <path>: <what to write>".
 */
import type { z } from 'zod';
import {
  catalogueSchema,
  holidayListsSchema,
  municipalityFileSchema,
  municipalitySchema,
  type CatalogueEntry,
  type HolidayLists,
  type Municipality,
} from './schema.ts';

/** A parsed YAML file and the path an editor knows it by (content/…). */
export interface SourceFile {
  file: string;
  data: unknown;
}

/** Everything the registry is built from, as read from content/ (or inlined into a bundle). */
export interface MunicipalitySources {
  categories: SourceFile;
  holidays: SourceFile;
  /** One per folder with a municipality.yaml; the id is the folder's name. */
  municipalities: (SourceFile & { id: string })[];
}

export class MunicipalityDataError extends Error {
  override name = 'MunicipalityDataError';
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list (lines starting with "- ", or [a, b])',
  object: 'a group of fields (indented lines below it)',
  tuple: 'a list such as [a, b]',
  record: 'a group of named fields',
};

/** Default wording for the issues a schema gives no message of its own. */
const wording: z.core.$ZodErrorMap = (i) => {
  switch (i.code) {
    case 'invalid_type':
      return `must be ${EXPECTED[i.expected] ?? i.expected}`;
    case 'invalid_value':
      return `must be one of: ${i.values.map(String).join(', ')}`;
    case 'too_small':
      if (i.origin === 'array') return `needs at least ${String(i.minimum)} item(s)`;
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? 'must not be empty' : `must be at least ${String(i.minimum)} characters`;
      return `must be at least ${String(i.minimum)}`;
    case 'too_big':
      if (i.origin === 'string') return `must be at most ${String(i.maximum)} characters`;
      if (i.origin === 'array') return `may have at most ${String(i.maximum)} item(s)`;
      return `must be at most ${String(i.maximum)}`;
    case 'invalid_format':
      return i.format === 'url' ? 'must be a web address such as https://example.org/' : `must be a valid ${i.format}`;
    default:
      return undefined;
  }
};

/** One issue as an editor reads it: what is wrong and what to write instead. */
function explain(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const [one] = issue.keys;
    return issue.keys.length === 1
      ? `unknown field "${one}": check its spelling (names are case-sensitive) or remove it`
      : `unknown fields ${issue.keys.map((k) => `"${k}"`).join(', ')}: check their spelling (names are case-sensitive) or remove them`;
  }
  if (issue.code === 'invalid_type') {
    // The input is reported only when there was one: no `input` means the field is not there.
    if (!('input' in issue) || issue.input === undefined) return `is missing: add it; it ${issue.message}`;
    if (issue.input === null) {
      const hint = issue.message.includes('comment') ? '' : ' (in YAML, text after " #" is a comment: put such a value in quotes)';
      return `is empty: ${issue.message}${hint}`;
    }
    if (issue.expected === 'string' && (typeof issue.input === 'number' || typeof issue.input === 'boolean')) {
      return `${issue.message}; write it in quotes so it is read as text, such as "${String(issue.input)}"`;
    }
  }
  return issue.message;
}

function parse<T extends z.ZodType>(schema: T, data: unknown, file: string, label = (path: string) => path): { ok: true; data: z.output<T> } | { ok: false; errors: string[] } {
  const r = schema.safeParse(data, { reportInput: true, error: wording });
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${file}: ${i.path.length ? `field ${label(i.path.join('.'))}` : '(the whole file)'}: ${explain(i)}`) };
}

/** "categories.2.inbox" → "categories.2.inbox (the "water" category)", when the entry has a code. */
function categoryLabel(raw: unknown) {
  return (path: string) => {
    const m = /^categories\.(\d+)(\.|$)/.exec(path);
    const entry = m && Array.isArray((raw as { categories?: unknown })?.categories) ? (raw as { categories: unknown[] }).categories[Number(m[1])] : undefined;
    const code = (entry as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? `${path} (the "${code}" category)` : path;
  };
}

/** Lists by place (`order`, then id) so a new municipality needs no list of its own anywhere. */
function byOrder(a: { order?: number | undefined; id: string }, b: { order?: number | undefined; id: string }): number {
  const oa = a.order ?? Number.POSITIVE_INFINITY;
  const ob = b.order ?? Number.POSITIVE_INFINITY;
  return oa !== ob ? oa - ob : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Validates and combines the sources. Throws one MunicipalityDataError listing every mistake.
 */
export function resolveMunicipalities(sources: MunicipalitySources): Municipality[] {
  const errors: string[] = [];

  const cat = parse(catalogueSchema, sources.categories.data, sources.categories.file);
  const catalogue = new Map<string, CatalogueEntry>();
  if (cat.ok) for (const c of cat.data) catalogue.set(c.code, c);
  else errors.push(...cat.errors);

  const hol = parse(holidayListsSchema, sources.holidays.data, sources.holidays.file);
  const holidayLists: HolidayLists = hol.ok ? hol.data : {};
  if (!hol.ok) errors.push(...hol.errors);

  const resolved: { order?: number | undefined; id: string; municipality: Municipality }[] = [];
  for (const { id, file, data } of sources.municipalities) {
    const fileErrors: string[] = [];
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
      fileErrors.push(`${file}: the folder name is the municipality's id and must be lowercase ASCII with dashes, such as content/zubin-potok/`);
    }
    const parsed = parse(municipalityFileSchema, data, file, categoryLabel(data));
    if (!parsed.ok) {
      errors.push(...fileErrors, ...parsed.errors);
      continue;
    }
    const { order, categories: entries, clock, ...rest } = parsed.data;

    const categories = entries.map((entry, i) => {
      const base = catalogue.get(entry.code);
      if (!base && !entry.name) {
        const known = [...catalogue.keys()].join(', ') || 'none';
        fileErrors.push(
          `${file}: field categories.${i}.code: "${entry.code}" is not in ${sources.categories.file} (it has: ${known}). ` +
            `Check the spelling, or give this category its own name (and description) here to add it for this municipality only.`,
        );
      }
      const description = entry.description ?? base?.description;
      // A category without a description has no `description` key at all, as before.
      // The resolution deadline: the entry's, else the catalogue's, else the municipality's.
      const resolutionDays = entry.resolutionDays ?? base?.resolutionDays ?? rest.resolutionDays ?? 20;
      return { code: entry.code, name: entry.name ?? base?.name, ...(description ? { description } : {}), inbox: entry.inbox, resolutionDays };
    });

    let holidays: string[] | undefined;
    if (typeof clock.holidays === 'string') {
      holidays = holidayLists[clock.holidays];
      if (!holidays) {
        const known = Object.keys(holidayLists).join(', ') || 'none';
        fileErrors.push(`${file}: field clock.holidays: there is no list "${clock.holidays}" in ${sources.holidays.file} (it has: ${known}); name one of those, or list the dates here`);
      }
    } else holidays = clock.holidays;

    if (fileErrors.length) {
      errors.push(...fileErrors);
      continue;
    }
    const final = parse(municipalitySchema, { id, ...rest, categories, clock: { ...clock, holidays } }, file);
    if (final.ok) resolved.push({ order, id, municipality: final.data });
    else errors.push(...final.errors);
  }

  if (errors.length) {
    throw new MunicipalityDataError(`The municipalities' data has ${errors.length === 1 ? 'a mistake' : `${errors.length} mistakes`}:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
  return resolved.sort(byOrder).map((r) => r.municipality);
}
