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

const when = (iso) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
/** "Measured …" of a section; a section kept from an earlier run (a run of other sections) says so first. */
const measured = (r) => {
  if (!r?.measuredAt) return '';
  const load = `load average when the run started ${r.machine?.loadAverageAtStart ?? '?'}${r.loadAverageAtEnd ? `, when this section ended ${r.loadAverageAtEnd}` : ''}`;
  return r.fromEarlierRun ? ` **From an earlier run, not the last one**: measured ${when(r.measuredAt)} (${load}).` : ` Measured ${when(r.measuredAt)} (${load}).`;
};
/** The names of the sections (and throughput/publish rows) kept from earlier runs. */
function fromEarlierRuns(s) {
  const out = [];
  for (const [name, r] of Object.entries(s)) {
    const rows = name === 'throughput' ? r?.rows ?? [] : Array.isArray(r) ? r : [r];
    const earlier = rows.filter((x) => x?.fromEarlierRun);
    if (!earlier.length) continue;
    if (name === 'throughput' || name === 'publish') out.push(earlier.length === rows.length ? `${name} (${when(earlier[0].measuredAt)})` : `${name} at ${earlier.map((x) => int(x.cases ?? x.count)).join(', ')} cases (${when(earlier[0].measuredAt)})`);
    else out.push(`${name} (${when(earlier[0].measuredAt)})`);
  }
  return out;
}

function machineSection(m, timings, totalMs, report = {}) {
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
  const earlier = fromEarlierRuns(report.sections ?? {});
  const scope = report.complete
    ? `**Every figure below is from this one run** (every section, one after another, every ratio measured side by side).`
    : earlier.length
      ? `**Not all from one run**: the last run measured ${Object.keys(timings ?? {}).join(', ') || 'nothing'}; these are kept from earlier runs and say so where they appear: ${earlier.join('; ')}.`
      : `The last run measured only ${Object.keys(timings ?? {}).join(', ') || 'nothing'}.`;
  const te = Object.entries(report.earlierTimings ?? {}).map(([k, v]) => `${k} ${(v / 60000).toFixed(1)} min`).join(', ');
  return `${table(['', ''], rows.map(([k, v]) => [k, v]), [':--', ':--'])}\n\n${scope} Time taken by each section of the last run: ${t || '–'}${totalMs ? ` (in all ${(totalMs / 60000).toFixed(1)} min)` : ''}${te ? `; in earlier runs: ${te}` : ''}.`;
}

function buildSection(b) {
  const rows = [b.parallel, b.serial].filter(Boolean).flatMap((run) => run.results.map((r) => [run === b.parallel ? `parallel (${run.concurrency})` : 'serial', r.site, int(r.pages), s1(r.buildMs), s1(r.searchMs), s1(r.totalMs), int(r.maxRssMb)]));
  return `Command: ${cmd('--only=build')}.${measured(b)} The ordinary build (content only, no archive source), all four sites as \`npm run build\` does: ${b.parallel.concurrency} child processes at once, each building its share of the sites one after another${b.serial ? ', then one at a time' : ` (one at a time too with ${cmd('--only=build --serial')})`}.

${table(['run', 'site', 'pages', 'astro s', 'search index s', 'total s', 'peak RSS MB'], rows)}

| run | wall s | pages | pages/s | peak RSS MB (largest site process) |
| :-- | --: | --: | --: | --: |
| parallel (${b.parallel.concurrency} at once) | ${s1(b.parallel.wallMs)} | ${int(b.parallel.pages)} | ${b.parallel.pagesPerSecond.toFixed(1)} | ${b.parallel.peakRssMb} |
${b.serial ? `| serial | ${s1(b.serial.wallMs)} | ${int(b.serial.pages)} | ${b.serial.pagesPerSecond.toFixed(1)} | ${b.serial.peakRssMb} |\n\nSpeed-up, parallel over serial: **${b.speedup.toFixed(2)}×**.` : ''}${b.serial && b.speedup < 1.2 ? ` Each site took about ${(b.parallel.results.reduce((x, r) => x + r.totalMs, 0) / b.serial.results.reduce((x, r) => x + r.totalMs, 0)).toFixed(1)}× as long when two built at once as when built alone: the second core was taken by other work on this shared machine (see the load average), so two builds at once could not go faster than one after the other.` : ''}`;
}

