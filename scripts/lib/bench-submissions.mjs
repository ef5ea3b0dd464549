// Submissions through the real local stack (DynamoDB Local, s3rver, the mail sink, the poller
// sending every email meanwhile): N sequential requests for latency, then a load of M requests
// with C in flight at once; then the cases counted in the table and the emails in the mailbox
// (a staff email and an acknowledgement per case). Used by scripts/bench.mjs, or alone:
//   node scripts/lib/bench-submissions.mjs [sequential] [load count] [concurrency]
// (add --cpu-prof --cpu-prof-dir=/tmp/prof to node's options to profile the server side too).
//
// Where each sequential request's time goes (`breakdown`), measured inside the same process:
//   - server: from Node's http.server.request.start to http.server.response.finish (diagnostics
//     channels), i.e. what the function did, without the client and loopback;
//   - dynamo: time inside the store's DynamoDB calls made for that request (timing around
//     DynamoDBDocumentClient.send: marshalling, signing, the round trip, parsing), attributed to
//     the request through AsyncLocalStorage, so the stream poller's own calls, running meanwhile
//     in the same process, are not counted;
//   - wire: the part of those calls spent waiting for DynamoDB Local itself (an SDK middleware
//     around the HTTP round trip, response read and parsed);
//   - ours: server − dynamo: routing, reading the body, validation, masking, rate-limit keys,
//     building the transaction, the response;
//   - client: total − server: fetch, loopback, the HTTP parser.
// Then, with the stack stopped, our code alone (`ourCodeAlone`): the same requests to the same app,
// served the same way, its table answering at once and nothing else running in the process.
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
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

/**
 * Times each request's server side and the DynamoDB calls made for it. Returns `take()`, which
 * hands back (and forgets) the figures of the requests finished since the last call.
 */
function instrument(store, path) {
  const als = new AsyncLocalStorage();
  const open = new WeakMap();
  let finished = [];
  const onStart = ({ request }) => {
    // Only the submissions: the mail sink and s3rver answer in this process too.
    if (request.method !== 'POST' || request.url !== path) return;
    const rec = { start: performance.now(), end: 0, dynamo: 0, wire: 0, calls: 0 };
    open.set(request, rec);
    // The request's handler runs from here, synchronously (the 'request' event) and in what it
    // awaits, so everything it starts carries this record.
    als.enterWith(rec);
  };
  const onFinish = ({ request }) => {
    const rec = open.get(request);
    if (!rec) return;
    rec.end = performance.now();
    finished.push(rec);
  };
  diagnostics.subscribe('http.server.request.start', onStart);
  diagnostics.subscribe('http.server.response.finish', onFinish);
  const doc = store.doc;
  const send = doc.send;
  doc.send = async function timedSend(...args) {
    const rec = als.getStore();
    if (!rec) return send.apply(this, args);
    const t0 = performance.now();
    try {
      return await send.apply(this, args);
    } finally {
      rec.dynamo += performance.now() - t0;
      rec.calls++;
    }
  };
  const WIRE = 'bench-submissions-wire';
  // Deserialize step, high priority: around the deserializer, so the HTTP round trip to DynamoDB
  // Local and reading its answer, not the SDK's marshalling and signing before it.
  doc.middlewareStack.add(
    (next) => async (args) => {
      const rec = als.getStore();
      const t0 = performance.now();
      try {
        return await next(args);
      } finally {
        if (rec) rec.wire += performance.now() - t0;
      }
    },
    { step: 'deserialize', priority: 'high', name: WIRE },
  );
  return {
    take() {
      const out = finished;
      finished = [];
      return out;
    },
    stop() {
      diagnostics.unsubscribe('http.server.request.start', onStart);
      diagnostics.unsubscribe('http.server.response.finish', onFinish);
      doc.send = send;
      doc.middlewareStack.remove(WIRE);
    },
  };
}

/** p50/p99 of each part of the sequential requests' time (ms). */
function breakdown(totals, recs) {
  const part = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: values.reduce((x, y) => x + y, 0) / values.length };
  };
  const n = Math.min(totals.length, recs.length);
  const rows = Array.from({ length: n }, (_, i) => {
    const r = recs[i];
    const server = r.end - r.start;
    return { total: totals[i], client: totals[i] - server, server, dynamo: r.dynamo, wire: r.wire, sdk: r.dynamo - r.wire, ours: server - r.dynamo, calls: r.calls };
  });
  const keys = ['total', 'client', 'server', 'dynamo', 'wire', 'sdk', 'ours'];
  return { requests: n, dynamoCallsPerRequest: n ? rows.reduce((s, r) => s + r.calls, 0) / n : 0, ...Object.fromEntries(keys.map((k) => [k, part(rows.map((r) => r[k]))])) };
}

