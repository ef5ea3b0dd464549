// Fault tests on the real local services: DynamoDB Local stopped in the middle of a burst of
// submissions, and S3 (s3rver) down while a photo is processed. Nothing is mocked: the services
// are taken down and brought back on the same ports and data directories.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { t } from '../../core/i18n/index.ts';
import type { Locale } from '../../core/locales.ts';
import { startTestStack, photoWithGps, upload, mails, replyLink, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let dir: string;
/** The stack's log lines (stream handler, poller), with when they came. */
const logs: { at: number; line: string }[] = [];
const logged = (text: string, since = 0) => logs.filter((l) => l.at >= since && l.line.includes(text));

beforeAll(async () => {
  // Files, not memory: DynamoDB Local keeps its data across the restart only with a dataDir.
  dir = await mkdtemp(join(tmpdir(), 'e-opstine-faults-'));
  stack = await startTestStack({ dataDir: dir, log: (line) => logs.push({ at: Date.now(), line }) });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What a test may wait for at most before calling something a hang. */
const CLIENT_TIMEOUT_MS = 30_000;
const STAFF_INBOX = 'infrastruktura@ezvecan.com';
const LOCALES: Locale[] = ['sr', 'sr-latn', 'sq'];

type Item = Record<string, unknown>;

/** Every item in the table, page by page, as plain values. */
async function scanTable(): Promise<Item[]> {
  const client = new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  try {
    const items: Item[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: 'e-opstine', ConsistentRead: true, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  } finally {
    client.destroy();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what}: nothing after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  i: number;
  status: number; // 0: no answer (network error or client timeout)
  code?: string;
  body: { code?: string; errors?: { field: string; code: string; message: string }[] } | undefined;
  retryAfter: string | null;
  startedAt: number;
  ms: number;
  error?: string;
}

const report = (i: number, extra: Record<string, unknown> = {}) => ({
  municipality: 'zvecan',
  locale: LOCALES[i % 3],
  category: 'roads',
  description: `Oštećen asfalt kod kuće broj ${i}, rupa je duboka.`,
  address: `Glavna ulica ${i}, Zvečan`,
  email: `burst-${i}@example.org`,
  name: 'Test Građanin',
  showName: false,
  consent: true,
  idempotencyKey: `fault-burst-key-${String(i).padStart(4, '0')}`,
  ...extra,
});

async function submit(i: number, body: Record<string, unknown> = report(i)): Promise<Outcome> {
  const startedAt = Date.now();
  try {
    const r = await fetch(stack.apiUrl('/api/reports'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const text = await r.text();
    let parsed: Outcome['body'];
    try {
      parsed = JSON.parse(text) as Outcome['body'];
    } catch {
      parsed = undefined;
    }
    return { i, status: r.status, ...(parsed?.code ? { code: parsed.code } : {}), body: parsed, retryAfter: r.headers.get('retry-after'), startedAt, ms: Date.now() - startedAt };
  } catch (e) {
    return { i, status: 0, body: undefined, retryAfter: null, startedAt, ms: Date.now() - startedAt, error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

describe('DynamoDB Local stopped in the middle of a burst of submissions', () => {
  const N = 60;
  const CONCURRENCY = 10;
  const STOP_AFTER = 15; // responses before DynamoDB Local goes down
  const outcomes: Outcome[] = [];
  let stopCalledAt = 0;
  let stoppedAt = 0;
  let restartedAt = 0;
  /** Codes the API acknowledged, by request index. */
  const acknowledged = new Map<number, string>();
  /** Index → code of every case that exists once everything has been retried. */
  const finalCodes = new Map<number, string>();

  it('answers every request with 201 and a code or a translated 503 with Retry-After: no 500, no hang', async () => {
    let done = 0;
    let next = 0;
    let stopping: Promise<void> | undefined;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) {
          const i = next++;
          const o = await submit(i);
          outcomes[i] = o;
          if (++done === STOP_AFTER) {
            stopCalledAt = Date.now();
            stopping = stack.dynamo.stop().then(() => void (stoppedAt = Date.now()));
          }
        }
      }),
    );
    await stopping;

    const byStatus = new Map<number, Outcome[]>();
    for (const o of outcomes) byStatus.set(o.status, [...(byStatus.get(o.status) ?? []), o]);
    const ok = outcomes.filter((o) => o.status === 201);
    const unavailable = outcomes.filter((o) => o.status === 503);
    const during = unavailable.filter((o) => o.startedAt < stoppedAt);
    const after = unavailable.filter((o) => o.startedAt >= stoppedAt);
    console.log(
      `burst: ${N} requests at concurrency ${CONCURRENCY}; DynamoDB Local stopped after ${STOP_AFTER} answers (stop took ${stoppedAt - stopCalledAt} ms). ` +
        `Statuses: ${[...byStatus].map(([s, l]) => `${s}×${l.length}`).join(', ')}. ` +
        `201 took median ${median(ok.map((o) => o.ms))} ms; 503 took median ${median(unavailable.map((o) => o.ms))} ms, max ${Math.max(0, ...unavailable.map((o) => o.ms))} ms ` +
        `(${during.length} sent while it was stopping: max ${Math.max(0, ...during.map((o) => o.ms))} ms; ${after.length} sent once it was down: max ${Math.max(0, ...after.map((o) => o.ms))} ms)`,
    );

    // Refusals come from the storage adapter's UnavailableError; anything else reaching the app's
    // catch-all is logged as an internal error (and would mean an outage not recognised as one).
    const internal = logged('error: POST /api/reports', stopCalledAt).map((l) => l.line);
    console.log(`internal errors logged during the burst: ${internal.length}${internal.length ? `: ${[...new Set(internal)].join(' | ')}` : ''}`);

    // Every request got an answer, and only one of the two.
    expect(outcomes.filter((o) => o.status === 0).map((o) => o.error)).toEqual([]);
    expect(internal).toEqual([]);
    expect([...byStatus.keys()].filter((s) => s !== 201 && s !== 503)).toEqual([]);
    // The answers that came before the stop are all acknowledgements.
    expect(ok.length).toBeGreaterThanOrEqual(STOP_AFTER);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const o of ok) {
      expect(o.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      acknowledged.set(o.i, o.code!);
    }
    expect(new Set(acknowledged.values()).size).toBe(acknowledged.size);
    for (const o of unavailable) {
      // The message in the form's own language, asking to try again, and when.
      expect(o.body?.errors).toEqual([{ field: 'form', code: 'unavailable', message: t(LOCALES[o.i % 3]!, 'error.unavailable') }]);
      expect(Number(o.retryAfter)).toBeGreaterThan(0);
    }
    // Well inside the DynamoDB client's limits (2 attempts, 5 s request and 2 s connection timeouts).
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(12_000);
  }, 60_000);

  it('after a restart on the same port and data, every acknowledged case is whole and no case is half-written', async () => {
    const oldPid = stack.dynamo.pid;
    const started = Date.now();
    await stack.dynamo.start();
    restartedAt = Date.now();
    expect(stack.dynamo.pid).not.toBe(oldPid);
    console.log(`DynamoDB Local started again on port ${stack.dynamo.port} in ${Date.now() - started} ms`);
    const items = await scanTable();
    const byPk = new Map<string, Item[]>();
    for (const item of items) byPk.set(String(item.pk), [...(byPk.get(String(item.pk)) ?? []), item]);

    for (const [i, code] of acknowledged) {
      const own = byPk.get(`CASE#${code}`) ?? [];
      expect(own.filter((x) => x.sk === 'CASE'), code).toHaveLength(1);
      expect(own.find((x) => x.sk === 'CASE')).toMatchObject({ code, status: 'received', municipality: 'zvecan', locale: LOCALES[i % 3] });
      expect(own.filter((x) => x.sk === 'CONTACT')).toEqual([expect.objectContaining({ email: `burst-${i}@example.org` })]);
      expect(own.filter((x) => String(x.sk).startsWith('EVENT#') && x.change === 'created')).toHaveLength(1);
      expect(byPk.get(`IDEM#${report(i).idempotencyKey}`)).toEqual([expect.objectContaining({ sk: 'IDEM', code })]);
    }

    // The whole table: every case complete, every idempotency record pointing at a case.
    const casePks = [...byPk.keys()].filter((pk) => pk.startsWith('CASE#'));
    for (const pk of casePks) {
      const own = byPk.get(pk)!;
      expect(own.filter((x) => x.sk === 'CASE'), pk).toHaveLength(1);
      expect(own.filter((x) => x.sk === 'CONTACT'), pk).toHaveLength(1);
      expect(own.filter((x) => String(x.sk).startsWith('EVENT#')).length, pk).toBeGreaterThanOrEqual(1);
    }
    const idem = items.filter((x) => String(x.pk).startsWith('IDEM#'));
    for (const x of idem) expect(byPk.has(`CASE#${String(x.code)}`), String(x.pk)).toBe(true);
    // One idempotency record per case: no case without the key that made it.
    expect(idem.length).toBe(casePks.length);
    // A 503 may still have committed (the answer was lost with the connection): the retry below
    // must then find that case rather than make a second one.
    console.log(`table after restart: ${casePks.length} cases (${acknowledged.size} acknowledged, ${casePks.length - acknowledged.size} committed behind a 503)`);
  }, 60_000);

  it('retrying the 503s with the same keys now succeeds, and retrying a 201 gives the same code', async () => {
    const retried = await Promise.all(outcomes.filter((o) => o.status === 503).map((o) => submit(o.i)));
    for (const r of retried) {
      // 201, or 200 when the first attempt had committed before its answer was lost.
      expect([200, 201], `retry of request ${r.i}: ${JSON.stringify(r.body)}`).toContain(r.status);
      expect(r.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      finalCodes.set(r.i, r.code!);
    }
    const again = await Promise.all([...acknowledged.keys()].map((i) => submit(i)));
    for (const r of again) {
      expect(r.status).toBe(200);
      expect(r.code).toBe(acknowledged.get(r.i));
      finalCodes.set(r.i, r.code!);
    }
    expect(finalCodes.size).toBe(N);
    expect(new Set(finalCodes.values()).size).toBe(N);
    const cases = (await scanTable()).filter((x) => String(x.pk).startsWith('CASE#') && x.sk === 'CASE');
    expect(cases.map((x) => x.code).sort()).toEqual([...finalCodes.values()].sort());
    console.log(`retries: ${retried.filter((r) => r.status === 201).length}×201, ${retried.filter((r) => r.status === 200).length}×200 (committed before the outage cut the answer)`);
  }, 60_000);

  it('the stream poller recovers and every case gets exactly one staff email and one acknowledgement', async () => {
    const started = Date.now();
    await withTimeout(stack.poller.idle(), 45_000, 'stream poller after the DynamoDB Local restart');
    const failed = logged('handler failed', stopCalledAt);
    const lastFailure = failed.at(-1)?.at ?? 0;
    const firstHandled = logged('staff and citizen notified', restartedAt)[0]?.at;
    console.log(
      `stream poller: ${failed.length} failed batch attempts while DynamoDB Local was down (last ${lastFailure ? `${lastFailure - restartedAt} ms from the restart: ${failed.at(-1)!.line.replace(/.*\): /, '')}` : 'none'}); ` +
        `first case handled ${firstHandled ? firstHandled - restartedAt : '?'} ms after the restart; the whole backlog (${finalCodes.size} cases) ${Date.now() - restartedAt} ms after it ` +
        `(${Date.now() - started} ms after the retries)`,
    );
    // DynamoDB Local keeps the stream, its shards and its sequence numbers in the data file: the
    // poller carries on from its checkpoint in the same shard after the restart.
    const checkpoint = JSON.parse(await readFile(join(dir, 'stream-checkpoint.json'), 'utf8')) as { shards: Record<string, unknown> };
    console.log(`stream checkpoint: ${Object.keys(checkpoint.shards).length} shard(s)`);
    const all = await mails(stack);
    for (const [i, code] of finalCodes) {
      const mine = all.filter((m) => m.subject.includes(code));
      expect(mine.filter((m) => m.to.includes(STAFF_INBOX)), `staff email for ${code}`).toHaveLength(1);
      expect(mine.filter((m) => m.to.includes(`burst-${i}@example.org`)), `acknowledgement for ${code}`).toHaveLength(1);
      expect(mine).toHaveLength(2);
    }
    // The stream handler finished every case: a reply token per case and its public record.
    const items = await scanTable();
    const tokenCodes = new Set(items.filter((x) => String(x.pk).startsWith('TOKEN#')).map((x) => x.code));
    const publicCodes = new Set(items.filter((x) => x.pk === 'PUBLIC#zvecan').map((x) => x.sk));
    for (const code of finalCodes.values()) {
      expect(tokenCodes.has(code), code).toBe(true);
      expect(publicCodes.has(code), code).toBe(true);
    }
  }, 60_000);
});

describe('S3 unavailable while a photo is processed', () => {
  it('keeps the case, leaves the photo pending while S3 is down, and processes it once when S3 is back', async () => {
    await stack.dynamo.start(); // in case the test above stopped early
    await stack.poller.idle();
    const photoKey = await upload(stack, await photoWithGps());
    const writes: { name: string; key: string }[] = [];
    const unsubscribe = stack.s3.onObjectEvent((e) => writes.push(e));
    try {
      // Hold the stream back so storage goes down between the 201 and the photo's processing.
      await stack.poller.pause();
      // A case without a photo ahead of it in the same batch: its emails go out on the first
      // attempt, then the photo fails the batch, and every retry comes back to them.
      const before = await submit(1001, report(1001, { email: 'ranije@example.org', idempotencyKey: 'fault-photo-key-00002' }));
      expect(before.status).toBe(201);
      const r = await submit(1000, report(1000, { photos: [photoKey], email: 'foto@example.org', locale: 'sq', idempotencyKey: 'fault-photo-key-00001' }));
      expect(r.status).toBe(201);
      const code = r.code!;
      await stack.s3.stop();
      const down = Date.now();
      stack.poller.resume();

      // The batch fails and is retried while storage is down.
      const deadline = Date.now() + 15_000;
      while (logged('handler failed', down).length < 2 && Date.now() < deadline) await sleep(100);
      const failures = logged('handler failed', down).map((l) => l.line);
      expect(failures.length).toBeGreaterThanOrEqual(2);
      for (const f of failures) expect(f).toMatch(/UnavailableError/);

      // The case is there and readable: the status API reads DynamoDB only.
      const pub = await fetch(stack.apiUrl(`/api/cases/${code}`));
      expect(pub.status).toBe(200);
      expect(await pub.json()).toMatchObject({ code, status: 'received' });
      const pending = (await scanTable()).find((x) => x.pk === `CASE#${code}` && x.sk === 'CASE') as { photos: { state: string }[] };
      expect(pending.photos.map((p) => p.state)).toEqual(['pending']);
      expect(writes.filter((w) => w.key.includes(code))).toEqual([]);

      const back = Date.now();
      await stack.s3.start();
      await withTimeout(stack.poller.idle(), 30_000, 'stream poller after s3rver came back');
      console.log(`photo: ${failures.length} failed attempts while S3 was down; processed ${Date.now() - back} ms after s3rver came back`);

      const item = (await scanTable()).find((x) => x.pk === `CASE#${code}` && x.sk === 'CASE') as { photos: { id: string; state: string; variants: { w: number; key: string }[] }[] };
      expect(item.photos).toHaveLength(1);
      const [photo] = item.photos;
      expect(photo!.state).toBe('ready');
      expect(photo!.variants.map((v) => v.w)).toEqual([480, 1280]);
      // Processed once: each private variant written exactly once, nothing published.
      const mine = writes.filter((w) => w.key.includes(code));
      expect(mine.map((w) => `${w.name} ${w.key}`).sort()).toEqual([
        `ObjectCreated:Put private/${code}/${photo!.id}-1280.webp`,
        `ObjectCreated:Put private/${code}/${photo!.id}-480.webp`,
      ]);
      for (const w of [480, 1280]) expect((await stack.platform.ports.storage.read(`private/${code}/${photo!.id}-${w}.webp`)).length).toBeGreaterThan(0);

      const mailed = (await mails(stack)).filter((m) => m.subject.includes(code));
      expect(mailed.filter((m) => m.to.includes(STAFF_INBOX))).toHaveLength(1);
      expect(mailed.filter((m) => m.to.includes('foto@example.org'))).toHaveLength(1);
      expect(mailed).toHaveLength(2);
      // The case ahead of it: mailed once despite the retries, and the link staff got still works.
      const earlier = (await mails(stack)).filter((m) => m.subject.includes(before.code!));
      expect(earlier.filter((m) => m.to.includes('ranije@example.org'))).toHaveLength(1);
      const staff = earlier.filter((m) => m.to.includes(STAFF_INBOX));
      expect(staff).toHaveLength(1);
      expect(earlier).toHaveLength(2);
      const page = await fetch(stack.apiUrl(replyLink(staff[0]!).replace(/^http:\/\/[^/]+/, '')), { headers: { host: 'zvecan.localhost' } });
      expect(page.status).toBe(200);
    } finally {
      unsubscribe();
      stack.poller.resume();
      await stack.s3.start();
    }
  }, 60_000);
});