function weightSection(w) {
  const rows = w.pages.map((p) => (p.error ? [p.site, p.locale, p.page, '–', '–', '–', '–', 'MISSING'] : [p.site, p.locale, p.page, kb(p.html), kb(p.css), kb(p.js), kb(p.total), p.overBudget ? `**over**: ${p.over.join(', ')}` : 'ok']));
  return `Command: ${cmd('--only=weight')} (weighs what is in \`dist/\`; run after a build).${measured(w)} Gzip sizes as \`scripts/serve.mjs\` serves them (files of 512 bytes or less uncompressed), HTML plus linked CSS and JS, images and fonts excluded; 1 KB = 1,024 bytes. Budget of a content page: JS 0, total at most ${w.budget.totalBytes / KB} KB. Every built page is checked against its budget by \`npm test\` (tests/build/budgets.test.ts, which also counts the modules that scripts and islands import); this table is the sample the report shows. The budgets there (gzip KB, JS / total): content pages — home, news, events, documents, consultations, info, every archive page but the map, statistics, open data — 0 / 30; report form 36 / 60 (and 46 more for the map, fetched when it is opened); ask form 28 / 43; search 35 / 45; archive map 50 / 65.

${table(['site', 'locale', 'page', 'html KB', 'css KB', 'js KB', 'total KB', 'budget'], rows)}

Largest: ${kb(w.summary.maxTotalBytes)} KB (${w.summary.maxTotalPage}). JS 0 on all: ${w.summary.allJsZero ? 'yes' : 'no'}; all within ${w.budget.totalBytes / KB} KB: ${w.summary.allTotalsWithinBudget ? 'yes' : 'no'}.${formsWeight(w.forms)}`;
}

/** The two citizen forms in every site and locale: the JavaScript they load before any interaction. */
function formsWeight(forms) {
  if (!forms?.length) return '';
  const measured = forms.filter((f) => !f.error);
  const rows = forms.map((f) =>
    f.error
      ? [f.site, f.locale, f.page, '–', '–', '–', '–', 'MISSING']
      : [f.site, f.locale, f.page, kb(f.html), kb(f.css), `**${kb(f.js)}**`, f.onMapOpen ? kb(f.onMapOpen) : '–', `${f.withinFloor ? 'ok' : '**over**'} (floor ${f.floorJs / KB}, budget ${f.budgetJs / KB})`],
  );
  const most = (page) => Math.max(...measured.filter((f) => f.page === page).map((f) => f.js));
  return `

### The citizen forms

The JavaScript a form page loads before any interaction: its scripts and Astro islands with every module they import, statically or with \`import()\` (scripts/lib/page-weight.mjs \`pageWeightWithModules\`, as tests/build/budgets.test.ts counts it), gzip. The report form's map (Leaflet) is fetched only when the citizen presses the button that opens it: that is the "on opening the map" column. Floors (issue 14): report form ≤ 80 KB, ask form ≤ 72 KB; the budgets tests/build/budgets.test.ts enforces: 36 and 28 KB. Heaviest: report form ${kb(most('report form'))} KB, ask form ${kb(most('ask form'))} KB; all within the floors: ${forms.every((f) => !f.error && f.withinFloor) ? 'yes' : '**no**'}, within the test budgets: ${forms.every((f) => !f.error && f.withinBudget) ? 'yes' : '**no**'}.

${table(['site', 'locale', 'page', 'html KB', 'css KB', 'JS before interaction KB', 'on opening the map KB', 'floor / budget'], rows)}`;
}

