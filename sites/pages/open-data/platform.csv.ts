import type { APIRoute } from 'astro';
import { platform } from '../../lib/platform.ts';
import { platformCsv } from '../../lib/open-data.ts';

/** The platform page's comparison as CSV: one row per municipality. */
export const GET: APIRoute = async () => new Response(platformCsv((await platform()).rows), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
