import type { APIRoute } from 'astro';
import { allCases } from '../../lib/archive.ts';
import { toGeoJson } from '../../lib/open-data.ts';

/** System 48h reports that have a place, for the archive map and for anyone's map. */
export const GET: APIRoute = async () => new Response(JSON.stringify(toGeoJson(await allCases())), { headers: { 'Content-Type': 'application/geo+json' } });
