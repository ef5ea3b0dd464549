import type { APIRoute } from 'astro';
import { allCases, buildNow } from '../../lib/archive.ts';
import { municipality } from '../../lib/site.ts';
import { computeStats } from '../../lib/stats.ts';
import { statisticsJson } from '../../lib/open-data.ts';

/** The statistics page's figures as JSON: every figure of sites/lib/stats.ts, unrounded, for this build's "now". */
export const GET: APIRoute = async () =>
  new Response(statisticsJson(municipality.id, computeStats(await allCases(), municipality, buildNow)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
