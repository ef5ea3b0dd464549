// The local rebuild worker: what the stream function's fast path and the CI workflow do in AWS.
// When a case's public record changes, its pages are published at once by the fast path (an
// optional `fastPublish`: functions/domain/fast-publish.ts renders the case's pages, the lists,
// feeds and sitemap, and writes the changed files into the site being served); then, as the
// backstop for everything else (statistics, open data, the archive's front page), the site is
// built again (incrementally: Astro renders only pages whose cache key changed) into a new folder
// and swapped in, so the old site is served until the new one is complete. Requests are
// debounced and coalesced: a burst of changes makes one build, and a change that arrives during a
// build makes exactly one more.
//
// The swap is atomic: `dist/<id>` is a symbolic link to the build being served,
// `dist/.builds/<id>-<time>-<n>`, and a new build is published by renaming a new link over it
// (rename(2) replaces a link in one step). The server resolves the link once per request
// (scripts/serve.mjs), so a request reads every file from one build; the replaced build is
// removed a little later, when requests that began on it are long done. A plain folder (from
// `npm run build`) is moved into .builds/ at the first swap.
import { lstat, mkdir, readdir, realpath, rename, rm, symlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { buildSite, buildSites } from '../build-all.mjs';

/**
 * @typedef {(site: string, o: { outDir: string, env: Record<string, string>, cacheDir: string }) => Promise<{ pages: number }>} BuildFn
 * Builds a site into `outDir`; resolves with its figures.
 */

/**
 * @type {BuildFn} scripts/build-site.mjs in a child process, at a lower CPU priority (BUILD_NICE):
 * the backstop build must not slow the fast path, the API or the site being served.
 */
const astroBuild = (site, { outDir, env, cacheDir }) => buildSite(site, { quiet: true, env: { BUILD_NICE: '10', ...env, OUT_DIR: outDir, ASTRO_CACHE_DIR: cacheDir } });

/**
 * @typedef {(jobs: { site: string, outDir: string, env: Record<string, string>, cacheDir: string }[], onBuilt: (site: string, figures: { pages: number }) => void) => Promise<void>} BuildManyFn
 * Builds several sites, one after another, each into its own `outDir`; calls `onBuilt` as each is
 * done; rejects at the first failure (its error names the site: `error.site`), the sites after it unbuilt.
 */

/**
 * @type {BuildManyFn} scripts/build-site.mjs with several sites in one child process: Astro and its
 * tools load once for all of them (npm start's first build of the four sites: two children).
 */
const astroBuildMany = (jobs, onBuilt) =>
  buildSites(
    jobs.map((j) => j.site),
    {
      quiet: true,
      processEnv: { BUILD_NICE: '10' },
      env: (id) => {
        const j = jobs.find((x) => x.site === id);
        return { ...j.env, OUT_DIR: j.outDir, ASTRO_CACHE_DIR: j.cacheDir };
      },
      onDone: (figures) => onBuilt(figures.site, figures),
    },
  ).then(() => {});

/**
 * @param {object} o
 * @param {string} o.distDir where the served sites live (dist/)
 * @param {Record<string, string>} o.env settings for the build (the archive source)
 * @param {number} [o.debounceMs] quiet time before a build starts
 * @param {(line: string) => void} [o.log]
 * @param {(site: string, result: object) => void} [o.onBuilt] called after each swap
 * @param {(site: string) => string} [o.cacheDirOf] Astro's cache folder of a site (its incremental state)
 * @param {BuildFn} [o.build] how a site is built (tests pass a copy of a folder, to swap quickly)
 * @param {BuildManyFn} [o.buildMany] how buildAll builds several sites at once (by default, with
 *   the default `build`: several per child process; with a `build` of one's own: `build` per site)
 * @param {number} [o.graceMs] how long a replaced build stays on disk for requests still reading it
 * @param {(site: string, codes: Set<string>) => Promise<{ written: string[], removed: string[], rendered: number, readMs?: number, ms: { total: number } }>} [o.fastPublish]
 *   publishes the pages of changed cases into the served site at once (functions/local.ts createLocalFastPublish)
 * @param {(site: string, result: object) => void} [o.onPublished] called after each fast publish
 */
export function createRebuilder({
  distDir,
  env,
  debounceMs = 400,
  log = console.log,
  onBuilt = () => {},
  cacheDirOf = (site) => join('node_modules', '.astro', site),
  build = astroBuild,
  buildMany = build === astroBuild ? astroBuildMany : undefined,
  graceMs = 5000,
  fastPublish,
  onPublished = () => {},
}) {
  /** @type {Map<string, { timer?: NodeJS.Timeout, running?: Promise<void>, again: boolean, fastCodes: Set<string>, fastRunning?: Promise<void>, sinceBuild: Set<string> }>} */
  const sites = new Map();
  const waiters = new Set();
  let stopped = false;
  const state = (site) => {
    let s = sites.get(site);
    if (!s) sites.set(site, (s = { again: false, fastCodes: new Set(), sinceBuild: new Set() }));
    return s;
  };
  const busy = () => [...sites.values()].some((s) => s.timer || s.running || s.fastRunning || s.fastCodes.size);
  const settle = () => {
    if (busy()) return;
    for (const resolve of waiters) resolve();
    waiters.clear();
  };

  const buildsDir = join(distDir, '.builds');
  let serial = 0;
  /** Replaced builds waiting to be removed: folder → timer. */
  const retiring = new Map();
  const remove = (dir) => {
    retiring.delete(dir);
    return rm(dir, { recursive: true, force: true }).catch((e) => log(`rebuild: could not remove ${dir}: ${e.message}`));
  };
  let buildsReal = buildsDir; // as realpath() spells it
  const retire = (dir) => {
    // Only what this worker owns: a link copied from another tree may point at that tree's build.
    if (!dir.startsWith(buildsReal + sep)) return;
    retiring.set(dir, setTimeout(() => remove(dir), graceMs).unref());
  };

  /** A site's folders in .builds/ that nothing serves or will serve (left by a stopped worker). */
  async function sweepLeftovers(site, keep) {
    for (const name of await readdir(buildsDir).catch(() => [])) {
      const dir = join(buildsReal, name);
      const rest = name.startsWith(`${site}-`) ? name.slice(site.length + 1) : '';
      if (!/^\d+-\d+$|^\d+\.link$/.test(rest) || keep.has(dir) || retiring.has(dir)) continue;
      await rm(dir, { recursive: true, force: true }).catch(() => {});
    }
  }

  /** Publishes the pending changed cases of a site; one run at a time per site, the rest coalesced. */
  function kickFast(site) {
    const s = state(site);
    if (!fastPublish || s.fastRunning || !s.fastCodes.size || stopped) return settle();
    const codes = s.fastCodes;
    s.fastCodes = new Set();
    s.fastRunning = fastPublish(site, codes)
      .then((r) => {
        log(`publish: ${site} ${[...codes].join(', ')}: ${r.written.length} file(s) written, ${r.removed.length} removed of ${r.rendered} rendered (${r.ms.total + (r.readMs ?? 0)} ms)`);
        onPublished(site, { ...r, codes: [...codes] });
      })
      .catch((e) => log(`publish: ${site} fast path failed, the next build publishes it: ${e.message}`))
      .finally(() => {
        s.fastRunning = undefined;
        kickFast(site);
      });
  }

  /** Readies a build of a site: the folder it goes into, and the record of cases published meanwhile. */
  async function prepare(site) {
    await mkdir(buildsDir, { recursive: true });
    buildsReal = await realpath(buildsDir);
    // The staging folder of the two-rename swap this replaced, if an older worker left one.
    await rm(join(distDir, '.staging'), { recursive: true, force: true });
    const live = join(distDir, site);
    const out = join(buildsReal, `${site}-${Date.now()}-${++serial}`);
    const started = performance.now();
    // Cases published by the fast path while this build runs may be missing from it (it read the
    // records at its start): they are published again into it right after the swap.
    const during = (state(site).sinceBuild = new Set());
    const current = await lstat(live).catch(() => undefined);
    await sweepLeftovers(site, new Set([out, ...(current?.isSymbolicLink() ? [await realpath(live).catch(() => '')] : [])]));
    return { site, live, out, started, during };
  }

  /** Swaps a finished build in (see the head of this file) and republishes what the fast path did meanwhile. */
  async function swapIn({ site, live, out, started, during }, result) {
    // What is live now (looked at again: `npm run build` may have replaced the link meanwhile).
    const before = await lstat(live).catch(() => undefined);
    let replaced = before?.isSymbolicLink() ? await realpath(live).catch(() => undefined) : undefined;
    if (before && !before.isSymbolicLink()) {
      // A folder cannot be replaced by a link in one rename: move it into .builds/ first (the
      // server waits out the moment between the two renames); from now on it is links.
      replaced = join(buildsReal, `${site}-0-${++serial}`);
      await rename(live, replaced);
    }
    const link = join(buildsDir, `${site}-${++serial}.link`);
    await rm(link, { force: true });
    // Relative to dist/, where the link ends up: the tree can be moved or copied whole.
    await symlink(join('.builds', relative(buildsReal, out)), link, 'dir');
    await rename(link, live);
    if (replaced && replaced !== out) retire(replaced);
    if (fastPublish && during.size) {
      const s = state(site);
      for (const code of during) s.fastCodes.add(code);
      if (s.fastRunning) await s.fastRunning;
      kickFast(site);
      await s.fastRunning;
    }
    const ms = Math.round(performance.now() - started);
    log(`rebuild: ${site} published (${result.pages} pages, ${ms} ms)`);
    onBuilt(site, { ...result, wallMs: ms });
    return result;
  }

  async function buildOnce(site) {
    const job = await prepare(site);
    let result;
    try {
      result = await build(site, { outDir: job.out, env, cacheDir: cacheDirOf(site) });
    } catch (e) {
      await rm(job.out, { recursive: true, force: true });
      throw e;
    }
    return swapIn(job, result);
  }

  /**
   * Marks a site as building (requests for it wait, and make one more build) until the returned
   * function is called; that then starts the one more build if a change came meanwhile.
   */
  function claim(site) {
    const s = state(site);
    // This build has every change so far: a request waiting for its debounce is covered.
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    s.again = false;
    let release;
    s.running = new Promise((resolve) => (release = resolve));
    return () => {
      s.running = undefined;
      release();
      // A change that arrived during this build may not be in it: build once more.
      if (s.again && !stopped) {
        s.again = false;
        schedule(site, 0);
      }
    };
  }

  /**
   * Builds a share of the sites in one go (`buildMany`), swapping each in as soon as it is done. A
   * failure leaves that site as it was; the sites after it in the share are then built one by one.
   */
  async function buildShare(share, results, failures) {
    for (const site of share) if (state(site).running) await state(site).running;
    if (stopped) return;
    const claims = new Map(share.map((site) => [site, claim(site)]));
    const release = (site) => {
      claims.get(site)?.();
      claims.delete(site);
    };
    const jobs = [];
    const swaps = [];
    const built = new Set();
    let failure;
    try {
      for (const site of share) jobs.push(await prepare(site));
      await buildMany(
        jobs.map((j) => ({ site: j.site, outDir: j.out, env, cacheDir: cacheDirOf(j.site) })),
        (site, figures) => {
          built.add(site);
          const job = jobs.find((j) => j.site === site);
          swaps.push(
            swapIn(job, figures)
              .then(
                (r) => results.push(r),
                (e) => failures.push(e),
              )
              .finally(() => release(site)),
          );
        },
      );
    } catch (e) {
      failure = e;
    }
    await Promise.all(swaps);
    if (failure) failures.push(failure);
    for (const job of jobs.filter((j) => !built.has(j.site))) {
      await rm(job.out, { recursive: true, force: true });
      release(job.site);
      if (failure?.site === job.site || stopped) continue;
      // Not built because an earlier site of its share failed: on its own now.
      const again = claim(job.site);
      try {
        results.push(await buildOnce(job.site));
      } catch (e) {
        failures.push(e);
      } finally {
        again();
      }
    }
    // Sites whose folder could not even be prepared.
    for (const site of [...claims.keys()]) release(site);
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
     * Asks for a build of one site (the Publisher port of functions/domain/ports.ts), after the
     * fast path has published the changed cases' pages (`codes`). A request
     * during a build makes one more build after it: that build may have read the data before the
     * change. (The stream's record times are too coarse in DynamoDB Local to tell.)
     * @param {string} site
     * @param {Date} [_changedAt]
     * @param {readonly string[]} [codes]
     */
    async requestBuild(site, _changedAt, codes = []) {
      const s = state(site);
      if (fastPublish && codes.length) {
        for (const code of codes) {
          s.fastCodes.add(code);
          s.sinceBuild.add(code);
        }
        kickFast(site);
      }
      if (s.running) {
        s.again = true;
        return;
      }
      schedule(site);
    },
    /**
     * Builds sites now (used by npm start before serving): with `buildMany`, shared out between
     * `concurrency` child processes that each build their share one after another; otherwise
     * `concurrency` at a time. Rejects with the first failure once the other sites are built.
     */
    async buildAll(ids, { concurrency = 2 } = {}) {
      const results = [];
      const failures = [];
      if (buildMany) {
        const shares = Array.from({ length: Math.min(concurrency, ids.length) }, (_, k) => ids.filter((_, i) => i % concurrency === k));
        await Promise.all(shares.map((share) => buildShare(share, results, failures)));
      } else {
        const queue = [...ids];
        await Promise.all(
          Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
            while (queue.length && !stopped) {
              const site = queue.shift();
              if (state(site).running) await state(site).running;
              const release = claim(site);
              try {
                results.push(await buildOnce(site));
              } catch (e) {
                failures.push(e);
              } finally {
                release();
              }
            }
          }),
        );
      }
      settle();
      if (failures.length) throw failures[0];
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
      await Promise.all([...sites.values()].flatMap((s) => [s.running, s.fastRunning]));
      // Replaced builds go now: no request will start on them any more.
      await Promise.all([...retiring].map(([dir, timer]) => (clearTimeout(timer), remove(dir))));
      settle();
    },
  };
}
