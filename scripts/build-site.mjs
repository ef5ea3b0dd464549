// Builds one municipality's site and its search index: node scripts/build-site.mjs <id>
// Prints one JSON line with its figures last, for build-all and the benchmark.
import { fileURLToPath } from 'node:url';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const id = process.argv[2];
if (!id) {
  console.error('usage: node scripts/build-site.mjs <municipality-id>');
  process.exit(2);
}
process.env.SITE = id;
process.env.ASTRO_TELEMETRY_DISABLED = '1';
const root = fileURLToPath(new URL('..', import.meta.url));
// OUT_DIR: the local rebuild worker builds into a staging folder, then swaps it in.
const out = process.env.OUT_DIR ? resolve(root, process.env.OUT_DIR) : join(root, 'dist', id);

async function countPages(dir) {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.html')) n++;
  }
  return n;
}

const started = performance.now();
const { build } = await import('astro');
try {
  await build({ root, logLevel: process.env.ASTRO_LOG ?? 'warn' });
} catch (e) {
  // Astro's message already names the file and field for content errors.
  console.error(`\n✗ ${id}: the build failed.\n${e?.message ?? e}`);
  process.exit(1);
}
const built = performance.now();

const pagefind = await import('pagefind');
const { index, errors } = await pagefind.createIndex({});
if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
// The archive's thousands of case and list pages have their own filters and are left out of
// the search index (they carry no data-pagefind-body anyway); skipping them keeps indexing fast.
const sections = new Set();
for (const locale of await readdir(out, { withFileTypes: true })) {
  if (!locale.isDirectory() || locale.name === 'pagefind') continue;
  for (const e of await readdir(join(out, locale.name), { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== 'archive' && e.name !== 'page-shell') sections.add(`${e.name}/**/*.html`);
  }
}
const added = await index.addDirectory({ path: out, glob: `*/{index.html,${[...sections].join(',')}}` });
if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
await index.writeFiles({ outputPath: join(out, 'pagefind') });
await pagefind.close();
const indexed = performance.now();

console.log(
  JSON.stringify({
    site: id,
    pages: await countPages(out),
    indexedPages: added.page_count,
    buildMs: Math.round(built - started),
    searchMs: Math.round(indexed - built),
    totalMs: Math.round(indexed - started),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
