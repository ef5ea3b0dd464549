// Open311 list queries at scale, for scripts/bench.mjs (section "open311"), or alone:
//   node scripts/lib/bench-open311.mjs [cases]      (default 10,000; under a minute on an idle 2-core machine)
// N synthetic public cases (scripts/lib/cases-gen.mjs), all in one municipality's partition, in an
// in-memory DynamoDB Local; then GET /open311/v2/requests.json with no dates (the last 90 days,
// what a client asks by default), timed two ways:
//   - before: what the endpoint did until issue 11, the municipality's whole PUBLIC# partition read
//     and filtered (CaseStore.listPublic, selectRequests), rendered;
//   - after: the app as it is (functions/web/open311.ts: the public-by-date index by status and
//     date, only the window's records read), through Hono's fetch with no network in between.
// Items read per query come from DynamoDB Local's own ScannedCount.
import { fileURLToPath } from 'node:url';
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
export async function benchOpen311({ count = 10_000, beforeRuns = 10, afterRuns = 100, log = console.log, now = new Date() } = {}) {
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
    store.doc.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        read += out.output?.ScannedCount ?? 0;
        return out;
      },
      { step: 'initialize', name: 'bench-open311-reads' },
    );

    const url = `http://localhost/open311/v2/requests.json?jurisdiction_id=${m.domain}`;
    let answered;
    const after = async () => {
      const r = await platform.app.request(url);
      const body = await r.text();
      if (r.status !== 200) throw new Error(`open311 bench: HTTP ${r.status} ${body.slice(0, 200)}`);
      answered = JSON.parse(body).length;
    };
    const before = async () => {
      const parsed = parseRequestsQuery({}, { now: new Date(), timeZone: m.clock.timeZone });
      if (!parsed.ok) throw new Error('open311 bench: the default query did not parse');
      const all = [];
      for await (const page of store.listPublic(MUNICIPALITY)) all.push(...page);
      return render('json', 'service_requests', selectRequests(all, parsed.value).map((p) => toServiceRequest(p, m, { origin })));
    };
    const time = async (name, runs, fn) => {
      for (let i = 0; i < 3; i++) await fn(); // warm-up: JIT, connections
      read = 0;
      const ms = [];
      for (let i = 0; i < runs; i++) {
        t = performance.now();
        await fn();
        ms.push(performance.now() - t);
      }
      const s = { ...summarise(ms), itemsReadPerQuery: Math.round(read / runs) };
      log(`  ${name}: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms over ${runs} queries; ${s.itemsReadPerQuery.toLocaleString('en')} items read per query`);
      return s;
    };
    const beforeFigures = await time('before (whole partition)', beforeRuns, before);
    const afterFigures = await time('after (public-by-date index)', afterRuns, after);
    const same = (await before()) === (await (await platform.app.request(url)).text());
    log(`  ${answered} requests in the 90-day window; the same answer both ways: ${same}`);
    store.doc.middlewareStack.remove('bench-open311-reads');
    store.doc.destroy();
    return { cases: count, municipality: MUNICIPALITY, inWindow: answered, sameAnswer: same, before: beforeFigures, after: afterFigures };
  } finally {
    await db.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 10_000);
  console.log(JSON.stringify(await benchOpen311({ count }), null, 2));
}
