// One config for all four sites: SITE chooses the municipality, which sets the URL, output
// folder and cache, so the sites can build side by side without sharing state.
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import preact from '@astrojs/preact';
import { getMunicipality } from './core/municipalities/index.ts';
import { locales } from './core/locales.ts';

const municipality = getMunicipality(process.env.SITE ?? 'zvecan');
const id = municipality.id;

/**
 * The sitemap with a language alternate for every page. @astrojs/sitemap's own `i18n` option
 * finds a page's alternates by scanning every URL for each page (quadratic: 4 s of a 2,500-case
 * build, 40 s at 7,500); here the pages are grouped by path once, in `filter`, which sees every
 * URL before `serialize` sees any. The links are the same, in the same order.
 */
function sitemapOptions() {
  const langOf = Object.fromEntries(locales.map((l) => [l.key, l.lang]));
  const byPath = new Map(); // path without the locale → every kept URL with it
  // "https://x/sr-latn/a/" → { locale: 'sr-latn', path: '/a/' }, as @astrojs/sitemap parses it.
  const parse = (url) => {
    const s = new URL(url).pathname;
    const locale = s.split('/')[1];
    if (!(locale in langOf)) return { locale: municipality.defaultLocale, path: s };
    return { locale, path: s.slice(1 + locale.length) || '/' };
  };
  const order = (a, b) => a.localeCompare(b, 'en', { numeric: true });
  return {
    filter: (page) => {
      const keep = !page.endsWith('/404/') && !page.endsWith('/page-shell/') && !page.endsWith('/archive-shell/') && new URL(page).pathname !== '/';
      if (keep) {
        const { path } = parse(page);
        const list = byPath.get(path) ?? [];
        list.push(page);
        byPath.set(path, list);
      }
      return keep;
    },
    serialize: (item) => {
      const same = byPath.get(parse(item.url).path) ?? [];
      same.sort(order);
      return { ...item, links: same.map((url) => ({ url, lang: langOf[parse(url).locale] })) };
    },
  };
}

export default defineConfig({
  srcDir: './sites',
  publicDir: './sites/public',
  // OUT_DIR lets a test build a fixture site without touching dist/.
  outDir: process.env.OUT_DIR ?? `./dist/${id}`,
  // The cache holds the content store and the incremental build's copies of earlier pages. The
  // local rebuild worker builds into a staging folder but keeps the site's own cache. Builds
  // started by scripts/build-all.mjs (npm run build, the benchmark, the rebuild worker) also keep
  // their `.astro/` folder here (dot-astro/), not in the project's shared one: Astro has no option
  // for that folder, so scripts/lib/astro-dot-dir.mjs moves it; why, in that module's head.
  cacheDir: process.env.ASTRO_CACHE_DIR ?? (process.env.OUT_DIR ? `${process.env.OUT_DIR}-cache` : `./node_modules/.astro/${id}`),
  site: process.env.SITE_URL ?? `https://${municipality.domain}`,
  trailingSlash: 'ignore',
  // Inlined stylesheets and Astro's island script are allowed by the Content-Security-Policy by
  // hash: scripts/build-site.mjs hashes what the pages carry (core/security/). Astro's own
  // `security.csp` stays off: for static pages it writes a <meta> policy per page, which cannot
  // hold frame-ancestors and would be a second policy beside the header (core/security/inline.ts).
  build: { format: 'directory', inlineStylesheets: 'always' },
  compressHTML: true,
  devToolbar: { enabled: false },
  // Archive pages return a cacheKey (a hash of what they show): a rebuild after one case changed
  // renders only the pages that show it. Pages without a key are rendered every time.
  experimental: { incrementalBuild: true },
  integrations: [
    {
      // A build is a production build whatever NODE_ENV the shell or a benchmark's child process
      // has: NODE_ENV=development would otherwise give Astro's development island script (which
      // the Content-Security-Policy's hashes do not cover) and Preact's devtools hook.
      // tests/build/budgets.test.ts greps the emitted scripts for both.
      name: 'production-build',
      hooks: {
        'astro:config:setup': ({ command }) => {
          if (command === 'build') process.env.NODE_ENV = 'production';
        },
      },
    },
    // Preact only for the citizen forms' islands (React's API; 6 KB of gzip where react-dom was 64);
    // every other page ships no JavaScript. No compat layer: the forms import preact itself.
    // `include`: the files the Preact renderer claims (the islands are all .tsx).
    preact({ devtools: false, include: [/\.tsx$/] }),
    {
      // The JSX compiled by Vite's own transform (Oxc), not Babel. @astrojs/preact always hands
      // @preact/preset-vite a Babel config, and the preset then parses, transforms and prints every
      // island with Babel, for the server and the client build of every site (a few hundred ms of
      // CPU per site, Babel's loading included). Oxc does the same automatic-runtime transform:
      // the emitted scripts and pages are byte for byte the same (checked when this came in). If
      // the preset renames its plugin, the build stops here instead of compiling JSX twice.
      name: 'jsx-without-babel',
      hooks: {
        'astro:config:setup': ({ updateConfig }) =>
          updateConfig({
            vite: {
              oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
              plugins: [
                {
                  name: 'e-opstine:jsx-without-babel',
                  configResolved(config) {
                    const jsx = config.plugins.find((p) => p.name === 'vite:preact-jsx');
                    if (!jsx) throw new Error('@preact/preset-vite has no vite:preact-jsx plugin any more: see astro.config.mjs');
                    delete jsx.transform; // its only hook that runs Babel; gone after the first config
                  },
                },
              ],
            },
          }),
      },
    },
    sitemap(sitemapOptions()),
  ],
});
