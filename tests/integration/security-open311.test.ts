// Open311 under load and abuse (finding 9 of issue 11), against the real local stack: lists read
// through the `public-by-date` index (only the records of the window, counted from what DynamoDB
// Local says it read), the same answers as filtering the whole partition gave, paging across many
// records, answers too large for Lambda refused with a translated error, hostile query parameters
// answered 400/404 in the format asked for (never 5xx), and a table from before the index given it
// and its keys on start.
//
// And least privilege (finding 10) where IAM cannot be seen locally: every table and bucket call
// the HTTP routes make, recorded while they run, must be one that infra/permissions.ts grants the
// function CloudFront sends those routes to (Api or Reads).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request as httpRequest } from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient, CreateTableCommand, DescribeTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestStack, mails, replyLink, photoWithGps, type Stack } from '../helpers/stack.ts';
import { access, type FunctionName } from '../../infra/permissions.ts';
import { ensureTable } from '../../scripts/local/dynamodb.mjs';
import { DynamoCaseStore } from '../../functions/adapters/dynamo.ts';
import { digestOf } from '../../functions/domain/projection.ts';
import { siteOrigin } from '../../functions/web/html.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import { CODE_ALPHABET } from '../../core/cases/codes.ts';
import { tableDefinition, publicByDateKeys, PUBLIC_BY_DATE_INDEX, OPEN_BY_DUE_INDEX } from '../../core/cases/table.ts';
import {
  MAX_REQUESTS, MAX_RESPONSE_BYTES, isServiceRequest, lambdaBytes, parseRequestsQuery, render, renderRequests, selectRequests, toServiceRequest, type Format,
} from '../../core/cases/open311.ts';
import type { Locale } from '../../core/locales.ts';
import { schemaErrors, xmlAsJson } from '../schemas/open311/index.ts';

let stack: Stack;
let store: DynamoCaseStore;
let doc: DynamoDBDocumentClient;
const TABLE = 'e-opstine';

beforeAll(async () => {
  stack = await startTestStack();
  store = stack.platform.ports.store as unknown as DynamoCaseStore;
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function call(path: string, site = 'zvecan'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: stack.port, path, headers: { host: `${site}.localhost:${stack.port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// ------------------------------------------------------------------------------------------------
// Records

const DAY = 86_400_000;
const T0 = Date.now();
const at = (msAgo: number) => new Date(T0 - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');
let serial = 0;
/** A tracking code no other record of this file has (K7QM-3XTD style: the code alphabet only). */
function nextCode(): string {
  let n = serial++;
  let s = '';
  for (let i = 0; i < 8; i++) {
    s = CODE_ALPHABET[n % CODE_ALPHABET.length]! + s;
    n = Math.floor(n / CODE_ALPHABET.length);
  }
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

const statusCycle = ['received', 'in_progress', 'answered', 'resolved', 'not_in_competence', 'forwarded'] as const;
const categories = ['roads', 'water', 'lighting', 'waste', undefined] as const;

function record(municipality: string, msAgo: number, i: number, extra: Partial<PublicCase> = {}): PublicCase {
  const status = statusCycle[i % statusCycle.length]!;
  const category = categories[i % categories.length];
  return {
    v: 1, code: nextCode(), kind: 'report', municipality, ...(category ? { category } : {}), lang: i % 3 === 0 ? 'sq' : 'sr',
    text: `Пријава ${i}: ${'рупа на путу код школе, '.repeat(20 + (i % 40))}`, status,
    createdAt: at(msAgo), updatedAt: at(msAgo - 3_600_000), deadlineAt: at(msAgo - 48 * 3_600_000),
    ...(status === 'answered' || status === 'resolved' ? { answer: `Одговор ${i}.`, firstAnsweredAt: at(msAgo - 3_600_000) } : {}),
    ...(status === 'not_in_competence' || status === 'forwarded' ? { referral: 'ЈП „Ибар-Лепенац”.', firstAnsweredAt: at(msAgo - 3_600_000) } : {}),
    photos: [], timeline: [], ...extra,
  };
}

/** Writes public records as putPublic does (keys, digest, index keys), 25 at a time, 4 batches at once. */
async function seed(records: PublicCase[]) {
  const batches: PublicCase[][] = [];
  for (let i = 0; i < records.length; i += 25) batches.push(records.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        let items = batches[next++]!.map((r) => ({ PutRequest: { Item: { pk: `PUBLIC#${r.municipality}`, sk: r.code, type: 'public', digest: digestOf(r), record: r, ...publicByDateKeys(r) } } }));
        while (items.length) {
          const out = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items } }));
          items = (out.UnprocessedItems?.[TABLE] ?? []) as typeof items;
        }
      }
    }),
  );
}

