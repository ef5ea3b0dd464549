// Writes docs/benchmarks.md and docs/benchmarks-build.svg from the bench's figures (the object
// scripts/bench.mjs also writes to .bench/latest.json). Re-render without measuring:
//   node scripts/lib/bench-report.mjs   (reads .bench/latest.json)
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineChart } from './bench-chart.mjs';
import { PHASES } from './bench-profile.mjs';

const KB = 1024;
const s1 = (ms) => (ms == null ? '–' : (ms / 1000).toFixed(1));
const int = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en'));
const kb = (b) => (b == null ? '–' : (b / KB).toFixed(1));
const cmd = (args) => `\`npm run bench -- ${args}\``;

function table(head, rows, align) {
  // Numbers right, words left (judged by the first row).
  const a = align ?? head.map((_, i) => (i > 0 && /^[\d.,–*\s-]+$/.test(String(rows[0]?.[i] ?? '')) ? '--:' : ':--'));
  return [`| ${head.join(' | ')} |`, `| ${a.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const measured = (r) => (r?.measuredAt ? ` Measured ${r.measuredAt.slice(0, 16).replace('T', ' ')} UTC (load average when the run started ${r.machine?.loadAverageAtStart ?? '?'}${r.loadAverageAtEnd ? `, when this section ended ${r.loadAverageAtEnd}` : ''}).` : '');

function machineSection(m, timings, totalMs) {
  const rows = [
    ['last run', m.date],
    ["last run's command", `\`npm run bench${m.argv ? ` -- ${m.argv}` : ''}\``],
    ['CPU', `${m.cpu}, ${m.cores} cores available to Node (os.availableParallelism)`],
    ['memory', `${m.memoryGb} GB`],
    ['OS', m.os],
    ['load average at start', `${m.loadAverageAtStart} (the machine is shared: other work running at the same time slows every figure here)`],
    ['Node', m.node],
    ['Astro', m.astro],
    ['Hugo', m.hugo ?? 'not installed'],
    ['Chromium', m.chromium ?? 'not installed'],
    ['Lighthouse', m.lighthouse],
  ];
  const t = Object.entries(timings ?? {}).map(([k, v]) => `${k} ${(v / 60000).toFixed(1)} min`).join(', ');
  return `${table(['', ''], rows.map(([k, v]) => [k, v]), [':--', ':--'])}\n\nEach section below says when it was measured; sections not in the last run keep their figures from the run before. Time taken by each section: ${t || '–'}${totalMs ? ` (this run: ${(totalMs / 60000).toFixed(1)} min)` : ''}.`;
}

function buildSection(b) {
  const rows = [b.parallel, b.serial].flatMap((run) => run.results.map((r) => [run === b.parallel ? `parallel (${run.concurrency})` : 'serial', r.site, int(r.pages), s1(r.buildMs), s1(r.searchMs), s1(r.totalMs), int(r.maxRssMb)]));
  return `Command: ${cmd('--only=build')}.${measured(b)} The ordinary build (content only, no archive source), all four sites, first ${b.parallel.concurrency} at a time as \`npm run build\` does, then one at a time.

${table(['run', 'site', 'pages', 'astro s', 'search index s', 'total s', 'peak RSS MB'], rows)}

| run | wall s | pages | pages/s | peak RSS MB (largest site process) |
| :-- | --: | --: | --: | --: |
| parallel (${b.parallel.concurrency} at once) | ${s1(b.parallel.wallMs)} | ${int(b.parallel.pages)} | ${b.parallel.pagesPerSecond.toFixed(1)} | ${b.parallel.peakRssMb} |
| serial | ${s1(b.serial.wallMs)} | ${int(b.serial.pages)} | ${b.serial.pagesPerSecond.toFixed(1)} | ${b.serial.peakRssMb} |

Speed-up, parallel over serial: **${b.speedup.toFixed(2)}×**.${b.speedup < 1.2 ? ` Each site took about ${(b.parallel.results.reduce((x, r) => x + r.totalMs, 0) / b.serial.results.reduce((x, r) => x + r.totalMs, 0)).toFixed(1)}× as long when two built at once as when built alone: the second core was taken by other work on this shared machine (see the load average), so two builds at once could not go faster than one after the other.` : ''}`;
}

