import type { APIRoute } from 'astro';
import { allCases, buildNow } from '../../lib/archive.ts';
import { municipality } from '../../lib/site.ts';
import { computeStats } from '../../lib/stats.ts';
import { statisticsCsv } from '../../lib/open-data.ts';

/** The statistics page's figures as CSV: one row per group of cases (all, each mechanism, by category, by month). */
export const GET: APIRoute = async () =>
  new Response(statisticsCsv(computeStats(await allCases(), municipality, buildNow)), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
