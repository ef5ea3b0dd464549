// Builds all four sites (or those named): node scripts/build-all.mjs [id ...]
// Sites build in parallel child processes, as many at once as the machine has cores.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { siteIds } from './lib/sites.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Builds one site in a child process; resolves with its figures.
 * @param {string} id
 * @param {{ quiet?: boolean, env?: Record<string, string> }} [o] env: extra settings (archive source, OUT_DIR)
 */
export function buildSite(id, { quiet = false, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/build-site.mjs', id], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`${id}: build failed (exit ${code})\n${stderr || stdout}`));
        return;
      }
      if (!quiet && stderr.trim()) process.stderr.write(stderr);
      resolve(JSON.parse(last));
    });
  });
}

/** Builds sites with a bounded number at once; prints progress per site. */
export async function buildAll(ids = siteIds, { concurrency = Math.min(availableParallelism(), 4), log = console.log, env = {} } = {}) {
  const started = performance.now();
  const results = [];
  const queue = [...ids];
  const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    while (queue.length) {
      const id = queue.shift();
      log(`  … ${id}: building`);
      const r = await buildSite(id, { env });
      log(`  ✓ ${id}: ${r.pages} pages in ${(r.totalMs / 1000).toFixed(1)} s (search index ${(r.searchMs / 1000).toFixed(1)} s, peak ${r.maxRssMb} MB)`);
      results.push(r);
    }
  });
  await Promise.all(workers);
  const wallMs = performance.now() - started;
  const pages = results.reduce((s, r) => s + r.pages, 0);
  return { wallMs, pages, results, pagesPerSecond: pages / (wallMs / 1000), peakRssMb: Math.max(...results.map((r) => r.maxRssMb)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ids = process.argv.slice(2);
  const unknown = ids.filter((id) => !siteIds.includes(id));
  if (unknown.length) {
    console.error(`Unknown site(s): ${unknown.join(', ')}. Known: ${siteIds.join(', ')}`);
    process.exit(2);
  }
  console.log(`Building ${ids.length || siteIds.length} site(s) into dist/`);
  try {
    const r = await buildAll(ids.length ? ids : siteIds);
    console.log(`Built ${r.pages} pages in ${(r.wallMs / 1000).toFixed(1)} s (${r.pagesPerSecond.toFixed(0)} pages/s).`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
