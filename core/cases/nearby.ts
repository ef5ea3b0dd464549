/**
 * "This may already be reported": open reports of the same category near a point. One rule for
 * the report form's panel (with JavaScript, over the site's static open-reports.json) and for the
 * confirmation page (without JavaScript, over the public records the HTTP function reads). Pure:
 * no framework, small enough for the form island.
 */
import { openStatuses, type Status } from './statuses.ts';
import { addressKey } from '../text/address.ts';

/** How near counts as "the same place": about a street's length. */
export const NEARBY_METRES = 100;
/** At most this many suggestions, nearest first. */
export const NEARBY_MAX = 5;
/** The public wording is cut to this many characters in the suggestions. */
export const NEARBY_TEXT_MAX = 160;

/** What a suggestion needs of a public record: the fields of open-reports.json. */
export interface NearbyCandidate {
  code: string;
  category?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  status: Status;
  createdAt: string;
  text: string;
  /** The public wording of the address (masked), when the citizen gave one. */
  address?: string | undefined;
}

export type Nearby<T extends NearbyCandidate> = T & { metres: number };
/** An open report found by its address rather than its distance (a report without a map point). */
export type SameAddress<T extends NearbyCandidate> = T & { sameAddress: true };

const EARTH_METRES = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** The great-circle distance in metres between two points (haversine). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The open reports of `category` within `radius` metres of `at`, nearest first, at most `max`,
 * without `exclude` (the case just filed). Records without a place, of another category or no
 * longer open are left out.
 */
export function nearbyOpen<T extends NearbyCandidate>(
  records: Iterable<T>,
  q: { lat: number; lng: number; category: string; exclude?: string | undefined; radius?: number; max?: number },
): Nearby<T>[] {
  const radius = q.radius ?? NEARBY_METRES;
  if (!Number.isFinite(q.lat) || !Number.isFinite(q.lng) || !q.category) return [];
  const out: Nearby<T>[] = [];
  for (const r of records) {
    if (r.code === q.exclude || r.category !== q.category || !openStatuses.includes(r.status)) continue;
    if (typeof r.lat !== 'number' || typeof r.lng !== 'number') continue;
    const metres = distanceMetres(q, { lat: r.lat, lng: r.lng });
    if (metres <= radius) out.push({ ...r, metres });
  }
  return out.sort((a, b) => a.metres - b.metres || b.createdAt.localeCompare(a.createdAt)).slice(0, q.max ?? NEARBY_MAX);
}

/**
 * Without a map point (the report form without JavaScript has no map): the open reports of
 * `category` whose public address is the same place as `address` as typed (core/text/address.ts:
 * case, punctuation, spaces, Cyrillic or Latin, "ул." and "ulica" aside), newest first, at most
 * `max`, without `exclude`. An address too short to name a place matches nothing.
 */
export function sameAddressOpen<T extends NearbyCandidate>(
  records: Iterable<T>,
  q: { address: string | undefined; category: string; exclude?: string | undefined; max?: number },
): SameAddress<T>[] {
  const key = addressKey(q.address);
  if (!key || !q.category) return [];
  const out: SameAddress<T>[] = [];
  for (const r of records) {
    if (r.code === q.exclude || r.category !== q.category || !openStatuses.includes(r.status)) continue;
    if (addressKey(r.address) === key) out.push({ ...r, sameAddress: true });
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, q.max ?? NEARBY_MAX);
}

/** The public wording, flattened and cut at a word: what a suggestion shows. */
export function shortText(text: string, max = NEARBY_TEXT_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 30))}…`;
}

/** The archive's follow form of a case: "follow this one instead". */
export const followHref = (locale: string, code: string) => `/${locale}/archive/case/${code}/#follow`;
export const archiveHref = (locale: string, code: string) => `/${locale}/archive/case/${code}/`;