function throughputSection(t, sizesArg) {
  const earlier = (r) => (r.fromEarlierRun ? ` (earlier run, ${when(r.measuredAt)})` : '');
  const rows = t.rows.flatMap((r) => [
    [int(r.cases), `ours (Astro)${earlier(r)}`, int(r.ours.pages), s1(r.ours.wallMs), '–', r.ours.pagesPerSecond.toFixed(0), int(r.ours.peakRssMb)],
    ...(r.hugo ? [[int(r.cases), `Hugo${earlier(r)}`, int(r.hugo.pages), s1(r.hugo.hugoMs), s1(r.hugo.generateMs), r.hugo.pagesPerSecond.toFixed(0), int(r.hugo.peakRssMb)]] : []),
  ]);
  // Issue 14's floors: ours at least 0.5× Hugo's pages/s at 1,000 cases and 1.0× at 30,000.
  const FLOORS = { 1000: 0.5, 30000: 1.0 };
  const ratios = t.rows
    .filter((r) => r.hugo)
    .map((r) => {
      const ours = r.ours.pagesPerSecond / r.hugo.pagesPerSecond;
      const floor = FLOORS[r.cases];
      return `${int(r.cases)} cases: ours **${ours.toFixed(2)}×** Hugo's pages/s${floor ? ` (floor ${floor.toFixed(1)}×: ${ours >= floor ? 'met' : '**not met**'})` : ''}${earlier(r)}`;
    })
    .join('; ');
  return `Command: ${cmd(`--only=throughput --sizes=${sizesArg}`)}.${measured(t)} ${t.hugo ? `Hugo: \`${t.hugo}\`.` : 'Hugo was not installed: ours only.'}

