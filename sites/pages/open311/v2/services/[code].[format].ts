/**
 * Open311 GET Service Definition, as static files per site: /open311/v2/services/<code>.json
 * and .xml for every category. No category asks for extra attributes, so each lists none.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { municipality } from '../../../../lib/site.ts';
import { formats, contentTypes, render, toServiceDefinition, type Format } from '../../../../../core/cases/open311.ts';

export const getStaticPaths = (() =>
  municipality.categories.flatMap((c) => formats.map((format) => ({ params: { code: c.code, format } })))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const format = params.format as Format;
  const definition = toServiceDefinition(municipality, params.code!);
  if (!definition) return new Response(null, { status: 404 });
  return new Response(render(format, 'service_definition', definition), { headers: { 'Content-Type': contentTypes[format] } });
};