function weightSection(w) {
  const rows = w.pages.map((p) => (p.error ? [p.site, p.locale, p.page, '–', '–', '–', '–', 'MISSING'] : [p.site, p.locale, p.page, kb(p.html), kb(p.css), kb(p.js), kb(p.total), p.overBudget ? `**over**: ${p.over.join(', ')}` : 'ok']));
  return `Command: ${cmd('--only=weight')} (weighs what is in \`dist/\`; run after a build).${measured(w)} Gzip sizes as \`scripts/serve.mjs\` serves them (files of 512 bytes or less uncompressed), HTML plus linked CSS and JS, images and fonts excluded; 1 KB = 1,024 bytes. Budget of a content page: JS 0, total at most ${w.budget.totalBytes / KB} KB. Every built page is checked against its budget by \`npm test\` (tests/build/budgets.test.ts, which also counts the modules that scripts and islands import); this table is the sample the report shows. The budgets there (gzip KB, JS / total): content pages — home, news, events, documents, consultations, info, every archive page but the map, statistics, open data — 0 / 30; report form 215 / 235; ask form 165 / 180; search 35 / 45; archive map 50 / 65.

${table(['site', 'locale', 'page', 'html KB', 'css KB', 'js KB', 'total KB', 'budget'], rows)}

Largest: ${kb(w.summary.maxTotalBytes)} KB (${w.summary.maxTotalPage}). JS 0 on all: ${w.summary.allJsZero ? 'yes' : 'no'}; all within ${w.budget.totalBytes / KB} KB: ${w.summary.allTotalsWithinBudget ? 'yes' : 'no'}.`;
}

function throughputSection(t, sizesArg) {
  const rows = t.rows.flatMap((r) => [
    [int(r.cases), 'ours (Astro)', int(r.ours.pages), s1(r.ours.wallMs), '–', r.ours.pagesPerSecond.toFixed(0), int(r.ours.peakRssMb)],
    ...(r.hugo ? [[int(r.cases), 'Hugo', int(r.hugo.pages), s1(r.hugo.hugoMs), s1(r.hugo.generateMs), r.hugo.pagesPerSecond.toFixed(0), int(r.hugo.peakRssMb)]] : []),
  ]);
  const ratios = t.rows.filter((r) => r.ratio).map((r) => `${int(r.cases)} cases: Hugo ${r.ratio.toFixed(2)}× our pages/s`).join('; ');
  return `Command: ${cmd(`--only=throughput --sizes=${sizesArg}`)}.${measured(t)} ${t.hugo ? `Hugo: \`${t.hugo}\`.` : 'Hugo was not installed: ours only.'}

The same synthetic archive (\`syntheticArchive\` of scripts/lib/bench-archive.mjs: cases spread over the four municipalities, every status, reports and questions) built by both:
- **ours**: \`scripts/build-site.mjs\` per site with \`ARCHIVE_SOURCE=file\`, its own \`OUT_DIR\` and \`ASTRO_CACHE_DIR\` under \`.bench/archive-<N>/\`, cold cache, 2 sites at once on the 2 cores. The whole site: archive, news, documents, forms, open data, sitemap, search index.
- **Hugo**: the minimal templates of \`scripts/lib/hugo/\`, generated by the bench per site: a page per case in each of the three locales, the list pages with the same filter combinations and 20 cases a page as \`listPages\` in sites/lib/archive.ts (counts and facet links precomputed into each list page's front matter, cases in one JSON data file, content mounted once per language), the archive index, a language switcher and alternates, sitemap. One \`hugo\` run per site, one after another (Hugo uses every core itself). No transliteration into the reader's script, none of the rest of the site.

Pages are the \`.html\` files each pipeline wrote; "Hugo data s" is the time the bench took to write Hugo's data file and content stubs, not counted in Hugo's pages/s. Peak RSS is the largest single build process (one site).

${table(['cases', 'pipeline', 'pages', 'build s', 'Hugo data s', 'pages/s', 'peak RSS MB'], rows)}

Ratio: ${ratios || '–'}.

![Build time against archive size](benchmarks-build.svg)`;
}