The same synthetic archive (\`syntheticArchive\` of scripts/lib/bench-archive.mjs: cases spread over the four municipalities, every status, reports and questions) built by both:
- **ours**: \`npm run build\`'s way (scripts/build-all.mjs): two child processes on the 2 cores, each building two of the sites one after another (\`scripts/build-site.mjs <id> <id>\`, so Astro and its tools start once per process), with \`ARCHIVE_SOURCE=file\` and each site its own \`OUT_DIR\` and \`ASTRO_CACHE_DIR\` under \`.bench/archive-<N>/\`, cold cache. The whole site: archive, news, documents, forms, open data, sitemap, search index.
- **Hugo**: the minimal templates of \`scripts/lib/hugo/\`, generated by the bench per site: a page per case in each of the three locales, the list pages with the same filter combinations and 20 cases a page as \`listPages\` in sites/lib/archive.ts (counts and facet links precomputed into each list page's front matter, cases in one JSON data file, content mounted once per language), the archive index, a language switcher and alternates, sitemap. One \`hugo\` run per site, one after another (Hugo uses every core itself). No transliteration into the reader's script, none of the rest of the site.

Pages are the \`.html\` files each pipeline wrote; "Hugo data s" is the time the bench took to write Hugo's data file and content stubs, not counted in Hugo's pages/s. Peak RSS is the largest single build process (ours: two sites, one after the other). Old trees (an earlier run's \`.bench/archive-<N>/\`, Hugo's output of the size before) are moved aside and deleted when the benchmark ends (scripts/lib/bench-trash.mjs): on this machine's ext4, files made within a minute or so of many deletions are slow to create (the inode allocator skips recently freed inodes), and whichever pipeline ran right after a deletion paid for it.

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

Later, in issue 14's second stop (\`--cpu-prof\` and \`perf\` of the 1,000-case builds):

7. **Babel over all our TypeScript.** \`@astrojs/preact\` always hands its Vite preset a Babel config, and the preset then ran Babel over every \`.ts\` and \`.js\` file of ours the build imports (core/, functions/), not only the JSX: 0.8 s of CPU per site. \`preact({ include: [/\\.tsx$/] })\` limits it to the islands; the emitted scripts are the same bytes. One site with the fixture archive: 5.7 s → 4.6 s.
8. **Astro started once per site.** \`scripts/build-site.mjs\` builds several sites one after another in one process and \`scripts/build-all.mjs\` deals the sites out to one child per core, so Astro, Vite and Rolldown load and warm up once per child: the second site of a child builds in about 3.0 s instead of 4.3 s (1,000 cases). With Node's compile cache (\`scripts/lib/compile-cache.mjs\`), \`npm run build\` of the four content sites went from about 14 s to 7.6 s.
9. **The disk, not us.** A quarter of a site build's CPU was in the kernel, in ext4's inode allocator (\`recently_deleted\`): files made within a minute or so of many deletions are slow to create, and the bench had just deleted the previous run's trees. They are now moved aside and deleted when the run ends (scripts/lib/bench-trash.mjs): the four sites with 1,000 cases took 12.3–13.4 s straight after a deletion and 10.1–10.5 s without one (Hugo: 4.4 → 3.7 s).

Then, in issue 14's third stop (the same profiles of the four sites with 1,000 cases; \`/tmp\` copies of the project before and after, built in turn three times each, same pages byte for byte but for the build stamps):

10. **No Babel at all.** Item 7 had left Babel on the islands themselves, for the server and the client build of every site. A small integration in astro.config.mjs takes the Babel step out of \`@preact/preset-vite\` and lets Vite's own transform (Oxc) compile the JSX: the emitted island scripts are the same files, byte for byte.
11. **The archive shell split once.** Every archive page was made by scanning the ~19 KB shell of its locale four times for its placeholders (\`wrap\` in core/archive/render.ts); the shell is now split once at its placeholders and each page joins the pieces. With \`esc\` returning text that has nothing to escape as it is, and each page encoded to UTF-8 once for both its hash and its write (it was encoded twice), a site's archive pages take 0.45–0.55 s instead of 0.8–1.0 s.
12. **Small formatters**: the statistics page made an \`Intl.DateTimeFormat\` for every month label, and \`plural()\` a number format for every count (\`toLocaleString\`); both are made once now.

Together about 15% less CPU for the four sites at 1,000 cases (the cold build of the throughput section: 10.2–12.0 s before, 8.9–9.8 s after, in alternating runs). Tried and dropped, no difference beyond this machine's noise: synchronous file writes for the archive, mimalloc without transparent huge pages for Rolldown (\`MIMALLOC_ALLOW_THP=0\`: less kernel time, more user time), V8's \`--always-sparkplug\` and \`--no-maglev\`, a larger young generation.

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
  const floor = (r) => (r.count >= 30000 ? 8000 : 5000);
  const rows = list.map((r) => [int(r.count), s1(r.full.wallMs), int(r.full.pages), r.publishLatencyMs.runs.map((ms) => s1(ms)).join(', '), `**${s1(r.publishLatencyMs.median)}**`, `≤ ${s1(floor(r))}: ${r.publishLatencyMs.median <= floor(r) ? 'met' : '**not met**'}`]);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fastRows = list.filter((r) => r.fastPath?.length).map((r) => {
    const f = r.fastPath;
    return [int(r.count), int(f[0].cases), int(median(f.map((x) => x.rendered))), int(median(f.map((x) => x.written))), int(median(f.map((x) => x.readMs))), int(median(f.map((x) => x.renderMs))), int(median(f.map((x) => x.writeMs))), int(median(f.map((x) => x.totalMs)))];
  });
  return `Command: ${cmd(`--only=throughput,publish --sizes=${list.map((r) => r.count).join(',')}`)}.${measured(list[0])} The archive of N cases (all four sites) built cold (the throughput section's build); then Zvečan's public records loaded into DynamoDB Local, the whole local stack started with the rebuild worker on, and three times: a System 48h report submitted to Zvečan, the staff member's answer posted through the reply link, and the clock stopped when both the case page and the "answered" list are served with the answer (polled every 100 ms). Zvečan has a quarter of the cases. The answer reaches the site by the fast publish path (functions/domain/fast-publish.ts: the case's pages in three locales, every list page, the feeds and the archive's sitemap rendered by core/archive/ and only the files whose bytes changed written, each renamed into place); the full build follows as the backstop for the rest (statistics, open data, the archive's front page) and is not waited for. Floor (issue 14): ≤ 5 s at 1,000 and 10,000 cases, ≤ 8 s at 30,000.

${table(['cases', 'full build s (4 sites)', 'pages', 'publish latency runs s', 'median s', 'floor s'], rows)}
${fastRows.length ? `
Inside the fast path (median of the runs; Zvečan's public records read from DynamoDB Local, then rendered and compared with the manifest of the served files, then written):

${table(['cases (all sites)', "Zvečan's records", 'files rendered', 'files written', 'read ms', 'render and compare ms', 'write ms', 'total ms'], fastRows)}` : ''}`;
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

Lowest: performance ${by('performance')}, accessibility ${by('accessibility')}, best practices ${by('bestPractices')}, SEO ${by('seo')}; largest CLS ${Math.max(...l.rows.map((r) => r.cls)).toFixed(3)}. ${l.floors ? `Every page at the floors of issue 14 (performance ≥ ${l.floors.performance}, SEO ${l.floors.seo}, CLS ${l.floors.cls}): **${l.meetsFloors ? 'yes' : 'no'}**${l.belowFloors?.length ? ` (under a floor: ${l.belowFloors.map((b) => `${b.page}: ${b.misses.join(', ')}`).join('; ')})` : ''}. A page under a floor on its first run is measured twice more and the median run by performance is shown${l.rows.some((r) => r.runs) ? ` (here: ${l.rows.filter((r) => r.runs).map((r) => `${r.locale} ${r.template}, performance ${r.runs.map((x) => x.performance).join(' / ')}`).join('; ')})` : ''}.` : ''} Pages scoring below 90 anywhere: ${l.rows.filter((r) => Math.min(r.performance, r.accessibility, r.bestPractices, r.seo) < 90).map((r) => `${r.locale} ${r.template}`).join(', ') || 'none'}. Pass/fail audits that failed, with the templates they failed on: ${failedAudits(l.rows) || 'none'}. (Performance scores move by several points from run to run on this shared machine: the simulated throttling multiplies what the page cost the CPU here.)`;
}

