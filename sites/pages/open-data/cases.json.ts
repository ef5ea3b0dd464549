import type { APIRoute } from 'astro';
import { allCases } from '../../lib/archive.ts';
import { openDataRow } from '../../lib/open-data.ts';

/** Every public case of the municipality as JSON (the same fields as the CSV). */
export const GET: APIRoute = async ({ site }) => {
  const cases = await allCases();
  return new Response(JSON.stringify(cases.map((c) => openDataRow(c, site!))), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