/**
 * Our code alone: the same submissions to the same app, served as the stack serves it (Node's HTTP
 * server and @hono/node-server's listener, over loopback), with its table answering every call at
 * once (DynamoDBDocumentClient.send resolved with an empty answer: the rate-limit counters pass,
 * the transaction succeeds) and nothing else running in the process. The server's part is timed
 * as in the stack (request start to response finish), so it is what "our code" is there without
 * the DynamoDB calls and without the other work the stack's process does meanwhile. CPU per
 * request is the whole process's (the client's fetch included) over the run.
 */
async function ourCodeAlone(runs) {
  const { createPlatform, loadConfig } = await import(`${root}.build/functions-local.mjs`);
  const config = loadConfig({
    ...process.env, TABLE_NAME: 'e-opstine', BUCKET: 'bench', DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', S3_ENDPOINT: 'http://127.0.0.1:9',
    SITE_ORIGIN_TEMPLATE: 'http://{id}.localhost', AWS_EC2_METADATA_DISABLED: 'true', RATE_PER_IP_PER_HOUR: '1000000', RATE_PER_EMAIL_PER_HOUR: '1000000',
  });
  const platform = createPlatform(config, { log: () => {} });
  const doc = platform.ports.store.doc;
  let calls = 0;
  doc.send = async () => {
    calls++;
    return {};
  };
  const handle = getRequestListener(platform.app.fetch);
  const server = createServer((req, res) => {
    req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? 'unknown'; // as the stack does
    handle(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/api/reports`;
  const started = new WeakMap();
  const serverMs = [];
  const onStart = ({ request, server: s }) => s === server && started.set(request, performance.now());
  const onFinish = ({ request }) => started.has(request) && serverMs.push(performance.now() - started.get(request));
  diagnostics.subscribe('http.server.request.start', onStart);
  diagnostics.subscribe('http.server.response.finish', onFinish);
  const post = async (i) => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: body(i) });
    await r.arrayBuffer();
    if (r.status !== 201) throw new Error(`submissions bench (our code alone): HTTP ${r.status}`);
  };
  try {
    for (let i = 0; i < 200; i++) await post(-i); // warm-up: JIT, the connection
    calls = 0;
    serverMs.length = 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < runs; i++) await post(i);
    const used = process.cpuUsage(cpu);
    await new Promise((resolve) => setImmediate(resolve));
    const sorted = [...serverMs].sort((a, b) => a - b);
    return { runs, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1), cpuMsPerRequest: (used.user + used.system) / 1000 / runs, storeCallsPerRequest: calls / runs };
  } finally {
    diagnostics.unsubscribe('http.server.request.start', onStart);
    diagnostics.unsubscribe('http.server.response.finish', onFinish);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    doc.destroy();
  }
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
    const probe = instrument(stack.platform.ports.store, new URL(url).pathname);
    let t = performance.now();
    const seqMs = [];
    const recs = [];
    try {
      for (let i = 0; i < sequential; i++) {
        seqMs.push(await post(i));
        // The response's 'finish' comes as its last bytes are handed to the socket, so normally
        // before the client has read them; one record per request.
        let done = probe.take();
        for (let tries = 0; !done.length && tries < 10; tries++) {
          await new Promise((r) => setImmediate(r));
          done = probe.take();
        }
        if (done.length !== 1) throw new Error(`submissions bench: ${done.length} server records for one request`);
        recs.push(done[0]);
      }
    } finally {
      probe.stop();
    }
    const seqResult = { ...summarise(seqMs, performance.now() - t), breakdown: breakdown(seqMs, recs) };
    const b = seqResult.breakdown;
    const f = (x) => `p50 ${x.p50.toFixed(1)} / p99 ${x.p99.toFixed(1)} ms`;
    log(`  sequential: total ${f(b.total)}; server ${f(b.server)}: DynamoDB calls ${f(b.dynamo)} (${b.dynamoCallsPerRequest.toFixed(1)} a request; DynamoDB Local's round trips ${f(b.wire)}, SDK ${f(b.sdk)}), our code ${f(b.ours)}; client and loopback ${f(b.client)}`);

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
    await stack.stop();
    // Then our code with nothing else running: the stack, its poller and DynamoDB Local stopped.
    const alone = await ourCodeAlone(2000);
    log(`  our code alone (the app served over loopback, its table answering at once; the server's part): p50 ${alone.p50.toFixed(2)} ms, p99 ${alone.p99.toFixed(2)} ms, CPU ${alone.cpuMsPerRequest.toFixed(2)} ms a request (${alone.runs} requests, ${alone.storeCallsPerRequest} table calls each)`);
    return {
      sequential: seqResult,
      ourCodeAlone: alone,
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [sequential = 200, count = 0, concurrency = 50] = process.argv.slice(2).map(Number);
  const r = await benchSubmissions({ sequential, load: { count, concurrency } });
  console.log(JSON.stringify(r, null, 2));
}
