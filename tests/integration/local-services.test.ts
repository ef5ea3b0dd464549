// The local services `npm start` and the integration tests run on: DynamoDB Local, s3rver, the
// Resend mail sink and the stream poller. Each block starts what it needs on free ports and stops
// it, leaving no process (no JVM) behind.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { Resend } from 'resend';
import { localClientConfig } from '../../scripts/local/aws.mjs';
import { checkJava, ensureTable, JAVA_HINT, startDynamo } from '../../scripts/local/dynamodb.mjs';
import { createMailSink, startMailSink } from '../../scripts/local/mail-sink.mjs';
import { freePort } from '../../scripts/local/ports.mjs';
import { startS3 } from '../../scripts/local/s3.mjs';
import { startStreamPoller, type StreamEvent } from '../../scripts/local/stream-poller.mjs';
import { tableDefinition } from '../../core/cases/table.ts';

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'e-opstine-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Starts DynamoDB Local (in memory) and a client for the enclosing describe block. */
function useDynamo() {
  const local = {} as { db: Awaited<ReturnType<typeof startDynamo>>; client: DynamoDBClient };
  beforeAll(async () => {
    local.db = await startDynamo();
    local.client = new DynamoDBClient(localClientConfig(local.db.endpoint));
  });
  afterAll(async () => {
    local.client?.destroy();
    await local.db?.stop();
  });
  return local;
}

