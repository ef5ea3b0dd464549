// The archive's Atom feeds in every built site and locale (sites/lib/atom.ts): each parses as
// XML, has what RFC 4287 requires of a feed and of its entries, unique ids, RFC 3339 dates, a
// self link that is this very file, alternates that resolve, and no email address anywhere; the
// archive pages link them in their <head>.
// FEEDS_DIST points at another folder of built sites (<dir>/<site>/…) than dist/.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { distDir, siteIds } from '../helpers/dist.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { localeKeys } from '../../core/locales.ts';

const root = process.env.FEEDS_DIST ?? distDir;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'category', 'author'].includes(name), textNodeName: '#text' });

type Link = { '@rel'?: string; '@href': string; '@type'?: string };
type Text = string | { '#text': string; '@type'?: string };
interface Entry { id: string; title: Text; updated: string; published?: string; link: Link[]; content?: Text; summary?: Text; author?: unknown[] }
interface Feed { id: string; title: Text; updated: string; link: Link[]; author?: { name: string }[]; entry?: Entry[]; '@xmlns': string }

const text = (t: Text | undefined) => (typeof t === 'string' ? t : (t?.['#text'] ?? ''));

/** Whether a URL of the site is served by a file of its build. */
function resolves(site: string, url: string, domain: string): boolean {
  const u = new URL(url);
  if (u.host !== domain) return false;
  const file = join(root, site, decodeURIComponent(u.pathname));
  if (!existsSync(file)) return false;
  return statSync(file).isDirectory() ? existsSync(join(file, 'index.html')) : true;
}

function feedFiles(site: string): string[] {
  const base = join(root, site);
  return readdirSync(base, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'feed.xml')
    .map((e) => relative(base, join(e.parentPath, e.name)).replaceAll('\\', '/'));
}