function submissionsSection(s) {
  return `Command: ${cmd('--only=submissions')}.${measured(s)} \`POST /api/reports\` (JSON, no photos) through the local stack — the Hono app, DynamoDB Local, s3rver and the mail sink, with the stream poller sending every email meanwhile, as Lambda would — after 20 warm-up requests.

| run | requests | accepted | errors | per second | p50 ms | p99 ms | max ms |
| :-- | --: | --: | --: | --: | --: | --: | --: |
| sequential | ${s.sequential.count} | ${s.sequential.ok} | ${s.sequential.errors} | ${s.sequential.perSecond.toFixed(1)} | ${int(s.sequential.p50)} | ${int(s.sequential.p99)} | ${int(s.sequential.max)} |
| load, ${s.load.concurrency} at once | ${s.load.count} | ${s.load.ok} | ${s.load.errors}${Object.keys(s.load.errorReasons).length ? ` (${Object.entries(s.load.errorReasons).map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''} | ${s.load.perSecond.toFixed(1)} | ${int(s.load.p50)} | ${int(s.load.p99)} | ${int(s.load.max)} |

Afterwards: **${int(s.casesInTable)} cases in the table** for ${int(s.accepted)} accepted submissions (warm-up included), and **${int(s.emailsDelivered)} emails in the mailbox** of ${int(s.emailsExpected)} expected (a staff email and an acknowledgement per case), all delivered ${s1(s.mailDrainMs)} s after the last response: ${s.consistent ? 'consistent' : '**NOT consistent**'}.${submissionsBreakdown(s)}`;
}

/** Where a sequential submission's time goes, and our code timed alone (scripts/lib/bench-submissions.mjs). */
function submissionsBreakdown(s) {
  const b = s.sequential.breakdown;
  const a = s.ourCodeAlone;
  if (!b || !a) return '';
  const ms = (n) => (n == null ? '–' : n.toFixed(n < 10 ? 2 : 1));
  const row = (label, x) => `| ${label} | ${ms(x.p50)} | ${ms(x.p99)} |`;
  return `

Where the time of each of the ${int(b.requests)} sequential submissions goes, timed inside the same process: the server's part from Node's \`http.server.request.start\` to \`http.server.response.finish\`; the DynamoDB calls made for that request (timing around \`DynamoDBDocumentClient.send\`, attributed to the request through \`AsyncLocalStorage\`, so the stream poller's calls meanwhile are not counted; ${b.dynamoCallsPerRequest.toFixed(1)} a request: the two rate-limit counters, one after the other, and the transaction) and, within them, the HTTP round trips to DynamoDB Local (an SDK middleware around the deserializer); our code is the server's part less the DynamoDB calls. Each part's p50 and p99 are taken over the requests separately, so they do not add up.

| part of a sequential submission | p50 ms | p99 ms |
| :-- | --: | --: |
${row('whole request, as the client saw it', b.total)}
${row('client and loopback (fetch, the HTTP parser)', b.client)}
${row('server (the function)', b.server)}
${row('— DynamoDB calls', b.dynamo)}
${row('— — round trips to DynamoDB Local', b.wire)}
${row('— — the SDK (marshalling, signing, parsing)', b.sdk)}
${row('— **our code** (routing, body, validation, masking, rate-limit keys, the transaction built, the response)', b.ours)}
${row(`**our code alone**: the server's part of the same requests to the same app, served the same way, its table answering at once, nothing else running (${int(a.runs)} requests; the process's CPU, client included, ${ms(a.cpuMsPerRequest)} ms a request)`, a)}

Our code in the stack also waits for whatever else the process runs at that moment (the stream poller sending the emails of the cases just made, the mail sink, the static-site handler in front of the app), which "alone" leaves out. The floor, our code ≤ 2 ms p50: **${ms(b.ours.p50)} ms** in the stack (${b.ours.p50 <= 2 ? 'met' : '**not met**'}), **${ms(a.p50)} ms** alone (${a.p50 <= 2 ? 'met' : '**not met**'}).`;
}

