// robots.txt in every site (sites/pages/robots.txt.ts): the sitemap it names exists, the layout
// shells are kept from crawlers, and nothing the sitemap lists is disallowed.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, siteIds } from '../helpers/dist.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';

describe.each(siteIds)('robots.txt of %s', (site) => {
  const text = readFileSync(join(distDir, site, 'robots.txt'), 'utf8');
  const disallowed = [...text.matchAll(/^Disallow: (\S+)$/gm)].map((m) => m[1]!);

  it('names the site’s sitemap index, which exists', () => {
    const sitemap = /^Sitemap: (\S+)$/m.exec(text)?.[1];
    expect(sitemap).toBe(`https://${getMunicipality(site).domain}/sitemap-index.xml`);
    expect(existsSync(join(distDir, site, 'sitemap-index.xml'))).toBe(true);
  });

  it('keeps crawlers from the layout shells in every locale', () => {
    for (const locale of ['sr', 'sr-latn', 'sq']) {
      expect(existsSync(join(distDir, site, locale, 'page-shell', 'index.html'))).toBe(true);
      expect(disallowed).toContain(`/${locale}/page-shell/`);
      expect(disallowed).toContain(`/${locale}/archive-shell/`);
    }
  });

  it('disallows no page of the sitemap', () => {
    const sitemaps = ['sitemap-0.xml', 'sitemap-archive.xml'].map((f) => join(distDir, site, f)).filter(existsSync);
    const urls = sitemaps.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname));
    expect(urls.length).toBeGreaterThan(50);
    expect(urls.filter((u) => disallowed.some((d) => u.startsWith(d)))).toEqual([]);
  });
});
