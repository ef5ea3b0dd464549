// Build throughput side by side: the same synthetic archive built by our pipeline (Astro, the
// four sites, each in its own process, `concurrency` at once) and by Hugo with the equivalent
// minimal templates of scripts/lib/hugo/ (one Hugo run per site, one after another: Hugo uses
// every core by itself). Pages are the .html files each writes; peak memory is the largest
// resident set of a single build process (ours: the Node process of one site; Hugo: one run).
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { discard } from './bench-trash.mjs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { siteIds } from './sites.mjs';
import { prepareArchive, buildArchiveSites } from './bench-archive.mjs';
import { writeHugoSite } from './hugo/generate.mjs';

export function hugoVersion() {
  try {
    return execFileSync('hugo', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function countHtml(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile() && e.name.endsWith('.html')) n++;
  return n;
}

/** Runs one Hugo build under /usr/bin/time; resolves with wall time and peak RSS. */
function runHugo(source, destination) {
  const timeFile = join(mkdtempSync(join(tmpdir(), 'hugo-time-')), 'time');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M %e %U %S', '-o', timeFile, 'hugo', '--quiet', '--source', source, '--destination', destination, '--cacheDir', join(source, '.hugo-cache')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.resume();
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`hugo failed in ${source} (exit ${code}):\n${err}`));
      const [kb, , user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      resolve({ wallMs, maxRssMb: Math.round(kb / 1024), cpuMs: Math.round((user + sys) * 1000) });
    });
  });
}

/** Builds the archive of `dir` with Hugo: generates each site's project, then runs Hugo on it. */
async function buildWithHugo({ dir, records, now, log }) {
  const results = [];
  let generateMs = 0;
  let hugoMs = 0;
  for (const site of siteIds) {
    const project = join(dir, 'hugo', site);
    const out = join(dir, 'hugo-public', site);
    discard(out);
    const g0 = performance.now();
    const written = await writeHugoSite({ dir: project, site, cases: records, now });
    const genMs = performance.now() - g0;
    const run = await runHugo(project, out);
    const pages = countHtml(out);
    generateMs += genMs;
    hugoMs += run.wallMs;
    results.push({ site, pages, generateMs: Math.round(genMs), ...run, stubs: written.stubs });
  }
  const pages = results.reduce((s, r) => s + r.pages, 0);
  const out = { pages, hugoMs, generateMs, wallMs: hugoMs + generateMs, pagesPerSecond: pages / (hugoMs / 1000), peakRssMb: Math.max(...results.map((r) => r.maxRssMb)), results };
  log(`  Hugo: ${pages} pages in ${(hugoMs / 1000).toFixed(1)} s (+ ${(generateMs / 1000).toFixed(1)} s writing data and stubs), ${out.pagesPerSecond.toFixed(0)} pages/s, peak RSS ${out.peakRssMb} MB per run`);
  return out;
}

/**
 * @param {{ sizes: number[], concurrency: number, log: (s: string) => void, now?: Date, withHugo?: boolean }} o
 * @returns {Promise<{ hugo: string | null, rows: object[] }>} rows: per size, `ours` (the cold
 *   full build, reusable by benchArchive as `built`) and `hugo`.
 */
export async function benchThroughput({ sizes, concurrency, log, now = new Date(), withHugo = true }) {
  const version = withHugo ? hugoVersion() : null;
  if (withHugo && !version) log('  hugo is not installed (apt-get install hugo): our pipeline only.');
  const rows = [];
  for (const count of sizes) {
    log(`  ${count} cases:`);
    const { dir, file, records, generateMs } = prepareArchive(count, now);
    log(`    generated in ${(generateMs / 1000).toFixed(1)} s`);
    const ours = await buildArchiveSites({ dir, file, concurrency, label: `    ours (Astro, ${concurrency} processes at once, the sites shared out between them), cold`, log });
    const hugo = version ? await buildWithHugo({ dir, records, now, log: (s) => log(`  ${s}`) }) : null;
    if (hugo) {
      discard(join(dir, 'hugo'));
      discard(join(dir, 'hugo-public'));
    }
    rows.push({ cases: count, ours, hugo, ratio: hugo ? hugo.pagesPerSecond / ours.pagesPerSecond : null });
  }
  return { hugo: version, rows };
}

