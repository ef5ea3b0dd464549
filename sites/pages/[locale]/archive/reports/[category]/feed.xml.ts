import type { APIRoute } from 'astro';
import { localeKeys, type Locale } from '../../../../../../core/locales.ts';
import { municipality } from '../../../../../lib/site.ts';
import { allCases, buildNow } from '../../../../../lib/archive.ts';
import { atomFeed } from '../../../../../lib/atom.ts';

/** One feed per System 48h category the municipality offers, in every locale, even while it has no report. */
export function getStaticPaths() {
  return localeKeys.flatMap((locale) => municipality.categories.map((c) => ({ params: { locale, category: c.code } })));
}

/** A category's Atom feed: the latest public reports of that category and their answers (sites/lib/atom.ts). */
export const GET: APIRoute = async ({ params, site }) => {
  const locale = params.locale as Locale;
  const body = atomFeed({ locale, municipality, site: site!, cases: await allCases(), category: params.category!, now: buildNow });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
