import { request as httpRequest } from 'node:http';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import sharp from 'sharp';
import { startStack } from '../../scripts/local/stack.mjs';

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * The whole platform on free ports with in-memory data, as the tests need it. `dataDir` keeps the
 * data in files instead (so DynamoDB Local can be stopped and started again without losing it);
 * `log` also receives the stack's log lines.
 */
export function startTestStack(
  opts: {
    distDir?: string;
    env?: Record<string, string>;
    rebuild?: Parameters<typeof startStack>[0]['rebuild'];
    dataDir?: string;
    log?: (line: string) => void;
    /** An injected clock for every part of the platform (submissions, tokens, replies, the sweep). */
    now?: () => Date;
    /** Build requests go here instead of the local rebuild worker. */
    publisher?: { requestBuild: (municipality: string, changedAt: Date) => Promise<void> };
  } = {},
): Promise<Stack> {
  return startStack({
    port: 0,
    mail: 'separate',
    log: (l: string) => {
      opts.log?.(l);
      if (process.env.STACK_LOG) console.log(l);
    },
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    loadPlatform: async () => {
      const platform = await import('../../functions/local.ts');
      if (!opts.now && !opts.publisher) return platform;
      const extra = { ...(opts.now ? { now: opts.now } : {}), ...(opts.publisher ? { publisher: opts.publisher } : {}) };
      return { ...platform, createPlatform: (c: Parameters<typeof platform.createPlatform>[0], o: Parameters<typeof platform.createPlatform>[1] = {}) => platform.createPlatform(c, { ...o, ...extra }) };
    },
    ...(opts.distDir ? { distDir: opts.distDir } : {}),
    ...(opts.rebuild ? { rebuild: opts.rebuild } : {}),
    env: { RATE_PER_IP_PER_HOUR: '10000', RATE_PER_EMAIL_PER_HOUR: '10000', RATE_PER_PHONE_PER_HOUR: '10000', ...opts.env },
  });
}

/** Every item in the table (the tests' view of "what was stored"). */
export async function scanAll(stack: Stack): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const out = await client.send(new ScanCommand({ TableName: 'e-opstine' }));
  return (out.Items ?? []).map((i) => Object.fromEntries(Object.entries(i).map(([k, v]) => [k, Object.values(v)[0]])));
}

/** Items other than rate-limit counters: the cases, contacts, events, keys and tokens. */
export async function storedCases(stack: Stack) {
  return (await scanAll(stack)).filter((i) => !String(i.pk).startsWith('RATE#'));
}

/** A JPEG with an EXIF GPS position in it, as a phone would make. */
export async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 180, g: 120, b: 60 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone', Model: 'T1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '42/1 54/1 2700/100', GPSLongitudeRef: 'E', GPSLongitude: '20/1 50/1 2000/100' } })
    .toBuffer();
}

/** Uploads a file the way the browser does: ask for a presigned POST, then POST the form to storage. */
export async function upload(stack: Stack, body: Buffer, contentType = 'image/jpeg', declaredSize = body.length): Promise<string> {
  const r = await fetch(stack.apiUrl('/api/uploads'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: 'zvecan.localhost' },
    body: JSON.stringify({ municipality: 'zvecan', locale: 'sq', contentType, size: declaredSize }),
  });
  if (r.status !== 200) throw new Error(`upload: ${r.status} ${await r.text()}`);
  const { key, url, fields } = (await r.json()) as { key: string; url: string; fields: Record<string, string> };
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(body)], { type: contentType }), 'photo.jpg');
  const s3 = await fetch(url, { method: 'POST', body: form });
  if (s3.status >= 300) throw new Error(`storage POST: ${s3.status} ${await s3.text()}`);
  return key;
}

export interface Mail { id: string; to: string[]; subject: string; html: string; text: string }

export async function mails(stack: Stack): Promise<Mail[]> {
  return stack.sink.messages() as Mail[];
}

/** The reply link in a staff email. */
export function replyLink(mail: Mail): string {
  const m = /https?:\/\/[^\s"<]+\/api\/reply\/[A-Za-z0-9_-]{43}/.exec(mail.text);
  if (!m) throw new Error(`no reply link in "${mail.subject}"`);
  return m[0];
}

/**
 * A page of a site as a browser gets it. Node's fetch cannot resolve *.localhost and will not
 * send a Host header of ours, so this speaks HTTP to the loopback port with the site's host name.
 */
export function getPage(stack: Stack, site: string, path: string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return loopback(stack, path, { headers: { host: `${site}.localhost:${stack.port}` } });
}

/**
 * One request to the local stack's loopback port with the Host and headers given, as a browser
 * sends it (Node's fetch will not send a Host of ours); the answer whole.
 */
export function loopback(stack: Stack, path: string, o: { method?: string | undefined; headers: Record<string, string>; body?: string | Buffer | undefined }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...o.headers };
    if (o.body !== undefined) headers['content-length'] = String(Buffer.byteLength(o.body));
    const req = httpRequest({ host: '127.0.0.1', port: stack.port, method: o.method ?? 'GET', path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}
