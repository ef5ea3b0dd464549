import type { APIRoute } from 'astro';
import { localeKeys } from '../../../../core/locales.ts';
import { entries } from '../../../lib/content.ts';
import { municipality, href } from '../../../lib/site.ts';
import { eventToIcs } from '../../../lib/ics.ts';

export async function getStaticPaths() {
  const paths = [];
  for (const locale of localeKeys) {
    for (const entry of await entries('events', locale)) paths.push({ params: { locale, slug: entry.data.slug }, props: { entry } });
  }
  return paths;
}

export const GET: APIRoute = ({ props, site }) => {
  const { entry } = props as Awaited<ReturnType<typeof getStaticPaths>>[number]['props'];
  const d = entry.data;
  const body = eventToIcs({
    uid: `${d.slug}@${municipality.domain}`,
    title: d.title,
    description: d.summary,
    location: d.location,
    start: d.start,
    end: d.end,
    timeZone: municipality.clock.timeZone,
    url: new URL(href(d.locale as (typeof localeKeys)[number], `events/${d.slug}/`), site).href,
  });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
