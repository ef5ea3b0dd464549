import type { APIRoute } from 'astro';
import { localeKeys } from '../../core/locales.ts';
import { municipality } from '../lib/site.ts';

/**
 * robots.txt: where the sitemap is, and what crawlers should leave alone. Not the pages a citizen
 * finds (every page of the sitemap stays open), but:
 * - /<locale>/page-shell/ and /<locale>/archive-shell/: the layouts, with placeholders, that the
 *   functions and the archive renderer fill (core/archive/render.ts, functions/web/html.ts); built
 *   like pages, linked from nowhere, not in the sitemap;
 * - the staff workspace, personal links and the API, which answer with noindex anyway
 *   (X-Robots-Tag): saying so here spares the requests.
 * tests/build/robots.test.ts checks it in every site.
 */
export const GET: APIRoute = ({ site }) => {
  const origin = (site ?? new URL(`https://${municipality.domain}`)).origin;
  const perLocale = localeKeys.flatMap((l) => [`/${l}/page-shell/`, `/${l}/archive-shell/`, `/${l}/staff/`, `/${l}/my-case/`]);
  const lines = ['User-agent: *', ...[...perLocale, '/api/'].map((path) => `Disallow: ${path}`), '', `Sitemap: ${origin}/sitemap-index.xml`, ''];
  return new Response(lines.join('\n'), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
