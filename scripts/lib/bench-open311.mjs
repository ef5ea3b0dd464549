// Open311 list queries at scale, for scripts/bench.mjs (section "open311"), or alone:
//   node scripts/lib/bench-open311.mjs [cases] [now]  (default 10,000; about a minute and a half on an idle 2-core machine)
// N synthetic public cases (scripts/lib/cases-gen.mjs), all in one municipality's partition, in an
// in-memory DynamoDB Local; then GET /open311/v2/requests.json with no dates (the last 90 days,
// what a client asks by default), timed three ways:
//   - before: what the endpoint did until issue 11, the municipality's whole PUBLIC# partition read
//     and filtered (CaseStore.listPublic, selectRequests), rendered;
//   - after: the app as it is (functions/web/open311.ts: the public-by-date index by status and
//     date, only the window's records read, and of each only the fields an answer shows,
//     OPEN311_FIELDS), through Hono's fetch with no network in between;
//   - the same app reading whole records from the index (as until issue 14), taking turns with
//     "after" query by query, so that other work on the machine slows both alike.
// "After" and "whole records" are asked 1,000 times each after 20 warm-up queries, so that their
// p99 is the tenth slowest query, not the second slowest of 100 (which one hiccup of the shared
// machine decides).
// Items read per query come from DynamoDB Local's own ScannedCount; the time inside the DynamoDB
// calls (and within it the HTTP round trips to DynamoDB Local) is timed apart from the rest.
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { buildFunctions } from '../build-functions.mjs';
import { startDynamo, ensureTable } from '../local/dynamodb.mjs';
import { localClientConfig } from '../local/aws.mjs';
import { syntheticCases } from './cases-gen.mjs';
import { publicByDateKeys } from '../../core/cases/table.ts';
import { parseRequestsQuery, render, selectRequests, toServiceRequest } from '../../core/cases/open311.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TABLE = 'e-opstine';
const MUNICIPALITY = 'zvecan';

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const summarise = (ms) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { runs: ms.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
};

/** Public records as putPublic writes them (with their public-by-date keys), 25 at a time. */
async function load(doc, records) {
  const batches = [];
  for (let i = 0; i < records.length; i += 25) batches.push(records.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        let items = batches[next++].map((record) => ({
          PutRequest: {
            Item: { pk: `PUBLIC#${record.municipality}`, sk: record.code, type: 'public', digest: createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 22), record, ...publicByDateKeys(record) },
          },
        }));
        while (items.length) {
          const r = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items } }));
          items = r.UnprocessedItems?.[TABLE] ?? [];
        }
      }
    }),
  );
}

/**
 * @param {{ count?: number, beforeRuns?: number, afterRuns?: number, log?: (s: string) => void, now?: Date }} [o]
 */
