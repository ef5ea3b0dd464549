/**
 * Open311 service discovery, as a static file per site: /open311/v2/discovery.json and .xml.
 * The endpoint is this site's origin; the changeset is the build's time.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { municipality } from '../../../lib/site.ts';
import { buildNow } from '../../../lib/archive.ts';
import { formats, contentTypes, render, toDiscovery, changesetOf, type Format } from '../../../../core/cases/open311.ts';

export const getStaticPaths = (() => formats.map((format) => ({ params: { format } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params, site }) => {
  const format = params.format as Format;
  const body = toDiscovery(municipality, { origin: site!.origin, changeset: changesetOf(buildNow) });
  return new Response(render(format, 'discovery', body), { headers: { 'Content-Type': contentTypes[format] } });
};
