// The benchmark: npm run bench [-- --sizes=1000,10000 --only=section,… --skip=section,…]
// Writes docs/benchmarks.md (every figure with the command behind it), docs/benchmarks-build.svg
// (build time against archive size, both pipelines) and .bench/latest.json, and prints progress.
//
// Sections (names for --only/--skip):
//   build        full build of the four sites, in parallel as npm run build does (--serial: then
//                one at a time too, for the speed-up)
//   weight       transferred weight of key pages against the content-page budget
//   throughput   the same synthetic archive (--sizes cases: 1,000, 10,000 and 30,000) built by our
//                pipeline and by Hugo, side by side in this run
//   profile      where one site build with 1,000 cases spends its time (cold, then unchanged)
//   publish      publish latency (staff answer → case page and list served) at 1,000, 10,000 and
//                30,000, on the throughput section's builds of the same archives
//   lighthouse   Lighthouse, mobile defaults, one page per template and locale of one site
//   submissions  System 48h submissions: sequential latency, then 1,000 at concurrency 50
//   bundles      each Lambda function's bundle, minified and gzip (scripts/build-functions.mjs lambda)
//   coldstart    each Lambda function's cold start: a fresh node process imports its bundle and
//                answers one realistic event against the local services (lib/bench-coldstart.mjs)
//   open311      an Open311 list query (the default 90-day window) at 10,000 cases: p50/p99, before
//                (the whole partition read) and after (the public-by-date index)
//
// It reports, it does not enforce: budgets are enforced by npm test (tests/build/budgets.test.ts).
// Only a failed build or run, or a page that should exist and does not, makes the exit code
// non-zero, because then the figures themselves are wrong: the run then stops, prints the error
// (a failed site build: the last lines of its stderr; its sibling builds are stopped, see
// scripts/build-all.mjs), leaves docs/benchmarks.md and .bench/latest.json as they were and
// keeps what it measured in .bench/failed.json.
//
// The default run (every section) writes the whole report from its own figures. A run of some
// sections (--only/--skip) keeps the other sections' figures from .bench/latest.json, and the
// report names those sections as measured in another run. Child builds are production builds
// (NODE_ENV=production, set by scripts/build-all.mjs).
import { availableParallelism, cpus, totalmem, loadavg, release } from 'node:os';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteIds } from './lib/sites.mjs';
import { benchFullBuilds, benchPageWeight } from './lib/bench-build.mjs';
import { benchThroughput } from './lib/bench-throughput.mjs';
import { benchProfile } from './lib/bench-profile.mjs';
import { benchArchive, archiveDir } from './lib/bench-archive.mjs';
import { benchLighthouse } from './lib/bench-lighthouse.mjs';
import { benchSubmissions } from './lib/bench-submissions.mjs';
import { benchOpen311InChild } from './lib/bench-open311.mjs';
import { emptyTrash } from './lib/bench-trash.mjs';
import { benchColdStarts } from './lib/bench-coldstart.mjs';
import { buildFunctions } from './build-functions.mjs';
import { distDir as ordinaryDist } from './build-all.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECTIONS = ['build', 'weight', 'throughput', 'profile', 'publish', 'lighthouse', 'submissions', 'bundles', 'coldstart', 'open311'];

function parseArgs(argv) {
  const o = { sizes: [1000, 10000, 30000], publishSizes: [1000, 10000, 30000], only: SECTIONS, lighthouseSite: 'zvecan', profileCases: 1000 };
  for (const a of argv) {
    const [k, v = ''] = a.replace(/^--/, '').split('=');
    const list = () => v.split(',').map((s) => s.trim()).filter(Boolean);
    if (k === 'sizes') o.sizes = list().map(Number);
    else if (k === 'publish-sizes') o.publishSizes = list().map(Number);
    else if (k === 'only') o.only = list();
    else if (k === 'skip') o.only = o.only.filter((s) => !list().includes(s));
    else if (k === 'profile-cases') o.profileCases = Number(v);
    else if (k === 'lighthouse-site') o.lighthouseSite = v;
    else if (k === 'serial') o.serial = true;
    else throw new Error(`unknown option ${a}; see the head of scripts/bench.mjs`);
  }
  const unknown = o.only.filter((s) => !SECTIONS.includes(s));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  if (o.sizes.some((n) => !Number.isInteger(n) || n < siteIds.length)) throw new Error(`--sizes: whole numbers of cases, at least ${siteIds.length}`);
  return o;
}