export async function benchOpen311({ count = 10_000, beforeRuns = 10, afterRuns = 1000, warmups = 20, log = console.log, now = new Date() } = {}) {
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  await buildFunctions('local');
  const { createPlatform, loadConfig } = await import(`${root}.build/functions-local.mjs`);
  const db = await startDynamo();
  try {
    await ensureTable(db.endpoint, TABLE);
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(db.endpoint)), { marshallOptions: { removeUndefinedValues: true } });
    const records = syntheticCases({ municipality: MUNICIPALITY, count, seed: 311, now });
    let t = performance.now();
    await load(doc, records);
    log(`  ${count.toLocaleString('en')} public cases of ${MUNICIPALITY} written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    doc.destroy();

    const config = loadConfig({ ...process.env, TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: db.endpoint, S3_ENDPOINT: 'http://127.0.0.1:9', SITE_ORIGIN_TEMPLATE: 'http://{id}.localhost' });
    const platform = createPlatform(config, { log: () => {} });
    const store = platform.ports.store;
    const m = getMunicipality(MUNICIPALITY);
    const origin = `http://${MUNICIPALITY}.localhost`;

    // What DynamoDB Local says each query read.
    let read = 0;
    // Time inside the store's DynamoDB calls (DynamoDBDocumentClient.send: the round trip to
    // DynamoDB Local, the SDK's parsing and unmarshalling) and inside its HTTP round trips alone,
    // per query; the statuses' queries run at once, so this is the time from the first call's
    // start to the last call's end, not their sum.
    let inDynamo = 0;
    let wire = 0;
    let open = 0;
    let since = 0;
    const send = store.doc.send;
    store.doc.send = async function timedSend(...args) {
      if (open++ === 0) since = performance.now();
      try {
        return await send.apply(this, args);
      } finally {
        if (--open === 0) inDynamo += performance.now() - since;
      }
    };
    let wireOpen = 0;
    let wireSince = 0;
    store.doc.middlewareStack.add(
      (next) => async (args) => {
        if (wireOpen++ === 0) wireSince = performance.now();
        try {
          return await next(args);
        } finally {
          if (--wireOpen === 0) wire += performance.now() - wireSince;
        }
      },
      { step: 'deserialize', priority: 'high', name: 'bench-open311-wire' },
    );
    store.doc.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        read += out.output?.ScannedCount ?? 0;
        return out;
      },
      { step: 'initialize', name: 'bench-open311-reads' },
    );

    const url = `http://localhost/open311/v2/requests.json?jurisdiction_id=${m.domain}`;
    // The answer is read as text, as a client receives it; it is parsed once, after the timing.
    const after = async () => {
      const r = await platform.app.request(url);
      const body = await r.text();
      if (r.status !== 200) throw new Error(`open311 bench: HTTP ${r.status} ${body.slice(0, 200)}`);
    };
    const before = async () => {
      const parsed = parseRequestsQuery({}, { now: new Date(), timeZone: m.clock.timeZone });
      if (!parsed.ok) throw new Error('open311 bench: the default query did not parse');
      const all = [];
      for await (const page of store.listPublic(MUNICIPALITY)) all.push(...page);
      return render('json', 'service_requests', selectRequests(all, parsed.value).map((p) => toServiceRequest(p, m, { origin })));
    };
    // The app again, as it was before it asked the index for only the fields an answer shows
    // (OPEN311_FIELDS): every list query made to read whole records, public timelines included.
    const listServiceRequests = store.listServiceRequests;
    let wholeRecords = false;
    store.listServiceRequests = function (municipality, query) {
      return listServiceRequests.call(this, municipality, wholeRecords ? { ...query, fields: undefined } : query);
    };
    const afterWhole = async () => {
      wholeRecords = true;
      try {
        await after();
      } finally {
        wholeRecords = false;
      }
    };

    /**
     * Times the variants `runs` times each, taking turns (A, B, A, B, …) so that other work on the
     * shared machine slows them alike.
     */
    const time = async (runs, variants) => {
      // Warm-up: JIT in Node and in DynamoDB Local's JVM, connections.
      for (let i = 0; i < (runs >= 100 ? warmups : 3); i++) for (const v of variants) await v.fn();
      const figures = variants.map(() => ({ ms: [], dynamoMs: [], wireMs: [], read: 0, errors: 0 }));
      for (let i = 0; i < runs; i++) {
        for (const [k, v] of variants.entries()) {
          const f = figures[k];
          for (;;) {
            inDynamo = 0;
            wire = 0;
            read = 0;
            t = performance.now();
            try {
              await v.fn();
              break;
            } catch (e) {
              // A query that failed (a 503 when DynamoDB Local did not answer within the store's
              // timeouts, on a machine busy with other work) is counted and asked again; more than
              // a few fail the section.
              f.errors++;
              log(`  ${v.name}: query ${i + 1} failed after ${(performance.now() - t).toFixed(0)} ms (${e.message.slice(0, 80)}); asked again`);
              if (f.errors > Math.max(1, runs * 0.05)) throw e;
            }
          }
          f.ms.push(performance.now() - t);
          f.dynamoMs.push(inDynamo);
          f.wireMs.push(wire);
          f.read += read;
        }
      }
      const part = (values) => {
        const { p50, p99 } = summarise(values);
        return { p50, p99 };
      };
      return variants.map((v, k) => {
        const f = figures[k];
        const s = {
          ...summarise(f.ms),
          itemsReadPerQuery: Math.round(f.read / runs),
          errors: f.errors,
          // Where the time went: DynamoDB calls (round trips to DynamoDB Local alone within them),
          // and the rest (ours: the query parsed, records matched, converted and written as JSON).
          breakdown: { dynamo: part(f.dynamoMs), wire: part(f.wireMs), ours: part(f.ms.map((x, j) => x - f.dynamoMs[j])) },
        };
        const b = s.breakdown;
        log(`  ${v.name}: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms over ${runs} queries; ${s.itemsReadPerQuery.toLocaleString('en')} items read per query; DynamoDB calls p50 ${b.dynamo.p50.toFixed(1)} / p99 ${b.dynamo.p99.toFixed(1)} ms (round trips ${b.wire.p50.toFixed(1)} / ${b.wire.p99.toFixed(1)}), the rest p50 ${b.ours.p50.toFixed(1)} / p99 ${b.ours.p99.toFixed(1)} ms`);
        return s;
      });
    };
    const [beforeFigures] = await time(beforeRuns, [{ name: 'before (whole partition)', fn: before }]);
    const [afterFigures, wholeFigures] = await time(afterRuns, [
      { name: 'after (public-by-date index, the fields an answer shows)', fn: after },
      { name: 'the index, whole records (before OPEN311_FIELDS)', fn: afterWhole },
    ]);
    const expected = await before();
    const answer = await (await platform.app.request(url)).text();
    const answered = JSON.parse(answer).length;
    const same = expected === answer;
    wholeRecords = true;
    const sameWhole = expected === (await (await platform.app.request(url)).text());
    wholeRecords = false;
    log(`  ${answered} requests in the 90-day window; the same answer as the whole partition gives: ${same} (whole records from the index: ${sameWhole})`);
    store.listServiceRequests = listServiceRequests;
    store.doc.middlewareStack.remove('bench-open311-reads');
    store.doc.middlewareStack.remove('bench-open311-wire');
    store.doc.send = send;
    store.doc.destroy();
    return { cases: count, municipality: MUNICIPALITY, inWindow: answered, sameAnswer: same && sameWhole, before: beforeFigures, afterWholeRecords: wholeFigures, after: afterFigures };
  } finally {
    await db.stop();
  }
}

/**
 * The section in a process of its own (scripts/bench.mjs runs it so): the app under test then has
 * a fresh heap, as a function instance would, not the benchmark's after half an hour of other
 * sections (a full run's Node process holds the publish section's records and Lighthouse's
 * results, and its garbage collection paused the queries: p99 70 ms there, about 40 ms alone).
 * Progress goes to stderr, the figures as JSON to stdout.
 *
 * @param {{ count?: number, now?: Date, log?: (s: string) => void }} o
 */
export function benchOpen311InChild({ count = 10_000, now = new Date(), log = console.log } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(count), now.toISOString()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      for (const line of String(d).split('\n')) if (line.trim()) log(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`open311 bench: exit ${code}: ${err.trim().split('\n').slice(-5).join(' / ')}`));
      try {
        resolve(JSON.parse(out));
      } catch (e) {
        reject(new Error(`open311 bench: no figures (${e.message}): ${out.slice(0, 200)}`));
      }
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 10_000);
  const now = process.argv[3] ? new Date(process.argv[3]) : new Date();
  const r = await benchOpen311({ count, now, log: (s) => console.error(s) });
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}