/**
 * Counts what the store reads while `fn` runs, from DynamoDB Local's own answers: a Query's
 * ScannedCount (items read before any filter), a BatchGetItem's items, a GetItem's item. Also
 * notes any Scan and which index each Query used.
 */
async function reads<T>(fn: () => Promise<T>): Promise<{ result: T; items: number; queries: (string | undefined)[]; scans: number; batchGets: number }> {
  const seen = { items: 0, queries: [] as (string | undefined)[], scans: 0, batchGets: 0 };
  const name = `count-reads-${Math.random()}`;
  store.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const input = args.input as { IndexName?: string };
      const output = out.output as { ScannedCount?: number; Responses?: Record<string, unknown[]>; Item?: unknown };
      if (context.commandName === 'QueryCommand') {
        seen.items += output.ScannedCount ?? 0;
        seen.queries.push(input.IndexName);
      } else if (context.commandName === 'ScanCommand') {
        seen.scans++;
        seen.items += output.ScannedCount ?? 0;
      } else if (context.commandName === 'BatchGetCommand' || context.commandName === 'BatchGetItemCommand') {
        seen.batchGets++;
        seen.items += Object.values(output.Responses ?? {}).reduce((n, l) => n + l.length, 0);
      } else if (context.commandName === 'GetCommand' || context.commandName === 'GetItemCommand') {
        seen.items += output.Item ? 1 : 0;
      }
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    const result = await fn();
    return { result, ...seen };
  } finally {
    store.doc.middlewareStack.remove(name);
  }
}

interface Request { service_request_id: string; status: string; service_code: string }

/** What the endpoint answered before the index: the whole partition filtered (selectRequests), rendered. */
function expected(records: PublicCase[], municipality: string, query: Record<string, string>, format: Format = 'json', locale: Locale = 'sr-latn') {
  const m = getMunicipality(municipality);
  const parsed = parseRequestsQuery(query, { now: new Date(), timeZone: m.clock.timeZone, locale });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const origin = siteOrigin(stack.platform.config, m);
  return render(format, 'service_requests', selectRequests(records, parsed.value).map((p) => toServiceRequest(p, m, { locale, origin })));
}

// ------------------------------------------------------------------------------------------------

