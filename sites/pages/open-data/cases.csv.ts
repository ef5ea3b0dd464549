import type { APIRoute } from 'astro';
import { allCases } from '../../lib/archive.ts';
import { toCsv } from '../../lib/open-data.ts';

/** Every public case of the municipality as CSV (RFC 4180, UTF-8 with BOM). */
export const GET: APIRoute = async ({ site }) => new Response(toCsv(await allCases(), site!), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