function profileSection(p) {
  const rows = Object.entries(PHASES).map(([k, label]) => [label, s1(p.cold.phases[k]), s1(p.again.phases[k])]);
  rows.push(['**total**', `**${s1(p.cold.totalMs)}**`, `**${s1(p.again.totalMs)}**`]);
  return `Command: ${cmd(`--only=profile --profile-cases=${p.count}`)}.${measured(p)} One site (${p.site}) with ${p.count} synthetic cases, ${int(p.cold.pages)} pages: a cold build, then the same build again into an empty output folder with the cache kept (what the rebuild worker does when nothing on the page changed). Phases timed from Astro's own progress lines as they arrive. Cold: ${int(p.cold.rendered)} pages rendered; again: ${int(p.again.rendered)} rendered, ${int(p.again.restored)} restored from the cache. Peak RSS ${p.cold.maxRssMb} MB.

${table(['phase', 'cold s', 'nothing changed s'], rows, [':--', '--:', '--:'])}`;
}

const SPEED_WORK = `What was changed on our side after profiling (\`node --cpu-prof scripts/build-site.mjs zvecan\` with 2,500 synthetic cases and a cold cache, \`ARCHIVE_SOURCE=file ARCHIVE_FILE=… OUT_DIR=… ASTRO_CACHE_DIR=… BUILD_NOW=2026-11-01T12:00:00Z\`), each checked to leave every built archive page byte-for-byte the same (\`diff -r\` of the two outputs; only the forms' build time stamps differ):

1. **The case page made a new \`Intl.DateTimeFormat\` for every time it showed** (the time of day of each timeline step): 9.6% of the whole build's CPU, the largest single item. One formatter per time zone for the build now (\`timeOfDayIn\` in core/time.ts, kept per zone by core/views/format.ts).
2. **Transliteration once per text**: a case's text and address are shown on its page and in up to eight list pages per locale, and were converted into the reader's script each time. \`textFor\`/\`inReaderScript\` (core/text/reader.ts) now remember each conversion for the build (4.5% → 2.6% of CPU).
3. **List facet counts**: \`listPages\` split every combination key again for each count and recounted the same filters for every neighbouring page; keys are split once and each filter counted once.
4. **Cache keys**: a list page's key was hashed three times (once per locale); now once.
5. **Sitemap alternates**: @astrojs/sitemap's \`i18n\` option finds a page's language alternates by scanning every URL for each page, which is quadratic: 4 s of the 2,500-case build, and 10.9 s per site at 7,500 cases (the 30,000-case archive: 31,176 URLs of Zvečan's build, timed alone with \`generateSitemap\`). astro.config.mjs now groups the URLs by path once (in \`filter\`) and adds the same links in \`serialize\`: 1.5 s for the same 31,176 URLs, and the same links in the same order (compared on those URLs, and the built sitemap-0.xml compared before and after).

6. **Category names** were looked up and transliterated for every case in every list; now once per category and locale.

Tried and left out: Astro's \`build.concurrency\` (4 pages rendered at once, to overlap file writes with rendering) was not faster on 2 cores (68 s against 59 s in the same conditions).

Before and after, measured back to back: the same command in a copy of the project with the four files as they were before (sites/lib/archive.ts, the case and list pages, astro.config.mjs) and in the project, one site (Zvečan) with the same 2,500 cases, cold cache. User CPU time is the steadier figure on this shared machine (system time jumps with other work's disk writes); the load average was about 1 for the first pair and 3 to 4 for the last two.

| pair | before: wall s | user CPU s | peak RSS MB | after: wall s | user CPU s | peak RSS MB |
| :-- | --: | --: | --: | --: | --: | --: |
| 1 | 32.9 | 30.8 | 1,025 | 24.3 | 22.4 | 913 |
| 2 | 34.3 | 31.7 | 972 | 41.3 | 27.9 | 890 |
| 3 | 53.9 | 39.1 | 950 | 51.6 | 31.7 | 966 |
| 4 | 69.7 | 45.6 | 981 | 55.6 | 34.9 | 940 |

So about a fifth to a quarter less CPU for a cold build of a large archive, the same pages byte for byte (\`diff -r\` of the before and after outputs: only the forms' build time stamps differ), and no quadratic step left in our own code: pages per second now rise with the archive's size (table above). Parallel site builds were already there (\`npm run build\` builds min(cores, 4) sites at once; see the speed-up above), and so was the incremental build: the "nothing changed" column above is what it saves.`;

