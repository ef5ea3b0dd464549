import type { APIRoute } from 'astro';
import { allCases } from '../../lib/archive.ts';
import { municipality } from '../../lib/site.ts';
import { openStatuses } from '../../../core/cases/statuses.ts';
import { shortText } from '../../../core/cases/nearby.ts';

/**
 * The open System 48h reports that have a place, for the report form's "this may already be
 * reported" panel (fetched once when its map opens) and for anyone's use: code, category, place,
 * status, date and the public wording cut short. Public fields only; demo cases left out, as the
 * confirmation page's list (the public-by-date index) leaves them out.
 */
export const GET: APIRoute = async () => {
  const reports = (await allCases())
    .filter((c) => c.kind === 'report' && !c.demo && c.category && openStatuses.includes(c.status) && typeof c.lat === 'number' && typeof c.lng === 'number')
    .map((c) => ({ code: c.code, category: c.category, lat: c.lat, lng: c.lng, status: c.status, createdAt: c.createdAt, lang: c.lang, text: shortText(c.text) }));
  return new Response(JSON.stringify({ timeZone: municipality.clock.timeZone, reports }), { headers: { 'Content-Type': 'application/json' } });
};