describe('Open311 lists through the index by status and date', () => {
  // Zvečan: 1,300 reports in the last 80 days (six statuses, five categories, two languages),
  // 150 questions and 100 demo cases in the same days, and 2,000 reports from 100 to 400 days ago.
  const inWindow: PublicCase[] = [];
  const others: PublicCase[] = [];
  const old: PublicCase[] = [];
  const all = () => [...inWindow, ...others, ...old];

  beforeAll(async () => {
    for (let i = 0; i < 1300; i++) inWindow.push(record('zvecan', DAY + i * (79 * DAY / 1300), i));
    for (let i = 0; i < 150; i++) others.push(record('zvecan', DAY + i * 13 * 3_600_000, i, { kind: 'question' }));
    for (let i = 0; i < 100; i++) others.push(record('zvecan', 2 * DAY + i * 17 * 3_600_000, i, { demo: true }));
    for (let i = 0; i < 2000; i++) old.push(record('zvecan', 100 * DAY + i * (300 * DAY / 2000), i));
    await seed(all());
    await stack.poller.idle();
  }, 180_000);

  it('answers exactly what filtering the whole partition answered, for every kind of query, in JSON and XML', async () => {
    const queries: Record<string, string>[] = [
      {},
      { status: 'open' },
      { status: 'closed' },
      { status: 'open,closed' },
      { service_code: 'roads' },
      { service_code: 'water,lighting', status: 'open' },
      { service_code: 'other' },
      { start_date: at(30 * DAY), end_date: at(10 * DAY) },
      { end_date: at(40 * DAY) },
      { start_date: at(200 * DAY) },
      { start_date: at(400 * DAY), end_date: at(311 * DAY), status: 'closed' },
      { start_date: at(60 * DAY).slice(0, 10) },
    ];
    for (const q of queries) {
      const qs = new URLSearchParams(q).toString();
      for (const format of ['json', 'xml'] as const) {
        const r = await call(`/open311/v2/requests.${format}${qs ? `?${qs}` : ''}`);
        expect(r.status, `${qs} ${r.body.slice(0, 300)}`).toBe(200);
        expect(r.body, qs).toBe(expected(all(), 'zvecan', q, format));
      }
    }
    // …and in the reader's other languages.
    const r = await call('/open311/v2/requests.json?locale=sq&status=closed');
    expect(r.body).toBe(expected(all(), 'zvecan', { status: 'closed' }, 'json', 'sq'));
  });

  it('pages: more than a DynamoDB page of records makes one answer, newest first, at most 1,000', async () => {
    const list = JSON.parse((await call('/open311/v2/requests.json')).body) as Request[];
    expect(list).toHaveLength(MAX_REQUESTS);
    expect(schemaErrors('requests', list)).toEqual([]);
    const newest = [...inWindow].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).slice(0, MAX_REQUESTS);
    expect(list.map((r) => r.service_request_id)).toEqual(newest.map((r) => r.code));
    // The store itself, page by page: several pages (1 MB each, or the page size asked for), in order.
    const pages: PublicCase[][] = [];
    for await (const page of store.listServiceRequests('zvecan', { status: 'closed', from: new Date(T0 - 90 * DAY), to: new Date(T0), pageSize: 97 })) pages.push(page);
    const closed = inWindow.filter((r) => !['received', 'in_progress'].includes(r.status));
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(closed.length / 97));
    expect(pages.flat().map((r) => r.code)).toEqual([...closed].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.code.localeCompare(a.code)).map((r) => r.code));
    let natural = 0;
    for await (const _page of store.listServiceRequests('zvecan', { status: 'closed', from: new Date(T0 - 90 * DAY), to: new Date(T0) })) natural++;
    expect(natural, 'about 2 MB of closed records: more than one 1 MB page').toBeGreaterThan(1);
    // Only the fields asked for, when asked (the list answers ask for OPEN311_FIELDS): the same
    // records in the same order, each cut down to those fields.
    const cut: PublicCase[] = [];
    for await (const page of store.listServiceRequests('zvecan', { status: 'closed', from: new Date(T0 - 90 * DAY), to: new Date(T0), fields: ['code', 'createdAt', 'status'] })) cut.push(...page);
    expect(cut.map((r) => r.code)).toEqual(pages.flat().map((r) => r.code));
    expect(new Set(cut.map((r) => Object.keys(r).sort().join()))).toEqual(new Set(['code,createdAt,status']));
  });

  it('reads only the records of the window, never the whole partition', async () => {
    const partition = all().length;
    const serviceRequests = inWindow.length;
    // The default window: exactly the service requests of the last 90 days, through the index.
    const list = await reads(() => call('/open311/v2/requests.json'));
    expect(list.result.status).toBe(200);
    expect(list.scans).toBe(0);
    expect(list.queries.every((index) => index === PUBLIC_BY_DATE_INDEX)).toBe(true);
    expect(list.items).toBe(serviceRequests);
    expect(list.items).toBeLessThan(partition / 2);
    // One status: one key range.
    const open = await reads(() => call('/open311/v2/requests.xml?status=open'));
    expect(open.items).toBe(inWindow.filter((r) => r.status === 'received' || r.status === 'in_progress').length);
    // A window with nothing in it reads nothing.
    const empty = await reads(() => call(`/open311/v2/requests.json?start_date=${at(99 * DAY - 60_000)}&end_date=${at(95 * DAY)}`));
    expect(empty.result.body).toBe('[]');
    expect(empty.items).toBe(0);
    // An old window reads that window's records only.
    const from = 300 * DAY;
    const to = 220 * DAY;
    const window = await reads(() => call(`/open311/v2/requests.json?start_date=${at(from)}&end_date=${at(to)}`));
    expect(window.items).toBe(old.filter((r) => Date.parse(r.createdAt) >= T0 - from && Date.parse(r.createdAt) <= T0 - to).length);
    // 1,000 ids: one read per id at most, by key, whatever the partition holds.
    const ids = [...old.slice(0, 10).map((r) => r.code), ...Array.from({ length: 990 }, () => nextCode())];
    const byId = await reads(() => call(`/open311/v2/requests.json?service_request_id=${ids.join(',')}`));
    expect(byId.result.status).toBe(200);
    expect((JSON.parse(byId.result.body) as Request[]).map((r) => r.service_request_id)).toEqual(
      [...old.slice(0, 10)].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).map((r) => r.code),
    );
    expect(byId.queries).toEqual([]);
    expect(byId.batchGets).toBe(10);
    expect(byId.items).toBe(10);
  });

  it('keeps the index keys in step with the record: status moves, questions and demo cases stay out', async () => {
    const r = record('zvecan', 3 * DAY, 0, { status: 'received' });
    await store.putPublic(r, digestOf(r));
    const keysOf = async (code: string) => (await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'PUBLIC#zvecan', sk: code } }))).Item;
    expect(await keysOf(r.code)).toMatchObject({ pubpk: 'PUBLICBYDATE#zvecan', pubsk: `open#${new Date(r.createdAt).toISOString()}#${r.code}` });
    const answered = { ...r, status: 'answered' as const, answer: 'Urađeno.' };
    await store.putPublic(answered, digestOf(answered));
    expect(await keysOf(r.code)).toMatchObject({ pubsk: `closed#${new Date(r.createdAt).toISOString()}#${r.code}` });
    const ids = async (q: string) => (JSON.parse((await call(`/open311/v2/requests.json?${q}`)).body) as Request[]).map((x) => x.service_request_id);
    expect(await ids('status=closed')).toContain(r.code);
    expect(await ids('status=open')).not.toContain(r.code);
    for (const extra of [{ kind: 'question' as const }, { demo: true }]) {
      const hidden = record('zvecan', 3 * DAY, 1, extra);
      await store.putPublic(hidden, digestOf(hidden));
      const item = await keysOf(hidden.code);
      expect(item?.type).toBe('public');
      expect(item?.pubpk).toBeUndefined();
      expect(isServiceRequest(hidden)).toBe(false);
    }
  });
});

