// The archive at scale, for scripts/bench.mjs: builds all four sites with N synthetic public cases
// (a cold full build, then a rebuild with nothing changed), and measures publish latency — a staff
// answer to the updated case page and lists served — with those N cases in the local table.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { discard } from './bench-trash.mjs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { buildAll } from '../build-all.mjs';
import { buildFunctions } from '../build-functions.mjs';
import { startStack } from '../local/stack.mjs';
import { siteIds } from './sites.mjs';
import { syntheticCases } from './cases-gen.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** N synthetic public cases spread over the four municipalities (by their share of the report's figures). */
export function syntheticArchive(count, now = new Date()) {
  const per = Math.floor(count / siteIds.length);
  return siteIds.flatMap((municipality, i) => syntheticCases({ municipality, count: i === 0 ? count - per * (siteIds.length - 1) : per, seed: 1000 + i, now }));
}

function get(port, site, path) {
  return new Promise((resolve, reject) => {
    // A connection per request (agent: false): a kept-alive one could be closed by the server's
    // idle timeout just as a poll reuses it (read ECONNRESET once ended a 30,000-case run).
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: { host: `${site}.localhost:${port}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function loadTable(endpoint, records) {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), { marshallOptions: { removeUndefinedValues: true } });
  const batches = [];
  for (let i = 0; i < records.length; i += 25) batches.push(records.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        let items = batch.map((record) => ({ PutRequest: { Item: { pk: `PUBLIC#${record.municipality}`, sk: record.code, type: 'public', digest: createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 22), record } } }));
        while (items.length) {
          const r = await doc.send(new BatchWriteCommand({ RequestItems: { 'e-opstine': items } }));
          items = r.UnprocessedItems?.['e-opstine'] ?? [];
        }
      }
    }),
  );
}

/** Where the archive bench of `count` cases keeps its files: cases.json, dist/<site>, cache/<site>. */
export const archiveDir = (count) => join(root, '.bench', `archive-${count}`);

/**
 * Writes N synthetic cases to a fresh .bench/archive-<N>/cases.json.
 * @returns {{ dir: string, file: string, records: object[], generateMs: number }}
 */
export function prepareArchive(count, now = new Date()) {
  const dir = archiveDir(count);
  discard(dir); // deleted when the benchmark ends (scripts/lib/bench-trash.mjs)
  mkdirSync(dir, { recursive: true });
  const genStart = performance.now();
  const records = syntheticArchive(count, now);
  const generateMs = performance.now() - genStart;
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(records));
  return { dir, file, records, generateMs };
}

/**
 * Builds the four sites from an archive file, each with its own output and cache folder under
 * `dir`, `concurrency` at once: production builds, each with its own .astro/ folder; the first
 * failure stops the others and rejects with the failed build's stderr (scripts/build-all.mjs).
 */
export async function buildArchiveSites({ dir, file, concurrency, label, log = () => {} }) {
  const env = (site) => ({ ARCHIVE_SOURCE: 'file', ARCHIVE_FILE: file, OUT_DIR: join(dir, 'dist', site), ASTRO_CACHE_DIR: join(dir, 'cache', site) });
  const started = performance.now();
  // Progress lines only for failures and stops: a success is summed up below.
  const { results } = await buildAll(siteIds, { concurrency, env, log: (s) => /[✗■]|stopping/.test(s) && log(`  ${s.trim()}`) });
  const wallMs = performance.now() - started;
  const pages = results.reduce((s, r) => s + r.pages, 0);
  const out = { label, wallMs, pages, pagesPerSecond: pages / (wallMs / 1000), peakRssMb: Math.max(...results.map((r) => r.maxRssMb)), results };
  log(`  ${label}: ${pages} pages in ${(wallMs / 1000).toFixed(1)} s, ${out.pagesPerSecond.toFixed(0)} pages/s, peak RSS ${out.peakRssMb} MB per site build`);
  return out;
}

/**
 * @param {{ count: number, concurrency: number, log: (s: string) => void, latencyRuns?: number, built?: object }} o
 *   built: the result of buildArchiveSites on prepareArchive(count) made just before (the
 *   throughput section's cold build), so this does not build the same archive again.
 */