function bundlesSection(b) {
  const rows = b.bundles.map((x) => [x.name, `\`${x.file}\``, kb(x.bytes), kb(x.gzipBytes)]);
  return `Command: ${cmd('--only=bundles')} (or \`node scripts/build-functions.mjs lambda\`, which prints the same).${measured(b)} One esbuild bundle per Lambda function, each from its own entry file (\`functions/<name>.ts\`), so each holds only what its function runs: sharp only in the photo function, no stream or sweep code in the HTTP function. Left out of the counts: sharp (installed beside the photo bundle, built for Lambda's platform) and @aws-sdk/* (in Lambda's Node runtime). Gzip at zlib's default level; 1 KB = 1,024 bytes.

${table(['function', 'bundle', 'minified KB', 'gzip KB'], rows)}`;
}

function coldstartSection(c) {
  const ms = (n) => (n == null ? '–' : n.toFixed(0));
  const rows = c.rows.map((r) => [r.function, `\`${r.name}\``, r.variant, r.what, kb(r.bytes), `**${ms(r.totalMs)}**`, ms(r.loadMs), ms(r.firstMs)]);
  return `Command: ${cmd('--only=coldstart')} (or \`node scripts/lib/bench-coldstart.mjs [runs] [--sdk]\`).${measured(c)} Each function's Lambda bundle (\`.build/lambda/<name>/index.mjs\`) imported by a fresh \`node\` process (${c.node}) that calls its handler once with a realistic event against the local services (DynamoDB Local, s3rver, the mail sink); median of ${c.runs} runs. *Cold start*: from spawning the process to the first response (Node's start-up, loading the bundle, the first invocation); *load*: process start to the bundle imported (the child's clock); *first response*: the first invocation alone. "SDK bundled" is the HTTP function built with the AWS SDK v3 inside its bundle, for comparison: the deployed functions use the SDK of the pinned \`nodejs24.x\` runtime (infra/functions.ts). Lambda's own Init Duration adds the runtime client and a slower CPU share, so compare these with each other.

${table(['function', 'bundle', 'AWS SDK', 'first event', 'minified KB', 'cold start ms', 'load ms', 'first response ms'], rows)}`;
}

