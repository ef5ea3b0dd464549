// The local rebuild worker: what the CI workflow does in AWS. When a municipality's public data
// changes, its site is built again (incrementally: Astro renders only pages whose cache key
// changed) into a staging folder and swapped in, so the old site is served until the new one is
// complete. Requests are debounced and coalesced: a burst of changes makes one build, and a
// change that arrives during a build makes exactly one more.
import { rename, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSite } from '../build-all.mjs';

/**
 * @param {object} o
 * @param {string} o.distDir where the served sites live (dist/)
 * @param {Record<string, string>} o.env settings for the build (the archive source)
 * @param {number} [o.debounceMs] quiet time before a build starts
 * @param {(line: string) => void} [o.log]
 * @param {(site: string, result: object) => void} [o.onBuilt] called after each swap
 * @param {(site: string) => string} [o.cacheDirOf] Astro's cache folder of a site (its incremental state)
 */
export function createRebuilder({ distDir, env, debounceMs = 400, log = console.log, onBuilt = () => {}, cacheDirOf = (site) => join('node_modules', '.astro', site) }) {
  /** @type {Map<string, { timer?: NodeJS.Timeout, running?: Promise<void>, again: boolean }>} */
  const sites = new Map();
  const waiters = new Set();
  let stopped = false;
  const state = (site) => {
    let s = sites.get(site);
    if (!s) sites.set(site, (s = { again: false }));
    return s;
  };
  const busy = () => [...sites.values()].some((s) => s.timer || s.running);
  const settle = () => {
    if (busy()) return;
    for (const resolve of waiters) resolve();
    waiters.clear();
  };

  async function buildOnce(site) {
    const staging = join(distDir, '.staging', site);
    await rm(staging, { recursive: true, force: true });
    await mkdir(join(distDir, '.staging'), { recursive: true });
    const started = performance.now();
    const result = await buildSite(site, {
      quiet: true,
      env: { ...env, OUT_DIR: staging, ASTRO_CACHE_DIR: cacheDirOf(site) },
    });
    // Swap: the new build replaces the old in two renames; the old one is removed afterwards.
    const live = join(distDir, site);
    const old = join(distDir, '.staging', `${site}.old`);
    await rm(old, { recursive: true, force: true });
    await rename(live, old).catch((e) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await rename(staging, live);
    await rm(old, { recursive: true, force: true });
    const ms = Math.round(performance.now() - started);
    log(`rebuild: ${site} published (${result.pages} pages, ${ms} ms)`);
    onBuilt(site, { ...result, wallMs: ms });
    return result;
  }

  function run(site) {
    const s = state(site);
    s.timer = undefined;
    if (stopped) return settle();
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = buildOnce(site)
      .catch((e) => log(`rebuild: ${site} failed, the previous version stays online: ${e.message.split('\n').slice(0, 6).join(' | ')}`))
      .finally(() => {
        s.running = undefined;
        if (s.again && !stopped) {
          s.again = false;
          schedule(site, 0);
        }
        settle();
      });
  }
  function schedule(site, delay = debounceMs) {
    const s = state(site);
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => run(site), delay);
  }

  return {
    /**
     * Asks for a build of one site (the Publisher port of functions/domain/ports.ts). A request
     * during a build makes one more build after it: that build may have read the data before the
     * change. (The stream's record times are too coarse in DynamoDB Local to tell.)
     * @param {string} site
     */
    async requestBuild(site) {
      const s = state(site);
      if (s.running) {
        s.again = true;
        return;
      }
      schedule(site);
    },
    /** Builds sites now, two at a time (used by npm start before serving). */
    async buildAll(ids, { concurrency = 2 } = {}) {
      const queue = [...ids];
      const results = [];
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
          while (queue.length && !stopped) {
            const site = queue.shift();
            const s = state(site);
            if (s.running) await s.running;
            // This build has every change so far: a request waiting for its debounce is covered.
            if (s.timer) clearTimeout(s.timer);
            s.timer = undefined;
            s.again = false;
            const p = buildOnce(site);
            s.running = p.then(() => {}, () => {});
            try {
              results.push(await p);
            } finally {
              s.running = undefined;
              // A change that arrived during this build may not be in it: build once more.
              if (s.again && !stopped) {
                s.again = false;
                schedule(site, 0);
              }
            }
          }
        }),
      );
      settle();
      return results;
    },
    /** Resolves once no build is waiting or running. */
    idle() {
      if (!busy()) return Promise.resolve();
      return new Promise((resolve) => waiters.add(resolve));
    },
    async stop() {
      stopped = true;
      for (const s of sites.values()) {
        if (s.timer) clearTimeout(s.timer);
        s.timer = undefined;
      }
      await Promise.all([...sites.values()].map((s) => s.running));
      settle();
    },
  };
}
