// Submissions through the real local stack (DynamoDB Local, s3rver, the mail sink, the poller
// sending every email meanwhile): N sequential requests for latency, then a load of M requests
// with C in flight at once; then the cases counted in the table and the emails in the mailbox
// (a staff email and an acknowledgement per case). Used by scripts/bench.mjs.
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { buildFunctions } from '../build-functions.mjs';
import { startStack } from '../local/stack.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(ms, wallMs, errors = 0) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { count: ms.length + errors, ok: ms.length, errors, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1), perSecond: ms.length / (wallMs / 1000), wallMs };
}

let seq = 0;
function body(i) {
  seq++;
  return JSON.stringify({
    municipality: 'zvecan', locale: 'sr', category: 'roads', description: `Ударна рупа на путу, пријава за мерење број ${i}-${seq}.`,
    address: 'Главна улица', email: `bench${seq % 50}@example.org`, consent: true, idempotencyKey: `bench-${process.pid}-${seq}-xxxxxx`,
  });
}

/** Cases (the CASE items, not their events or contacts) in the local table. */
async function countCases(endpoint) {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  let n = 0;
  let ExclusiveStartKey;
  do {
    const r = await doc.send(new ScanCommand({ TableName: 'e-opstine', FilterExpression: '#t = :case', ExpressionAttributeNames: { '#t': 'type' }, ExpressionAttributeValues: { ':case': 'case' }, Select: 'COUNT', ExclusiveStartKey }));
    n += r.Count ?? 0;
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return n;
}

/**
 * @param {{ sequential?: number, load?: { count: number, concurrency: number }, log?: (s: string) => void }} [o]
 */
export async function benchSubmissions({ sequential = 500, load = { count: 1000, concurrency: 50 }, log = console.log } = {}) {
  await buildFunctions('local');
  const stack = await startStack({
    port: 0,
    mail: 'separate',
    log: () => {},
    loadPlatform: () => import(`${root}.build/functions-local.mjs`),
    env: { RATE_PER_IP_PER_HOUR: '1000000', RATE_PER_EMAIL_PER_HOUR: '1000000' },
  });
  try {
    const url = stack.apiUrl('/api/reports');
    let accepted = 0;
    const post = async (i) => {
      const t0 = performance.now();
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: body(i) });
      await r.arrayBuffer();
      if (r.status !== 201) throw new Error(`submission ${i}: HTTP ${r.status}`);
      accepted++;
      return performance.now() - t0;
    };
    for (let i = 0; i < 20; i++) await post(-i); // warm-up: JIT, connections, the table's first pages
    log(`  … ${sequential} sequential submissions`);
    let t = performance.now();
    const seqMs = [];
    for (let i = 0; i < sequential; i++) seqMs.push(await post(i));
    const seqResult = summarise(seqMs, performance.now() - t);

    // The load: `count` requests, never more than `concurrency` in flight. A failed request is
    // counted (with its reason), not retried.
    log(`  … ${load.count} submissions, ${load.concurrency} at once`);
    const loadMs = [];
    const errors = {};
    let next = 0;
    t = performance.now();
    await Promise.all(
      Array.from({ length: load.concurrency }, async () => {
        while (next < load.count) {
          const i = sequential + next++;
          try {
            loadMs.push(await post(i));
          } catch (e) {
            const reason = /HTTP \d+/.exec(e.message)?.[0] ?? e.message;
            errors[reason] = (errors[reason] ?? 0) + 1;
          }
        }
      }),
    );
    const errorCount = Object.values(errors).reduce((s, n) => s + n, 0);
    const loadResult = { ...summarise(loadMs, performance.now() - t, errorCount), concurrency: load.concurrency, errorReasons: errors };

    // Then what was stored and sent: every accepted case in the table, two emails per case.
    const drainStart = performance.now();
    const expectedEmails = 2 * accepted;
    while (stack.sink.messages().length < expectedEmails && performance.now() - drainStart < 300_000) {
      await stack.poller.idle();
      await new Promise((r) => setTimeout(r, 200));
    }
    const drainMs = performance.now() - drainStart;
    const cases = await countCases(stack.dynamo.endpoint);
    const emails = stack.sink.messages().length;
    return {
      sequential: seqResult,
      load: loadResult,
      accepted,
      casesInTable: cases,
      emailsDelivered: emails,
      emailsExpected: expectedEmails,
      mailDrainMs: drainMs,
      consistent: cases === accepted && emails === expectedEmails,
    };
  } finally {
    await stack.stop();
  }
}