const tryRun = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0];
  } catch {
    return null;
  }
};

const opts = parseArgs(process.argv.slice(2));
/** Every section, with the default sizes: the report is this run's alone. */
const complete = SECTIONS.every((s) => opts.only.includes(s));
// Ctrl-C or a kill: exit through process.exit, so that the child builds are stopped too.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
const log = (s = '') => console.log(s);
const cores = availableParallelism();
const concurrency = Math.min(cores, 4); // build-all's default
const startedAt = new Date();
const pkg = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const machine = {
  date: startedAt.toISOString(),
  node: process.version,
  os: `${process.platform} ${release()}`,
  cpu: cpus()[0]?.model?.trim() ?? 'unknown CPU',
  cores,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  loadAverageAtStart: loadavg().map((n) => n.toFixed(2)).join(' '),
  astro: pkg('astro'),
  hugo: tryRun('hugo', ['version']),
  chromium: tryRun(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version']),
  lighthouse: pkg('lighthouse'),
  argv: process.argv.slice(2).join(' '),
};
log(`E-opštine benchmark, ${machine.date}: sections ${opts.only.join(', ')}; archive sizes ${opts.sizes.join(', ')}`);
log(`Node ${machine.node}, ${cores} cores (${machine.cpu}), ${machine.memoryGb} GB RAM, load average ${machine.loadAverageAtStart}`);

const report = { machine, options: opts, complete, sections: {} };
const timings = {};
/** The section running now: named when it fails. */
let current;
const section = async (name, title, fn) => {
  if (!opts.only.includes(name)) return undefined;
  log(`\n== ${title}`);
  current = name;
  const t0 = performance.now();
  const r = await fn();
  timings[name] = performance.now() - t0;
  // The load while it ran says how much the figures were slowed by other work on the machine.
  const end = loadavg().map((n) => n.toFixed(2)).join(' ');
  for (const x of Array.isArray(r) ? r : [r]) if (x && typeof x === 'object') x.loadAverageAtEnd = end;
  report.sections[name] = r;
  log(`   (${name}: ${(timings[name] / 1000).toFixed(0)} s)`);
  return r;
};

/** The cold build of archive-<count> recorded by an earlier run, if its files are still there. */
function earlierBuild(count) {
  try {
    const previous = JSON.parse(readFileSync(join(root, '.bench', 'latest.json'), 'utf8'));
    const row = previous.sections?.throughput?.rows?.find((r) => r.cases === count);
    const dir = archiveDir(count);
    const present = siteIds.every((site) => existsSync(join(dir, 'dist', site, 'sr', 'index.html')) && existsSync(join(dir, 'cache', site)));
    return row && present && existsSync(join(dir, 'cases.json')) ? row.ours : undefined;
  } catch {
    return undefined;
  }
}

let failed = false;
let failure = '';
try {
  await section('build', `Full build of the ${siteIds.length} sites${opts.serial ? ', parallel and serial' : ''}`, () => benchFullBuilds({ parallelConcurrency: concurrency, log, serial: opts.serial }));
  await section('weight', 'Transferred weight of key pages', () => {
    const w = benchPageWeight({ distDir: ordinaryDist() });
    log(`  ${w.summary.pagesMeasured} pages; largest ${(w.summary.maxTotalBytes / 1024).toFixed(1)} KB (${w.summary.maxTotalPage}); JS 0 everywhere: ${w.summary.allJsZero}`);
    const formJs = (page) => Math.max(...w.forms.filter((f) => f.page === page && !f.error).map((f) => f.js)) / 1024;
    log(`  forms, JavaScript before any interaction (heaviest): report ${formJs('report form').toFixed(1)} KB, ask ${formJs('ask form').toFixed(1)} KB; within the floors: ${w.summary.formsWithinFloor}`);
    if (!w.summary.formsWithinFloor) {
      failed = true;
      failure ||= 'weight: a form page loads more JavaScript before any interaction than its floor';
    }
    if (w.summary.incomplete) {
      failed = true;
      failure ||= `weight: ${w.summary.pagesMissing} page(s) missing in dist/, or a stylesheet or script they link`;
    }
    return w;
  });
  const throughput = await section('throughput', `Build throughput, ours and Hugo, at ${opts.sizes.join(', ')} cases`, () => benchThroughput({ sizes: opts.sizes, concurrency, log, now: startedAt }));
  await section('profile', `Profile of one site build with ${opts.profileCases} cases`, () => benchProfile({ count: opts.profileCases, log, now: startedAt }));
  await section('publish', `Publish latency at ${opts.publishSizes.join(', ')} cases`, async () => {
    const out = [];
    for (const count of opts.publishSizes) {
      log(`  ${count} cases:`);
      // Reuse the throughput section's cold build of the same archive when there is one: from
      // this run, or from the last run's figures when its output is still under .bench/.
      const built = throughput?.rows.find((r) => r.cases === count)?.ours ?? earlierBuild(count);
      out.push(await benchArchive({ count, concurrency, log: (s) => log(`  ${s}`), built }));
    }
    return out;
  });
  await section('lighthouse', `Lighthouse on ${opts.lighthouseSite}`, () => {
    // The smallest archive built above (a site with cases), else the ordinary build in dist/.
    const sized = [...opts.sizes, ...opts.publishSizes].sort((a, b) => a - b).map((n) => join(archiveDir(n), 'dist')).find((d) => existsSync(join(d, opts.lighthouseSite, 'sr', 'index.html')));
    const distDir = sized ?? ordinaryDist();
    log(`  serving ${distDir.slice(root.length)}`);
    return benchLighthouse({ distDir, site: opts.lighthouseSite, log }).then((r) => ({ ...r, distDir: distDir.slice(root.length) }));
  });
  await section('submissions', 'System 48h submissions through the local stack', async () => {
    const s = await benchSubmissions({ sequential: 200, load: { count: 1000, concurrency: 50 }, log });
    log(`  load: ${s.load.ok}/${s.load.count} accepted, ${s.load.perSecond.toFixed(1)}/s, p50 ${s.load.p50.toFixed(0)} ms, p99 ${s.load.p99.toFixed(0)} ms; table ${s.casesInTable}/${s.accepted} cases, mailbox ${s.emailsDelivered}/${s.emailsExpected} emails`);
    return s;
  });
  await section('bundles', 'Function bundles (Lambda, one per function)', async () => {
    const { bundles } = await buildFunctions('lambda');
    for (const b of bundles) log(`  ${b.name}: ${(b.bytes / 1024).toFixed(1)} KB minified, ${(b.gzipBytes / 1024).toFixed(1)} KB gzip`);
    return { bundles: bundles.map((b) => ({ name: b.name, file: b.outfile.slice(root.length), bytes: b.bytes, gzipBytes: b.gzipBytes })) };
  });
  await section('coldstart', 'Cold starts of the Lambda functions', () => benchColdStarts({ log }));
  await section('open311', 'Open311 list query at 10,000 cases', async () => {
    // In a process of its own: the app under test with a fresh heap (see benchOpen311InChild).
    const r = await benchOpen311InChild({ count: 10_000, log, now: startedAt });
    if (!r.sameAnswer) {
      failed = true;
      failure ||= 'open311: the query through the index did not give the same answer as the whole partition';
    }
    return r;
  });
} catch (e) {
  // A failed site build's message ends with the last lines of its stderr (scripts/build-all.mjs).
  console.error(`\nThe benchmark FAILED in section "${current}": ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 4).join('\n')}`);
  failure = `${current}: ${e.message.split('\n')[0]}`;
  failed = true;
}

report.totalMs = Date.now() - startedAt.getTime();
// The old trees the sections moved aside (scripts/lib/bench-trash.mjs), deleted now that nothing
// is being timed.
emptyTrash();
// Sections not run this time keep their figures from the last run that had them (each section
// carries the date and machine it was measured on), so one section can be run again alone.
const stamp = { measuredAt: machine.date, machine: { loadAverageAtStart: machine.loadAverageAtStart } };
for (const r of Object.values(report.sections)) {
  if (Array.isArray(r)) r.forEach((x) => Object.assign(x, stamp));
  else if (r && typeof r === 'object') Object.assign(r, stamp);
}
for (const row of report.sections.throughput?.rows ?? []) Object.assign(row, stamp);
const latestFile = join(root, '.bench', 'latest.json');
// Only a run of some sections keeps the others' figures (marked as from another run); the
// default run's report is its own, every ratio in it measured side by side.
if (!complete && !failed && existsSync(latestFile)) {
  try {
    const previous = JSON.parse(readFileSync(latestFile, 'utf8'));
    for (const [name, r] of Object.entries(previous.sections ?? {})) {
      // Archive sizes measured before and not now are kept beside the new ones.
      const now = report.sections[name];
      const earlier = { fromEarlierRun: true };
      if (name === 'throughput' && now && r?.rows) {
        const sizes = new Set(now.rows.map((x) => x.cases));
        now.rows = [...now.rows, ...r.rows.filter((x) => !sizes.has(x.cases)).map((x) => ({ ...x, ...earlier, measuredAt: x.measuredAt ?? r.measuredAt }))].sort((a, b) => a.cases - b.cases);
      }
      if (name === 'publish' && Array.isArray(now) && Array.isArray(r)) {
        const sizes = new Set(now.map((x) => x.count));
        report.sections[name] = [...now, ...r.filter((x) => !sizes.has(x.count)).map((x) => ({ ...x, ...earlier }))].sort((a, b) => a.count - b.count);
      }
      if (!(name in report.sections)) {
        report.sections[name] = Array.isArray(r) ? r.map((x) => ({ ...x, ...earlier, measuredAt: x.measuredAt ?? previous.machine?.date })) : { ...r, ...earlier, measuredAt: r.measuredAt ?? previous.machine?.date };
        if (previous.timings?.[name] !== undefined) (report.earlierTimings ??= {})[name] = previous.timings[name];
      }
    }
  } catch {
    // An unreadable earlier file is simply not merged.
  }
}
report.timings = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)]));
mkdirSync(join(root, '.bench'), { recursive: true });
const minutes = ((Date.now() - startedAt.getTime()) / 60000).toFixed(1);
log(`\nTime per section: ${Object.entries(report.timings).map(([k, v]) => `${k} ${(v / 60000).toFixed(1)} min`).join(', ')}; in all ${minutes} min.`);
if (failed) {
  // Figures of a failed run are wrong or missing: they do not replace the report.
  report.failure = failure;
  writeFileSync(join(root, '.bench', 'failed.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.error(`\nThe benchmark FAILED (${failure}). docs/benchmarks.md and .bench/latest.json were left as they were; what this run measured is in .bench/failed.json.`);
  process.exitCode = 1;
} else {
  writeFileSync(latestFile, `${JSON.stringify(report, null, 2)}\n`);
  const { writeReport } = await import('./lib/bench-report.mjs');
  const written = writeReport(report, { root });
  log(`\nWritten: .bench/latest.json, ${written.join(', ')} (${minutes} min)`);
}
