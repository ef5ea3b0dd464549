// Where one site build spends its time: builds one municipality with N synthetic cases (cold,
// then again with nothing changed, as the rebuild worker does), reading Astro's own progress
// lines as they arrive and timing the phases between them: start-up, content sync (the loaders,
// the archive's schema check), type generation and bundling, getStaticPaths of every route,
// rendering (or restoring from the incremental cache), the build:done hooks (the sitemap) and
// the search index.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { discard } from './bench-trash.mjs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticCases } from './cases-gen.mjs';
import { tail } from '../build-all.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Each build with its own .astro/ folder, as scripts/build-all.mjs starts them. */
const perBuildAstro = fileURLToPath(new URL('./astro-dot-dir-hook.mjs', import.meta.url));

/** Runs scripts/build-site.mjs with Astro's info log and times each phase by its log lines. */
function timedBuild(site, env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // A production build, as npm run build and the rest of the benchmark make them.
    const child = spawn(process.execPath, ['--import', perBuildAstro, 'scripts/build-site.mjs', site], { cwd: root, env: { ...process.env, NODE_ENV: 'production', ...env, ASTRO_LOG: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const marks = {};
    const mark = (name) => (marks[name] ??= performance.now() - t0);
    let rendered = 0;
    let restored = 0;
    let buf = '';
    let last = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        last = line.trim() || last;
        if (line.includes('Syncing content')) mark('syncStart');
        else if (line.includes('Synced content')) mark('syncEnd');
        else if (line.includes('Building static entrypoints')) mark('bundleStart');
        else if (line.includes('generating static routes')) mark('routesStart');
        else if (line.includes('├─') || line.includes('└─')) {
          mark('firstRoute');
          if (/\((restored|cached)\)/.test(line)) restored++;
          else rendered++;
        } else if (line.includes('Completed in') && marks.firstRoute !== undefined) mark('routesEnd');
        else if (/page\(s\) built in/.test(line)) mark('hooksEnd');
      }
    });
    child.on('close', (code) => {
      const end = performance.now() - t0;
      if (code !== 0) return reject(new Error(`profile build of ${site} failed (exit ${code}). Its last output:\n${tail(stderr) || tail(buf || last)}`));
      const figures = JSON.parse(buf.trim() || last);
      const m = { ...marks };
      const span = (a, b) => (m[a] !== undefined && m[b] !== undefined ? Math.round(m[b] - m[a]) : null);
      resolve({
        totalMs: Math.round(end),
        pages: figures.pages,
        rendered,
        restored,
        maxRssMb: figures.maxRssMb,
        phases: {
          startup: Math.round(m.syncStart ?? 0),
          contentSync: span('syncStart', 'syncEnd'),
          typesAndBundling: span('syncEnd', 'routesStart'),
          getStaticPaths: span('routesStart', 'firstRoute'),
          renderOrRestore: span('firstRoute', 'routesEnd'),
          buildDoneHooks: span('routesEnd', 'hooksEnd'),
          archive: figures.archiveMs ?? null,
          searchIndex: figures.searchMs,
          exit: m.hooksEnd !== undefined ? Math.round(end - m.hooksEnd - (figures.archiveMs ?? 0) - figures.searchMs) : null,
        },
      });
    });
  });
}

export const PHASES = {
  startup: 'start-up (Node, Astro, config)',
  contentSync: 'content sync (loaders; the archive checked against its schema)',
  typesAndBundling: 'types and bundling (Vite)',
  getStaticPaths: 'getStaticPaths of every route (lists, cache keys)',
  renderOrRestore: 'rendering pages, or restoring them from the cache',
  buildDoneHooks: 'build:done hooks (sitemap)',
  archive: "the archive's case and list pages, feeds and sitemap (core/archive/ renderer)",
  searchIndex: 'search index (pagefind, archive left out)',
  exit: 'the rest (writing the incremental manifest, exit)',
};

/** @param {{ site?: string, count?: number, log: (s: string) => void, now?: Date }} o */
export async function benchProfile({ site = 'zvecan', count = 1000, log, now = new Date() }) {
  const dir = join(root, '.bench', `profile-${site}-${count}`);
  discard(dir); // deleted when the benchmark ends (scripts/lib/bench-trash.mjs)
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(syntheticCases({ municipality: site, count, seed: 7, now })));
  const env = { ARCHIVE_SOURCE: 'file', ARCHIVE_FILE: file, OUT_DIR: join(dir, 'dist'), ASTRO_CACHE_DIR: join(dir, 'cache'), BUILD_NOW: now.toISOString() };
  const cold = await timedBuild(site, env);
  log(`  cold: ${cold.pages} pages in ${(cold.totalMs / 1000).toFixed(1)} s (${cold.rendered} rendered, ${cold.restored} restored)`);
  // The rebuild worker builds into an empty staging folder with the same cache.
  discard(join(dir, 'dist'));
  const again = await timedBuild(site, env);
  log(`  again, nothing changed: ${again.pages} pages in ${(again.totalMs / 1000).toFixed(1)} s (${again.rendered} rendered, ${again.restored} restored)`);
  return { site, count, cold, again };
}