function publishSection(list) {
  const rows = list.map((r) => [int(r.count), s1(r.full.wallMs), int(r.full.pages), s1(r.incrementalNoChange.wallMs), r.publishLatencyMs.runs.map((ms) => s1(ms)).join(', '), `**${s1(r.publishLatencyMs.median)}**`]);
  return `Command: ${cmd(`--only=throughput,publish --sizes=${list.map((r) => r.count).join(',')}`)}.${measured(list[0])} The archive of N cases (all four sites) built cold, then rebuilt with nothing changed (every archive page restored from the incremental cache); then the same N public records loaded into DynamoDB Local, the whole local stack started with the rebuild worker on, and three times: a System 48h report submitted to Zvečan, the staff member's answer posted through the reply link, and the clock stopped when both the case page and the "answered" list are served with the answer (polled every 100 ms). Zvečan has a quarter of the cases.

${table(['cases', 'full build s (4 sites)', 'pages', 'rebuild, nothing changed s', 'publish latency runs s', 'median s'], rows)}`;
}

/** "meta-description: news list, events (all locales)" for every failed pass/fail audit. */
function failedAudits(rows) {
  const by = new Map();
  for (const r of rows) for (const id of r.failing) by.set(id, [...(by.get(id) ?? []), r]);
  return [...by]
    .map(([id, rs]) => {
      const templates = [...new Set(rs.map((r) => r.template))];
      const locales = new Set(rs.map((r) => r.locale));
      return `\`${id}\` on ${templates.join(', ')} (${locales.size === 3 ? 'all three locales' : [...locales].join(', ')})`;
    })
    .join('; ');
}

function lighthouseSection(l) {
  const rows = l.rows.map((r) => [r.template, r.locale, r.performance, r.accessibility, r.bestPractices, r.seo, (r.lcpMs / 1000).toFixed(2), int(r.tbtMs), r.cls.toFixed(3), kb(r.bytes)]);
  const by = (k) => Math.min(...l.rows.map((r) => r[k]));
  return `Command: ${cmd('--only=lighthouse')} (serves the smallest archive built before it, else \`dist/\`).${measured(l)} Lighthouse ${l.lighthouse} (npm) driving ${l.chromium}, default mobile settings (simulated throttling: slow 4G, 4× CPU slowdown), site ${l.site} served by scripts/serve.mjs from \`${l.distDir}\` on loopback. Chromium resolves no host name but localhost (\`--host-resolver-rules\`) and Lighthouse blocks ${l.settings.blockedUrlPatterns.map((p) => `\`${p}\``).join(', ')}, so the map tiles and anything else off the machine fail. LCP in seconds, TBT in ms, transferred KB as Lighthouse counts them (whatever the page loaded, images and scripts included).${l.skipped.length ? ` Not built, so not measured: ${l.skipped.join(', ')}.` : ''}

${table(['template', 'locale', 'performance', 'accessibility', 'best practices', 'SEO', 'LCP s', 'TBT ms', 'CLS', 'KB'], rows)}

