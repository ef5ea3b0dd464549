// One config for all four sites: SITE chooses the municipality, which sets the URL, output
// folder and cache, so the sites can build side by side without sharing state.
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import react from '@astrojs/react';
import { getMunicipality } from './sites/municipalities/index.ts';
import { locales } from './sites/i18n/locales.ts';

const municipality = getMunicipality(process.env.SITE ?? 'zvecan');
const id = municipality.id;

export default defineConfig({
  srcDir: './sites',
  publicDir: './sites/public',
  // OUT_DIR lets a test build a fixture site without touching dist/.
  outDir: process.env.OUT_DIR ?? `./dist/${id}`,
  // The cache holds the content store and the incremental build's copies of earlier pages. The
  // local rebuild worker builds into a staging folder but keeps the site's own cache.
  cacheDir: process.env.ASTRO_CACHE_DIR ?? (process.env.OUT_DIR ? `${process.env.OUT_DIR}-cache` : `./node_modules/.astro/${id}`),
  site: process.env.SITE_URL ?? `https://${municipality.domain}`,
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'always' },
  compressHTML: true,
  devToolbar: { enabled: false },
  // Archive pages return a cacheKey (a hash of what they show): a rebuild after one case changed
  // renders only the pages that show it. Pages without a key are rendered every time.
  experimental: { incrementalBuild: true },
  integrations: [
    // React only for the citizen forms' islands; every other page ships no JavaScript.
    react(),
    sitemap({
      i18n: {
        defaultLocale: municipality.defaultLocale,
        locales: Object.fromEntries(locales.map((l) => [l.key, l.lang])),
      },
      filter: (page) => !page.endsWith('/404/') && !page.endsWith('/page-shell/') && new URL(page).pathname !== '/',
    }),
  ],
});
