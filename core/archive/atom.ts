/**
 * Atom feeds (RFC 4287) of the public archive: `/<locale>/archive/feed.xml` (every public case,
 * reports and questions) and `/<locale>/archive/reports/<category>/feed.xml` (the reports of one
 * category), static files built with the site. An entry is a case as the archive shows it: its
 * title (code, category, status in the feed's language), its public wording in the reader's script
 * and the municipality's answer, linked to its archive page. Built from the public projection only
 * (core/cases/public.ts): no contact, no name, no address beyond what the archive shows, none of
 * which is even read here. Kept free of Astro so the build test and unit tests can load it.
 */
import type { PublicCase } from '../cases/public.ts';
import type { Municipality } from '../municipalities/schema.ts';
import { href, localeInfo, type Locale } from '../locales.ts';
import { t } from '../i18n/index.ts';
import { local } from '../text/localize.ts';
import { textFor } from '../text/reader.ts';
import { answerFor, caseHref, caseTitle } from '../views/case.ts';
import { categoryName } from '../views/format.ts';
import { esc, paragraphs } from '../views/html.ts';

/** How many cases a feed carries: the latest by their last change. */
export const FEED_SIZE = 50;

/** The feed of the whole archive, per locale. */
export const archiveFeedPath = (locale: Locale) => href(locale, 'archive/feed.xml');
/** The feed of one System 48h category, per locale (beside its list pages, archive/reports/<category>/…). */
export const categoryFeedPath = (locale: Locale, category: string) => href(locale, `archive/reports/${category}/feed.xml`);

/** RFC 3339 in UTC, whatever precision the record was written with. */
export const rfc3339 = (iso: string | Date) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** XML text: escapes the five and drops characters XML 1.0 does not allow. */
const xml = (value: string) =>
  // eslint-disable-next-line no-control-regex
  esc(value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));

export interface FeedOptions {
  locale: Locale;
  municipality: Municipality;
  /** The site's origin (Astro's `site`), for absolute links and ids. */
  site: URL | string;
  /** The public cases to choose from (any order); the latest FEED_SIZE by updatedAt are taken. */
  cases: PublicCase[];
  /** Only this category's reports (the category feed). */
  category?: string | undefined;
  /** `updated` of a feed with no entry: the build's time. */
  now: Date;
}

/** The cases a feed shows, latest change first. */
export function feedCases(cases: PublicCase[], category?: string): PublicCase[] {
  return cases
    .filter((c) => !category || (c.kind === 'report' && c.category === category))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.code.localeCompare(b.code))
    .slice(0, FEED_SIZE);
}

/** The entry's HTML content: the public wording and the answer, in the reader's script. */
function entryContent(c: PublicCase, locale: Locale, m: Municipality): string {
  const status = t(locale, `status.${c.status}`);
  const text = textFor(c.lang, c.text, locale);
  const answer = answerFor(c, locale)?.first;
  return [
    `<p><strong>${esc(t(locale, 'case.status'))}:</strong> ${esc(status)}</p>`,
    c.category ? `<p><strong>${esc(t(locale, 'case.category'))}:</strong> ${esc(categoryName(m, c.category, locale))}</p>` : '',
    `<div lang="${esc(text.lang)}">${paragraphs(text.text)}</div>`,
    answer ? `<h2>${esc(t(locale, 'case.answer'))}</h2><div lang="${esc(answer.lang)}">${paragraphs(answer.text)}</div>` : '',
  ].join('');
}

/** The whole feed as an XML document. */
export function atomFeed(o: FeedOptions): string {
  const { locale, municipality: m, category } = o;
  const abs = (path: string) => new URL(path, o.site).href;
  const siteName = local(m.platformName, locale);
  const entries = feedCases(o.cases, category);
  const self = abs(category ? categoryFeedPath(locale, category) : archiveFeedPath(locale));
  const hasList = category ? o.cases.some((c) => c.kind === 'report' && c.category === category) : true;
  const alternate = abs(category ? href(locale, hasList ? `archive/reports/${category}/all/all/` : 'archive/reports/') : href(locale, 'archive/'));
  const title = category
    ? `${siteName} – ${t(locale, 'archive.feed.categoryTitle', { category: categoryName(m, category, locale) })}`
    : `${siteName} – ${t(locale, 'archive.feed.title')}`;
  const updated = entries.length ? rfc3339(entries.map((c) => c.updatedAt).sort().at(-1)!) : rfc3339(o.now);
  const author = `<author><name>${xml(local(m.officialName, locale))}</name><uri>${xml(abs(href(locale)))}</uri></author>`;
  const items = entries.map((c) => {
    const link = abs(caseHref(locale, c.code));
    const entryTitle = `${caseTitle(c, { locale, municipality: m })} – ${t(locale, `status.${c.status}`)}`;
    return [
      '<entry>',
      `<id>${xml(link)}</id>`,
      `<title>${xml(entryTitle)}</title>`,
      `<updated>${rfc3339(c.updatedAt)}</updated>`,
      `<published>${rfc3339(c.createdAt)}</published>`,
      `<link rel="alternate" type="text/html" href="${xml(link)}"/>`,
      c.category ? `<category term="${xml(c.category)}" label="${xml(categoryName(m, c.category, locale))}"/>` : '',
      `<content type="html">${xml(entryContent(c, locale, m))}</content>`,
      '</entry>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${localeInfo(locale).lang}">`,
    `<id>${xml(self)}</id>`,
    `<title>${xml(title)}</title>`,
    `<subtitle>${xml(t(locale, 'archive.lead'))}</subtitle>`,
    `<updated>${updated}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xml(self)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(alternate)}"/>`,
    author,
    ...items,
    '</feed>',
    '',
  ].join('\n');
}
