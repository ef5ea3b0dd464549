/**
 * The archive's pages as strings: a case page per case and locale, the list pages with their
 * filters, the Atom feeds and the archive's sitemap. One renderer for both ways a page reaches the
 * public: the full site build (scripts/build-site.mjs writes every page) and the fast publish path
 * (functions/domain/fast-publish.ts writes only the pages a change touched), so the two cannot
 * drift apart; tests/build/fast-publish.test.ts compares their bytes.
 *
 * The site's layout comes from the build itself: Astro renders `/<locale>/archive-shell/` (the
 * Base layout with placeholders, sites/pages/[locale]/archive-shell.astro), and `wrap` fills it.
 * Pure: no file, no clock, no environment; the municipality, the records, "now" and the shells are
 * arguments.
 */
import type { PublicCase } from '../cases/public.ts';
import { deadlineState, resolutionState } from '../cases/public.ts';
import type { Municipality } from '../municipalities/schema.ts';
import { href, localeKeys, localeInfo, locales, type Locale } from '../locales.ts';
import { t, plural, type StringKey } from '../i18n/index.ts';
import { local } from '../text/localize.ts';
import { textFor, inReaderScript } from '../text/reader.ts';
import { dateFormat } from '../time.ts';
import { caseBody, caseHref, caseTitle, statusHref, type CaseView } from '../views/case.ts';
import { categoryName, hoursBetween } from '../views/format.ts';
import { followForm } from '../views/follow.ts';
import { esc } from '../views/html.ts';
import { ALL, PAGE_SIZE, kindPath, listHref, listPages, newestFirst, type Dimension, type ListItem, type ListPage } from './lists.ts';
import { archiveFeedPath, atomFeed, categoryFeedPath } from './atom.ts';

/** The placeholders of the archive shell (sites/pages/[locale]/archive-shell.astro). */
export const SHELL = { path: '/archive-shell/', title: '%%TITLE%%', description: '%%DESCRIPTION%%', head: '%%HEAD%%', content: '<eopstine-content></eopstine-content>' } as const;
/** Where the built shell of a locale is, relative to the site's root. */
export const shellFile = (locale: Locale) => `${locale}/archive-shell/index.html`;

export interface ArchiveContext {
  municipality: Municipality;
  /** The site's origin, as Astro's `site` (https://ezvecan.com): feeds and the sitemap are absolute. */
  site: string;
  /** The build's "now": deadlines and how late an unanswered case is depend on it. */
  now: Date;
  /** The built archive shell per locale (`shellFile`). */
  shells: Record<Locale, string>;
}

/** One file of the archive: its path under the site's root and its content. */
export interface ArchiveFile {
  path: string;
  body: string;
  contentType: string;
}

const HTML = 'text/html; charset=utf-8';

type Slot = 'path' | 'title' | 'description' | 'head' | 'content';
interface CompiledShell {
  /** The shell's text between the placeholders: one more than `slots`. */
  texts: string[];
  slots: Slot[];
}
const slotOf = new Map<string, Slot>(Object.entries(SHELL).map(([slot, text]) => [text, slot as Slot]));
const placeholders = new RegExp([...slotOf.keys()].map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g');
/** The shells of the last sites rendered (three locales each), split once at their placeholders. */
const compiledShells = new Map<string, CompiledShell>();

/**
 * Splits a shell at its placeholders, once per shell: the full build fills the same three shells
 * for every page of a site, and scanning each ~19 KB shell four times per page was a tenth of the
 * archive's render time.
 */
function compileShell(shell: string): CompiledShell {
  const known = compiledShells.get(shell);
  if (known) return known;
  const texts: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const m of shell.matchAll(placeholders)) {
    texts.push(shell.slice(last, m.index));
    slots.push(slotOf.get(m[0])!);
    last = m.index + m[0].length;
  }
  texts.push(shell.slice(last));
  if (slots.filter((s) => s === 'content').length !== 1) throw new Error('archive shell: expected exactly one content placeholder');
  if (slots.filter((s) => s === 'head').length !== 1) throw new Error('archive shell: expected exactly one head placeholder');
  if (compiledShells.size >= 12) compiledShells.clear();
  const compiled = { texts, slots };
  compiledShells.set(shell, compiled);
  return compiled;
}

