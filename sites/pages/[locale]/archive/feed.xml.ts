import type { APIRoute } from 'astro';
import { localePaths, type Locale } from '../../../../core/locales.ts';
import { municipality } from '../../../lib/site.ts';
import { allCases, buildNow } from '../../../lib/archive.ts';
import { atomFeed } from '../../../lib/atom.ts';

export const getStaticPaths = localePaths;

/** The archive's Atom feed, one per locale: the latest public cases and answers (sites/lib/atom.ts). */
export const GET: APIRoute = async ({ params, site }) => {
  const locale = params.locale as Locale;
  const body = atomFeed({ locale, municipality, site: site!, cases: await allCases(), now: buildNow });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
