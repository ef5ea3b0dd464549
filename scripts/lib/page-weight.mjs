// How many bytes one built page costs a visitor on the wire, split into HTML, CSS and JS.
// Shared by scripts/bench.mjs (which reports) and the build tests (which enforce the budget),
// so both measure the same way. Images and fonts are deliberately left out: the budget is
// "JS 0 on these pages; total, images excluded, at most 30 KB".
//
// Sizes are gzip sizes at zlib.gzipSync's default level, the way scripts/serve.mjs serves
// them. HTML is parsed with small regexes: the input is Astro's own output, not arbitrary
// markup, and the project takes no new dependencies for this.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * serve.mjs sends bodies of 512 bytes or less uncompressed (gzip would not pay for itself),
 * so a tiny file's transferred size is its raw size. Mirror that here, or the figures would
 * not be what a browser actually receives.
 */
const SERVE_GZIP_MIN = 512;

/** Bytes a static file of this content costs on the wire when served by scripts/serve.mjs. */
export function servedBytes(buf) {
  return buf.length > SERVE_GZIP_MIN ? gzipSync(buf).length : buf.length;
}

/** Reads one attribute from a tag's source; handles "double", 'single' and unquoted values. */
function attr(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i'));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/**
 * Inline <script> types that a browser does not execute (JSON-LD, JSON data blocks, import
 * maps). They are data, not JavaScript, so they stay in the HTML figure only and do not
 * break the "JS 0" rule. Any other type (none, module, text/javascript, …) is JS.
 */
const DATA_SCRIPT = /^(application\/(ld\+)?json|importmap|speculationrules|text\/template|text\/x-template)$/i;

/**
 * Maps an href/src from a page to a file in the site's dist directory. Root-relative URLs
 * ("/pagefind/x.css") resolve against the site root; relative ones against the page's own
 * directory. Returns null for other origins (http:, //cdn, data:), which cannot be measured
 * from disk and are reported separately.
 */
function resolveAsset(siteDir, pageUrlDir, ref) {
  if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(ref)) return null;
  const path = ref.split(/[?#]/)[0];
  const urlPath = path.startsWith('/') ? posix.normalize(path) : posix.join(pageUrlDir, path);
  // A path that climbs above the site root is not served (serve.mjs strips it); keep it inside.
  return join(siteDir, urlPath.replace(/^(\.\.\/)+/, ''));
}

/**
 * Transferred weight of one page.
 * @param {string} distDir   the dist/ directory (holding one directory per site)
 * @param {string} site      the site id, e.g. "zvecan"
 * @param {string} pagePath  the page's file under the site, e.g. "sr/index.html" or "/sr/news/x/index.html"
 * @returns {{html:number, css:number, js:number, total:number, inlineJs:number,
 *   assets:{kind:'css'|'js', file:string, bytes:number}[], external:string[], missing:string[]}}
 *   html/css/js/total in bytes. `js` includes the gzipped bytes of inline scripts (also given
 *   on their own as `inlineJs`). Those bytes are inside the HTML too, so `total` counts them
 *   twice: deliberately conservative, and moot under a "JS 0" budget anyway.
 */
export function pageWeight(distDir, site, pagePath) {
  const siteDir = join(distDir, site);
  const rel = pagePath.replace(/^\/+/, '');
  const htmlFile = join(siteDir, rel);
  const htmlBuf = readFileSync(htmlFile);
  // Comments can hold commented-out tags; they are never fetched, so drop them before looking.
  const source = htmlBuf.toString('utf8').replace(/<!--[\s\S]*?-->/g, '');
  const pageUrlDir = posix.dirname(`/${rel.split('\\').join('/')}`);

  const assets = [];
  const external = [];
  const missing = [];
  const seen = new Set(); // the same file referenced twice is downloaded once

  /** Adds one referenced file (and, for CSS, what it @imports) to the tally. */
  const add = (kind, fromDir, ref) => {
    const file = resolveAsset(siteDir, fromDir, ref);
    if (!file) return void external.push(ref);
    if (seen.has(file)) return;
    seen.add(file);
    if (!existsSync(file) || !statSync(file).isFile()) return void missing.push(ref);
    const buf = readFileSync(file);
    assets.push({ kind, file: file.slice(siteDir.length).split('\\').join('/'), bytes: servedBytes(buf) });
    if (kind === 'css') {
      // A stylesheet's @import is a further blocking download of CSS; follow it.
      const cssDir = posix.dirname(file.slice(siteDir.length).split('\\').join('/'));
      for (const m of buf.toString('utf8').matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)/gi)) add('css', cssDir, m[1]);
    }
  };

  // Stylesheets: <link rel="stylesheet" href>, attributes in any order. rel is a token list;
  // "alternate stylesheet" is not applied by default, so it is not loaded up front.
  for (const [tag] of source.matchAll(/<link\b[^>]*>/gi)) {
    const relTokens = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attr(tag, 'href');
    if (!href) continue;
    if (relTokens.includes('stylesheet') && !relTokens.includes('alternate')) add('css', pageUrlDir, href);
    // A module preload fetches JS before any <script> asks for it; it is JS weight all the same.
    else if (relTokens.includes('modulepreload')) add('js', pageUrlDir, href);
  }

  // Scripts: external ones by src; inline ones by their contents, gzipped on their own.
  let inlineJs = 0;
  for (const m of source.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const tag = `<script ${m[1]}>`;
    const type = (attr(tag, 'type') ?? '').trim();
    if (DATA_SCRIPT.test(type)) continue;
    const src = attr(tag, 'src');
    if (src) add('js', pageUrlDir, src);
    else if (m[2].trim()) inlineJs += gzipSync(Buffer.from(m[2], 'utf8')).length;
  }

  const html = servedBytes(htmlBuf);
  const css = assets.filter((a) => a.kind === 'css').reduce((s, a) => s + a.bytes, 0);
  const js = assets.filter((a) => a.kind === 'js').reduce((s, a) => s + a.bytes, 0) + inlineJs;
  return { html, css, js, total: html + css + js, inlineJs, assets, external, missing };
}