/** Fills a shell: the path after the locale, the title, the description, extra <head> content and the main content. */
export function wrap(shell: string, page: { path: string; title: string; description: string; head: string; body: string }): string {
  const { texts, slots } = compileShell(shell);
  const values: Record<Slot, string> = { path: `/${page.path.replace(/^\/+/, '')}`, title: esc(page.title), description: esc(page.description), head: page.head, content: page.body };
  let out = texts[0]!;
  for (let i = 0; i < slots.length; i++) out += values[slots[i]!] + texts[i + 1]!;
  return out;
}

/** The date of a case in a list, in the municipality's zone: "28. новембар 2017." */
function listDate(iso: string, locale: Locale, m: Municipality): string {
  return dateFormat(localeInfo(locale).lang, m.clock.timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}

export const statusLabel = (s: ListItem['status'], locale: Locale) => t(locale, `status.${s}`);

/** A list of cases: code, category or kind, status, deadline state, date, address, excerpt. */
export function caseListHtml(locale: Locale, items: readonly ListItem[], m: Municipality, headingLevel: 2 | 3 = 2): string {
  const h = `h${headingLevel}`;
  const rows = items.map((c) => {
    const text = textFor(c.lang, c.text, locale);
    const what = c.category ? categoryName(m, c.category, locale) : t(locale, 'kind.question');
    const meta = [
      `<span class="badge badge--${esc(c.status)}">${esc(statusLabel(c.status, locale))}</span>`,
      `<span class="state state--${esc(c.state)}">${esc(t(locale, `archive.state.${c.state}`))}</span>`,
      `<time datetime="${esc(c.createdAt)}">${esc(listDate(c.createdAt, locale, m))}</time>`,
      c.address ? `<span>${esc(inReaderScript(c.address, locale))}</span>` : '',
      c.photos > 0 ? `<span>${esc(plural(locale, 'archive.photos', c.photos))}</span>` : '',
    ].join('');
    return `<li class="case case--${esc(c.state)}"><${h} class="case__title"><a href="${esc(caseHref(locale, c.code))}">${esc(what)} <span class="case__code">${esc(c.code)}</span></a></${h}><p class="case__meta">${meta}</p><p lang="${esc(text.lang)}">${esc(text.text)}</p></li>`;
  });
  return `<ul class="list cases">${rows.join('')}</ul>`;
}

/** How many page links a pagination shows on each side of the current page (besides the first and the last). */
export const PAGINATION_AROUND = 2;

/**
 * Page links under a list; nothing for a single page. The first and last pages, and those around
 * the current one, with a gap between: a list of 375 pages gets 7 links, not 375.
 */
export function paginationHtml(locale: Locale, current: number, last: number, pageHref: (n: number) => string): string {
  if (last <= 1) return '';
  const items: string[] = [];
  if (current > 1) items.push(`<li><a href="${esc(pageHref(current - 1))}" rel="prev">← ${esc(t(locale, 'pagination.prev'))}</a></li>`);
  let previous = 0;
  for (let n = 1; n <= last; n++) {
    if (n !== 1 && n !== last && Math.abs(n - current) > PAGINATION_AROUND) continue;
    if (n > previous + 1) items.push('<li aria-hidden="true"><span class="pagination__gap">…</span></li>');
    items.push(`<li>${n === current ? `<span aria-current="page">${n}</span>` : `<a href="${esc(pageHref(n))}">${n}</a>`}</li>`);
    previous = n;
  }
  if (current < last) items.push(`<li><a href="${esc(pageHref(current + 1))}" rel="next">${esc(t(locale, 'pagination.next'))} →</a></li>`);
  return `<nav class="pagination" aria-label="${esc(t(locale, 'pagination.label'))}"><ul>${items.join('')}</ul></nav>`;
}

/** The archive's Atom feeds for a page's <head>: the whole archive's, and the category's when the page is about one. */
export function feedLinksHtml(locale: Locale, m: Municipality, category?: string): string {
  const siteName = local(m.platformName, locale);
  const offered = category && m.categories.some((c) => c.code === category) ? category : undefined;
  const link = (title: string, path: string) => `<link rel="alternate" type="application/atom+xml" title="${esc(title)}" href="${esc(path)}">`;
  return (
    link(`${siteName} – ${t(locale, 'archive.feed.title')}`, archiveFeedPath(locale)) +
    (offered ? link(`${siteName} – ${t(locale, 'archive.feed.categoryTitle', { category: categoryName(m, offered, locale) })}`, categoryFeedPath(locale, offered)) : '')
  );
}

/** How late an unanswered case is, in the unit its page shows (hours under two days, else whole days). */
function lateHoursOf(c: PublicCase, now: Date): number {
  if (deadlineState(c, now) !== 'overdue') return 0;
  const late = hoursBetween(c.deadlineAt, now);
  return late < 48 ? Math.round(late) : Math.round(late / 24) * 24;
}

/** A case's page in one locale. */
export function casePage(c: PublicCase, locale: Locale, ctx: ArchiveContext): ArchiveFile {
  const m = ctx.municipality;
  const view: CaseView = { locale, municipality: m, deadline: { state: deadlineState(c, ctx.now), lateHours: lateHoursOf(c, ctx.now), resolution: resolutionState(c, ctx.now) } };
  const title = caseTitle(c, view);
  const path = `archive/case/${c.code}/`;
  const back = t(locale, c.kind === 'report' ? 'archive.reports' : 'archive.questions');
  const body =
    `<p><a href="${esc(listHref(locale, c.kind, {}))}">← ${esc(back)}</a></p>` +
    `<h1>${esc(title)}</h1>` +
    caseBody(c, view) +
    `<p><a href="${esc(statusHref(locale, c.code))}">${esc(t(locale, 'archive.live'))}</a></p>` +
    followForm(c.code, locale);
  // What and where first (the citizen's words may be short), then their words, cut at 160 characters.
  const description = Array.from(`${title}. ${textFor(c.lang, c.text, locale).text.replace(/\s+/g, ' ').trim()}`).slice(0, 160).join('');
  return { path: `${locale}/${path}index.html`, contentType: HTML, body: wrap(ctx.shells[locale], { path, title, description, head: feedLinksHtml(locale, m, c.category), body }) };
}

/** The path of a list page after the locale: archive/reports/[…/][n/] */
export const listPath = (locale: Locale, p: Pick<ListPage, 'kind' | 'filter' | 'page'>) => listHref(locale, p.kind, p.filter, p.page).slice(locale.length + 2);

/** A list page in one locale. */
export function listPage(list: ListPage, locale: Locale, ctx: ArchiveContext): ArchiveFile {
  const m = ctx.municipality;
  const kindTitle = t(locale, list.kind === 'report' ? 'archive.reports' : 'archive.questions');
  const valueLabel = (dim: Dimension, value: string) =>
    value === ALL ? t(locale, 'archive.filter.all') : dim === 'category' ? categoryName(m, value, locale) : dim === 'status' ? statusLabel(value as ListItem['status'], locale) : value;
  const chosen = list.facets.flatMap((f) => (list.filter[f.dim] && list.filter[f.dim] !== ALL ? [valueLabel(f.dim, list.filter[f.dim]!)] : []));
  const heading = [kindTitle, ...chosen].join(' – ');
  const pageOf = t(locale, 'archive.page', { n: list.page, total: list.lastPage });
  const title = list.page > 1 ? `${heading} – ${pageOf}` : heading;
  const filtered = chosen.length > 0;
  const count = plural(locale, 'archive.count', list.total);
  const facets = list.facets.map((f) => {
    const current = list.filter[f.dim] ?? ALL;
    const values = f.values
      .filter((v) => v.count > 0 || v.value === ALL || v.value === list.filter[f.dim])
      .map((v) => {
        const label = `${esc(valueLabel(f.dim, v.value))} (${v.count})`;
        return `<li>${v.value === current ? `<span aria-current="page">${label}</span>` : `<a href="${esc(listHref(locale, list.kind, { ...list.filter, [f.dim]: v.value }))}">${label}</a>`}</li>`;
      });
    return `<h2 id="f-${f.dim}">${esc(t(locale, `archive.filter.${f.dim}` as StringKey))}</h2><ul aria-labelledby="f-${f.dim}">${values.join('')}</ul>`;
  });
  const empty = t(locale, list.total === 0 && !filtered ? 'archive.empty' : 'archive.noMatch');
  const body =
    `<p><a href="${esc(href(locale, 'archive/'))}">← ${esc(t(locale, 'archive.title'))}</a></p>` +
    `<h1>${esc(heading)}</h1>` +
    `<p class="lead">${esc(count)}${list.lastPage > 1 ? ` · ${esc(pageOf)}` : ''}</p>` +
    `<nav class="filters" aria-label="${esc(t(locale, 'archive.filters'))}">${facets.join('')}${filtered ? `<p><a href="${esc(listHref(locale, list.kind, {}))}">${esc(t(locale, 'archive.filter.clear'))}</a></p>` : ''}</nav>` +
    (list.items.length === 0 ? `<p>${esc(empty)}</p>` : caseListHtml(locale, list.items, m)) +
    paginationHtml(locale, list.page, list.lastPage, (n) => listHref(locale, list.kind, list.filter, n));
  const path = listPath(locale, list);
  const description = t(locale, 'archive.list.description', { list: title, count, municipality: local(m.name, locale) });
  return { path: `${locale}/${path}index.html`, contentType: HTML, body: wrap(ctx.shells[locale], { path, title, description, head: feedLinksHtml(locale, m, list.filter.category === ALL ? undefined : list.filter.category), body }) };
}

/** The feeds: the archive's and one per System 48h category, in every locale. */
export function feedFiles(cases: readonly PublicCase[], ctx: ArchiveContext): ArchiveFile[] {
  const m = ctx.municipality;
  const out: ArchiveFile[] = [];
  for (const locale of localeKeys) {
    const o = { locale, municipality: m, site: ctx.site, cases: cases as PublicCase[], now: ctx.now };
    out.push({ path: archiveFeedPath(locale).slice(1), contentType: 'application/atom+xml; charset=utf-8', body: atomFeed(o) });
    for (const cat of m.categories) out.push({ path: categoryFeedPath(locale, cat.code).slice(1), contentType: 'application/atom+xml; charset=utf-8', body: atomFeed({ ...o, category: cat.code }) });
  }
  return out;
}

/** The file the archive's pages are listed in, beside Astro's sitemap-0.xml (sitemap-index.xml names both). */
export const ARCHIVE_SITEMAP = 'sitemap-archive.xml';

/** The archive's pages in a sitemap, each with its language alternates (as Astro's sitemap lists the rest of the site). */
export function archiveSitemap(paths: readonly string[], site: string): string {
  const langs = locales.map((l) => ({ key: l.key, lang: l.lang }));
  const abs = (p: string) => new URL(p, site).href;
  const urls = paths.map((p) => {
    const links = [...langs].sort((a, b) => a.key.localeCompare(b.key, 'en')).map((l) => `<xhtml:link rel="alternate" hreflang="${l.lang}" href="${esc(abs(`/${l.key}/${p}`))}"/>`);
    return langs.map((l) => `<url><loc>${esc(abs(`/${l.key}/${p}`))}</loc>${links.join('')}</url>`).join('');
  });
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">${urls.join('')}</urlset>`;
}

/** Adds the archive's sitemap to Astro's sitemap index (once). */
export function withArchiveSitemap(index: string, site: string): string {
  const loc = new URL(`/${ARCHIVE_SITEMAP}`, site).href;
  if (index.includes(loc)) return index;
  return index.replace('</sitemapindex>', `<sitemap><loc>${esc(loc)}</loc></sitemap></sitemapindex>`);
}

export interface ArchiveRender {
  /** Every file, in a stable order. */
  files: ArchiveFile[];
  /** The lists computed on the way (kind → pages), for callers that want figures. */
  lists: { report: ListPage[]; question: ListPage[] };
}

/**
 * The archive's files for a set of public records. `only` limits the case pages to those codes
 * (the fast path renders the changed cases; lists, feeds and the sitemap depend on every case and
 * are always rendered: a status change moves counts on every list page of its kind).
 */
export function renderArchive(cases: readonly PublicCase[], ctx: ArchiveContext, only?: ReadonlySet<string>): ArchiveRender {
  const sorted = [...cases].sort(newestFirst);
  const files: ArchiveFile[] = [];
  for (const c of sorted) {
    if (only && !only.has(c.code)) continue;
    for (const locale of localeKeys) files.push(casePage(c, locale, ctx));
  }
  const lists = { report: listPages('report', sorted, ctx), question: listPages('question', sorted, ctx) };
  const listPaths: string[] = [];
  for (const kind of ['report', 'question'] as const) {
    for (const locale of localeKeys) for (const p of lists[kind]) files.push(listPage(p, locale, ctx));
    for (const p of lists[kind]) listPaths.push(listPath(localeKeys[0]!, p));
  }
  files.push(...feedFiles(sorted, ctx));
  const casePaths = sorted.map((c) => `archive/case/${c.code}/`);
  files.push({ path: ARCHIVE_SITEMAP, contentType: 'application/xml; charset=utf-8', body: archiveSitemap([...casePaths, ...listPaths], ctx.site) });
  return { files, lists };
}

export { PAGE_SIZE, kindPath };
