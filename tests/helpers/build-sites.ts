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

/**
 * Builds one site from an archive file into `<dir>/out` (its cache in `<dir>/cache`), with "now"
 * pinned, in a child process with the project's Node: the fast publish tests compare two such
 * builds with what the fast path wrote. Resolves with the output folder.
 */
export async function buildSiteFrom(site: string, dir: string, archiveFile: string, now: string): Promise<string> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const { join } = await import('node:path');
  await promisify(execFile)(process.execPath, ['scripts/build-site.mjs', site], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    env: { ...process.env, SITE: site, OUT_DIR: join(dir, 'out'), ASTRO_CACHE_DIR: join(dir, 'cache'), ARCHIVE_SOURCE: 'file', ARCHIVE_FILE: archiveFile, BUILD_NOW: now, BUILD_DATE: now.slice(0, 10) },
    maxBuffer: 32 * 1024 * 1024,
  });
  return join(dir, 'out');
}
