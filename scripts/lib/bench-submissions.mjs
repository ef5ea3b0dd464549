// Submission latency through the real local stack (DynamoDB Local, s3rver, the mail sink, the
// poller sending every email meanwhile): N sequential requests, then M at once. Also the size
// of the Lambda bundle. Used by scripts/bench.mjs.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildFunctions } from '../build-functions.mjs';
import { startStack } from '../local/stack.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(ms, wallMs) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { count: ms.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1), perSecond: ms.length / (wallMs / 1000) };
}

let seq = 0;
function body(i) {
  seq++;
  return JSON.stringify({
    municipality: 'zvecan', locale: 'sr', category: 'roads', description: `Ударна рупа на путу, пријава за мерење број ${i}-${seq}.`,
    address: 'Главна улица', email: `bench${seq % 50}@example.org`, consent: true, idempotencyKey: `bench-${process.pid}-${seq}-xxxxxx`,
  });
}

export async function benchSubmissions({ sequential = 2000, concurrent = 200, log = console.log } = {}) {
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
    const post = async (i) => {
      const t0 = performance.now();
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: body(i) });
      await r.arrayBuffer();
      if (r.status !== 201) throw new Error(`submission ${i}: HTTP ${r.status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 20; i++) await post(-i); // warm-up: JIT, connections, the table's first pages
    log(`  … ${sequential} sequential submissions`);
    let t = performance.now();
    const seqMs = [];
    for (let i = 0; i < sequential; i++) seqMs.push(await post(i));
    const seqResult = summarise(seqMs, performance.now() - t);
    log(`  … ${concurrent} concurrent submissions`);
    t = performance.now();
    const concMs = await Promise.all(Array.from({ length: concurrent }, (_, i) => post(sequential + i)));
    const concResult = summarise(concMs, performance.now() - t);
    await stack.poller.idle();
    const mails = stack.sink.messages().length;
    return { sequential: seqResult, concurrent: concResult, emailsDelivered: mails };
  } finally {
    await stack.stop();
  }
}

/** The minified Lambda bundle (sharp and the AWS SDK, which the runtime provides, left out). */
export async function lambdaBundleSize() {
  const { outfile, bytes } = await buildFunctions('lambda');
  return { file: outfile.slice(root.length), bytes, gzipBytes: gzipSync(readFileSync(outfile)).length };
}
