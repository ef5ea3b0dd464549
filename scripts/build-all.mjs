// Builds all four sites (or those named): node scripts/build-all.mjs [id ...]
// Sites build in parallel child processes, as many at once as the machine has cores (at most 4);
// each child builds its share of the sites one after another (scripts/build-site.mjs takes
// several ids), so Astro and its tools start once per child, not once per site.
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
 * Builds sites one after another in one child process (a production build: NODE_ENV=production
 * unless `env` says otherwise; each site its own .astro/ folder); resolves with their figures, in
 * order. A failed build rejects with an Error whose message names the site and the exit code and
 * ends with the last lines the build wrote to stderr (`error.site`, `error.output` for callers);
 * the sites after it in this child are not built.
 * @param {string[]} ids
 * @param {{ quiet?: boolean, env?: Record<string, string> | ((id: string) => Record<string, string>), processEnv?: Record<string, string>, signal?: AbortSignal, onStart?: (id: string, pid: number) => void, onDone?: (figures: any) => void }} [o]
 *   env: extra settings (archive source, OUT_DIR) for all, or a function giving each site its
 *   own; processEnv: settings the child reads once, at its start (BUILD_NICE), whichever `env` is;
 *   signal: aborting it stops the build and its children; onStart: called as each site begins,
 *   with the child's pid (its process group); onDone: with each site's figures.
 */
export function buildSites(ids, { quiet = false, env = {}, processEnv = {}, signal, onStart, onDone } = {}) {
  return new Promise((resolvePromise, reject) => {
    // The site being built, or the next one (for messages about a stop or a failure).
    const current = () => building ?? ids[results.length] ?? ids.at(-1);
    let building;
    if (signal?.aborted) {
      reject(
        Object.assign(new Error(`${ids.join(', ')}: not built (stopped)`), {
          site: ids[0],
          stopped: true,
        }),
      );
      return;
    }
    // Settings shared by every site go to the child's environment; each site's own, through
    // BUILD_SITE_ENV, are set by the child while that site builds.
    const perSite = typeof env === 'function' ? Object.fromEntries(ids.map((id) => [id, env(id)])) : {};
    const child = spawn(process.execPath, ['--import', perBuildAstro, 'scripts/build-site.mjs', ...ids], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        ...processEnv,
        ...(typeof env === 'function' ? {} : env),
        BUILD_SITE_ENV: JSON.stringify(perSite),
      },
      detached: true, // its own process group, so stopping it stops pagefind and the rest too
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let stopped = false;
    const results = [];
    const onAbort = () => {
      stopped = true;
      stopGroup(child.pid);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // If this process is ended, do not leave the build running on its own.
    const onExit = () => stopGroup(child.pid);
    process.once('exit', onExit);
    child.stdout.on('data', (d) => {
      stdout += d;
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        let msg;
        try {
          msg = line.startsWith('{') ? JSON.parse(line) : undefined;
        } catch {
          msg = undefined;
        }
        if (msg?.starting) {
          building = msg.starting;
          onStart?.(msg.starting, child.pid);
        } else if (msg?.site && msg.pages !== undefined) {
          building = undefined;
          results.push(msg);
          onDone?.(msg);
        }
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => reject(Object.assign(new Error(`${current()}: the build could not start: ${e.message}`), { site: current() })));
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      process.removeListener('exit', onExit);
      // A failed build may leave something it started (pagefind) behind: stop that too.
      if (code !== 0) stopGroup(child.pid);
      if (stopped) {
        reject(Object.assign(new Error(`${current()}: stopped (${sig ?? `exit ${code}`}) because another build failed`), { site: current(), stopped: true }));
        return;
      }
      if (code !== 0) {
        const output = tail(stderr) || tail(stdout) || '(it wrote nothing to stderr or stdout)';
        reject(Object.assign(new Error(`${current()}: build failed (${sig ? `killed by ${sig}` : `exit ${code}`}). Its last output:\n${output}`), { site: current(), output }));
        return;
      }
      if (!quiet && stderr.trim()) process.stderr.write(stderr);
      if (results.length !== ids.length) {
        const last = stdout.trim().split('\n').pop() ?? '';
        reject(Object.assign(new Error(`${current()}: the build ended without its figures (last line: ${last.slice(0, 200)})`), { site: current(), output: tail(stderr) }));
        return;
      }
      resolvePromise(results);
    });
  });
}

/** Builds one site in a child process: buildSites([id]), resolving with its figures. */
export async function buildSite(id, { quiet = false, env = {}, signal, onStart } = {}) {
  const [figures] = await buildSites([id], {
    quiet,
    env,
    signal,
    onStart: onStart && ((_, pid) => onStart(pid)),
  });
  return figures;
}

/**
 * Builds sites in `concurrency` child processes at once, each building its share one after
 * another (the sites dealt out in turn: with two children, the first, third, … and the second,
 * fourth, …); prints progress per site. The first failure stops the builds still running and the
 * rest of every share, and rejects with that failure's error.
 * @param {string[]} [ids]
 * @param {{ concurrency?: number, log?: (s: string) => void, env?: Record<string, string> | ((id: string) => Record<string, string>) }} [o]
 *   env: extra settings for every site, or a function giving each site its own.
 */
export async function buildAll(ids = siteIds, { concurrency = Math.min(availableParallelism(), 4), log = console.log, env = {} } = {}) {
  const started = performance.now();
  const results = [];
  const stop = new AbortController();
  const running = new Map(); // id → pid
  const shares = Array.from({ length: Math.min(concurrency, ids.length) }, (_, k) => ids.filter((_, i) => i % concurrency === k));
  let failure;
  await Promise.all(
    shares.map(async (share) => {
      try {
        await buildSites(share, {
          env,
          signal: stop.signal,
          onStart: (id, pid) => {
            running.set(id, pid);
            log(`  … ${id}: building (pid ${pid})`);
          },
          onDone: (r) => {
            running.delete(r.site);
            log(`  ✓ ${r.site}: ${r.pages} pages in ${(r.totalMs / 1000).toFixed(1)} s (search index ${(r.searchMs / 1000).toFixed(1)} s, peak ${r.maxRssMb} MB)`);
            results.push(r);
          },
        });
      } catch (e) {
        const pid = running.get(e.site);
        running.delete(e.site);
        if (e.stopped) {
          log(`  ■ ${e.site}: stopped (pid ${pid ?? '–'}), another site's build failed`);
          return;
        }
        if (!failure) {
          failure = e;
          log(`  ✗ ${e.message.split('\n')[0]}`);
          if (running.size) log(`  stopping the other build(s): ${[...running].map(([s, p]) => `${s} (pid ${p})`).join(', ')}`);
          stop.abort();
        }
      }
    }),
  );
  if (failure) throw failure;
  const wallMs = performance.now() - started;
  const pages = results.reduce((s, r) => s + r.pages, 0);
  return {
    wallMs,
    pages,
    results,
    pagesPerSecond: pages / (wallMs / 1000),
    peakRssMb: Math.max(...results.map((r) => r.maxRssMb)),
  };
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
    // BUILD_CONCURRENCY: how many child processes (default: the cores, at most 4).
    const concurrency = Number(process.env.BUILD_CONCURRENCY) || undefined;
    const r = await buildAll(ids.length ? ids : siteIds, { env: distEnv, ...(concurrency ? { concurrency } : {}) });
    console.log(`Built ${r.pages} pages in ${(r.wallMs / 1000).toFixed(1)} s (${r.pagesPerSecond.toFixed(0)} pages/s).`);
  } catch (e) {
    console.error(`\nThe build failed: ${e.message}`);
    process.exitCode = 1;
  }
}