describe('answers too large for Lambda', () => {
  // Leposavić: 800 reports with the longest texts the forms take (4,000 characters of Albanian,
  // its ë and ç two bytes each in UTF-8), answered at the same length: about 7 MB as JSON, more
  // than Lambda can return.
  const long: PublicCase[] = [];
  const text = (i: number) => `Raportim ${i}: ${'Gropë e thellë në rrugë, çdo ditë më e madhe. '.repeat(100)}`.slice(0, 4000);
  beforeAll(async () => {
    for (let i = 0; i < 800; i++) {
      long.push(record('leposavic', DAY + i * (80 * DAY / 800), i, { lang: 'sq', category: 'roads', status: 'answered', text: text(i), answer: text(i + 1), firstAnsweredAt: at(DAY) }));
    }
    await seed(long);
    await stack.poller.idle();
  }, 180_000);

  it('refuses with a translated 400 asking for a narrower query, in the format asked for, and not cached', async () => {
    // What it would have sent: more than the limit in both formats.
    for (const format of ['json', 'xml'] as const) expect(lambdaBytes(expected(long, 'leposavic', {}, format))).toBeGreaterThan(MAX_RESPONSE_BYTES);
    for (const [locale, words] of [['sr-latn', /Suzite upit/], ['sr', /Сузите упит/], ['sq', /Ngushtoni kërkesën/]] as const) {
      for (const format of ['json', 'xml'] as const) {
        const r = await call(`/open311/v2/requests.${format}?locale=${locale}`, 'leposavic');
        expect(r.status, r.body.slice(0, 200)).toBe(400);
        expect(r.body.length).toBeLessThan(2000);
        expect(r.headers['cache-control']).toBe('no-store');
        const errors = (format === 'json' ? JSON.parse(r.body) : xmlAsJson(r.body, 'errors')) as { code: number; description: string }[];
        expect(schemaErrors('errors', errors)).toEqual([]);
        expect(errors[0]!.code).toBe(400);
        expect(errors[0]!.description).toMatch(words);
        expect(errors[0]!.description).toContain('start_date');
        expect(errors[0]!.description).toContain('5 MB');
      }
    }
    // So many ids that the records pass the limit: the same.
    expect((await call(`/open311/v2/requests.json?service_request_id=${long.map((r) => r.code).join(',')}`, 'leposavic')).status).toBe(400);
  });

  it('answers a narrower window in full, under the limit', async () => {
    const q = { start_date: at(30 * DAY), end_date: at(DAY / 2) };
    const r = await call(`/open311/v2/requests.json?${new URLSearchParams(q)}`, 'leposavic');
    expect(r.status).toBe(200);
    expect(r.body).toBe(expected(long, 'leposavic', q));
    expect(lambdaBytes(r.body)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect((JSON.parse(r.body) as unknown[]).length).toBeGreaterThan(100);
  });

  it('counts bytes as Lambda does, and renders what render() renders', () => {
    expect(lambdaBytes('abc')).toBe(3);
    expect(lambdaBytes('"\\\n')).toBe(6);
    expect(lambdaBytes('ë')).toBe(2);
    expect(lambdaBytes('ш€')).toBe(5);
    expect(lambdaBytes('😀')).toBe(4);
    expect(lambdaBytes('\u0001')).toBe(6);
    for (const sample of ['a"b\\c\n\u0007ë€😀', JSON.stringify(long.slice(0, 3)), '\ud800x']) expect(lambdaBytes(sample)).toBe(Buffer.byteLength(JSON.stringify(sample)) - 2);
    const m = getMunicipality('leposavic');
    const requests = long.slice(0, 20).map((p) => toServiceRequest(p, m, { origin: 'https://x' }));
    for (const format of ['json', 'xml'] as const) {
      expect(renderRequests(format, requests)).toBe(render(format, 'service_requests', requests));
      expect(renderRequests(format, [])).toBe(render(format, 'service_requests', []));
      expect(renderRequests(format, requests, 10_000)).toBeUndefined();
    }
  });
});

describe('hostile query parameters', () => {
  const manyIds = Array.from({ length: MAX_REQUESTS + 1 }, () => nextCode()).join(',');
  // [name, query string, status]: each asked as .json and as .xml.
  const cases: [string, string, 400 | 404][] = [
    ['a five-digit year', 'start_date=99999-01-01', 400],
    ['a negative year', 'start_date=-2026-01-01', 400],
    ['NaN', 'start_date=NaN', 400],
    ['Infinity', 'end_date=Infinity', 400],
    ['a huge number', 'end_date=1e308', 400],
    ['a timestamp in ms', `start_date=${T0}`, 400],
    ['30 February', 'start_date=2026-02-30', 400],
    ['month 13', 'start_date=2026-13-01T00:00:00Z', 400],
    ['hour 25', 'end_date=2026-01-01T25:00:00Z', 400],
    ['a zone of +15:00', 'start_date=2026-01-01T00:00:00%2B15:00', 400],
    ['no zone', 'start_date=2026-01-01T00:00:00', 400],
    ['10,000 digits', `start_date=${'9'.repeat(10_000)}`, 400],
    ['a backtracking probe', `start_date=${'T1'.repeat(3000)}%20`, 400],
    ['a NUL byte', 'start_date=2026-01-01%00', 400],
    ['broken percent-encoding', 'start_date=%E0%A4%A', 400],
    ['the whole calendar', 'start_date=0000-01-01&end_date=9999-12-31', 400],
    ['start after end', 'start_date=2026-03-01&end_date=2026-02-01', 400],
    ['an unknown status', 'status=pending', 400],
    ['SQL in status', "status=open'%20OR%20'1'='1", 400],
    ['a third status', 'status=open,closed,archived', 400],
    ['__proto__ as status', 'status=__proto__', 400],
    ['constructor as status', 'status=constructor', 400],
    ['SQL in service_code', "service_code=roads'%20OR%20'1'='1", 400],
    ['markup in service_code', 'service_code=%3Cscript%3Ealert(1)%3C/script%3E', 400],
    ['__proto__ as service_code', 'service_code=__proto__', 400],
    ['a path as service_code', 'service_code=../../etc/passwd', 400],
    ['an operator object as service_code', 'service_code={"$ne":null}', 400],
    ['SQL as an id', "service_request_id='%20OR%201=1%20--", 400],
    ['a 2,000-character id (longer than a DynamoDB key may be)', `service_request_id=${'A'.repeat(2000)}`, 400],
    ['a path among ids', 'service_request_id=K7QM-3XTD,../../x', 400],
    ['a NUL id', 'service_request_id=%00', 400],
    ['1,001 ids', `service_request_id=${manyIds}`, 400],
    ['status twice', 'status=open&status=closed', 400],
    ['start_date twice', 'start_date=2026-01-01&start_date=2026-02-01', 400],
    ['service_code twice', 'service_code=roads&service_code=water', 400],
    ['service_request_id twice', 'service_request_id=K7QM-3XTD&service_request_id=K7QM-3XTE', 400],
    ['locale twice', 'locale=sr&locale=sq', 400],
    ['jurisdiction_id twice', 'jurisdiction_id=ezvecan.com&jurisdiction_id=eleposavic.com', 400],
    ['an unknown locale', 'locale=en', 400],
    ['__proto__ as locale', 'locale=__proto__', 400],
    ['markup as jurisdiction', 'jurisdiction_id=%3Cscript%3E', 404],
    ['a 5,000-character jurisdiction', `jurisdiction_id=${'a'.repeat(5000)}`, 404],
    ['another municipality as jurisdiction', 'jurisdiction_id=eleposavic.com', 404],
  ];

  it.each(cases.map(([name, query, status]) => [name, status, query] as const))('%s → %i with an Open311 error, never 5xx', async (_name, status, query) => {
    for (const format of ['json', 'xml'] as const) {
      const started = performance.now();
      const r = await call(`/open311/v2/requests.${format}?${query}`);
      expect(performance.now() - started, 'answered at once').toBeLessThan(5000);
      expect(r.status, r.body.slice(0, 300)).toBe(status);
      expect(r.headers['content-type']).toBe(format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8');
      const errors = (format === 'json' ? JSON.parse(r.body) : xmlAsJson(r.body, 'errors')) as { code: number; description: string }[];
      expect(schemaErrors('errors', errors)).toEqual([]);
      expect(errors[0]!.code).toBe(status);
      expect(errors[0]!.description.length).toBeLessThan(600);
      if (status === 400) expect(r.headers['cache-control']).toBe('no-store');
    }
  });

  it('says which parameter was repeated, and why an id was refused, in the reader\'s language', async () => {
    expect((JSON.parse((await call('/open311/v2/requests.json?status=open&status=closed')).body) as { description: string }[])[0]!.description).toMatch(/status.*(jednom|зарезом|zarezom)/);
    expect((JSON.parse((await call('/open311/v2/requests.json?locale=sq&service_request_id=abc')).body) as { description: string }[])[0]!.description).toMatch(/service_request_id.*K7QM-3XTD.*"abc"/);
    expect((JSON.parse((await call('/open311/v2/requests.json?locale=sr&service_code=nope')).body) as { description: string }[])[0]!.description).toMatch(/service_code.*roads/);
  });

  // Strange but valid: answered, and empty.
  it.each([
    ['the last valid moment (past year 9999 in UTC)', 'start_date=9999-12-31T23:59:59-14:00'],
    ['the first day of year 0', 'end_date=0000-01-01T00:00:00%2B14:00'],
    ['an unknown parameter', 'x=1&api_key=%3Cscript%3E'],
    ['a well-formed id nobody has', 'service_request_id=yyyy-yyyy'],
    ['an empty id list', 'service_request_id=,,,'],
  ])('%s → 200', async (_name, query) => {
    for (const format of ['json', 'xml'] as const) {
      const r = await call(`/open311/v2/requests.${format}?${query}`);
      expect(r.status, r.body.slice(0, 300)).toBe(200);
    }
  });
});

describe('a table from before the index (a .data/ kept across the upgrade)', () => {
  it('gets the index on start, and its public records get their keys, once', async () => {
    const name = 'e-opstine-old';
    const client = new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // The definition as it was: gsi1 only.
    await client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: tableDefinition.AttributeDefinitions.filter((a) => !a.AttributeName.startsWith('pub') && !a.AttributeName.startsWith('open')).map((a) => ({ ...a })),
        KeySchema: tableDefinition.KeySchema.map((k) => ({ ...k })),
        GlobalSecondaryIndexes: [{ IndexName: 'gsi1', KeySchema: tableDefinition.GlobalSecondaryIndexes[0].KeySchema.map((k) => ({ ...k })), Projection: { ProjectionType: 'ALL' } }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const records = [record('zubin-potok', 2 * DAY, 0), record('zubin-potok', 3 * DAY, 2), record('zubin-potok', 4 * DAY, 1, { kind: 'question' }), record('zubin-potok', 5 * DAY, 3, { demo: true })];
    await doc.send(new BatchWriteCommand({ RequestItems: { [name]: records.map((r) => ({ PutRequest: { Item: { pk: `PUBLIC#${r.municipality}`, sk: r.code, type: 'public', digest: digestOf(r), record: r } } })) } }));

    const first = await ensureTable(stack.dynamo.endpoint, name);
    expect(first).toMatchObject({ created: false, indexesAdded: [PUBLIC_BY_DATE_INDEX, OPEN_BY_DUE_INDEX], backfilled: 2 });
    const described = await client.send(new DescribeTableCommand({ TableName: name }));
    expect(described.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(['gsi1', OPEN_BY_DUE_INDEX, PUBLIC_BY_DATE_INDEX]);
    // The marker of an owed backfill is gone.
    expect((await client.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'META#migration' }, sk: { S: PUBLIC_BY_DATE_INDEX } } }))).Item).toBeUndefined();
    const old = new DynamoCaseStore({ ...stack.platform.config, tableName: name });
    const found: string[] = [];
    for (const status of ['open', 'closed'] as const) for await (const page of old.listServiceRequests('zubin-potok', { status, from: new Date(T0 - 90 * DAY), to: new Date(T0) })) found.push(...page.map((p) => p.code));
    expect(found.sort()).toEqual(records.filter(isServiceRequest).map((r) => r.code).sort());
    // Again: nothing more to do.
    expect(await ensureTable(stack.dynamo.endpoint, name)).toMatchObject({ indexesAdded: [], backfilled: 0 });
    client.destroy();
  });
});