export async function benchArchive({ count, concurrency, log, latencyRuns = 3, built }) {
  let dir, file, records, genMs;
  if (built) {
    dir = archiveDir(count);
    file = join(dir, 'cases.json');
    records = JSON.parse(readFileSync(file, 'utf8'));
    genMs = 0;
  } else {
    ({ dir, file, records, generateMs: genMs } = prepareArchive(count));
  }
  const distDir = join(dir, 'dist');
  const build = (label) => buildArchiveSites({ dir, file, concurrency, label, log });
  if (!built) log(`  ${count} synthetic cases generated in ${genMs.toFixed(0)} ms`);
  const full = built ?? (await build('full build, cold cache'));

  // Publish latency: the same cases in DynamoDB Local, the rebuild worker on, a real answer.
  await buildFunctions('local');
  const stack = await startStack({
    port: 0,
    distDir,
    log: () => {},
    mail: 'mounted',
    loadPlatform: () => import(`${root}.build/functions-local.mjs`),
    env: { RATE_PER_IP_PER_HOUR: '100000', RATE_PER_EMAIL_PER_HOUR: '100000' },
    rebuild: { debounceMs: 200, cacheDirOf: (site) => join(dir, 'cache', site), onPublished: (site, r) => published.push({ site, ...r }) },
  });
  const latencies = [];
  /** What the fast path did for each change (functions/domain/fast-publish.ts): files, and where its time went. */
  const published = [];
  const fastRuns = [];
  try {
    const loadStart = performance.now();
    // Only Zvečan is answered and measured: its records are the ones the fast path and the
    // backstop build read (the other sites keep serving the throughput section's build).
    const zvecan = records.filter((r) => r.municipality === 'zvecan');
    await loadTable(stack.dynamo.endpoint, zvecan);
    log(`  loaded Zvečan's ${zvecan.length} public records into DynamoDB Local in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
    // Bring the served site in line with the table (all pages restored from the cache).
    await stack.rebuilder.buildAll(['zvecan']);
    for (let run = 0; run < latencyRuns; run++) {
      const r = await fetch(stack.apiUrl('/api/reports'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ municipality: 'zvecan', locale: 'sr', category: 'roads', description: `Мерење објављивања, пријава број ${run + 1}.`, address: 'Главна улица', consent: true, email: `bench-publish-${run}@example.org` }),
      });
      const submitted = await r.json();
      if (r.status !== 201) throw new Error(`publish latency: the report was refused (${r.status}): ${JSON.stringify(submitted)}`);
      const { code } = submitted;
      // The stream may still be working through the loaded records: wait for the staff email.
      const findStaff = () => stack.sink.messages().find((m) => m.subject.includes(code) && m.to.some((t) => t.endsWith('@ezvecan.com')));
      const waitStart = performance.now();
      while (!findStaff()) {
        if (performance.now() - waitStart > 300_000) throw new Error(`publish latency: no staff email for ${code} within 5 minutes`);
        await stack.poller.idle();
        await new Promise((res) => setTimeout(res, 200));
      }
      // The report itself settled before the answer: its public record handled by the stream (the
      // second wait covers what the first one's handling wrote) and the backstop build it asked
      // for done. A staff answer comes minutes after a report, not while the report's own build
      // runs; without this, an answer could meet that build mid-way (one 30,000-case run: 18.8 s).
      for (let pass = 0; pass < 2; pass++) {
        await stack.poller.idle();
        await stack.rebuilder.idle();
      }
      const staff = findStaff();
      const link = /\/api\/reply\/[A-Za-z0-9_-]{43}/.exec(staff.text)[0];
      const answer = `Одговор за мерење ${run + 1}: екипа излази сутра.`;
      const t0 = performance.now();
      const post = await fetch(stack.apiUrl(link), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ outcome: 'answered', publicText: `Мерење објављивања, пријава број ${run + 1}.`, answer }),
        redirect: 'manual',
      });
      if (post.status !== 303) throw new Error(`staff answer: ${post.status}`);
      let page = '';
      let list = '';
      while (!page.includes('екипа излази сутра') || !list.includes(`${code}`)) {
        await new Promise((res) => setTimeout(res, 100));
        page = (await get(stack.port, 'zvecan', `/sr/archive/case/${code}/`)).body;
        list = (await get(stack.port, 'zvecan', '/sr/archive/reports/all/answered/all/')).body;
        if (performance.now() - t0 > 600_000) throw new Error('publish latency: no update within 10 minutes');
      }
      const ms = performance.now() - t0;
      latencies.push(ms);
      const fast = published.filter((p) => p.site === 'zvecan' && p.codes.includes(code)).at(-1);
      if (fast) fastRuns.push({ cases: fast.cases, rendered: fast.rendered, written: fast.written.length, readMs: fast.readMs, renderMs: fast.ms.render, writeMs: fast.ms.write, totalMs: fast.readMs + fast.ms.total });
      log(`  publish latency run ${run + 1}: ${(ms / 1000).toFixed(1)} s from the staff answer to the case page and the "answered" list served`);
      await stack.rebuilder.idle();
    }
  } finally {
    await stack.stop();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count, generateMs: genMs, full, publishLatencyMs: { runs: latencies, median: sorted[Math.floor(sorted.length / 2)] }, fastPath: fastRuns };
}