Lowest: performance ${by('performance')}, accessibility ${by('accessibility')}, best practices ${by('bestPractices')}, SEO ${by('seo')}. Pages scoring below 90 anywhere: ${l.rows.filter((r) => Math.min(r.performance, r.accessibility, r.bestPractices, r.seo) < 90).map((r) => `${r.locale} ${r.template}`).join(', ') || 'none'}. Pass/fail audits that failed, with the templates they failed on: ${failedAudits(l.rows) || 'none'}. (Performance scores move by several points from run to run on this shared machine: the simulated throttling multiplies what the page cost the CPU here.)`;
}

function submissionsSection(s) {
  return `Command: ${cmd('--only=submissions')}.${measured(s)} \`POST /api/reports\` (JSON, no photos) through the local stack — the Hono app, DynamoDB Local, s3rver and the mail sink, with the stream poller sending every email meanwhile, as Lambda would — after 20 warm-up requests.

| run | requests | accepted | errors | per second | p50 ms | p99 ms | max ms |
| :-- | --: | --: | --: | --: | --: | --: | --: |
| sequential | ${s.sequential.count} | ${s.sequential.ok} | ${s.sequential.errors} | ${s.sequential.perSecond.toFixed(1)} | ${int(s.sequential.p50)} | ${int(s.sequential.p99)} | ${int(s.sequential.max)} |
| load, ${s.load.concurrency} at once | ${s.load.count} | ${s.load.ok} | ${s.load.errors}${Object.keys(s.load.errorReasons).length ? ` (${Object.entries(s.load.errorReasons).map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''} | ${s.load.perSecond.toFixed(1)} | ${int(s.load.p50)} | ${int(s.load.p99)} | ${int(s.load.max)} |

Afterwards: **${int(s.casesInTable)} cases in the table** for ${int(s.accepted)} accepted submissions (warm-up included), and **${int(s.emailsDelivered)} emails in the mailbox** of ${int(s.emailsExpected)} expected (a staff email and an acknowledgement per case), all delivered ${s1(s.mailDrainMs)} s after the last response: ${s.consistent ? 'consistent' : '**NOT consistent**'}.`;
}

function bundlesSection(b) {
  const rows = b.bundles.map((x) => [x.name, `\`${x.file}\``, kb(x.bytes), kb(x.gzipBytes)]);
  return `Command: ${cmd('--only=bundles')} (or \`node scripts/build-functions.mjs lambda\`, which prints the same).${measured(b)} One esbuild bundle per Lambda function, each from its own entry file (\`functions/<name>.ts\`), so each holds only what its function runs: sharp only in the photo function, no stream or sweep code in the HTTP function. Left out of the counts: sharp (installed beside the photo bundle, built for Lambda's platform) and @aws-sdk/* (in Lambda's Node runtime). Gzip at zlib's default level; 1 KB = 1,024 bytes.

${table(['function', 'bundle', 'minified KB', 'gzip KB'], rows)}`;
}

function open311Section(o) {
  const ms = (n) => (n == null ? '–' : n.toFixed(n < 100 ? 1 : 0));
  return `Command: ${cmd('--only=open311')} (or \`node scripts/lib/bench-open311.mjs 10000\`).${measured(o)} ${int(o.cases)} synthetic public cases (scripts/lib/cases-gen.mjs), all in ${o.municipality}'s partition, in an in-memory DynamoDB Local; \`GET /open311/v2/requests.json\` with no dates (the last 90 days, what a client asks by default: ${int(o.inWindow)} requests). *Before*: the whole \`PUBLIC#${o.municipality}\` partition read and filtered, as the endpoint did until issue 11. *After*: the app as it is, reading the \`public-by-date\` index by status and date (functions/web/open311.ts), through Hono's fetch with no network. Items read per query are DynamoDB Local's own ScannedCount. Both give the same answer: ${o.sameAnswer ? 'yes' : '**NO**'}.

| Open311 list query at ${int(o.cases)} cases | queries | p50 ms | p99 ms | items read per query |
| :-- | --: | --: | --: | --: |
| before (whole partition) | ${o.before.runs} | ${ms(o.before.p50)} | ${ms(o.before.p99)} | ${int(o.before.itemsReadPerQuery)} |
| after (public-by-date index) | ${o.after.runs} | ${ms(o.after.p50)} | ${ms(o.after.p99)} | ${int(o.after.itemsReadPerQuery)} |`;
}

