import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { localePaths, localeInfo, type Locale } from '../../../core/locales.ts';
import { t } from '../../../core/i18n/index.ts';
import { municipality, local, href } from '../../lib/site.ts';
import { newsByDate } from '../../lib/content.ts';

export const getStaticPaths = localePaths;

/** One news feed per locale. */
export const GET: APIRoute = async ({ params, site }) => {
  const locale = params.locale as Locale;
  const news = await newsByDate(locale);
  return rss({
    title: `${local(municipality.platformName, locale)} – ${t(locale, 'nav.news')}`,
    description: t(locale, 'site.tagline'),
    site: new URL(href(locale), site),
    items: news.slice(0, 50).map((n) => ({
      title: n.data.title,
      description: n.data.summary,
      pubDate: new Date(`${n.data.date}T12:00:00Z`),
      link: href(locale, `news/${n.data.slug}/`),
    })),
    customData: `<language>${localeInfo(locale).lang}</language>`,
  });
};
