import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, siteIds, htmlFiles, read, resolves, urlOf } from '../helpers/dist.ts';
import { locales } from '../../core/locales.ts';

const localeDirs = locales.map((l) => l.key);

describe.each(siteIds)('site %s', (site) => {
  const files = htmlFiles(site);
  const localePages = files.filter((f) => localeDirs.some((l) => f.startsWith(`${l}/`)));

  it('is built in all three locales, with a root that leads to the default one', () => {
    for (const l of localeDirs) expect(existsSync(join(distDir, site, l, 'index.html')), l).toBe(true);
    expect(read(site, 'index.html')).toMatch(/http-equiv="refresh" content="0; url=\/sr\/"/);
    // Every locale has the same set of pages: slugs are shared, a missing translation falls back.
    const perLocale = localeDirs.map((l) => localePages.filter((f) => f.startsWith(`${l}/`)).map((f) => f.slice(l.length)).sort());
    expect(perLocale[1]).toEqual(perLocale[0]);
    expect(perLocale[2]).toEqual(perLocale[0]);
  });

  it('has the starting content the issue asks for', () => {
    const count = (dir: string) => readdirSync(join(distDir, site, 'sr', dir), { withFileTypes: true }).filter((e) => e.isDirectory() && !/^\d+$/.test(e.name)).length;
    expect(count('news')).toBeGreaterThanOrEqual(3);
    expect(count('events')).toBeGreaterThanOrEqual(2);
    expect(count('documents') - 2).toBeGreaterThanOrEqual(5); // minus the type/ and year/ filter folders
    expect(count('consultations')).toBeGreaterThanOrEqual(1);
    for (const page of ['about', 'system-48h', 'ask-the-mayor', 'privacy', 'accessibility', 'info/covid-19', 'search']) {
      for (const l of localeDirs) expect(resolves(site, `/${l}/${page}/`), `${l}/${page}`).toBe(true);
    }
    expect(read(site, 'sq/info/covid-19/index.html')).toContain('class="notice notice--archived"');
  });

  it('declares its language and links every alternate, and every alternate exists', () => {
    const problems: string[] = [];
    for (const f of localePages) {
      const html = read(site, f);
      const locale = locales.find((l) => f.startsWith(`${l.key}/`))!;
      if (!html.includes(`<html lang="${locale.lang}"`)) problems.push(`${f}: lang is not ${locale.lang}`);
      for (const l of locales) {
        const m = new RegExp(`<link rel="alternate" hreflang="${l.lang}" href="https?://[^/"]+(/[^"]*)"`).exec(html);
        if (!m) problems.push(`${f}: no alternate for ${l.lang}`);
        else if (!resolves(site, m[1]!)) problems.push(`${f}: alternate ${m[1]} does not exist`);
      }
      if (!/hreflang="x-default"/.test(html)) problems.push(`${f}: no x-default`);
    }
    expect(problems).toEqual([]);
  });

  it('has no broken internal links or assets', () => {
    const broken = new Set<string>();
    for (const f of files) {
      const html = read(site, f);
      for (const m of html.matchAll(/\s(?:href|src)="(\/(?!\/)[^"]*)"/g)) {
        // The live status page of a case and the alerts page are rendered by the functions, and
        // photos are served from the bucket at /media/: none is part of the build.
        if (!resolves(site, m[1]!) && !/^\/[a-z-]+\/status\/[A-Z0-9-]+\/$|^\/[a-z-]+\/alerts\/$|^\/media\//.test(m[1]!)) broken.add(`${urlOf(f)} → ${m[1]}`);
      }
    }
    expect([...broken]).toEqual([]);
  });

  it('ships JavaScript only on the search page, the two citizen forms and the archive map', () => {
    const allowed = /^(sr|sr-latn|sq)\/(search|system-48h\/report|ask-the-mayor\/ask|archive\/map)\/index\.html$/;
    // Every page of every template (the archive's index, lists, cases, overdue list and
    // statistics included), and the root and 404 pages too. JavaScript is a script that runs
    // (JSON data blocks do not), a module preload, an island, an inline handler or a javascript: URL.
    const runsScript = (html: string) =>
      [...html.matchAll(/<script\b([^>]*)>/gi)].some((m) => !/\stype=["']?(application\/(ld\+)?json|importmap)["'\s>]/i.test(`${m[1]} `)) ||
      /<link\b[^>]*\brel=["']?modulepreload/i.test(html) ||
      /<astro-island\b/i.test(html) ||
      /\son[a-z]+\s*=\s*["']/i.test(html.replace(/<script\b[\s\S]*?<\/script>/gi, '')) ||
      /\s(?:href|src|action)\s*=\s*["']?\s*javascript:/i.test(html);
    const withScript = files.filter((f) => runsScript(read(site, f)));
    expect(withScript.filter((f) => !allowed.test(f))).toEqual([]);
    expect(localePages.filter((f) => f.includes('/archive/')).length).toBeGreaterThan(localeDirs.length * 5);
    // Each page that may have JavaScript does, so the check above is looking at real pages.
    expect(withScript.filter((f) => allowed.test(f)).length).toBe(localeDirs.length * 4);
    // The forms are islands: each form page hydrates its component, and only the report page carries the map's styles.
    for (const l of localeDirs) {
      expect(read(site, `${l}/system-48h/report/index.html`)).toMatch(/<astro-island[^>]*component-export="default"[^>]*client="load"/);
      expect(read(site, `${l}/ask-the-mayor/ask/index.html`)).toMatch(/<astro-island[^>]*client="load"/);
      expect(read(site, `${l}/system-48h/report/index.html`)).toContain('.leaflet-container');
      expect(read(site, `${l}/ask-the-mayor/ask/index.html`)).not.toContain('.leaflet-container');
    }
  });

  it('renders the forms as plain HTML forms that post to the API', () => {
    for (const l of localeDirs) {
      const report = read(site, `${l}/system-48h/report/index.html`);
      // The language rides on the action, for answers given before the body is read (a 413, a 403).
      expect(report).toContain(`action="/api/reports?lang=${l}"`);
      expect(report).toMatch(/<form [^>]*method="post"/);
      expect(report).toContain(`name="municipality" value="${site}"`);
      const ask = read(site, `${l}/ask-the-mayor/ask/index.html`);
      expect(ask).toContain(`action="/api/questions?lang=${l}"`);
      // The home page and the explanation pages lead to the forms.
      expect(read(site, `${l}/index.html`)).toContain(`href="/${l}/system-48h/report/"`);
      expect(read(site, `${l}/system-48h/index.html`)).toContain(`href="/${l}/system-48h/report/"`);
      expect(read(site, `${l}/ask-the-mayor/index.html`)).toContain(`href="/${l}/ask-the-mayor/ask/"`);
    }
  });

  it('shows Serbian Latin pages without Cyrillic outside the Cyrillic language link', () => {
    const leaks: string[] = [];
    for (const f of localePages.filter((p) => p.startsWith('sr-latn/'))) {
      const text = read(site, f)
        .replace(/<(a|span)[^>]*lang="sr-Cyrl"[^>]*>[^<]*<\/\1>/g, '')
        .replace(/<[^>]+>/g, ' ');
      const hit = /[\u0400-\u04FF]+/.exec(text);
      if (hit) leaks.push(`${f}: "${hit[0]}"`);
    }
    expect(leaks).toEqual([]);
  });

  it('has a sitemap with language alternates, a feed per locale and an .ics per event', () => {
    const sitemap = read(site, 'sitemap-0.xml');
    expect(sitemap).toMatch(/<xhtml:link rel="alternate" hreflang="sr-Latn"/);
    expect(sitemap).not.toContain('/404');
    for (const l of locales) {
      const rss = read(site, `${l.key}/rss.xml`);
      expect(rss).toContain(`<language>${l.lang}</language>`);
      expect((rss.match(/<item>/g) ?? []).length).toBeGreaterThanOrEqual(3);
    }
    const events = readdirSync(join(distDir, site, 'sr', 'events')).filter((n) => n.endsWith('.ics'));
    expect(events.length).toBeGreaterThanOrEqual(2);
    const ics = read(site, `sr/events/${events[0]}`);
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
    expect(ics).toMatch(/\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
    expect(ics).toMatch(/\r\nSUMMARY:[^\r]*[\u0400-\u04FF]/);
  });

  it('has a search index per language', () => {
    const entry = JSON.parse(read(site, 'pagefind/pagefind-entry.json')) as { languages: Record<string, { page_count: number }> };
    expect(Object.keys(entry.languages).sort()).toEqual(['sq', 'sr-cyrl', 'sr-latn']);
    for (const lang of Object.values(entry.languages)) expect(lang.page_count).toBeGreaterThan(15);
  });
});

describe('the four sites', () => {
  it('are built for their own domains', () => {
    expect(read('zvecan', 'sr/index.html')).toContain('href="https://ezvecan.com/sr/"');
    expect(read('zubin-potok', 'sr/index.html')).toContain('href="https://ezubinpotok.com/sr/"');
  });
});