/** The chart: build time (s) against archive size, ours and Hugo. */
function chart(t) {
  const series = [{ name: 'ours (Astro)', color: '#1f5fa8', points: t.rows.map((r) => ({ x: r.cases, y: r.ours.wallMs / 1000, label: `${(r.ours.wallMs / 1000).toFixed(0)} s` })) }];
  if (t.rows.some((r) => r.hugo)) series.push({ name: 'Hugo', color: '#c4462b', points: t.rows.filter((r) => r.hugo).map((r) => ({ x: r.cases, y: r.hugo.hugoMs / 1000, label: `${(r.hugo.hugoMs / 1000).toFixed(0)} s` })) });
  return lineChart({ title: 'Build time of the four sites against archive size', xLabel: 'public cases in the archive (all four sites)', yLabel: 'build time, seconds', series });
}

export function writeReport(report, { root }) {
  const s = report.sections;
  const parts = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (scripts/bench.mjs); do not edit by hand. Each section names the command that measures it again on its own; a section run alone replaces only its own figures here (the others keep theirs, with their own date). The same figures, machine-readable, are in \`.bench/latest.json\`.`,
    '',
    '## How to run it, and how long it takes',
    '',
    `\`npm run bench\` needs what \`npm test\` needs (Java 17 for DynamoDB Local, Debian's \`chromium\`) and \`hugo\` (\`apt-get install hugo\`; without it the Hugo column is left out). With the defaults (archive sizes 1,000 and 10,000; publish latency at both) it takes 20 to 25 minutes on this 2-core machine (each section's time is listed below); \`--sizes=1000,10000,30000\` adds 5 to 10 minutes for the 30,000-case archive. Other options: \`--publish-sizes=…\`, \`--only=build,weight,throughput,profile,publish,lighthouse,submissions,bundles,open311\` or \`--skip=…\`, \`--profile-cases=2500\`, \`--lighthouse-site=zvecan\`. Everything it builds goes under \`.bench/\` (gitignored); nothing leaves the machine.`,
    '',
    '## Machine and run',
    '',
    machineSection(report.machine, report.timings, report.totalMs),
  ];
  const add = (title, body) => parts.push('', `## ${title}`, '', body);
  if (s.build) add('Full build: parallel and serial', buildSection(s.build));
  if (s.weight) add('Page weight', weightSection(s.weight));
  if (s.throughput) add('Build throughput side by side: ours and Hugo', throughputSection(s.throughput, s.throughput.rows.map((r) => r.cases).join(',')));
  if (s.profile) add('Where our build spends its time', profileSection(s.profile));
  add('Speed work on our side, before and after', SPEED_WORK);
  if (s.publish?.length) add('Publish latency', publishSection(s.publish));
  if (s.lighthouse) add('Lighthouse', lighthouseSection(s.lighthouse));
  if (s.submissions) add('Submissions under load', submissionsSection(s.submissions));
  if (s.bundles?.bundles) add('Function bundles', bundlesSection(s.bundles));
  if (s.open311?.after) add('Open311 list query at 10,000 cases: p50/p99', open311Section(s.open311));
  const docs = join(root, 'docs');
  mkdirSync(docs, { recursive: true });
  writeFileSync(join(docs, 'benchmarks.md'), `${parts.join('\n')}\n`);
  const written = ['docs/benchmarks.md'];
  if (s.throughput?.rows?.length) {
    writeFileSync(join(docs, 'benchmarks-build.svg'), chart(s.throughput));
    written.push('docs/benchmarks-build.svg');
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const report = JSON.parse(readFileSync(join(root, '.bench', 'latest.json'), 'utf8'));
  console.log(`Written: ${writeReport(report, { root }).join(', ')}`);
}
