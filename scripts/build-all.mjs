// Builds all four sites (or those named): node scripts/build-all.mjs [id ...]
// Sites build in parallel child processes, as many at once as the machine has cores (at most 4).
// DIST_DIR puts the sites somewhere other than dist/ (dist/<id> → $DIST_DIR/<id>, each with its
// own cache beside it). If one site's build fails, its error is printed (the last lines of what
// it wrote to stderr), the builds still running are stopped (each child and everything it
// started: it is the leader of its own process group) and the run exits with code 1.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteIds } from './lib/sites.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Preloaded into every child build: its own .astro/ folder (see the module's head). */
const perBuildAstro = fileURLToPath(new URL('./lib/astro-dot-dir-hook.mjs', import.meta.url));
/** How much of a failed build's output an error carries. */
const TAIL_LINES = 40;

/** The last `n` non-empty lines of a child's output. */
export function tail(text, n = TAIL_LINES) {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines.slice(-n).join('\n');
}

/** Stops a child build and everything it started (it leads its own process group). */
function stopGroup(pid) {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return; // nothing left in the group
  }
  // Astro or pagefind may not stop on SIGTERM at once: SIGKILL what is left shortly after.
  setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }, 2000).unref();
}

/**
 * Builds one site in a child process (a production build: NODE_ENV=production unless `env`
 * says otherwise; its own .astro/ folder); resolves with its figures. A failed build rejects
 * with an Error whose message names the site and the exit code and ends with the last lines
 * the build wrote to stderr (`error.site`, `error.output` for callers).
 * @param {string} id
 * @param {{ quiet?: boolean, env?: Record<string, string>, signal?: AbortSignal, onStart?: (pid: number) => void }} [o]
 *   env: extra settings (archive source, OUT_DIR); signal: aborting it stops the build and its
 *   children; onStart: called with the child's pid (its process group).
 */
export function buildSite(id, { quiet = false, env = {}, signal, onStart } = {}) {
  return new Promise((resolvePromise, reject) => {
    if (signal?.aborted) {
      reject(Object.assign(new Error(`${id}: not built (stopped)`), { site: id, stopped: true }));
      return;
    }
    const child = spawn(process.execPath, ['--import', perBuildAstro, 'scripts/build-site.mjs', id], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', ...env },
      detached: true, // its own process group, so stopping it stops pagefind and the rest too
    });
    onStart?.(child.pid);
    let stdout = '';
    let stderr = '';
    let stopped = false;
    const onAbort = () => {
      stopped = true;
      stopGroup(child.pid);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // If this process is ended, do not leave the build running on its own.
    const onExit = () => stopGroup(child.pid);
    process.once('exit', onExit);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => reject(Object.assign(new Error(`${id}: the build could not start: ${e.message}`), { site: id })));
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      process.removeListener('exit', onExit);
      // A failed build may leave something it started (pagefind) behind: stop that too.
      if (code !== 0) stopGroup(child.pid);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (stopped) {
        reject(Object.assign(new Error(`${id}: stopped (${sig ?? `exit ${code}`}) because another build failed`), { site: id, stopped: true }));
        return;
      }
      if (code !== 0) {
        const output = tail(stderr) || tail(stdout) || '(it wrote nothing to stderr or stdout)';
        reject(Object.assign(new Error(`${id}: build failed (${sig ? `killed by ${sig}` : `exit ${code}`}). Its last output:\n${output}`), { site: id, output }));
        return;
      }
      if (!quiet && stderr.trim()) process.stderr.write(stderr);
      try {
        resolvePromise(JSON.parse(last));
      } catch {
        reject(Object.assign(new Error(`${id}: the build ended without its figures (last line: ${last.slice(0, 200)})`), { site: id, output: tail(stderr) }));
      }
    });
  });
}

/**
 * Builds sites with a bounded number at once; prints progress per site. The first failure stops
 * the builds still running and the queue, and rejects with that failure's error.
 * @param {string[]} [ids]
 * @param {{ concurrency?: number, log?: (s: string) => void, env?: Record<string, string> | ((id: string) => Record<string, string>) }} [o]
 *   env: extra settings for every site, or a function giving each site its own.
 */
export async function buildAll(ids = siteIds, { concurrency = Math.min(availableParallelism(), 4), log = console.log, env = {} } = {}) {
  const started = performance.now();
  const results = [];
  const queue = [...ids];
  const stop = new AbortController();
  const running = new Map(); // id → pid
  let failure;
  const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    while (queue.length && !failure) {
      const id = queue.shift();
      const siteEnv = typeof env === 'function' ? env(id) : env;
      try {
        const r = await buildSite(id, { env: siteEnv, signal: stop.signal, onStart: (pid) => (running.set(id, pid), log(`  … ${id}: building (pid ${pid})`)) });
        running.delete(id);
        log(`  ✓ ${id}: ${r.pages} pages in ${(r.totalMs / 1000).toFixed(1)} s (search index ${(r.searchMs / 1000).toFixed(1)} s, peak ${r.maxRssMb} MB)`);
        results.push(r);
      } catch (e) {
        const pid = running.get(id);
        running.delete(id);
        if (e.stopped) {
          log(`  ■ ${id}: stopped (pid ${pid ?? '–'}), another site's build failed`);
          continue;
        }
        if (!failure) {
          failure = e;
          log(`  ✗ ${e.message.split('\n')[0]}`);
          if (running.size) log(`  stopping the other build(s): ${[...running].map(([s, p]) => `${s} (pid ${p})`).join(', ')}`);
          stop.abort();
        }
      }
    }
  });
  await Promise.all(workers);
  if (failure) throw failure;
  const wallMs = performance.now() - started;
  const pages = results.reduce((s, r) => s + r.pages, 0);
  return { wallMs, pages, results, pagesPerSecond: pages / (wallMs / 1000), peakRssMb: Math.max(...results.map((r) => r.maxRssMb)) };
}

/** DIST_DIR: every site's output in $DIST_DIR/<id> (and its cache in $DIST_DIR/<id>-cache); unset, dist/<id>. */
export const distEnv = (id) => (process.env.DIST_DIR ? { OUT_DIR: join(resolve(process.env.DIST_DIR), id) } : {});
/** Where distEnv puts the sites. */
export const distDir = () => (process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : join(root, 'dist'));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ids = process.argv.slice(2);
  const unknown = ids.filter((id) => !siteIds.includes(id));
  if (unknown.length) {
    console.error(`Unknown site(s): ${unknown.join(', ')}. Known: ${siteIds.join(', ')}`);
    process.exit(2);
  }
  console.log(`Building ${ids.length || siteIds.length} site(s) into ${process.env.DIST_DIR ?? 'dist'}/`);
  // Ctrl-C or a kill: exit through process.exit, so that every running build is stopped too.
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
  try {
    const r = await buildAll(ids.length ? ids : siteIds, { env: distEnv });
    console.log(`Built ${r.pages} pages in ${(r.wallMs / 1000).toFixed(1)} s (${r.pagesPerSecond.toFixed(0)} pages/s).`);
  } catch (e) {
    console.error(`\nThe build failed: ${e.message}`);
    process.exitCode = 1;
  }
}