describe('least privilege: what the HTTP routes call is what their function may do', () => {
  /** Which function a call was made for: the HTTP routes run inside `as(fn, …)`. */
  const current = new AsyncLocalStorage<string>();
  const used = new Map<string, Set<string>>();
  const note = (action: string, target: string) => {
    // Outside any route: the stream, photo and publish handlers, all run by the local poller.
    const fn = current.getStore() ?? 'background';
    if (!used.has(fn)) used.set(fn, new Set());
    used.get(fn)!.add(`${action} ${target}`);
  };
  // The document client's commands and the low-level ones they become, by the IAM action each needs.
  const dynamoActions: Record<string, string> = {
    Get: 'GetItem', GetItem: 'GetItem', Query: 'Query', Put: 'PutItem', PutItem: 'PutItem', Update: 'UpdateItem', UpdateItem: 'UpdateItem', Delete: 'DeleteItem', DeleteItem: 'DeleteItem',
    BatchGet: 'BatchGetItem', BatchGetItem: 'BatchGetItem', Scan: 'Scan', BatchWrite: 'BatchWriteItem', BatchWriteItem: 'BatchWriteItem',
  };
  const transactActions: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };

  /** Whether infra/permissions.ts grants `fn` this action on this target. */
  const granted = (fn: FunctionName, call: string) => {
    const [action, target] = call.split(' ') as [string, string];
    return access[fn].grants.some((g) => g.actions.includes(action) && g.on.some((on) => on === target || (on.endsWith('/*') && target.startsWith(on.slice(0, -1)))));
  };
  const outside = (fn: FunctionName, calls: Iterable<string>) => [...calls].filter((c) => !granted(fn, c));

  async function as(fn: string, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
    return current.run(fn, () => stack.platform.app.request(path, { ...init, headers: { host: `zvecan.localhost:${stack.port}`, ...init.headers } }));
  }
  const asJson = (fn: string, path: string, body: unknown) => as(fn, path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  const asForm = (fn: string, path: string, body: Record<string, string>) => as(fn, path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

  let code = '';
  let link = '';

  beforeAll(async () => {
    // Every DynamoDB call, with the item operations inside a transaction and the index a query reads.
    store.doc.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { IndexName?: string; TransactItems?: Record<string, unknown>[] };
        const command = String(context.commandName).replace(/Command$/, '');
        if (command === 'TransactWrite' || command === 'TransactWriteItems') {
          for (const item of input.TransactItems ?? []) for (const kind of Object.keys(item)) note(`dynamodb:${transactActions[kind] ?? kind}`, 'table');
        } else note(`dynamodb:${dynamoActions[command] ?? command}`, input.IndexName ? `index/${input.IndexName}` : 'table');
        return next(args);
      },
      { step: 'initialize', name: 'least-privilege' },
    );
    // Every bucket call, as the IAM action it needs (a presigned POST or GET is checked against the
    // signer's role when the browser uses it; HeadObject needs s3:GetObject).
    const storage = stack.platform.ports.storage as unknown as Record<string, (...a: unknown[]) => unknown>;
    const s3Actions: Record<string, string> = { presignUpload: 's3:PutObject', stat: 's3:GetObject', read: 's3:GetObject', privateUrl: 's3:GetObject', write: 's3:PutObject', remove: 's3:DeleteObject' };
    for (const [method, action] of Object.entries(s3Actions)) {
      const original = storage[method]!.bind(storage);
      storage[method] = (key: unknown, ...rest: unknown[]) => {
        note(action, `uploads/${String(key)}`);
        return original(key, ...rest);
      };
    }
  });

  it('the API and the Portal: uploads, a report with a photo, the staff page, contact details, a reply, a question', async () => {
    const presign = await asJson('api', '/api/uploads', { municipality: 'zvecan', locale: 'sr', contentType: 'image/jpeg', size: 50_000 });
    expect(presign.status).toBe(200);
    const { key, url, fields } = (await presign.json()) as { key: string; url: string; fields: Record<string, string> };
    const photo = await photoWithGps();
    const upload = new FormData();
    for (const [k, v] of Object.entries(fields)) upload.append(k, v);
    upload.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
    expect((await fetch(url, { method: 'POST', body: upload })).status).toBeLessThan(300);
    const submitted = await asJson('api', '/api/reports', {
      municipality: 'zvecan', locale: 'sr', category: 'roads', description: 'Рупа на путу код моста, најмање пола метра широка.', address: 'Код моста',
      email: 'least.privilege@example.org', phone: '+383 44 123 456', name: 'Грађанин', showName: false, consent: true, photos: [key],
    });
    expect(submitted.status, (await submitted.clone().text()).slice(0, 400)).toBe(201);
    code = ((await submitted.json()) as { code: string }).code;
    await stack.poller.idle();
    await stack.poller.idle();
    const staff = (await mails(stack)).find((m) => m.subject.includes(code) && /\/api\/reply\//.test(m.text))!;
    link = new URL(replyLink(staff)).pathname;
    // The reply link's pages are the Portal function's (infra/sites.ts sends /api/reply/* there).
    expect((await as('portal', link)).status).toBe(200);
    expect((await asForm('portal', `${link}/contact`, {})).status).toBeLessThan(400);
    const photoId = (await store.getCase(code))!.photos[0]!.id;
    const replied = await asForm('portal', link, { outcome: 'in_progress', publicText: 'Рупа на путу код моста.', answer: 'Екипа излази сутра.', [`photo-${photoId}`]: 'publish' });
    expect(replied.status, (await replied.clone().text()).replace(/<style>[\s\S]*?<\/style>/g, '').slice(0, 400)).toBe(303);
    await stack.poller.idle();
    expect((await asJson('api', '/api/questions', { municipality: 'zvecan', locale: 'sr', question: 'Када почиње обнова пута према Бањској?', email: 'pitanje.lp@example.org', consent: true })).status).toBe(201);
    expect((await as('api', '/api/health')).status).toBe(200);

    const calls = used.get('api')!;
    // It did write (the test would prove nothing otherwise)…
    expect([...calls]).toEqual(expect.arrayContaining(['dynamodb:PutItem table', 'dynamodb:UpdateItem table', 's3:PutObject uploads/' + key, 's3:GetObject uploads/' + key]));
    // …and everything it did, infra/permissions.ts lets the Api function do: no delete among it.
    expect(outside('api', calls)).toEqual([]);
    expect([...calls].filter((c) => /Delete/.test(c))).toEqual([]);
    // The same for the staff page, the contact and the reply, in the Portal function.
    const portal = used.get('portal')!;
    expect([...portal]).toEqual(expect.arrayContaining(['dynamodb:GetItem table']));
    expect(outside('portal', portal)).toEqual([]);
    expect([...portal].filter((c) => /Delete/.test(c))).toEqual([]);
  }, 60_000);

  it('the reads function: Open311 lists and requests, /api/cases, the live status page: only reads, never gsi1', async () => {
    for (const path of [
      '/open311/v2/requests.json', '/open311/v2/requests.xml?status=open', `/open311/v2/requests.json?service_request_id=${code}`, `/open311/v2/requests/${code}.json`,
      `/api/cases/${code}`, `/sr/status/${code}/`, `/sr/status/${code.toLowerCase()}`,
    ]) {
      expect((await as('reads', path)).status, path).toBeLessThan(400);
    }
    const calls = used.get('reads')!;
    expect([...calls]).toEqual(expect.arrayContaining(['dynamodb:Query index/public-by-date', 'dynamodb:BatchGetItem table', 'dynamodb:GetItem table']));
    expect(outside('reads', calls)).toEqual([]);
  });

  it('the sweep: overdue reminders and escalations, fresh links, what is due', async () => {
    // Five days on, the question above is overdue: a reminder with a fresh link, then an escalation.
    const { createSweep } = await import('../../functions/local.ts');
    const later = { ...stack.platform, ports: { ...stack.platform.ports, now: () => new Date(Date.now() + 5 * DAY) } };
    await current.run('sweep', () => createSweep(later, () => {})().catch(() => undefined));
    const calls = used.get('sweep')!;
    expect([...calls]).toEqual(expect.arrayContaining(['dynamodb:Query index/gsi1', 'dynamodb:PutItem table']));
    expect(outside('sweep', calls)).toEqual([]);
  });

  // Erasure from the staff page (functions/domain/erase.ts) runs in the Portal function, which may
  // not delete: the contact item is overwritten with nothing personal and expires (CaseStore.redact).
  it('the staff erasure stays within what the Portal function may do: it deletes nothing', async () => {
    // The reply used its link up; "in progress" mailed a new one.
    await stack.poller.idle();
    const live = (await mails(stack)).filter((m) => m.subject.includes(code) && /\/api\/reply\//.test(m.text)).map((m) => new URL(replyLink(m)).pathname).at(-1)!;
    expect(live).not.toBe(link);
    used.delete('portal');
    const erased = await asForm('portal', `${live}/erase`, { confirm: 'yes' });
    expect(erased.status, (await erased.clone().text()).replace(/<style>[\s\S]*?<\/style>/g, '').slice(0, 400)).toBe(200);
    expect([...(used.get('portal') ?? [])]).toContain('dynamodb:UpdateItem table');
    expect(outside('portal', used.get('portal') ?? [])).toEqual([]);
    expect([...(used.get('portal') ?? [])].filter((c) => /Delete/.test(c))).toEqual([]);
  });

  it('the background handlers (in AWS: Stream, Photos, Publish): within what those three may do, photos the only one in the bucket', async () => {
    await stack.poller.idle();
    const calls = [...(used.get('background') ?? [])];
    const granted3 = (c: string) => (['stream', 'photos', 'publish'] as const).some((fn) => granted(fn, c));
    expect(calls.filter((c) => !granted3(c))).toEqual([]);
    expect(calls.filter((c) => c.startsWith('s3:') && !granted('photos', c))).toEqual([]);
    // Photos processed, and (after the erasure above) every copy deleted.
    expect(calls.some((c) => c.startsWith('s3:PutObject uploads/private/'))).toBe(true);
    expect(calls.some((c) => c.startsWith('s3:DeleteObject uploads/private/'))).toBe(true);
  });
});
