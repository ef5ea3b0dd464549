/**
 * The archive's lists: System 48h reports and questions to the mayor, each with filters by
 * category, status and year. Every combination of filter values that matches a case is its own
 * page, so the filters are plain links and work without JavaScript. Pure: the municipality and
 * the build's "now" are arguments, so the site build, the fast publish path and the tests compute
 * the same lists from the same public records.
 */
import type { PublicCase, DeadlineState } from '../cases/public.ts';
import { deadlineState } from '../cases/public.ts';
import { statuses, type Status } from '../cases/statuses.ts';
import type { Municipality } from '../municipalities/schema.ts';
import { href, type Locale } from '../locales.ts';
import { yearIn } from '../time.ts';

export type Kind = PublicCase['kind'];
/** URL segment of each kind's list. */
export const kindPath: Record<Kind, string> = { report: 'reports', question: 'questions' };
export const PAGE_SIZE = 20;

/** Newest first, then by code: the order of every list and of `allCases`. */
export const newestFirst = (a: Pick<PublicCase, 'createdAt' | 'code'>, b: Pick<PublicCase, 'createdAt' | 'code'>) =>
  b.createdAt.localeCompare(a.createdAt) || a.code.localeCompare(b.code);

/** A short excerpt for lists: the first sentence or ~180 characters, cut at a word. */
export function excerpt(text: string, max = 180): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 30))}…`;
}

export type Dimension = 'category' | 'status' | 'year';
/** Reports filter by category, status and year; questions (no category) by status and year. */
export const dimensionsOf: Record<Kind, Dimension[]> = { report: ['category', 'status', 'year'], question: ['status', 'year'] };
export const ALL = 'all';
export type Filter = Partial<Record<Dimension, string>>;

/** The list's URL: /<locale>/archive/reports/[<category>/<status>/<year>/][<page>/] */
export function listHref(locale: Locale, kind: Kind, filter: Filter, page = 1): string {
  const parts = dimensionsOf[kind].map((d) => filter[d] ?? ALL);
  const unfiltered = parts.every((p) => p === ALL);
  const path = [kindPath[kind], ...(unfiltered && page === 1 ? [] : parts), ...(page > 1 ? [String(page)] : [])];
  return href(locale, `archive/${path.join('/')}/`);
}

export interface ListItem {
  code: string;
  category?: string | undefined;
  status: Status;
  createdAt: string;
  state: DeadlineState;
  lang: PublicCase['lang'];
  text: string;
  address?: string | undefined;
  photos: number;
}

/** A case as a list shows it, at `now`. */
export const listItem = (c: PublicCase, now: Date): ListItem => ({
  code: c.code, category: c.category, status: c.status, createdAt: c.createdAt, state: deadlineState(c, now),
  lang: c.lang, text: excerpt(c.text), address: c.address, photos: c.photos.length,
});

export interface ListPage {
  kind: Kind;
  filter: Filter;
  page: number;
  lastPage: number;
  total: number;
  items: ListItem[];
  /** For each dimension, each option with the number of cases it would show. */
  facets: { dim: Dimension; values: { value: string; count: number }[] }[];
}

export interface ListContext {
  municipality: Pick<Municipality, 'categories' | 'clock'>;
  /** The build's "now": whether an unanswered case is overdue depends on it. */
  now: Date;
}

/**
 * Every list page of one kind: each combination of filter values that matches at least one case
 * (plus the unfiltered list, even when empty), paginated. Counts for the facet links come from
 * a table of exact combinations, so the work stays linear in the number of cases.
 */
export function listPages(kind: Kind, cases: readonly PublicCase[], { municipality, now }: ListContext): ListPage[] {
  const dims = dimensionsOf[kind];
  const yearOf = yearIn(municipality.clock.timeZone);
  const valueOf = (c: PublicCase, d: Dimension) => (d === 'year' ? yearOf(c.createdAt) : d === 'status' ? c.status : (c.category ?? ''));
  const mine = cases.filter((c) => c.kind === kind);
  const opts: Record<Dimension, string[]> = {
    category: municipality.categories.map((c) => c.code),
    status: statuses.filter((s) => s !== 'rejected'),
    year: [...new Set(mine.map((c) => yearOf(c.createdAt)))].sort().reverse(),
  };
  const exact = new Map<string, PublicCase[]>();
  for (const c of mine) {
    const key = dims.map((d) => valueOf(c, d)).join('|');
    const list = exact.get(key) ?? [];
    list.push(c);
    exact.set(key, list);
  }
  // The exact combinations with their values split once, and each filter's count computed once:
  // facet links of neighbouring pages ask for the same counts again and again.
  const groups = [...exact].map(([key, list]) => ({ values: key.split('|'), list }));
  const matches = (values: string[], filter: string[]) => values.every((v, i) => filter[i] === ALL || filter[i] === v);
  const counts = new Map<string, number>();
  const count = (filter: string[]) => {
    const id = filter.join('|');
    let n = counts.get(id);
    if (n === undefined) {
      n = 0;
      for (const g of groups) if (matches(g.values, filter)) n += g.list.length;
      counts.set(id, n);
    }
    return n;
  };
  // A case's list form, made once however many lists show it.
  const items = new Map<string, ListItem>();
  const itemOf = (c: PublicCase) => items.get(c.code) ?? (items.set(c.code, listItem(c, now)), items.get(c.code)!);
  // Every combination of ALL or a value per dimension.
  let combos: string[][] = [[]];
  for (const d of dims) combos = combos.flatMap((prefix) => [ALL, ...opts[d]].map((v) => [...prefix, v]));
  const pages: ListPage[] = [];
  for (const combo of combos) {
    const total = count(combo);
    const unfiltered = combo.every((v) => v === ALL);
    if (total === 0 && !unfiltered) continue;
    const selected: PublicCase[] = [];
    for (const g of groups) if (matches(g.values, combo)) selected.push(...g.list);
    selected.sort(newestFirst);
    const filter: Filter = Object.fromEntries(dims.map((d, i) => [d, combo[i]!]));
    const facets = dims.map((d, i) => ({
      dim: d,
      values: [ALL, ...opts[d]].map((value) => ({ value, count: count(combo.map((v, j) => (j === i ? value : v))) })),
    }));
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    for (let page = 1; page <= lastPage; page++) {
      pages.push({ kind, filter, page, lastPage, total, items: selected.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(itemOf), facets });
    }
  }
  return pages;
}
