// Every indexable page of every site has a meaningful, translated <meta name="description">:
// Lighthouse's SEO audit (and a search engine's snippet) reads it. A page is indexable unless it
// says noindex; the two layout shells the functions and the archive renderer fill (page-shell,
// archive-shell: templates with placeholders, left out of the sitemap) are not pages.
// Reads dist/ (built by the global setup); META_DIST=<folder with a folder per site> reads
// another build instead, e.g. one made with OUT_DIR under /tmp.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { distDir, siteIds } from '../helpers/dist.ts';
import { locales } from '../../core/locales.ts';

const root = process.env.META_DIST ?? distDir;
const SHELLS = /^[a-z-]+\/(page-shell|archive-shell)\/index\.html$/;
const CYRILLIC = /[\u0400-\u04FF]/;

const decode = (s: string) =>
  s.replace(/&(quot|amp|lt|gt|#39|#x27|nbsp);/g, (_, e: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'", '#x27': "'", nbsp: ' ' })[e]!);

/** The content of every <meta name="…" content="…"> with that name (attributes in either order). */
function metas(html: string, name: string): string[] {
  const out: string[] = [];
  for (const tag of html.match(/<meta\s[^>]*>/gi) ?? []) {
    if (!new RegExp(`\\sname=["']?${name}["'\\s/>]`, 'i').test(tag)) continue;
    const m = /\scontent=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    out.push(decode(m?.[1] ?? m?.[2] ?? m?.[3] ?? ''));
  }
  return out;
}

const titleOf = (html: string) => decode(/<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? '').trim();

interface PageDescription {
  file: string;
  noindex: boolean;
  descriptions: string[];
  title: string;
  fallback: boolean;
}

/** Every HTML page of a built site with what the test needs of it. */
function readPages(siteDir: string): PageDescription[] {
  return readdirSync(siteDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html') && !relative(siteDir, e.parentPath).startsWith('pagefind'))
    .map((e) => {
      const file = relative(siteDir, join(e.parentPath, e.name)).replaceAll('\\', '/');
      const html = readFileSync(join(siteDir, file), 'utf8');
      return {
        file,
        noindex: metas(html, 'robots').some((c) => /noindex/i.test(c)),
        descriptions: metas(html, 'description'),
        title: titleOf(html),
        fallback: html.includes('notice--fallback'),
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** What is wrong with the descriptions of a site's indexable pages, one line per problem. */
function descriptionProblems(pages: PageDescription[]): string[] {
  const problems: string[] = [];
  const indexable = pages.filter((p) => !p.noindex && !SHELLS.test(p.file));
  for (const p of indexable) {
    const [d, ...more] = p.descriptions;
    if (d === undefined) problems.push(`${p.file}: no meta description`);
    else if (d.trim() === '') problems.push(`${p.file}: empty meta description`);
    // A case page's description is the citizen's own words, which the form takes from 10 characters.
    else if (d.trim().length < 10) problems.push(`${p.file}: meta description too short to say anything: "${d}"`);
    else if (d.trim() === p.title || p.title.startsWith(`${d.trim()} –`)) problems.push(`${p.file}: meta description only repeats the title`);
    if (more.length) problems.push(`${p.file}: ${p.descriptions.length} meta descriptions`);
    // Serbian Latin is derived from the Cyrillic: a Cyrillic letter there is text that skipped it.
    if (d && p.file.startsWith('sr-latn/') && CYRILLIC.test(d)) problems.push(`${p.file}: Cyrillic in the Latin description: "${d}"`);
  }
  // Translated: the Albanian page does not carry the Serbian description, unless its text is a
  // fallback (which says so on the page) or a case's: the citizen's words, shown as written.
  const byFile = new Map(indexable.map((p) => [p.file, p]));
  for (const p of indexable.filter((x) => x.file.startsWith('sq/') && !x.fallback && !x.file.startsWith('sq/archive/case/'))) {
    const rest = p.file.slice('sq/'.length);
    for (const other of ['sr', 'sr-latn']) {
      const o = byFile.get(`${other}/${rest}`);
      if (o && !o.fallback && o.descriptions[0] && o.descriptions[0] === p.descriptions[0]) problems.push(`${p.file}: the same description as ${o.file}, not translated`);
    }
  }
  return problems;
}

describe('descriptionProblems', () => {
  const page = (file: string, d: string[] | string, o: Partial<PageDescription> = {}): PageDescription => ({ file, noindex: false, descriptions: typeof d === 'string' ? [d] : d, title: 'Вести – Е-општина', fallback: false, ...o });
  const good = 'Најновије вести у Звечану: одлуке општине, радови и обавештења.';
  it('finds missing, empty, short, doubled, untransliterated and untranslated descriptions, and passes good ones', () => {
    expect(descriptionProblems([page('sr/news/index.html', good), page('sq/news/index.html', 'Lajmet më të fundit në Zveçan: vendimet e komunës.')])).toEqual([]);
    expect(descriptionProblems([page('sr/a/index.html', [])])).toEqual(['sr/a/index.html: no meta description']);
    expect(descriptionProblems([page('sr/a/index.html', ' ')])).toEqual(['sr/a/index.html: empty meta description']);
    expect(descriptionProblems([page('sr/a/index.html', 'Вести')])[0]).toMatch(/too short/);
    expect(descriptionProblems([page('sr/a/index.html', 'Е-општина Звечан')])).toEqual([]);
    expect(descriptionProblems([page('sr/a/index.html', 'Вести – Е-општина')])[0]).toMatch(/repeats the title/);
    expect(descriptionProblems([page('sr/a/index.html', [good, good])])).toEqual(['sr/a/index.html: 2 meta descriptions']);
    expect(descriptionProblems([page('sr-latn/a/index.html', good)])[0]).toMatch(/Cyrillic/);
    const latin = 'Najnovije vesti u Zvečanu: odluke opštine.';
    expect(descriptionProblems([page('sr-latn/a/index.html', latin), page('sq/a/index.html', latin)])[0]).toMatch(/not translated/);
    // A fallback page and a case page (the citizen's words as written) carry the same text in every locale.
    expect(descriptionProblems([page('sr-latn/a/index.html', latin), page('sq/a/index.html', latin, { fallback: true })])).toEqual([]);
    expect(descriptionProblems([page('sr-latn/archive/case/X/index.html', latin), page('sq/archive/case/X/index.html', latin)])).toEqual([]);
  });
  it('leaves out noindex pages and the layout shells, and reads the robots meta', () => {
    expect(descriptionProblems([page('404.html', [], { noindex: true }), page('sr/page-shell/index.html', []), page('sq/archive-shell/index.html', [])])).toEqual([]);
    expect(metas('<meta content="noindex, follow" name="robots">', 'robots')).toEqual(['noindex, follow']);
    expect(metas('<meta name="description" content="A &amp; B &quot;C&quot;" />', 'description')).toEqual(['A & B "C"']);
  });
});

describe.each(siteIds)('site %s', (site) => {
  const siteDir = join(root, site);
  it('has a meaningful, translated meta description on every indexable page', () => {
    expect(existsSync(join(siteDir, 'sr', 'index.html')), `${siteDir} is not built`).toBe(true);
    const pages = readPages(siteDir);
    // Every locale's list pages are among them: home, news, events, documents, info, search…
    for (const l of locales) expect(pages.some((p) => p.file === `${l.key}/news/index.html`)).toBe(true);
    expect(descriptionProblems(pages)).toEqual([]);
  });
});