function open311Section(o) {
  const ms = (n) => (n == null ? '–' : n.toFixed(n < 100 ? 1 : 0));
  return `Command: ${cmd('--only=open311')} (or \`node scripts/lib/bench-open311.mjs 10000\`).${measured(o)} ${int(o.cases)} synthetic public cases (scripts/lib/cases-gen.mjs), all in ${o.municipality}'s partition, in an in-memory DynamoDB Local; \`GET /open311/v2/requests.json\` with no dates (the last 90 days, what a client asks by default: ${int(o.inWindow)} requests). *Before*: the whole \`PUBLIC#${o.municipality}\` partition read and filtered, as the endpoint did until issue 11. *After*: the app as it is, reading the \`public-by-date\` index by status and date (functions/web/open311.ts), through Hono's fetch with no network, in a Node process of its own started for this section (as a function instance has its own; the benchmark's process, after the other sections, paused the queries for its garbage collection). 1,000 queries each for *after* and *whole records*, after 20 warm-ups. Items read per query are DynamoDB Local's own ScannedCount. All give the same answer: ${o.sameAnswer ? 'yes' : '**NO**'}.

| Open311 list query at ${int(o.cases)} cases | queries | p50 ms | p99 ms | items read per query |
| :-- | --: | --: | --: | --: |
| before (whole partition) | ${o.before.runs}${failedAgain(o.before)} | ${ms(o.before.p50)} | ${ms(o.before.p99)} | ${int(o.before.itemsReadPerQuery)} |${o.afterWholeRecords ? `
| the index, whole records (until issue 14) | ${o.afterWholeRecords.runs}${failedAgain(o.afterWholeRecords)} | ${ms(o.afterWholeRecords.p50)} | ${ms(o.afterWholeRecords.p99)} | ${int(o.afterWholeRecords.itemsReadPerQuery)} |` : ''}
| **after** (public-by-date index${o.afterWholeRecords ? ', the fields an answer shows' : ''}) | ${o.after.runs}${failedAgain(o.after)} | **${ms(o.after.p50)}** | **${ms(o.after.p99)}** | ${int(o.after.itemsReadPerQuery)} |${open311Breakdown(o)}`;
}

/** Queries that failed (a 503: DynamoDB Local too slow to answer on a busy machine) and were asked again. */
const failedAgain = (x) => (x?.errors ? ` (and ${x.errors} failed, asked again)` : '');

