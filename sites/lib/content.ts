import { getCollection, type CollectionEntry } from 'astro:content';
import type { Locale } from '../../core/locales.ts';
import { today } from './site.ts';

type Name = 'news' | 'events' | 'documents' | 'consultations' | 'info' | 'pages';

/** Every entry of a collection for one locale (translated or fallback). */
export async function entries<N extends Name>(name: N, locale: Locale): Promise<CollectionEntry<N>[]> {
  const all = (await getCollection(name)) as CollectionEntry<N>[];
  return all.filter((e) => e.data.locale === locale);
}

export async function newsByDate(locale: Locale) {
  return (await entries('news', locale)).sort((a, b) => b.data.date.localeCompare(a.data.date) || a.data.slug.localeCompare(b.data.slug));
}

export async function documentsByDate(locale: Locale) {
  return (await entries('documents', locale)).sort((a, b) => b.data.date.localeCompare(a.data.date) || a.data.slug.localeCompare(b.data.slug));
}

export async function eventsByStart(locale: Locale) {
  const all = (await entries('events', locale)).sort((a, b) => a.data.start.localeCompare(b.data.start));
  const now = today();
  return {
    upcoming: all.filter((e) => (e.data.end ?? e.data.start).slice(0, 10) >= now),
    past: all.filter((e) => (e.data.end ?? e.data.start).slice(0, 10) < now).reverse(),
  };
}

export type ConsultationState = 'upcoming' | 'open' | 'closed';

export function consultationState(c: { opens: string; closes: string }, on = today()): ConsultationState {
  if (on < c.opens) return 'upcoming';
  return on <= c.closes ? 'open' : 'closed';
}

/** Whole days from today until the consultation closes, counting the closing day. */
export function daysLeft(closes: string, on = today()): number {
  return Math.round((Date.parse(closes) - Date.parse(on)) / 86_400_000) + 1;
}

export async function consultationsByState(locale: Locale) {
  const all = (await entries('consultations', locale)).sort((a, b) => b.data.closes.localeCompare(a.data.closes));
  return all.map((c) => ({ entry: c, state: consultationState(c.data) }));
}

export const yearOf = (iso: string) => iso.slice(0, 4);
