/**
 * Open reports near a new one, for the confirmation page ("this may already be reported: follow it
 * instead"). Reads only public records, through the sparse public-by-date index's open range
 * (reports that are not demo cases): never case items, contacts or events.
 *
 * With a map point, those of the same category within about 100 m. Without one (the report form
 * without JavaScript has no map), those of the same category at the same public address as typed
 * (core/text/address.ts); an open report that has no map point itself is matched the same way, by
 * its address, after those found by distance.
 */
import type { CaseStore } from './ports.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import { NEARBY_MAX, nearbyOpen, sameAddressOpen, type Nearby, type SameAddress } from '../../core/cases/nearby.ts';

/** Records read at most: a municipality's open reports are far fewer; this bounds a bad day. */
const READ_CAP = 2000;

/**
 * The fields of a record that finding and showing a nearby report reads (nearbyOpen,
 * sameAddressOpen, functions/web/pages.ts nearbySection): read as a projection, not the whole
 * record with its public timeline, as Open311 does (functions/web/open311.ts OPEN311_FIELDS).
 */
export const NEARBY_FIELDS = ['code', 'category', 'lat', 'lng', 'status', 'createdAt', 'text', 'lang', 'address'] as const satisfies readonly (keyof PublicCase)[];

export type NearbyReport = Nearby<PublicCase> | SameAddress<PublicCase>;

const hasPoint = (r: { lat?: number | undefined; lng?: number | undefined }) => typeof r.lat === 'number' && typeof r.lng === 'number';

export async function nearbyOpenReports(
  store: Pick<CaseStore, 'listServiceRequests'>,
  c: Pick<PublicCase, 'code' | 'kind' | 'municipality' | 'category' | 'lat' | 'lng' | 'address'>,
): Promise<NearbyReport[]> {
  if (c.kind !== 'report' || !c.category) return [];
  const point = hasPoint(c) ? { lat: c.lat!, lng: c.lng! } : undefined;
  if (!point && !c.address) return [];
  const open: PublicCase[] = [];
  // Every open report, whenever it was filed (an old one still open is the likeliest duplicate).
  for await (const page of store.listServiceRequests(c.municipality, { status: 'open', from: new Date(0), to: new Date(Date.UTC(9999, 0)), fields: NEARBY_FIELDS })) {
    open.push(...page);
    if (open.length >= READ_CAP) break;
  }
  const near: NearbyReport[] = point ? nearbyOpen(open, { ...point, category: c.category, exclude: c.code }) : [];
  if (near.length >= NEARBY_MAX) return near;
  // By address: every open report when this one has no point, else those that have none.
  const byAddress = sameAddressOpen(point ? open.filter((r) => !hasPoint(r)) : open, { address: c.address, category: c.category, exclude: c.code });
  return [...near, ...byAddress].slice(0, NEARBY_MAX);
}
