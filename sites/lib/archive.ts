/**
 * The public archive: cases from the public projection (see content/archive-loader.ts), their
 * lists with filters, and the keys that let Astro's incremental build skip pages whose data did
 * not change.
 */
import { createHash } from 'node:crypto';
import { getCollection } from 'astro:content';
import type { PublicCase } from '../../core/cases/public.ts';
import type { DeadlineState } from '../../core/cases/public.ts';
import { stateOf } from './build-now.ts';
import { statuses, type Status } from '../../core/cases/statuses.ts';
import type { Locale } from '../../core/locales.ts';
import { t } from '../../core/i18n/index.ts';
import { caseHref } from '../../core/views/case.ts';
import { municipality, href, today } from './site.ts';
import { yearIn } from '../../core/time.ts';

export type { PublicCase, DeadlineState };
export type Kind = PublicCase['kind'];
/** URL segment of each kind's list. */
export const kindPath: Record<Kind, string> = { report: 'reports', question: 'questions' };
export const PAGE_SIZE = 20;

export { buildNow, stateOf } from './build-now.ts';

let cached: Promise<PublicCase[]> | undefined;
/** Every public case of this municipality, newest first. */
export function allCases(): Promise<PublicCase[]> {
  cached ??= getCollection('cases').then((entries) =>
    entries.map((e) => e.data as unknown as PublicCase).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.code.localeCompare(b.code)),
  );
  return cached;
}

export const statusLabel = (s: Status, locale: Locale) => t(locale, `status.${s}`);
export { caseHref };

/** A short excerpt for lists: the first sentence or ~180 characters, cut at a word. */
export function excerpt(text: string, max = 180): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 30))}…`;
}

/** The year of a case in the municipality's time zone. */
export const yearOf = yearIn(municipality.clock.timeZone);

// ---------- lists with filters ----------

export type Dimension = 'category' | 'status' | 'year';
/** Reports filter by category, status and year; questions (no category) by status and year. */
export const dimensionsOf: Record<Kind, Dimension[]> = { report: ['category', 'status', 'year'], question: ['status', 'year'] };
export const ALL = 'all';
export type Filter = Partial<Record<Dimension, string>>;

const valueOf = (c: PublicCase, d: Dimension) => (d === 'year' ? yearOf(c.createdAt) : d === 'status' ? c.status : (c.category ?? ''));

/** The list's URL: /<locale>/archive/reports/[<category>/<status>/<year>/][<page>/] */
export function listHref(locale: Locale, kind: Kind, filter: Filter, page = 1): string {
  const dims = dimensionsOf[kind];
  const parts = dims.map((d) => filter[d] ?? ALL);
  const unfiltered = parts.every((p) => p === ALL);
  const path = [kindPath[kind], ...(unfiltered && page === 1 ? [] : parts), ...(page > 1 ? [String(page)] : [])];
  return href(locale, `archive/${path.join('/')}/`);
}

/** The options of each dimension, in display order. */
export function options(kind: Kind, cases: PublicCase[]): Record<Dimension, string[]> {
  const years = [...new Set(cases.filter((c) => c.kind === kind).map((c) => yearOf(c.createdAt)))].sort().reverse();
  return {
    category: municipality.categories.map((c) => c.code),
    status: statuses.filter((s) => s !== 'rejected'),
    year: years,
  };
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

/**
 * Every list page of one kind: each combination of filter values that matches at least one case
 * (plus the unfiltered list, even when empty), paginated. Counts for the facet links come from
 * a table of exact combinations, so the work stays linear in the number of cases.
 */
export function listPages(kind: Kind, cases: PublicCase[]): ListPage[] {
  const dims = dimensionsOf[kind];
  const mine = cases.filter((c) => c.kind === kind);
  const opts = options(kind, cases);
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
    selected.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.code.localeCompare(b.code));
    const filter: Filter = Object.fromEntries(dims.map((d, i) => [d, combo[i]!]));
    const facets = dims.map((d, i) => ({
      dim: d,
      values: [ALL, ...opts[d]].map((value) => ({ value, count: count(combo.map((v, j) => (j === i ? value : v))) })),
    }));
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    for (let page = 1; page <= lastPage; page++) {
      const items = selected.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(
        (c): ListItem => ({
          code: c.code, category: c.category, status: c.status, createdAt: c.createdAt, state: stateOf(c),
          lang: c.lang, text: excerpt(c.text), address: c.address, photos: c.photos.length,
        }),
      );
      pages.push({ kind, filter, page, lastPage, total, items, facets });
    }
  }
  return pages;
}

/** The rest parameter of a list page's route (undefined for the unfiltered first page). */
export function listParam(p: Pick<ListPage, 'kind' | 'filter' | 'page'>): string | undefined {
  const parts = dimensionsOf[p.kind].map((d) => p.filter[d] ?? ALL);
  if (parts.every((v) => v === ALL) && p.page === 1) return undefined;
  return [...parts, ...(p.page > 1 ? [String(p.page)] : [])].join('/');
}

// ---------- incremental build ----------

/**
 * What every page shows besides its own data: the emergency notice depends on the date. Part of
 * every cache key, so a page is rendered again when that changes.
 */
const layoutKey = (() => {
  const e = municipality.emergency;
  return e && (!e.until || e.until >= today()) ? 'emergency' : 'calm';
})();

/**
 * A cache key for Astro's incremental build: a hash of everything the page renders from data
 * (its props). Code and translations are covered by Astro's hash of the page's module graph.
 */
export function cacheKey(props: unknown): string {
  return createHash('sha256').update(layoutKey).update(JSON.stringify(props)).digest('base64url').slice(0, 24);
}
