// Builds all four sites once before the build and browser tests, unless SKIP_BUILD=1 and a
// build is already in dist/. BUILD_DATE pins "today" so open/closed consultations don't drift.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default async function setup() {
  const dist = fileURLToPath(new URL('../../dist/zvecan/sr/index.html', import.meta.url));
  if (process.env.SKIP_BUILD === '1' && existsSync(dist)) return;
  // The archive comes from a fixture of public records (the integration tests build from the table).
  process.env.ARCHIVE_SOURCE ??= 'file';
  process.env.ARCHIVE_FILE ??= fileURLToPath(new URL('../fixtures/archive.json', import.meta.url));
  const { buildAll } = await import('../../scripts/build-all.mjs');
  const r = await buildAll(undefined, { log: () => {} });
  console.log(`built ${r.pages} pages in ${(r.wallMs / 1000).toFixed(1)} s`);
}
