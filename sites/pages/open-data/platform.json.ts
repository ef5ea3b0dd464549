import type { APIRoute } from 'astro';
import { platform } from '../../lib/platform.ts';
import { platformJson } from '../../lib/open-data.ts';

/** The platform page's comparison as JSON: one row per municipality, with the instant it is for. */
export const GET: APIRoute = async () => {
  const { now, rows } = await platform();
  return new Response(platformJson(now, rows), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
