// Builds municipalities' sites and their search indexes: node scripts/build-site.mjs <id> [<id> ...]
// Several ids build one after another in this one process: Astro, Vite and the rest are loaded
// and compiled once, and each site after the first builds about 1.5 s faster (build-all gives
// each of its child processes a share of the sites). For each site it prints a JSON line
// {"starting": id} when it begins and one with its figures when it is done, for build-all and the
// benchmark. BUILD_SITE_ENV (JSON: {"<id>": {"OUT_DIR": …}}) gives a site settings of its own.
// Each build its own .astro/ folders, however it was started (build-all also preloads this; twice is harmless).
import './lib/astro-dot-dir-hook.mjs';
// Astro and its tools compiled once per machine, not once per build (before Astro is imported).
import './lib/compile-cache.mjs';
import { fileURLToPath } from 'node:url';
import { readdir, readFile, writeFile, lstat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ids = process.argv.slice(2);
if (!ids.length) {
  console.error('usage: node scripts/build-site.mjs <municipality-id> [<municipality-id> ...]');
  process.exit(2);
}
process.env.ASTRO_TELEMETRY_DISABLED = '1';
// One "now" for Astro's pages and the archive's (deadlines, overdue states): pinned before either.
process.env.BUILD_NOW ??= new Date().toISOString();
// BUILD_NICE: the local rebuild worker's backstop builds run below the fast path and the servers.
if (process.env.BUILD_NICE) {
  const { setPriority } = await import('node:os');
  try {
    setPriority(Number(process.env.BUILD_NICE));
  } catch {
    // Not allowed here: the build runs at the usual priority.
  }
}
const root = fileURLToPath(new URL('..', import.meta.url));

async function countPages(dir) {
  let n = 0;
  for (const e of await readdir(dir, {
    withFileTypes: true,
    recursive: true,
  })) {
    if (e.isFile() && e.name.endsWith('.html')) n++;
  }
  return n;
}

const { build } = await import('astro');
const { publishArchive } = await import('../core/archive/publish.ts');
const { withArchiveSitemap } = await import('../core/archive/render.ts');
const { FsSiteFiles } = await import('../functions/adapters/fs-site-files.ts');
const { getMunicipality } = await import('../core/municipalities/index.ts');
const pagefind = await import('pagefind');
const { inlineContent, hashSource, missingHashes } = await import('../core/security/inline.ts');
const { readAllowedHashes, writeAllowedHashes } = await import('../core/security/allowlist.ts');

/** Each site's own settings (OUT_DIR, ASTRO_CACHE_DIR, …), set while it builds and undone after. */
const siteEnv = JSON.parse(process.env.BUILD_SITE_ENV || '{}');

for (const id of ids) {
  console.log(JSON.stringify({ starting: id }));
  const own = { ...siteEnv[id], SITE: id };
  const saved = Object.fromEntries(Object.keys(own).map((k) => [k, process.env[k]]));
  Object.assign(process.env, own);
  const { figures } = await buildOne(id);
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  console.log(JSON.stringify(figures));
}

/** Builds one site: Astro, then the archive, the search index and the inline hashes. */
async function buildOne(id) {
  // OUT_DIR: the local rebuild worker builds into a staging folder, then swaps it in.
  const out = process.env.OUT_DIR ? resolve(root, process.env.OUT_DIR) : join(root, 'dist', id);

  // The local rebuild worker makes dist/<id> a link to its newest build (scripts/local/rebuilder.mjs):
  // a build of its own replaces the link with a folder, leaving the worker's builds as they are.
  if ((await lstat(out).catch(() => undefined))?.isSymbolicLink()) await unlink(out);

  const started = performance.now();
  try {
    await build({ root, logLevel: process.env.ASTRO_LOG ?? 'warn' });
  } catch (e) {
    // Astro's message already names the file and field for content errors.
    console.error(`\n✗ ${id}: the build failed.\n${e?.message ?? e}`);
    process.exit(1);
  }
  const built = performance.now();

  // The archive's case and list pages, its feeds and sitemap: written by the archive renderer from
  // the records the content loader validated (core/archive/), not by Astro, so the fast publish path
  // (functions/domain/fast-publish.ts) renders the same bytes for the pages a change touches.
  const handoff = globalThis.__eopstineArchiveRecords;
  const records = handoff?.municipality === id ? handoff.records : await (await import('../sites/content/archive-loader.ts')).readArchive(id);
  delete globalThis.__eopstineArchiveRecords; // the next site's build must not hold this one's records
  const municipality = getMunicipality(id);
  const siteUrl = process.env.SITE_URL ?? `https://${municipality.domain}`;
  const archive = await publishArchive({
    files: new FsSiteFiles(out, { atomic: false }),
    cases: records,
    context: {
      municipality,
      site: siteUrl,
      now: new Date(process.env.BUILD_NOW),
    },
  });
  const sitemapIndex = join(out, 'sitemap-index.xml');
  const sitemapText = await readFile(sitemapIndex, 'utf8').catch(() => undefined);
  if (sitemapText) await writeFile(sitemapIndex, withArchiveSitemap(sitemapText, siteUrl));
  const archived = performance.now();

  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  // The archive's thousands of case and list pages have their own filters and are left out of
  // the search index (they carry no data-pagefind-body anyway); skipping them keeps indexing fast.
  const sections = new Set();
  for (const locale of await readdir(out, { withFileTypes: true })) {
    if (!locale.isDirectory() || locale.name === 'pagefind') continue;
    for (const e of await readdir(join(out, locale.name), {
      withFileTypes: true,
    })) {
      if (e.isDirectory() && e.name !== 'archive' && e.name !== 'page-shell' && e.name !== 'archive-shell') sections.add(`${e.name}/**/*.html`);
    }
  }
  const added = await index.addDirectory({
    path: out,
    glob: `*/{index.html,${[...sections].join(',')}}`,
  });
  if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
  await index.writeFiles({ outputPath: join(out, 'pagefind') });
  await pagefind.close();
  const indexed = performance.now();

  // The Content-Security-Policy allows inline scripts and styles by hash only (core/security/):
  // hash what the pages carry inline, for the local server (<out>/_csp.json) and to compare with
  // the committed hashes a deploy puts into CloudFront's header (core/security/csp/<id>.json).
  // CSP_HASHES=write updates the committed file; CSP_HASHES=check fails the build when the pages
  // need a hash it lacks (the publish workflow: never upload pages the deployed policy would break);
  // otherwise a difference is a warning.
  // Every page inlines the same few stylesheets: hash each text once.
  const textHashes = new Map();
  const hashOf = (text) => textHashes.get(text) ?? (textHashes.set(text, hashSource(text)), textHashes.get(text));
  const archiveFiles = new Set(archive.written);
  const firstSeen = {
    scripts: new Map(),
    styles: new Map(),
    styleAttributes: new Map(),
    eventHandlers: new Map(),
  };
  const pages = (await readdir(out, { withFileTypes: true, recursive: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name))
    // The archive's pages are its shell (scanned: sr/archive-shell/) filled with the case template's
    // markup, which has no inline script or style: reading tens of thousands of them adds nothing.
    .filter((file) => !archiveFiles.has(file.slice(out.length + 1)))
    .sort();
  // Read a few at a time (the archive has tens of thousands of pages); noted in page order.
  for (let i = 0; i < pages.length; i += 16) {
    const batch = pages.slice(i, i + 16);
    const texts = await Promise.all(batch.map((file) => readFile(file, 'utf8')));
    texts.forEach((html, j) => {
      const page = batch[j].slice(out.length + 1);
      const c = inlineContent(html);
      const note = (map, key) => map.has(key) || map.set(key, page);
      for (const s of c.scripts) note(firstSeen.scripts, hashOf(s));
      for (const s of c.styles) note(firstSeen.styles, hashOf(s));
      for (const s of c.styleAttributes) note(firstSeen.styleAttributes, s);
      for (const s of c.eventHandlers) note(firstSeen.eventHandlers, s);
    });
  }
  const hashes = {
    scripts: [...firstSeen.scripts.keys()].sort(),
    styles: [...firstSeen.styles.keys()].sort(),
  };
  await writeFile(join(out, '_csp.json'), `${JSON.stringify(hashes, null, 2)}\n`);
  const cspMode = process.env.CSP_HASHES ?? '';
  const problems = [];
  for (const [value, page] of firstSeen.styleAttributes) problems.push(`a style attribute (style="${value}") in ${page}: the policy refuses style attributes; use a class`);
  for (const [value, page] of firstSeen.eventHandlers) problems.push(`an event handler attribute (${value.slice(0, 60)}) in ${page}: the policy refuses them; use a script file`);
  if (cspMode === 'write') {
    const file = writeAllowedHashes(id, hashes);
    console.error(`${id}: wrote ${hashes.scripts.length + hashes.styles.length} inline hashes to ${file}; commit it and deploy (sst deploy) before publishing pages that need them.`);
  } else {
    const allowed = readAllowedHashes(id);
    if (!allowed) problems.push(`no committed inline hashes for ${id} (core/security/csp/${id}.json)`);
    else {
      const missing = missingHashes(hashes, allowed);
      for (const h of missing.scripts) problems.push(`an inline script ${h} (first in ${firstSeen.scripts.get(h)}) is not in core/security/csp/${id}.json`);
      for (const h of missing.styles) problems.push(`an inline style ${h} (first in ${firstSeen.styles.get(h)}) is not in core/security/csp/${id}.json`);
    }
  }
  if (problems.length) {
    const fix = 'If the change is meant, run `CSP_HASHES=write npm run build`, commit core/security/csp/ and deploy (sst deploy) before the pages are published; see docs/deploy.md.';
    console.error(`\n${cspMode === 'check' ? '✗' : '!'} ${id}: the Content-Security-Policy does not cover the built pages:\n  - ${problems.join('\n  - ')}\n${fix}`);
    if (cspMode === 'check') process.exit(1);
  }
  const hashed = performance.now();

  return {
    figures: {
      site: id,
      pages: await countPages(out),
      indexedPages: added.page_count,
      buildMs: Math.round(built - started),
      archivePages: archive.rendered,
      archiveMs: Math.round(archived - built),
      searchMs: Math.round(indexed - archived),
      cspMs: Math.round(hashed - indexed),
      totalMs: Math.round(hashed - started),
      // The process's peak so far: with several sites, the largest of them or more.
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    },
  };
}
