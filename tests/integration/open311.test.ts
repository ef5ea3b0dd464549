// Open311 GeoReport v2 requests against the real local stack: DynamoDB Local behind the Hono app,
// reached over HTTP with a site's Host. Public records come from a real submission (whose
// private item is then salted with contact details) and from projection items written directly.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request as httpRequest } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startTestStack, mails, replyLink, type Stack } from '../helpers/stack.ts';
import { digestOf } from '../../functions/domain/projection.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import { schemaErrors, xmlAsJson } from '../schemas/open311/index.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** An HTTP request to the stack with the Host a browser would send (Node's fetch will not set it). */
function call(path: string, opts: { host?: string | undefined; method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: stack.port, path, method: opts.method ?? 'GET', headers: { host: opts.host ?? `zvecan.localhost:${stack.port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface Request { service_request_id: string; status: string; status_notes?: string; service_code: string; service_name: string; description: string; media_url?: string; lat?: number; long?: number; address?: string }

/** GET …requests.json: checked against the schema, and the .xml of the same query must say the same. */
async function requests(query = '', host?: string): Promise<Request[]> {
  const sep = query ? '?' : '';
  const json = await call(`/open311/v2/requests.json${sep}${query}`, { host });
  expect(json.status, json.body).toBe(200);
  expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  const list = JSON.parse(json.body) as Request[];
  expect(schemaErrors('requests', list)).toEqual([]);
  const xml = await call(`/open311/v2/requests.xml${sep}${query}`, { host });
  expect(xml.status).toBe(200);
  expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(xmlAsJson(xml.body, 'requests')).toEqual(list);
  return list;
}

async function problem(path: string, status: number, opts: Parameters<typeof call>[1] = {}) {
  const r = await call(path, opts);
  expect(r.status, r.body).toBe(status);
  const errors = (path.split('?')[0]!.endsWith('.json') ? JSON.parse(r.body) : xmlAsJson(r.body, 'errors')) as { code: number; description: string }[];
  expect(schemaErrors('errors', errors)).toEqual([]);
  expect(errors[0]!.code).toBe(status);
  expect(r.headers['access-control-allow-origin']).toBe('*');
  return errors.map((e) => e.description).join(' ');
}

const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
function record(code: string, extra: Partial<PublicCase> = {}): PublicCase {
  return {
    v: 1, code, kind: 'report', municipality: 'zvecan', category: 'roads', lang: 'sr', text: 'Рупа на путу код школе.', status: 'received',
    createdAt: hours(-48), updatedAt: hours(-48), deadlineAt: hours(0), photos: [], timeline: [], ...extra,
  };
}

// Projection items, as the stream handler writes them.
const fixtures = {
  pothole: record('QPNA-3467', {
    lat: 42.9101, lng: 20.8402, address: 'Улица Косовских јунака 3',
    photos: [{ id: 'ph1', variants: [{ w: 480, url: '/media/ph1-480.webp' }, { w: 1280, url: '/media/ph1-1280.webp' }] }],
  }),
  water: record('QPNB-3467', { category: 'water', status: 'not_in_competence', referral: 'Обратите се ЈП „Ибар-Лепенац”.', createdAt: hours(-240), updatedAt: hours(-200), deadlineAt: hours(-192), firstAnsweredAt: hours(-200) }),
  old: record('QPNC-3467', { status: 'resolved', answer: 'Закрпљено.', createdAt: hours(-24 * 120), updatedAt: hours(-24 * 119), deadlineAt: hours(-24 * 118), firstAnsweredAt: hours(-24 * 119) }),
  question: record('QPND-3467', { kind: 'question', category: undefined, createdAt: hours(-24) }),
  demo: record('QPNE-3467', { demo: true, createdAt: hours(-72) }),
  elsewhere: record('QPNF-3467', { municipality: 'leposavic', createdAt: hours(-24) }),
};

const secret = { email: 'open311.tajna@example.org', phone: '+383 44 987 654', name: 'Skrivena Građanka', planted: 'posadjeno.tajno@example.org' };
let submitted = '';
let rejected = '';

describe('Open311 requests from the public projection', () => {
  beforeAll(async () => {
    for (const r of Object.values(fixtures)) await stack.platform.ports.store.putPublic(r, digestOf(r));
    // A real report with contact details and a hidden name, and one that staff reject as spam.
    const submit = async (description: string, email: string) => {
      const r = await fetch(stack.apiUrl('/api/reports'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost' },
        body: JSON.stringify({ municipality: 'zvecan', locale: 'sr-latn', category: 'lighting', description, address: 'Kod mosta', lat: 42.908, lng: 20.841, email, phone: secret.phone, name: secret.name, showName: false, consent: true }),
      });
      expect(r.status).toBe(201);
      return ((await r.json()) as { code: string }).code;
    };
    submitted = await submit('Ne radi svetiljka <script>alert(1)</script> & kod mosta.', secret.email);
    rejected = await submit('Kupite jeftine satove na našem sajtu odmah danas.', 'spam.open311@example.org');
    await stack.poller.idle();
    // Private fields of the case item get contact details planted in them; the projection must not carry them.
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
    await doc.send(new UpdateCommand({
      TableName: 'e-opstine', Key: { pk: `CASE#${submitted}`, sk: 'CASE' },
      UpdateExpression: 'SET #text = :text, contactEmail = :email, internalNote = :note',
      ExpressionAttributeNames: { '#text': 'text' },
      ExpressionAttributeValues: { ':text': `Pišite mi na ${secret.planted}`, ':email': secret.planted, ':note': `Zvati ${secret.phone}` },
    }));
    const staff = (await mails(stack)).find((m) => m.subject.includes(rejected) && m.to.includes('infrastruktura@ezvecan.com'))!;
    const link = replyLink(staff).replace(/^http:\/\/zvecan\.localhost:\d+/, '');
    const reply = await fetch(stack.apiUrl(link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' }, body: new URLSearchParams({ outcome: 'rejected', publicText: 'x' }), redirect: 'manual' });
    expect(reply.status).toBe(200); // the "withdrawn" page: spam has no status page to go to
    await stack.poller.idle();
    await stack.poller.idle();
    expect(await stack.platform.ports.store.getPublic('zvecan', submitted)).toBeDefined();
    expect(await stack.platform.ports.store.getPublic('zvecan', rejected)).toBeUndefined();
  }, 60_000);

  it('lists the last 90 days of reports, newest first, as JSON and the same in XML', async () => {
    const list = await requests();
    expect(list.map((r) => r.service_request_id)).toEqual([submitted, fixtures.pothole.code, fixtures.water.code]);
    const pothole = list[1]!;
    expect(pothole).toMatchObject({
      status: 'open', status_notes: 'Primljeno', service_code: 'roads', service_name: 'Putevi i trotoari', description: 'Rupa na putu kod škole.',
      address: 'Ulica Kosovskih junaka 3', lat: 42.9101, long: 20.8402, media_url: `http://zvecan.localhost:${stack.port}/media/ph1-1280.webp`,
    });
    expect(list[2]).toMatchObject({ status: 'closed', status_notes: 'Nije u nadležnosti: Obratite se JP „Ibar-Lepenac”.' });
  });

  it('answers with CORS for anyone and a short cache', async () => {
    const r = await call('/open311/v2/requests.json');
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers['cache-control']).toBe('public, max-age=60');
    const pre = await call('/open311/v2/requests.json', { method: 'OPTIONS', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
  });

  it('publishes nothing private: no contact details, hidden name, private text or non-public case', async () => {
    const bodies = [
      (await call('/open311/v2/requests.json')).body,
      (await call('/open311/v2/requests.xml?locale=sr')).body,
      (await call(`/open311/v2/requests/${submitted}.json`)).body,
      (await call(`/open311/v2/requests/${submitted}.xml?locale=sq`)).body,
    ];
    for (const body of bodies) {
      for (const s of [secret.email, secret.phone, secret.name, secret.planted, 'Skrivena', 'Pišite mi', 'Zvati', 'spam.open311', 'satove']) expect(body).not.toContain(s);
    }
    const one = JSON.parse(bodies[2]!) as Request[];
    expect(schemaErrors('request', one)).toEqual([]);
    expect(one[0]!.description).toBe('Ne radi svetiljka <script>alert(1)</script> & kod mosta.');
    expect(bodies[3]).toContain('<description>Ne radi svetiljka &lt;script&gt;alert(1)&lt;/script&gt; &amp; kod mosta.</description>');
    expect(bodies[3]).toContain('<service_name>Ndriçimi publik</service_name>');
  });

  it('filters by status, service code, dates with zones and ids', async () => {
    const ids = async (q: string) => (await requests(q)).map((r) => r.service_request_id);
    expect(await ids('status=closed')).toEqual([fixtures.water.code]);
    expect(await ids('status=open&service_code=roads,lighting')).toEqual([submitted, fixtures.pothole.code]);
    expect(await ids('service_code=water')).toEqual([fixtures.water.code]);
    // The old case lies outside the default window; a range around it finds it, whatever the zone.
    const created = new Date(fixtures.old.createdAt);
    const local = (ms: number) => new Date(ms + 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+02:00');
    expect(await ids(`start_date=${encodeURIComponent(local(created.getTime() - 60_000))}&end_date=${encodeURIComponent(local(created.getTime() + 60_000))}`)).toEqual([fixtures.old.code]);
    expect(await ids(`start_date=${fixtures.old.createdAt}`)).toEqual([fixtures.old.code]);
    expect(await ids(`end_date=${encodeURIComponent(local(created.getTime() - 1000))}`)).toEqual([]);
    // Ids override the other filters; questions, demo cases, other municipalities and rejected cases never appear.
    expect(await ids(`service_request_id=${fixtures.old.code},${fixtures.question.code},${fixtures.demo.code},${fixtures.elsewhere.code},${rejected},${submitted.toLowerCase()}&status=open`)).toEqual([submitted, fixtures.old.code]);
  });

  it('answers one request by its code, in a list of one', async () => {
    const json = await call(`/open311/v2/requests/${fixtures.pothole.code.toLowerCase()}.json`);
    expect(json.status).toBe(200);
    const list = JSON.parse(json.body) as Request[];
    expect(schemaErrors('request', list)).toEqual([]);
    expect(list[0]!.service_request_id).toBe(fixtures.pothole.code);
    const xml = await call(`/open311/v2/requests/${fixtures.pothole.code}.xml`);
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(xmlAsJson(xml.body, 'request')).toEqual(list);
  });

  it('is 404 for a case that is not public, a question, a case of another municipality and an unknown code', async () => {
    expect(await problem(`/open311/v2/requests/${rejected}.json`, 404)).toContain(rejected);
    await problem(`/open311/v2/requests/${fixtures.question.code}.xml`, 404);
    await problem(`/open311/v2/requests/${fixtures.demo.code}.json`, 404);
    await problem(`/open311/v2/requests/${fixtures.elsewhere.code}.json`, 404);
    await problem('/open311/v2/requests/YYYY-YYYY.json', 404);
    // …but the other municipality's own site has it.
    const there = await call(`/open311/v2/requests/${fixtures.elsewhere.code}.json`, { host: `leposavic.localhost:${stack.port}` });
    expect(there.status).toBe(200);
    expect((JSON.parse(there.body) as Request[])[0]!.service_name).toBe('Ulice i trotoari');
  });

  it('finds the jurisdiction from the Host or jurisdiction_id, and says when it cannot', async () => {
    const bare = `127.0.0.1:${stack.port}`;
    expect(await problem('/open311/v2/requests.json', 400, { host: bare })).toContain('jurisdiction_id');
    expect((await requests('jurisdiction_id=ezvecan.com', bare)).map((r) => r.service_request_id)).toContain(fixtures.pothole.code);
    expect(await problem('/open311/v2/requests.xml?jurisdiction_id=nowhere.example', 404, { host: bare })).toContain('nowhere.example');
    expect(await problem('/open311/v2/requests.json?jurisdiction_id=eleposavic.com', 404)).toContain(`leposavic.localhost:${stack.port}/open311/v2/`);
    expect((await requests('jurisdiction_id=www.ezvecan.com')).length).toBe(3);
  });

  it('refuses bad queries with the standard error bodies, in the format asked for', async () => {
    expect(await problem('/open311/v2/requests.xml?start_date=yesterday&status=pending', 400)).toMatch(/status[\s\S]*start_date/);
    expect(await problem('/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-12-01T00:00:00Z', 400)).toContain('90');
    expect(await problem('/open311/v2/requests.json?locale=en', 400)).toContain('sr-latn');
    await problem('/open311/v2/requests.csv', 404);
    await problem('/open311/v2/requests/QPNA-3467.html', 404);
    expect(await problem('/open311/v2/requests.json', 405, { method: 'POST' })).toContain('/system-48h/report/');
    expect((await call('/open311/v2/requests.json?start_date=nonsense')).headers['cache-control']).toBe('no-store');
  });
});