/** Where an Open311 list query's time goes (scripts/lib/bench-open311.mjs). */
function open311Breakdown(o) {
  const rows = [['before (whole partition)', o.before], ['the index, whole records', o.afterWholeRecords], ['after', o.after]].filter(([, x]) => x?.breakdown);
  if (!rows.length) return '';
  const ms = (n) => (n == null ? '–' : n.toFixed(n < 100 ? 1 : 0));
  return `

*The index, whole records* is the same app made to read each record whole, public timeline included, as it did until issue 14; *after* reads only the fields an answer shows (\`OPEN311_FIELDS\` in functions/web/open311.ts, a projection of the index's \`record\`: about half of a record; tests/unit/open311-fields.test.ts holds the list to what the answer reads). The two took turns, query by query, so other work on the machine slowed both alike. Where the time goes (p50 / p99 ms; the open and closed statuses are read at once, so DynamoDB time runs from the first call's start to the last one's end):

| query | DynamoDB calls | of which round trips to DynamoDB Local | the rest (query, matching, conversion, JSON) |
| :-- | --: | --: | --: |
${rows.map(([label, x]) => `| ${label} | ${ms(x.breakdown.dynamo.p50)} / ${ms(x.breakdown.dynamo.p99)} | ${ms(x.breakdown.wire.p50)} / ${ms(x.breakdown.wire.p99)} | ${ms(x.breakdown.ours.p50)} / ${ms(x.breakdown.ours.p99)} |`).join('\n')}`;
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
    `Written by \`npm run bench\` (scripts/bench.mjs); do not edit by hand. The default run (\`npm run bench\`, every section) writes the whole report from its own figures, every ratio measured side by side. Each section names the command that measures it again on its own; a run of some sections replaces only theirs, and the report then says which sections come from an earlier run. A run that fails (a build, a request, a missing page) leaves this file as it was. The same figures, machine-readable, are in \`.bench/latest.json\`.`,
    '',
    '## How to run it, and how long it takes',
    '',
    `\`npm run bench\` needs what \`npm test\` needs (Java 17 for DynamoDB Local, Debian's \`chromium\`) and \`hugo\` (\`apt-get install hugo\`; without it the Hugo column is left out). With the defaults (throughput at 1,000, 10,000 and 30,000 cases, publish latency at the same three on those builds, the profile at 1,000) it is meant to take under 30 minutes on this 2-core machine${report.complete && report.totalMs ? `: the last run took ${(report.totalMs / 60000).toFixed(1)} minutes` : ''} (each section's time is listed below). The builds are production builds (\`NODE_ENV=production\`), each with its own \`.astro/\` folder (scripts/lib/astro-dot-dir.mjs); a failed build prints its error and stops the others. Options: \`--sizes=…\`, \`--publish-sizes=…\`, \`--only=build,weight,throughput,profile,publish,lighthouse,submissions,bundles,coldstart,open311\` or \`--skip=…\`, \`--profile-cases=2500\`, \`--lighthouse-site=zvecan\`, \`--serial\` (the build section one site at a time too). Everything it builds goes under \`.bench/\` (gitignored), but for the build section's ordinary build, into \`dist/\` as \`npm run build\` does (\`DIST_DIR=…\` puts it elsewhere); nothing leaves the machine.`,
    '',
    '## Machine and run',
    '',
    machineSection(report.machine, report.timings, report.totalMs, report),
  ];
  const add = (title, body) => parts.push('', `## ${title}`, '', body);
  if (s.build) add(s.build.serial ? 'Full build: parallel and serial' : 'Full build', buildSection(s.build));
  if (s.weight) add('Page weight', weightSection(s.weight));
  if (s.throughput) add('Build throughput side by side: ours and Hugo', throughputSection(s.throughput, s.throughput.rows.map((r) => r.cases).join(',')));
  if (s.profile) add('Where our build spends its time', profileSection(s.profile));
  add('Speed work on our side, before and after', SPEED_WORK);
  if (s.publish?.length) add('Publish latency', publishSection(s.publish));
  if (s.lighthouse) add('Lighthouse', lighthouseSection(s.lighthouse));
  if (s.submissions) add('Submissions under load', submissionsSection(s.submissions));
  if (s.bundles?.bundles) add('Function bundles', bundlesSection(s.bundles));
  if (s.coldstart?.rows) add('Function cold starts', coldstartSection(s.coldstart));
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