describe.each(siteIds)('Atom feeds of %s', (site) => {
  const m = getMunicipality(site);
  const read = (file: string) => readFileSync(join(root, site, file), 'utf8');

  it('has the archive feed and one per category in every locale, and nothing else named feed.xml', () => {
    const expected = localeKeys.flatMap((l) => [`${l}/archive/feed.xml`, ...m.categories.map((c) => `${l}/archive/reports/${c.code}/feed.xml`)]);
    expect(feedFiles(site).sort()).toEqual(expected.sort());
  });

  it('every feed is well-formed Atom with the required elements, unique ids, RFC 3339 dates and links that resolve', () => {
    const allIds = new Set<string>();
    let entries = 0;
    for (const file of feedFiles(site)) {
      const xml = read(file);
      expect(XMLValidator.validate(xml), file).toBe(true);
      const doc = parser.parse(xml) as { feed?: Feed };
      const feed = doc.feed!;
      expect(feed, file).toBeDefined();
      expect(feed['@xmlns'], file).toBe('http://www.w3.org/2005/Atom');
      // The feed: id, title, updated, a self link to this very file, an alternate page, an author.
      expect(feed.id, file).toMatch(/^https:\/\//);
      expect(text(feed.title).trim(), file).not.toBe('');
      expect(feed.updated, file).toMatch(RFC3339);
      const self = feed.link.filter((l) => l['@rel'] === 'self');
      expect(self, file).toHaveLength(1);
      expect(new URL(self[0]!['@href']).pathname, file).toBe(`/${file}`);
      expect(self[0]!['@type']).toBe('application/atom+xml');
      expect(resolves(site, self[0]!['@href'], m.domain), file).toBe(true);
      const alternate = feed.link.filter((l) => (l['@rel'] ?? 'alternate') === 'alternate');
      expect(alternate.length, file).toBeGreaterThan(0);
      for (const l of alternate) expect(resolves(site, l['@href'], m.domain), `${file} → ${l['@href']}`).toBe(true);
      expect(feed.author?.[0]?.name, file).toBeTruthy();
      expect(allIds.has(feed.id), file).toBe(false);
      allIds.add(feed.id);
      // The entries: id, title, updated, an alternate link (the archive page, built), content.
      const list = feed.entry ?? [];
      expect(list.length, file).toBeLessThanOrEqual(50);
      const ids = new Set<string>();
      let latest = '';
      for (const e of list) {
        expect(e.id, file).toMatch(/^https:\/\//);
        expect(ids.has(e.id), `${file}: ${e.id} twice`).toBe(false);
        ids.add(e.id);
        expect(text(e.title).trim(), e.id).not.toBe('');
        expect(e.updated, e.id).toMatch(RFC3339);
        if (e.published) expect(e.published, e.id).toMatch(RFC3339);
        const link = e.link.find((l) => (l['@rel'] ?? 'alternate') === 'alternate');
        expect(link, e.id).toBeDefined();
        expect(resolves(site, link!['@href'], m.domain), `${file}: ${link!['@href']}`).toBe(true);
        expect(text(e.content ?? e.summary).trim(), e.id).not.toBe('');
        if (typeof e.content === 'object') expect(['text', 'html']).toContain(e.content['@type']);
        // The title names the code.
        expect(text(e.title), e.id).toContain(e.id.match(/case\/([A-Z0-9-]+)\/$/)![1]);
        if (e.updated > latest) latest = e.updated;
        entries++;
      }
      // Newest first, and the feed's updated is its newest entry's.
      expect(list.map((e) => e.updated), file).toEqual(list.map((e) => e.updated).sort().reverse());
      if (list.length) expect(feed.updated, file).toBe(latest);
      // A category feed has only its category's reports.
      const category = file.match(/reports\/([^/]+)\/feed\.xml$/)?.[1];
      if (category) for (const e of list) expect(xml.includes(`<category term="${category}"`), e.id).toBe(true);
    }
    // The fixture archive has cases for every site: the feeds are not all empty.
    expect(entries).toBeGreaterThan(0);
  });

  it('the feeds carry no email address, not even escaped, and speak the reader’s script', () => {
    for (const file of feedFiles(site)) {
      const xml = read(file);
      const unescaped = xml.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&#64;', '@');
      expect(unescaped.match(EMAIL)?.[0], file).toBeUndefined();
      if (file.startsWith('sr-latn/')) {
        // Titles and the feed's words are Latin for a Latin reader (case text too, but Albanian text is shown as written).
        const titles = [...xml.matchAll(/<title>([^<]*)<\/title>/g)].map((x) => x[1]!);
        for (const title of titles) expect(title, file).not.toMatch(/[\u0400-\u04ff]/);
      }
    }
  });

  it('the archive pages link the feeds in their <head>', () => {
    for (const l of localeKeys) {
      const index = readFileSync(join(root, site, l, 'archive/index.html'), 'utf8');
      const head = index.slice(0, index.indexOf('</head>'));
      expect(head).toContain(`<link rel="alternate" type="application/atom+xml"`);
      expect(head).toContain(`href="/${l}/archive/feed.xml"`);
      const category = m.categories[0]!.code;
      const list = join(root, site, l, `archive/reports/${category}/all/all/index.html`);
      if (existsSync(list)) expect(readFileSync(list, 'utf8')).toContain(`href="/${l}/archive/reports/${category}/feed.xml"`);
    }
  });
});

describe.each(siteIds)('the find-my-case form on the pages of %s', (site) => {
  it('is on the home, System 48h, Ask the Mayor and archive pages in every locale, as a GET to the status lookup', () => {
    for (const l of localeKeys) {
      for (const page of ['', 'system-48h/', 'ask-the-mayor/', 'archive/']) {
        const html = readFileSync(join(root, site, l, page, 'index.html'), 'utf8');
        expect(html, `${l}/${page}`).toContain(`<form class="citizen-form find-case__form" method="get" action="/${l}/status/" novalidate>`);
        expect(html, `${l}/${page}`).toMatch(/<label class="form-label" for="find-code">[^<]+<\/label>/);
        expect(html, `${l}/${page}`).toContain('name="code"');
        expect(html.match(/<h1[ >]/g), `${l}/${page}`).toHaveLength(1);
      }
    }
  });
});
