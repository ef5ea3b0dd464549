/**
 * Open311 GET Service List, as a static file per site: /open311/v2/services.json and .xml. One
 * service per System 48h category, named in Serbian Latin (the other names are its keywords).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { municipality } from '../../../lib/site.ts';
import { formats, contentTypes, render, toServices, type Format } from '../../../../core/cases/open311.ts';

export const getStaticPaths = (() => formats.map((format) => ({ params: { format } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const format = params.format as Format;
  return new Response(render(format, 'services', toServices(municipality)), { headers: { 'Content-Type': contentTypes[format] } });
};