/**
 * Bytes of a JS module and everything it imports (statically or by import()), each file once.
 * An import() whose target matches `deferred` is not followed but listed in `later`: the page
 * fetches it only when the citizen asks for what it does.
 *
 * @param {string} siteDir
 * @param {string} url  the module's URL path on the site, e.g. /_astro/ReportForm.x.js
 * @param {Set<string>} seen
 * @param {RegExp} [deferred]
 * @param {string[]} [later]
 * @returns {number}
 */
function moduleGraph(siteDir, url, seen, deferred, later = []) {
  const clean = posix.normalize(url.split(/[?#]/)[0]);
  if (seen.has(clean)) return 0;
  seen.add(clean);
  const file = join(siteDir, clean);
  if (!existsSync(file)) return 0;
  const source = readFileSync(file);
  let bytes = servedBytes(source);
  for (const m of source.toString('utf8').matchAll(/(?:\bfrom\s*|\bimport\s*(\()?\s*)["'`]([^"'`]+\.m?js)["'`]/g)) {
    const ref = m[2];
    if (/^[a-z]+:|^\/\//i.test(ref)) continue;
    const target = ref.startsWith('/') ? ref : posix.join(posix.dirname(clean), ref);
    if (m[1] && deferred?.test(target)) later.push(target);
    else bytes += moduleGraph(siteDir, target, seen, deferred, later);
  }
  return bytes;
}

/**
 * A page's weight with the JavaScript a browser fetches on load: its scripts and Astro islands
 * with every module they import, statically or with import() — except the import()s matching
 * `deferred` (the report form's Leaflet, fetched when the citizen opens the map), weighed apart
 * as `deferredJs`. tests/build/budgets.test.ts holds every page to its budget this way; the
 * benchmark's weight section reports the form pages with it.
 *
 * @param {string} distDir
 * @param {string} site
 * @param {string} file  the page under the site, e.g. "sr/system-48h/report/index.html"
 * @param {RegExp} [deferred]
 * @returns {{ html: number, css: number, js: number, total: number, deferredJs: number, later: string[], eager: string[], missing: string[] }}
 */
export function pageWeightWithModules(distDir, site, file, deferred) {
  const siteDir = join(distDir, site);
  const w = pageWeight(distDir, site, file);
  const jsAssets = w.assets.filter((a) => a.kind === 'js');
  const seen = new Set();
  /** @type {string[]} */
  const later = [];
  // Inline scripts count as they are (pageWeight's inlineJs); files with what they import.
  let js = w.inlineJs;
  for (const a of jsAssets) js += moduleGraph(siteDir, a.file, seen, deferred, later);
  const html = readFileSync(join(siteDir, file), 'utf8');
  for (const m of html.matchAll(/\s(?:component-url|renderer-url)="([^"]+)"/g)) js += moduleGraph(siteDir, m[1], seen, deferred, later);
  // What the deferred import()s fetch beyond what the page already has.
  let deferredJs = 0;
  for (const url of later) deferredJs += moduleGraph(siteDir, url, seen);
  return { html: w.html, css: w.css, js, total: w.html + w.css + js, deferredJs, later: [...new Set(later)], eager: [...seen].filter((u) => !later.includes(u)), missing: w.missing };
}

/**
 * The budgets, in KB of gzip (1 KB = 1,024 bytes). Content pages — everything a citizen reads:
 * home, news, events, documents, consultations, info, the archive's lists and cases, statistics,
 * open data — carry no JavaScript at all and weigh at most 30 KB. The pages that need a script
 * have their own budget, set a little above what they weigh today so that growth is a decision:
 * - the two citizen forms: Preact, zod/mini and the form island (24.7 KB of JS for the question
 *   form, 31.4 KB for the report form, before any interaction); the report form's Leaflet (42 KB)
 *   loads only when the citizen presses "mark the place on the map" (`deferred`); both forms work
 *   without JavaScript, as plain HTML forms;
 * - search: Pagefind's UI, 31 KB (the index fragments it fetches while one types are not counted);
 * - the archive map: a small module that draws the map with Leaflet, 44 KB (the table beside it
 *   is the way in without JavaScript).
 * tests/build/budgets.test.ts holds every built page to its type's budget; docs/benchmarks.md
 * lists them, and its weight section reports the two forms against them.
 */
/** @type {{ type: string, test: RegExp, jsKb: number, totalKb: number, deferred?: RegExp, deferredKb?: number }[]} */
export const PAGE_BUDGETS = [
  { type: 'report form', test: /^[^/]+\/system-48h\/report\/index\.html$/, jsKb: 36, totalKb: 60, deferred: /\/leaflet-src\.[\w-]+\.js$/, deferredKb: 46 },
  { type: 'ask form', test: /^[^/]+\/ask-the-mayor\/ask\/index\.html$/, jsKb: 28, totalKb: 43 },
  { type: 'search', test: /^[^/]+\/search\/index\.html$/, jsKb: 35, totalKb: 45 },
  { type: 'archive map', test: /^[^/]+\/archive\/map\/index\.html$/, jsKb: 50, totalKb: 65 },
  { type: 'content page', test: /./, jsKb: 0, totalKb: 30 },
];