describe('DynamoDB Local', () => {
  const local = useDynamo();

  it('answers on a free loopback port', async () => {
    expect(local.db.endpoint).toBe(`http://127.0.0.1:${local.db.port}`);
    expect(await listening(local.db.port)).toBe(true);
  });

  it('ensureTable creates the table from tableDefinition, with its index, stream and TTL, once', async () => {
    const first = await ensureTable(local.db.endpoint, 'ensure-test');
    expect(first.created).toBe(true);
    expect(first.streamArn).toMatch(/table\/ensure-test\/stream\//);
    const { Table } = await local.client.send(new DescribeTableCommand({ TableName: 'ensure-test' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual(tableDefinition.KeySchema);
    expect(Table?.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.IndexStatus]).sort()).toEqual([['gsi1', 'ACTIVE'], ['open-by-due', 'ACTIVE'], ['public-by-date', 'ACTIVE']]);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const ttl = await local.client.send(new DescribeTimeToLiveCommand({ TableName: 'ensure-test' }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });

    const again = await ensureTable(local.db.endpoint, 'ensure-test');
    expect(again).toEqual({ created: false, streamArn: first.streamArn, indexesAdded: [], backfilled: 0, openBackfilled: 0 });
  });

  it('gives a table made before `open-by-due` the index, and its open cases their keys, finishing a start that died halfway', async () => {
    const name = 'before-open-by-due';
    // The definition as it was: gsi1 and public-by-date.
    const old = tableDefinition.GlobalSecondaryIndexes.filter((g) => g.IndexName !== 'open-by-due');
    await local.client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: tableDefinition.AttributeDefinitions.filter((a) => !a.AttributeName.startsWith('open')).map((a) => ({ ...a })),
        KeySchema: tableDefinition.KeySchema.map((k) => ({ ...k })),
        GlobalSecondaryIndexes: old.map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema.map((k) => ({ ...k })), Projection: { ProjectionType: 'ALL' } })),
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const kase = (code: string, status: string, extra: Record<string, string> = {}) =>
      marshall({ pk: `CASE#${code}`, sk: 'CASE', type: 'case', code, municipality: 'zvecan', status, deadlineAt: '2026-03-04T07:00:00.000Z', createdAt: '2026-03-02T07:00:00.000Z', updatedAt: '2026-03-03T07:00:00.000Z', gsi1pk: 'MUNI#zvecan', gsi1sk: `2026-03-02T07:00:00.000Z#${code}`, ...extra });
    for (const item of [
      kase('AAAA-0001', 'received'),
      kase('AAAA-0002', 'in_progress', { resolutionDueAt: '2026-03-13T08:00:00.000Z' }),
      kase('AAAA-0003', 'answered'),
      // Not case items: left alone.
      marshall({ pk: 'CASE#AAAA-0001', sk: 'EVENT#2026-03-02T07:00:00.000Z#x', type: 'event', status: 'received' }),
    ]) {
      await local.client.send(new PutItemCommand({ TableName: name, Item: item }));
    }
    const open = async () => {
      const r = await local.client.send(new QueryCommand({ TableName: name, IndexName: 'open-by-due', KeyConditionExpression: 'openpk = :pk', ExpressionAttributeValues: { ':pk': { S: 'OPEN#zvecan' } } }));
      return (r.Items ?? []).map((i) => [i.code!.S, i.opensk!.S]);
    };
    const first = await ensureTable(local.db.endpoint, name);
    expect(first).toMatchObject({ created: false, indexesAdded: ['open-by-due'], backfilled: 0, openBackfilled: 2 });
    // Soonest due first: the received case by its deadline, the one in progress by its resolution deadline.
    expect(await open()).toEqual([
      ['AAAA-0001', '2026-03-04T07:00:00.000Z#AAAA-0001'],
      ['AAAA-0002', '2026-03-13T08:00:00.000Z#AAAA-0002'],
    ]);
    expect((await local.client.send(new GetItemCommand({ TableName: name, Key: marshall({ pk: 'META#migration', sk: 'open-by-due' }) }))).Item).toBeUndefined();
    expect(await ensureTable(local.db.endpoint, name)).toMatchObject({ indexesAdded: [], openBackfilled: 0 });

    // A start that died after adding the index but before the backfill left its marker: the next
    // start does the backfill, of the open cases only (a resolved one stays out of the index).
    await local.client.send(new PutItemCommand({ TableName: name, Item: kase('AAAA-0004', 'in_progress', { resolutionDueAt: '2026-03-10T08:00:00.000Z' }) }));
    await local.client.send(new PutItemCommand({ TableName: name, Item: kase('AAAA-0005', 'resolved') }));
    await local.client.send(new PutItemCommand({ TableName: name, Item: marshall({ pk: 'META#migration', sk: 'open-by-due' }) }));
    expect(await ensureTable(local.db.endpoint, name)).toMatchObject({ indexesAdded: [], openBackfilled: 1 });
    expect((await open()).map(([code]) => code)).toEqual(['AAAA-0001', 'AAAA-0004', 'AAAA-0002']);
    expect((await local.client.send(new GetItemCommand({ TableName: name, Key: marshall({ pk: 'META#migration', sk: 'open-by-due' }) }))).Item).toBeUndefined();
  });

  it('refuses to start without Java 17, saying how to install it', async () => {
    await expect(checkJava()).resolves.toBeGreaterThanOrEqual(17);
    await expect(checkJava({ command: 'java-that-does-not-exist' })).rejects.toThrow(JAVA_HINT);
    expect(JAVA_HINT).toBe('DynamoDB Local needs Java 17 or newer: apt-get install openjdk-17-jre-headless');
  });

  it('keeps data in dataDir across a restart, and stop() leaves no JVM behind', async () => {
    await withTempDir(async (dir) => {
      const first = await startDynamo({ dataDir: dir });
      const c1 = new DynamoDBClient(localClientConfig(first.endpoint));
      try {
        await ensureTable(first.endpoint, 'persist-test');
        await c1.send(new PutItemCommand({ TableName: 'persist-test', Item: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' }, n: { N: '7' } } }));
      } finally {
        c1.destroy();
        await first.stop();
      }
      expect(processAlive(first.pid)).toBe(false);
      expect(await listening(first.port)).toBe(false);
      await first.stop(); // a second stop is harmless

      // Same port, same files: the item is still there.
      const second = await startDynamo({ dataDir: dir, port: first.port });
      const c2 = new DynamoDBClient(localClientConfig(second.endpoint));
      try {
        expect((await ensureTable(second.endpoint, 'persist-test')).created).toBe(false);
        const { Item } = await c2.send(new GetItemCommand({ TableName: 'persist-test', Key: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } } }));
        expect(Item?.n).toEqual({ N: '7' });
      } finally {
        c2.destroy();
        await second.stop();
      }
      expect(processAlive(second.pid)).toBe(false);
    });
  }, 120_000); // two JVM starts

  it('ends a JVM orphaned by a killed Node process before reusing its dataDir', async () => {
    await withTempDir(async (dir) => {
      // A Node process that starts DynamoDB Local and is then killed with SIGKILL: no stop(), no
      // exit hooks, so its JVM lives on holding the database file.
      const moduleUrl = new URL('../../scripts/local/dynamodb.mjs', import.meta.url).href;
      const script = `const { startDynamo } = await import(${JSON.stringify(moduleUrl)});
        const db = await startDynamo({ dataDir: ${JSON.stringify(dir)} });
        console.log(JSON.stringify({ pid: db.pid }));
        setInterval(() => {}, 60_000);`;
      const node = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const orphanPid = await new Promise<number>((resolve, reject) => {
        let out = '';
        node.stdout.on('data', (d) => {
          out += d;
          const m = /\{"pid":(\d+)\}/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        node.once('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      node.kill('SIGKILL');
      await once(node, 'exit');
      try {
        expect(processAlive(orphanPid)).toBe(true);
        const db2 = await startDynamo({ dataDir: dir });
        expect(processAlive(orphanPid)).toBe(false);
        await db2.stop();
      } finally {
        if (processAlive(orphanPid)) process.kill(orphanPid, 'SIGKILL');
      }
    });
  }, 120_000); // two JVM starts

  it('refuses a port that is already taken rather than talk to whatever holds it', async () => {
    await expect(startDynamo({ port: local.db.port })).rejects.toThrow(`port ${local.db.port} on 127.0.0.1 is in use`);
  });
});

describe('s3rver', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startS3();
    client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      credentials: s3.credentials,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
  });

  it('stores and returns objects through the AWS SDK', async () => {
    expect(s3.endpoint).toBe(`http://127.0.0.1:${s3.port}`);
    expect(s3.bucket).toBe('e-opstine-uploads');
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'public/a.txt', Body: 'zdravo', ContentType: 'text/plain' }));
    const got = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'public/a.txt' }));
    expect(got.ContentType).toBe('text/plain');
    expect(await got.Body?.transformToString()).toBe('zdravo');
  });

  it('accepts a browser presigned POST from a site origin (CORS)', async () => {
    const origin = 'http://zvecan.localhost:4321';
    const { url, fields } = await createPresignedPost(client, {
      Bucket: s3.bucket,
      Key: 'incoming/photo-1',
      Fields: { 'Content-Type': 'image/png' },
      Conditions: [['content-length-range', 1, 10 * 1024 * 1024]],
      Expires: 600,
    });
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }), 'photo.png');
    const posted = await fetch(url, { method: 'POST', body: form, headers: { Origin: origin } });
    expect(posted.status).toBe(204);
    expect(posted.headers.get('access-control-allow-origin')).toBe('*');
    const got = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'incoming/photo-1' }));
    expect(got.ContentType).toBe('image/png');
    expect([...((await got.Body?.transformToByteArray()) ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    const put = await fetch(`${s3.endpoint}/${s3.bucket}/x`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' } });
    expect(put.status).toBe(200);
  });

  it('stop() frees the port at once and removes its temporary directory', async () => {
    const other = await startS3({ bucket: 'other-bucket' });
    const c = new S3Client({ endpoint: other.endpoint, region: other.region, credentials: other.credentials, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    // Leaves a keep-alive connection open, which must not hold the server up.
    await c.send(new PutObjectCommand({ Bucket: 'other-bucket', Key: 'k', Body: 'v' }));
    await other.stop();
    c.destroy();
    expect(existsSync(other.dataDir)).toBe(false);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(other.port, '127.0.0.1', () => resolve());
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps objects in a given dataDir across a restart', async () => {
    await withTempDir(async (dir) => {
      const a = await startS3({ dataDir: dir });
      const ca = new S3Client({ endpoint: a.endpoint, region: a.region, credentials: a.credentials, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
      await ca.send(new PutObjectCommand({ Bucket: a.bucket, Key: 'kept', Body: 'yes' }));
      ca.destroy();
      await a.stop();
      const b = await startS3({ dataDir: dir });
      const cb = new S3Client({ endpoint: b.endpoint, region: b.region, credentials: b.credentials, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
      try {
        const got = await cb.send(new GetObjectCommand({ Bucket: b.bucket, Key: 'kept' }));
        expect(await got.Body?.transformToString()).toBe('yes');
      } finally {
        cb.destroy();
        await b.stop();
      }
      expect(existsSync(dir)).toBe(true); // a given dataDir is never deleted
    });
  });
});

describe('mail sink (Resend API)', () => {
  let mail: Awaited<ReturnType<typeof startMailSink>>;
  let resend: Resend;
  const savedBaseUrl = process.env.RESEND_BASE_URL;
  const email = {
    from: 'E-opštine Zvečan <noreply@ezvecan.com>',
    to: 'staff@ezvecan.com',
    subject: 'Nova prijava ZV-1234',
    html: '<!doctype html><html><head><title>x</title></head><body><p>Odgovorite:</p><a href="http://zvecan.localhost:4321/api/reply/abc">Odgovori</a></body></html>',
    text: 'Odgovorite: http://zvecan.localhost:4321/api/reply/abc',
    tags: [{ name: 'kind', value: 'staff_new_case' }],
  };

  beforeAll(async () => {
    mail = await startMailSink();
    // The SDK reads RESEND_BASE_URL when it is constructed, not per request.
    process.env.RESEND_BASE_URL = mail.url;
    resend = new Resend('re_test');
  });
  afterAll(async () => {
    await mail?.stop();
    if (savedBaseUrl === undefined) delete process.env.RESEND_BASE_URL;
    else process.env.RESEND_BASE_URL = savedBaseUrl;
  });

  it('accepts an email as Resend does and shows it in the mailbox', async () => {
    await mail.sink.clear();
    const { data, error } = await resend.emails.send(email);
    expect(error).toBeNull();
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);

    const [stored, ...rest] = mail.sink.messages();
    expect(rest).toEqual([]);
    expect(stored).toMatchObject({ id: data?.id, from: email.from, to: ['staff@ezvecan.com'], subject: email.subject, html: email.html, text: email.text, tags: email.tags, idempotencyKey: null });

    const api = await (await fetch(`${mail.url}/messages`)).json();
    expect(api.data.map((m: { id: string }) => m.id)).toEqual([data?.id]);

    const list = await (await fetch(mail.mailboxUrl)).text();
    expect(list).toContain('<html lang="en">');
    expect(list).toContain(`href="/_mail/${data?.id}"`);
    expect(list).toContain('Nova prijava ZV-1234');

    const page = await (await fetch(`${mail.mailboxUrl}/${data?.id}`)).text();
    const iframe = /<iframe[^>]*>/.exec(page)?.[0] ?? '';
    expect(iframe).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"');
    expect(iframe).toContain('title="HTML version of the email"');
    // The link stays absolute and opens the whole tab.
    expect(iframe).toContain('&#60;base target=&#34;_top&#34;&#62;');
    expect(iframe).toContain('http://zvecan.localhost:4321/api/reply/abc');
    expect(page).toContain('<pre>Odgovorite: http://zvecan.localhost:4321/api/reply/abc</pre>');

    const own = await fetch(`${mail.mailboxUrl}/${data?.id}/html`);
    expect(own.headers.get('content-security-policy')).toMatch(/^sandbox /);
    expect(await own.text()).toBe(email.html);
    expect((await resend.emails.get(data?.id ?? '')).data).toMatchObject({ object: 'email', subject: email.subject, last_event: 'delivered' });
  });

  it('sends a batch', async () => {
    await mail.sink.clear();
    const { data, error } = await resend.batch.send([
      { ...email, to: ['a@example.com'] },
      { ...email, to: ['b@example.com', 'Citizen <c@example.com>'], subject: 'Vaša prijava ZV-1234' },
    ]);
    expect(error).toBeNull();
    expect(data?.data).toHaveLength(2);
    expect(mail.sink.messages().map((m) => [m.id, m.to])).toEqual([
      [data?.data[0]?.id, ['a@example.com']],
      [data?.data[1]?.id, ['b@example.com', 'Citizen <c@example.com>']],
    ]);
    const forC = await (await fetch(`${mail.url}/messages?to=c@example.com`)).json();
    expect(forC.data).toHaveLength(1);
  });

  it('dedupes by Idempotency-Key: the same key answers the first id and stores nothing new', async () => {
    await mail.sink.clear();
    const first = await resend.emails.send(email, { idempotencyKey: 'case/ZV-1234/staff' });
    const again = await resend.emails.send(email, { idempotencyKey: 'case/ZV-1234/staff' });
    expect(first.error).toBeNull();
    expect(again.data?.id).toBe(first.data?.id);
    expect(mail.sink.messages()).toHaveLength(1);
    expect(mail.sink.messages()[0]?.idempotencyKey).toBe('case/ZV-1234/staff');

    // Batches too.
    const b1 = await resend.batch.send([email, email], { idempotencyKey: 'batch-1' });
    const b2 = await resend.batch.send([email, email], { idempotencyKey: 'batch-1' });
    expect(b2.data).toEqual(b1.data);
    expect(mail.sink.messages()).toHaveLength(3);

    // Reusing a key for a different email is an error, as with Resend.
    const other = await resend.emails.send({ ...email, subject: 'Something else' }, { idempotencyKey: 'case/ZV-1234/staff' });
    expect(other.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    expect(mail.sink.messages()).toHaveLength(3);
  });

  it('refuses an invalid email with a Resend-like 422 and stores nothing', async () => {
    await mail.sink.clear();
    const { subject: _subject, ...noSubject } = email;
    const missing = await resend.emails.send(noSubject as typeof email);
    expect(missing.data).toBeNull();
    expect(missing.error).toEqual({ statusCode: 422, name: 'missing_required_field', message: 'Missing `subject` field.' });

    const badTo = await resend.emails.send({ ...email, to: 'not an address' });
    expect(badTo.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(badTo.error?.message).toContain('Invalid `to` field');

    const noBody = await resend.emails.send({ from: email.from, to: email.to, subject: 's' } as unknown as typeof email);
    expect(noBody.error).toMatchObject({ statusCode: 422, name: 'missing_required_field' });

    // Strict batch (the SDK's default): one bad email fails the whole batch.
    const strict = await resend.batch.send([email, { ...email, to: 'bad' }]);
    expect(strict.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(mail.sink.messages()).toEqual([]);

    // Permissive: the good one is sent, the bad one reported by index.
    const permissive = await resend.batch.send([email, { ...email, to: 'bad' }], { batchValidation: 'permissive' });
    expect(permissive.data?.data).toHaveLength(1);
    expect((permissive.data as unknown as { errors: { index: number }[] }).errors).toEqual([expect.objectContaining({ index: 1 })]);

    const noKey = await fetch(`${mail.url}/emails`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(email) });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ name: 'missing_api_key' });
  });

  it('looks down while stopped and comes back on the same port (the fault tests rely on this)', async () => {
    await mail.sink.clear();
    const { sink, port } = mail;
    await mail.stop();
    const down = await resend.emails.send(email, { idempotencyKey: 'retry-me' });
    expect(down.data).toBeNull();
    expect(down.error).toMatchObject({ name: 'application_error', statusCode: null });

    mail = await startMailSink({ port, sink });
    const up = await resend.emails.send(email, { idempotencyKey: 'retry-me' });
    expect(up.error).toBeNull();
    expect(sink.messages().map((m) => m.id)).toEqual([up.data?.id]);
  });

  it('DELETE /_mail/api/messages clears the mailbox', async () => {
    await resend.emails.send(email);
    const res = await fetch(`${mail.url}/messages`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(mail.sink.messages()).toEqual([]);
  });

  it('keeps messages and idempotency keys in dataDir across restarts', async () => {
    await withTempDir(async (dir) => {
      const a = await startMailSink({ dataDir: dir });
      const client = new Resend('re_test', { baseUrl: a.url });
      const first = await client.emails.send(email, { idempotencyKey: 'persisted' });
      await a.stop();
      const files = await readFile(join(dir, `${first.data?.id}.json`), 'utf8');
      expect(JSON.parse(files)).toMatchObject({ subject: email.subject });

      const b = await startMailSink({ dataDir: dir, port: a.port });
      try {
        expect(b.sink.messages().map((m) => m.id)).toEqual([first.data?.id]);
        const again = await client.emails.send(email, { idempotencyKey: 'persisted' });
        expect(again.data?.id).toBe(first.data?.id);
        expect(b.sink.messages()).toHaveLength(1);
        await b.sink.clear();
        expect(createMailSink({ dataDir: dir }).messages()).toEqual([]);
      } finally {
        await b.stop();
      }
    });
  });

  it('mounts into another server: handles /_mail…, leaves everything else alone', async () => {
    const sink = createMailSink();
    const server: Server = createServer(async (req, res) => {
      if (await sink.handle(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('site');
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    try {
      const client = new Resend('re_test', { baseUrl: `http://127.0.0.1:${port}/_mail/api` });
      const sent = await client.emails.send(email);
      expect(sink.messages().map((m) => m.id)).toEqual([sent.data?.id]);
      expect(await (await fetch(`http://127.0.0.1:${port}/sr/`)).text()).toBe('site');
      expect(await (await fetch(`http://127.0.0.1:${port}/_mailbox`)).text()).toBe('site');
      const cleared = await fetch(`http://127.0.0.1:${port}/_mail/clear`, { method: 'POST', redirect: 'manual' });
      expect(cleared.status).toBe(303);
      expect(sink.messages()).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('stream poller', () => {
  const local = useDynamo();

  const put = (table: string, pk: string, extra: Record<string, { S: string }> = {}) =>
    local.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, sk: { S: 'CASE' }, ...extra } }));

  it('delivers records in order, shaped like a Lambda DynamoDB stream event', async () => {
    const table = 'poller-order';
    const { streamArn } = await ensureTable(local.db.endpoint, table);
    const events: StreamEvent[] = [];
    const poller = await startStreamPoller({ endpoint: local.db.endpoint, tableName: table, handler: (e) => void events.push(e), intervalMs: 50 });
    try {
      for (let i = 0; i < 5; i++) await put(table, `CASE#${i}`, { status: { S: 'received' } });
      await local.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: 'CASE#0' }, sk: { S: 'CASE' } },
          UpdateExpression: 'SET #s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': { S: 'answered' } },
        }),
      );
      await local.client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } } }));
      await poller.idle();

      const records = events.flatMap((e) => e.Records);
      expect(records.map((r) => [r.eventName, r.dynamodb.Keys['pk']?.S])).toEqual([
        ['INSERT', 'CASE#0'],
        ['INSERT', 'CASE#1'],
        ['INSERT', 'CASE#2'],
        ['INSERT', 'CASE#3'],
        ['INSERT', 'CASE#4'],
        ['MODIFY', 'CASE#0'],
        ['REMOVE', 'CASE#1'],
      ]);
      const seqs = records.map((r) => BigInt(r.dynamodb.SequenceNumber));
      expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : 1)));
      const [insert] = records;
      expect(insert).toMatchObject({
        eventSource: 'aws:dynamodb',
        eventSourceARN: streamArn,
        eventVersion: '1.1',
        dynamodb: {
          Keys: { pk: { S: 'CASE#0' }, sk: { S: 'CASE' } },
          NewImage: { pk: { S: 'CASE#0' }, sk: { S: 'CASE' }, status: { S: 'received' } },
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      });
      expect(insert?.eventID).toBeTruthy();
      expect(insert?.dynamodb.OldImage).toBeUndefined();
      expect(typeof insert?.dynamodb.ApproximateCreationDateTime).toBe('number');
      expect(records[5]?.dynamodb).toMatchObject({ OldImage: { status: { S: 'received' } }, NewImage: { status: { S: 'answered' } } });
      expect(records[6]?.dynamodb.NewImage).toBeUndefined();
      expect(records[6]?.dynamodb.OldImage?.['pk']).toEqual({ S: 'CASE#1' });

      // Nothing new: idle() resolves without further calls.
      const before = events.length;
      await poller.idle();
      expect(events.length).toBe(before);
    } finally {
      await poller.stop();
    }
  });

  it('retries a failing batch, the same records each time, like the Lambda event source mapping', async () => {
    const table = 'poller-retry';
    await ensureTable(local.db.endpoint, table);
    const calls: string[][] = [];
    const logs: string[] = [];
    const poller = await startStreamPoller({
      endpoint: local.db.endpoint,
      tableName: table,
      intervalMs: 50,
      log: (line) => logs.push(line),
      handler: async (e) => {
        calls.push(e.Records.map((r) => r.eventID));
        if (calls.length <= 2) throw new Error(`SMTP down (call ${calls.length})`);
      },
    });
    try {
      await put(table, 'CASE#A', { email: { S: 'citizen@example.com' } });
      await put(table, 'CASE#B', { email: { S: 'citizen@example.com' } });
      const started = Date.now();
      await poller.idle();
      expect(calls).toHaveLength(3);
      expect(calls[1]).toEqual(calls[0]);
      expect(calls[2]).toEqual(calls[0]);
      expect(calls[0]).toHaveLength(2);
      // Backoff 0.5 s then 1 s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      expect(logs).toHaveLength(2);
      expect(logs[0]).toMatch(/handler failed on a batch of 2 record\(s\) .*attempt 1.*Error: SMTP down \(call 1\).*retrying the same batch in 0\.5 s/);
      expect(logs[1]).toMatch(/attempt 2.*retrying the same batch in 1 s/);
      // Never record contents: they hold personal data.
      expect(logs.join('\n')).not.toMatch(/citizen@example\.com|CASE#/);

      // After success it moves on: a new record is a new batch, delivered once.
      await put(table, 'CASE#C');
      await poller.idle();
      expect(calls).toHaveLength(4);
      expect(calls[3]).toHaveLength(1);
    } finally {
      await poller.stop();
    }
  });

  it('resumes after its checkpoint on restart instead of replaying', async () => {
    await withTempDir(async (dir) => {
      const table = 'poller-checkpoint';
      const checkpointFile = join(dir, 'stream-checkpoint.json');
      await ensureTable(local.db.endpoint, table);
      const seen: string[] = [];
      const handler = (e: StreamEvent) => void seen.push(...e.Records.map((r) => r.dynamodb.Keys['pk']?.S ?? ''));

      const first = await startStreamPoller({ endpoint: local.db.endpoint, tableName: table, handler, intervalMs: 50, checkpointFile });
      await put(table, 'CASE#1');
      await put(table, 'CASE#2');
      await first.idle();
      await first.stop();
      expect(seen).toEqual(['CASE#1', 'CASE#2']);
      const saved = JSON.parse(await readFile(checkpointFile, 'utf8'));
      expect(Object.values(saved.shards)).toEqual([expect.objectContaining({ sequenceNumber: expect.any(String) })]);

      await put(table, 'CASE#3'); // written while no poller runs
      const second = await startStreamPoller({ endpoint: local.db.endpoint, tableName: table, handler, intervalMs: 50, checkpointFile });
      try {
        await second.idle();
        expect(seen).toEqual(['CASE#1', 'CASE#2', 'CASE#3']);
      } finally {
        await second.stop();
      }
    });
  });

  it('stop() ends cleanly, even while a batch is failing and waiting to be retried', async () => {
    const table = 'poller-stop';
    await ensureTable(local.db.endpoint, table);
    let calls = 0;
    const poller = await startStreamPoller({
      endpoint: local.db.endpoint,
      tableName: table,
      intervalMs: 50,
      log: () => {},
      handler: () => {
        calls++;
        throw new Error('always failing');
      },
    });
    await put(table, 'CASE#X');
    const idle = poller.idle();
    idle.catch(() => {}); // asserted below
    while (calls === 0) await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await poller.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(idle).rejects.toThrow('stream poller stopped');
    await expect(poller.idle()).rejects.toThrow('stream poller stopped');
    const after = calls;
    await new Promise((r) => setTimeout(r, 700));
    expect(calls).toBe(after); // no retries after stop
    await poller.stop(); // a second stop is harmless
  });

  it('waits quietly for a table that does not exist yet', async () => {
    const logs: string[] = [];
    const poller = await startStreamPoller({ endpoint: local.db.endpoint, tableName: 'poller-missing', handler: () => {}, intervalMs: 50, log: (l) => logs.push(l) });
    try {
      await poller.idle();
      expect(logs).toEqual([]);
    } finally {
      await poller.stop();
    }
  });
});
