/**
 * The public archive: cases from the public projection (see content/archive-loader.ts), their
 * lists with filters, and the keys that let Astro's incremental build skip pages whose data did
 * not change.
 */
import { createHash } from 'node:crypto';
import { getCollection } from 'astro:content';
import type { PublicCase } from '../../core/cases/public.ts';
import type { DeadlineState } from '../../core/cases/public.ts';
import type { Status } from '../../core/cases/statuses.ts';
import type { Locale } from '../../core/locales.ts';
import { t } from '../../core/i18n/index.ts';
import { caseHref } from '../../core/views/case.ts';
import { municipality, today } from './site.ts';
import { yearIn } from '../../core/time.ts';

export type { PublicCase, DeadlineState };
// The lists and their links are the archive renderer's (core/archive/), shared with the fast
// publish path; the case and list pages themselves are written by it, not by Astro.
export { kindPath, PAGE_SIZE, excerpt, listHref, dimensionsOf, ALL, newestFirst } from '../../core/archive/lists.ts';
export type { Kind, Dimension, Filter, ListItem, ListPage } from '../../core/archive/lists.ts';
import { listPages as listPagesOf, newestFirst, type Kind, type ListPage } from '../../core/archive/lists.ts';

export { buildNow, stateOf } from './build-now.ts';
import { buildNow } from './build-now.ts';

let cached: Promise<PublicCase[]> | undefined;
/** Every public case of this municipality, newest first. */
export function allCases(): Promise<PublicCase[]> {
  cached ??= getCollection('cases').then((entries) => entries.map((e) => e.data as unknown as PublicCase).sort(newestFirst));
  return cached;
}

export const statusLabel = (s: Status, locale: Locale) => t(locale, `status.${s}`);
export { caseHref };

/** The year of a case in the municipality's time zone. */
export const yearOf = yearIn(municipality.clock.timeZone);

/** Every list page of one kind, for this site at this build's "now" (core/archive/lists.ts). */
export const listPages = (kind: Kind, cases: PublicCase[]): ListPage[] => listPagesOf(kind, cases, { municipality, now: buildNow });

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
