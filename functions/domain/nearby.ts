/**
 * Open reports near a new one, for the confirmation page without JavaScript ("this may already be
 * reported: follow it instead"). Reads only public records, through the sparse public-by-date
 * index's open range (reports that are not demo cases): never case items, contacts or events.
 */
import type { CaseStore } from './ports.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import { nearbyOpen, type Nearby } from '../../core/cases/nearby.ts';

/** Open records read at most: a municipality's open reports are far fewer; this bounds a bad day. */
const READ_CAP = 2000;

export async function nearbyOpenReports(
  store: Pick<CaseStore, 'listServiceRequests'>,
  c: Pick<PublicCase, 'code' | 'kind' | 'municipality' | 'category' | 'lat' | 'lng'>,
): Promise<Nearby<PublicCase>[]> {
  if (c.kind !== 'report' || !c.category || typeof c.lat !== 'number' || typeof c.lng !== 'number') return [];
  const open: PublicCase[] = [];
  // Every open report, whenever it was filed (an old one still open is the likeliest duplicate).
  for await (const page of store.listServiceRequests(c.municipality, { status: 'open', from: new Date(0), to: new Date(Date.UTC(9999, 0)) })) {
    open.push(...page);
    if (open.length >= READ_CAP) break;
  }
  return nearbyOpen(open, { lat: c.lat, lng: c.lng, category: c.category, exclude: c.code });
}
