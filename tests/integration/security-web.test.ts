// Issue 11, the HTTP app's side: cross-site posts are refused (finding 1), hostile paths never
// answer 5xx or redirect off the site (finding 6), a form post too large to read comes back as
// the form in the reader's language (finding 7), uploads are rate-limited and a submission we
// failed to store does not use up an allowance (finding 13). All on the real local services.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request as httpRequest } from 'node:http';
import { handle } from 'hono/aws-lambda';
import { startTestStack, storedCases, replyLink, mails, type Stack } from '../helpers/stack.ts';
import { viaCloudFront, type UrlEvent } from '../../functions/web/cloudfront.ts';
import { createApp, MAX_BODY_BYTES } from '../../functions/web/app.ts';
import { isLocalPath } from '../../functions/web/requests.ts';
import { t } from '../../core/i18n/index.ts';
import type { Ports } from '../../functions/domain/service.ts';
import type { CaseStore, PhotoStorage } from '../../functions/domain/ports.ts';

let stack: Stack;
let site: string; // zvecan.localhost:<port>, the Host a browser sends
beforeAll(async () => {
  stack = await startTestStack();
  site = `zvecan.localhost:${stack.port}`;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/**
 * One HTTP request to the local stack as a browser or curl sends it: our own Host header (Node's
 * fetch replaces it), any method, headers and body; `chunked` sends the body without a length.
 */
function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string; chunked?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
    const headers: Record<string, string> = { host: site, ...opts.headers };
    if (body && !opts.chunked) headers['content-length'] = String(body.length);
    const req = httpRequest({ host: '127.0.0.1', port: stack.port, method: opts.method ?? 'GET', path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body && opts.chunked) {
      for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.subarray(i, i + 16 * 1024));
    } else if (body) req.write(body);
    req.end();
  });
}

/** The same app as AWS runs it: a function URL event through CloudFront's checks (functions/http.ts). */
async function viaLambda(rawUrl: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const [rawPath = '/', rawQueryString = ''] = rawUrl.split(/\?(.*)/s);
  const domainName = 'abcdef.lambda-url.eu-central-1.on.aws';
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: domainName, 'x-origin-verify': 'origin-secret', 'x-site-host': 'ezvecan.com', 'cloudfront-viewer-address': '203.0.113.7:51234', ...opts.headers },
    requestContext: { accountId: 'anonymous', apiId: 'abcdef', domainName, domainPrefix: 'abcdef', requestId: 'r', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0, http: { method: opts.method ?? 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'Amazon CloudFront' } },
    isBase64Encoded: false,
  } as unknown as UrlEvent;
  const trusted = viaCloudFront(event, 'origin-secret')!;
  const r = (await handle(stack.platform.app)(trusted)) as { statusCode: number; headers?: Record<string, string>; body: string };
  return { status: r.statusCode, headers: r.headers ?? {}, body: r.body };
}

const report = (n: number | string, extra: Record<string, string> = {}) => ({
  municipality: 'zvecan', locale: 'sq', category: 'lighting', description: `Llamba rrugore nuk ndizet, rasti ${n}.`,
  address: 'Para shkollës', email: `qytetar${n}@example.org`, consent: 'on', ...extra,
});
const question = (n: number | string) => ({ municipality: 'zvecan', locale: 'sr', question: `Када ће бити поправљено осветљење, питање ${n}?`, email: `gradjanin${n}@example.org`, consent: 'on' });
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const FORM = 'application/x-www-form-urlencoded';

/** A new case through the API and the reply link its staff email carries. */
async function caseWithToken(n: string): Promise<{ code: string; token: string }> {
  const r = await send('/api/reports', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ ...report(n), consent: true }) });
  expect(r.status, r.body).toBe(201);
  const { code } = JSON.parse(r.body) as { code: string };
  await stack.poller.idle();
  const mail = (await mails(stack)).find((m) => m.text?.includes(code) && m.text.includes('/api/reply/'));
  expect(mail, `no staff email for ${code}`).toBeDefined();
  const token = new URL(replyLink(mail!)).pathname.split('/').pop()!;
  return { code, token };
}

async function caseStatus(code: string): Promise<string> {
  const r = await send(`/api/cases/${code}`, { headers: { accept: 'application/json' } });
  return (JSON.parse(r.body) as { status: string }).status;
}

describe('finding 1: posts from another site are refused', () => {
  let reply: { code: string; token: string };
  beforeAll(async () => {
    reply = await caseWithToken('cs-reply');
  });

  // What a page on another site can make a browser send, and what a forger might try.
  const foreign: { name: string; headers: (port: number) => Record<string, string> }[] = [
    { name: 'Sec-Fetch-Site: cross-site', headers: () => ({ 'sec-fetch-site': 'cross-site', origin: 'http://evil.example' }) },
    { name: 'Sec-Fetch-Site: cross-site without Origin', headers: () => ({ 'sec-fetch-site': 'cross-site' }) },
    { name: 'Sec-Fetch-Site: cross-site with our own Origin', headers: (p) => ({ 'sec-fetch-site': 'cross-site', origin: `http://zvecan.localhost:${p}` }) },
    { name: 'Sec-Fetch-Site: same-site (another host of the same site)', headers: (p) => ({ 'sec-fetch-site': 'same-site', origin: `http://evil.zvecan.localhost:${p}` }) },
    { name: 'Sec-Fetch-Site in capitals', headers: () => ({ 'sec-fetch-site': 'CROSS-SITE' }) },
    { name: 'an unknown Sec-Fetch-Site', headers: () => ({ 'sec-fetch-site': 'same-origin-ish' }) },
    { name: 'Sec-Fetch-Site: none with a foreign Origin', headers: () => ({ 'sec-fetch-site': 'none', origin: 'http://evil.example' }) },
    { name: 'an old browser: a foreign Origin only', headers: () => ({ origin: 'http://evil.example' }) },
    { name: 'Origin: null (a sandboxed frame or a data: page)', headers: () => ({ origin: 'null' }) },
    { name: 'an Origin that only starts like ours', headers: (p) => ({ origin: `http://zvecan.localhost.evil.example:${p}` }) },
    { name: 'another municipality’s site', headers: (p) => ({ origin: `http://leposavic.localhost:${p}` }) },
    { name: 'our host on another port', headers: (p) => ({ origin: `http://zvecan.localhost:${p + 1}` }) },
    { name: 'our host with user info', headers: (p) => ({ origin: `http://evil.example@zvecan.localhost:${p}` }) },
    { name: 'our host with a path', headers: (p) => ({ origin: `http://zvecan.localhost:${p}/sq/` }) },
    { name: 'an Origin that is no URL', headers: () => ({ origin: 'zvecan.localhost' }) },
    { name: 'a file: Origin', headers: () => ({ origin: 'file://' }) },
  ];
  const targets = [
    { name: '/api/reports', path: () => '/api/reports?lang=sq', body: () => form(report('cs')), form: '/sq/system-48h/report/' },
    { name: '/api/questions', path: () => '/api/questions', body: () => form(question('cs')), form: '/sr/ask-the-mayor/ask/' },
    { name: '/api/reply/<token> (outcome=rejected)', path: () => `/api/reply/${reply.token}`, body: () => form({ outcome: 'rejected', publicText: 'x' }), form: undefined },
  ];

  describe.each(targets)('$name', (target) => {
    it.each(foreign)('refuses $name: 403, a page in the site’s layout, nothing stored, nothing changed, no email', async (f) => {
      await stack.poller.idle();
      const [before, mailsBefore] = [(await storedCases(stack)).length, stack.sink.messages().length];
      const r = await send(target.path(), { method: 'POST', headers: { 'content-type': FORM, ...f.headers(stack.port) }, body: target.body() });
      expect(r.status, r.body.slice(0, 300)).toBe(403);
      expect(String(r.headers['content-type'])).toContain('text/html');
      // In the reader's language: ?lang= on the action, else the municipality's own (Serbian Cyrillic).
      const locale = target.path().includes('lang=sq') ? 'sq' : 'sr';
      expect(r.body).toContain(t(locale, 'error.crossSite'));
      expect(r.body).toMatch(/<html[^>]+lang="(sq|sr-Cyrl)"/);
      if (target.form) expect(r.body).toContain(`href="${target.form}"`);
      await stack.poller.idle();
      expect((await storedCases(stack)).length).toBe(before);
      expect(stack.sink.messages().length).toBe(mailsBefore);
      expect(await caseStatus(reply.code)).toBe('received');
    });
  });

  it.each(foreign.slice(0, 8))('answers a JSON client with a translated 403 JSON: $name', async (f) => {
    const before = (await storedCases(stack)).length;
    const r = await send('/api/questions?lang=sr-latn', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...f.headers(stack.port) }, body: JSON.stringify({ ...question('json-cs'), consent: true }) });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toEqual({ errors: [{ field: 'form', code: 'crossSite', message: t('sr-latn', 'error.crossSite') }] });
    expect((await storedCases(stack)).length).toBe(before);
  });

  it.each(foreign.slice(0, 4))('refuses a cross-site upload request before any storage call: $name', async (f) => {
    const r = await send('/api/uploads', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': 'sq-AL,sq;q=0.9,en;q=0.5', ...f.headers(stack.port) }, body: JSON.stringify({ municipality: 'zvecan', contentType: 'image/jpeg', size: 1000 }) });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).errors[0]).toEqual({ field: 'form', code: 'crossSite', message: t('sq', 'error.crossSite') });
  });

  // What the site's own pages send, and API clients: all still work.
  const own: { name: string; headers: (port: number) => Record<string, string> }[] = [
    { name: 'a current browser (Sec-Fetch-Site: same-origin)', headers: (p) => ({ 'sec-fetch-site': 'same-origin', origin: `http://zvecan.localhost:${p}` }) },
    { name: 'an older browser (our Origin only)', headers: (p) => ({ origin: `http://zvecan.localhost:${p}` }) },
    { name: 'a reload that resubmits (Sec-Fetch-Site: none, our Origin)', headers: (p) => ({ 'sec-fetch-site': 'none', origin: `http://zvecan.localhost:${p}` }) },
    { name: 'curl (neither header)', headers: () => ({}) },
  ];
  it.each(own)('accepts a form post from $name', async (o) => {
    const r = await send('/api/questions?lang=sr', { method: 'POST', headers: { 'content-type': FORM, ...o.headers(stack.port) }, body: form(question(`own-${o.name.length}-${Math.random()}`)) });
    expect(r.status, r.body.slice(0, 300)).toBe(303);
    expect(r.headers.location).toMatch(/^\/sr\/status\/[A-Z0-9]{4}-[A-Z0-9]{4}\/\?new=1$/);
  });

  it('lets staff answer from the page itself, after every refusal above left the token unused', async () => {
    const r = await send(`/api/reply/${reply.token}`, { method: 'POST', headers: { 'content-type': FORM, 'sec-fetch-site': 'same-origin', origin: `http://${site}` }, body: form({ outcome: 'rejected', publicText: 'x' }) });
    expect(r.status).toBe(200);
    expect(r.body).toContain(reply.code);
    const gone = await send(`/api/cases/${reply.code}`, { headers: { accept: 'application/json' } });
    expect(gone.status).toBe(404); // withdrawn from public view, as staff meant
  });
});

describe('finding 1: JSON only as application/json', () => {
  const types: { name: string; contentType: string; accept?: string; status: number; stored: boolean }[] = [
    { name: 'JSON-shaped text/plain from a form (a cross-site trick) is a form post', contentType: 'text/plain', status: 400, stored: false },
    { name: 'text/plain with application/json in a parameter is a form post', contentType: 'text/plain; x=application/json', status: 400, stored: false },
    { name: 'application/jsonp is not JSON', contentType: 'application/jsonp', status: 400, stored: false },
    { name: 'a JSON client sending text/plain gets 415', contentType: 'text/plain', accept: 'application/json', status: 415, stored: false },
    { name: 'a JSON client sending a form gets 415', contentType: FORM, accept: 'application/json', status: 415, stored: false },
    { name: 'a JSON client sending multipart gets 415', contentType: 'multipart/form-data; boundary=x', accept: 'application/json', status: 415, stored: false },
    { name: 'a JSON client sending text/plain; x=application/json gets 415', contentType: 'text/plain; x=application/json', accept: 'application/json', status: 415, stored: false },
    { name: 'application/json with a charset is JSON', contentType: 'application/json; charset=utf-8', accept: 'application/json', status: 201, stored: true },
    { name: 'media types are case-insensitive', contentType: 'Application/JSON', accept: 'application/json', status: 201, stored: true },
  ];
  it.each(types)('$name', async (c) => {
    await stack.poller.idle();
    const before = (await storedCases(stack)).length;
    const body = JSON.stringify({ ...question(`ct${Math.random().toString(36).slice(2)}`), consent: true });
    const r = await send('/api/questions?lang=sq', { method: 'POST', headers: { 'content-type': c.contentType, ...(c.accept ? { accept: c.accept } : {}) }, body });
    expect(r.status, r.body.slice(0, 300)).toBe(c.status);
    if (c.status === 415) expect(JSON.parse(r.body).errors[0]).toEqual({ field: 'form', code: 'unsupportedMediaType', message: t('sq', 'error.unsupportedMediaType') });
    if (c.status === 400) expect(r.body).toMatch(/<title>Gabim:/); // the form again, in Albanian, with its errors
    await stack.poller.idle();
    expect((await storedCases(stack)).length > before).toBe(c.stored);
  });
});

describe('finding 7: a form post too large', () => {
  const albanian = (bytes: number) => 'Rruga është e dëmtuar dhe ujërat e shiut e kanë gërryer. '.repeat(Math.ceil(bytes / 60));

  it('70 KB of Albanian without JavaScript: the Albanian form again, the description marked, the answers kept', async () => {
    const body = form(report('big70', { description: albanian(52_000) }));
    expect(body.length).toBeGreaterThan(70_000);
    const r = await send('/api/reports?lang=sq', { method: 'POST', headers: { 'content-type': FORM }, body });
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/<html[^>]+lang="sq"/);
    expect(r.body).toMatch(/<title>Gabim:/);
    expect(r.body).toContain('href="#description"');
    expect(r.body).toContain(t('sq', 'form.error.description.tooLong'));
    expect(r.body).toContain('value="qytetarbig70@example.org"');
    expect(r.body).toContain('Para shkoll');
  });

  const over = MAX_BODY_BYTES + 10_000;
  const cases: { name: string; path: string; headers?: Record<string, string>; chunked?: boolean; locale: 'sq' | 'sr' | 'sr-latn'; title: RegExp; kind: 'report' | 'question' }[] = [
    { name: 'lang on the action', path: '/api/reports?lang=sq', locale: 'sq', title: /<title>Gabim:/, kind: 'report' },
    { name: 'lang on the action, sent in chunks without a length', path: '/api/reports?lang=sq', chunked: true, locale: 'sq', title: /<title>Gabim:/, kind: 'report' },
    { name: 'no lang: the page it came from (Referer)', path: '/api/reports', headers: { referer: 'http://zvecan.localhost/sr-latn/system-48h/report/' }, locale: 'sr-latn', title: /<title>Greška:/, kind: 'report' },
    { name: 'a lang that is none of ours, Referer in Albanian', path: '/api/reports?lang=xx', headers: { referer: 'http://zvecan.localhost/sq/system-48h/report/' }, locale: 'sq', title: /<title>Gabim:/, kind: 'report' },
    { name: 'nothing to go by: the municipality’s language', path: '/api/reports', locale: 'sr', title: /<title>Грешка:/, kind: 'report' },
    { name: 'a question in Albanian', path: '/api/questions?lang=sq', locale: 'sq', title: /<title>Gabim:/, kind: 'question' },
  ];
  it.each(cases)('over the cap ($name): 413 and the form in the reader’s language, saying what was too long', async (c) => {
    const before = (await storedCases(stack)).length;
    const r = await send(c.path, { method: 'POST', headers: { 'content-type': FORM, ...c.headers }, body: form(report('huge', { description: albanian(over) })), chunked: c.chunked ?? false });
    expect(r.status).toBe(413);
    expect(String(r.headers['content-type'])).toContain('text/html');
    expect(r.body).toMatch(c.title);
    expect(r.body).toContain(t(c.locale, 'error.formTooLarge', { kb: MAX_BODY_BYTES / 1024, max: 4000 }));
    expect(r.body).toContain(`action="/api/${c.kind === 'report' ? 'reports' : 'questions'}?lang=${c.locale}"`);
    expect(r.body).not.toContain('ujërat e shiut'); // nothing of the body was read, so nothing comes back
    expect((await storedCases(stack)).length).toBe(before);
  });

  const json: { name: string; path: string; headers: Record<string, string>; locale: 'sq' | 'sr' | 'sr-latn' }[] = [
    { name: 'Accept-Language in Albanian', path: '/api/reports', headers: { 'accept-language': 'sq-AL,sq;q=0.9,en;q=0.8' }, locale: 'sq' },
    { name: 'Accept-Language preferring Serbian Latin', path: '/api/reports', headers: { 'accept-language': 'en;q=0.9,sr-Latn-RS;q=0.8,sq;q=0.1' }, locale: 'sr-latn' },
    { name: 'lang over Accept-Language', path: '/api/reports?lang=sr-latn', headers: { 'accept-language': 'sq' }, locale: 'sr-latn' },
    { name: 'no language at all', path: '/api/reports', headers: {}, locale: 'sr' },
    { name: 'an upload request', path: '/api/uploads', headers: { 'accept-language': 'sq' }, locale: 'sq' },
  ];
  it.each(json)('over the cap from a JSON client ($name): 413 JSON in its language', async (c) => {
    const r = await send(c.path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...c.headers }, body: JSON.stringify({ ...report('hugejson'), description: albanian(over) }) });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ errors: [{ field: 'form', code: 'tooLarge', message: t(c.locale, 'error.tooLarge') }] });
  });

  it('a staff answer over the cap: the staff page again, the link still unused', async () => {
    const { code, token } = await caseWithToken('big-reply');
    const r = await send(`/api/reply/${token}`, { method: 'POST', headers: { 'content-type': FORM }, body: form({ outcome: 'answered', publicText: 'x', answer: albanian(over) }) });
    expect(r.status).toBe(413);
    expect(r.body).toContain(t('sr', 'error.replyTooLarge', { kb: MAX_BODY_BYTES / 1024, max: 4000 }));
    // The staff page's forms post with its language (`?lang=`), so a refusal before the body is read speaks it.
    expect(r.body).toContain(`action="/api/reply/${token}?lang=sr"`);
    expect(await caseStatus(code)).toBe('received');
    expect((await send(`/api/reply/${token}`)).status).toBe(200);
  });
});

/**
 * Paths an attacker types (finding 6). Each goes to the app as CloudFront forwards it in AWS (a
 * function URL event: `/*\/status/*` and `/api/*` reach the function whatever the first segment),
 * and, where the local server hands the path to the app, over HTTP as well.
 */
const hostilePaths: { path: string; expect?: number }[] = [
  { path: '/sr/status/x%0d%0aSet-Cookie:%20a=b', expect: 404 },
  { path: '/sr/status/x%0d%0aSet-Cookie:%20a=b/', expect: 404 },
  { path: '/sr/status/x%0aLocation:%20http://evil.example', expect: 404 },
  { path: '/sr/status/KKKK%0d%0aKKKK', expect: 301 }, // whitespace a person might type: the canonical code
  { path: '/sr/status/x%00', expect: 404 },
  { path: '/sr/status/x%00/', expect: 404 },
  { path: '/sr/status/KKKK-KKKK%00', expect: 404 },
  { path: '/%2Fevil.example/status/x', expect: 404 },
  { path: '/%2Fevil.example/status/KKKK-KKKK', expect: 404 },
  { path: '/%2Fevil.example/status/KKKK-KKKK/', expect: 404 },
  { path: '/%2F%2Fevil.example/status/x', expect: 404 },
  { path: '/%5Cevil.example/status/KKKK-KKKK', expect: 404 },
  { path: '/%5C%5Cevil.example/status/x', expect: 404 },
  { path: '/\\evil.example/status/KKKK-KKKK' },
  { path: '/\\/evil.example/status/x' },
  { path: '//evil.example/status/KKKK-KKKK' },
  { path: '///evil.example/status/x' },
  { path: '/sr/status/%2F%2Fevil.example', expect: 404 },
  { path: '/sr/status/%5C%5Cevil.example', expect: 404 },
  { path: '/sr/status/..%2F..%2Fevil.example', expect: 404 },
  { path: '/sr/status/%2e%2e/%2e%2e/api/health' },
  { path: '/sr/status/%', expect: 404 },
  { path: '/sr/status/%/', expect: 404 },
  { path: '/sr/status/%%', expect: 404 },
  { path: '/sr/status/%E0%A4%A', expect: 404 },
  { path: '/sr/status/%E0%A4%A/', expect: 404 },
  { path: '/sr/status/%C0%AF', expect: 404 }, // overlong "/"
  { path: '/sr/status/%C0%AE%C0%AE%C0%AF', expect: 404 }, // overlong "../"
  { path: '/sr/status/%E0%80%AF', expect: 404 },
  { path: '/sr/status/%F0%80%80%AF', expect: 404 },
  { path: '/sr/status/%FF%FE', expect: 404 },
  { path: '/sr/status/%ED%A0%80', expect: 404 }, // a lone surrogate
  { path: '/sr/status/%EF%BC%8F%EF%BC%8Fevil.example', expect: 404 }, // fullwidth solidus
  { path: '/sr/status/%E2%80%AEKKKK-KKKK', expect: 404 }, // bidi override
  { path: '/sr/status/%EF%AC%80kk-kkkk', expect: 301 }, // "ﬀ" upper-cases to "FF": a code after all
  { path: '/sr/status/%D0%9A%D0%9A%D0%9A%D0%9A-%D0%9A%D0%9A%D0%9A%D0%9A', expect: 301 }, // Cyrillic К reads as K (issue 13: look-alikes forgiven): the canonical code
  { path: `/sr/status/${'K'.repeat(5000)}`, expect: 404 },
  { path: `/sr/status/${'KKKK-KKKK'.repeat(400)}/`, expect: 404 },
  { path: `/sr/status/${'%25'.repeat(1500)}`, expect: 404 },
  { path: '/sr/status/kkkk-kkkk?next=//evil.example', expect: 301 },
  { path: '/sr/status/kkkk-kkkk?x=%0d%0aSet-Cookie:a=b', expect: 301 },
  { path: '/sr/status/%3Cscript%3Ealert(1)%3C%2Fscript%3E', expect: 404 },
  { path: '/sr/status/KKKK-KKKK%2F..%2F..%2F', expect: 301 }, // dots and slashes typed around a code are dropped: the canonical code, on the site
  { path: '/xx/status/KKKK-KKKK/', expect: 404 },
  { path: '/SR/status/kkkk-kkkk', expect: 404 },
  { path: '/sr%0d%0a/status/KKKK-KKKK', expect: 404 },
  { path: '/sq/status/kkkk%20kkkk', expect: 301 },
  { path: '/sr-latn/status/kkkk%09kkkk/', expect: 301 },
  { path: '/sr/status/', expect: 200 }, // the "find my case" form (issue 13)
  { path: '/api/cases/%0d%0a', expect: 404 },
  { path: '/api/cases/%E0%A4%A', expect: 404 },
  { path: '/api/cases/%', expect: 404 },
  { path: '/api/reply/%0d%0aSet-Cookie:a=b', expect: 404 },
  { path: '/api/reply/%', expect: 404 },
  { path: `/api/reply/${'A'.repeat(43)}%00`, expect: 404 },
  { path: '/api/reply/%2F%2Fevil.example', expect: 404 },
  { path: '/open311/v2/requests/%0d%0a.json' },
  { path: '/open311/v2/requests/%E0%A4%A.json' },
];

const routedLocally = (path: string) => /^\/(sr|sr-latn|sq)\/status\//.test(path) || path.startsWith('/api/') || path.startsWith('/open311/v2/requests');

describe('finding 6: hostile paths never answer 5xx and never redirect off the site', () => {
  const transports = hostilePaths.flatMap((p) => [
    { ...p, via: 'lambda' as const },
    ...(routedLocally(p.path) ? [{ ...p, via: 'http' as const }] : []),
  ]);
  it.each(transports)('GET $path ($via)', async ({ path, expect: status, via }) => {
    const r = via === 'lambda' ? await viaLambda(path) : await send(path);
    expect(r.status, r.body.slice(0, 200)).toBeLessThan(500);
    if (status) expect(r.status).toBe(status);
    expect(r.headers['set-cookie']).toBeUndefined();
    const location = r.headers.location;
    if (location !== undefined) {
      expect(isLocalPath(String(location)), String(location)).toBe(true);
      expect(new URL(String(location), 'https://ezvecan.com/sr/').host).toBe('ezvecan.com');
      expect(String(location)).toMatch(/^\/(sr|sr-latn|sq)\/status\/[A-Z0-9]{4}-[A-Z0-9]{4}\/$/);
    } else {
      expect(r.status).not.toBe(301);
    }
  });

  it('shows a 404 in the site’s layout and the URL’s language, never echoing markup or controls', async () => {
    const r = await send('/sq/status/x%0d%0a%3Cb%3Ehi%3C%2Fb%3E%00');
    expect(r.status).toBe(404);
    expect(r.body).toMatch(/<html[^>]+lang="sq"/);
    expect(r.body).toContain(t('sq', 'case.notFound', { code: 'xbhib' }));
    expect(r.body).not.toMatch(/[\u0000\r]/);
  });

  it('refuses to build a redirect from anything but a local path', () => {
    for (const bad of ['//evil.example/', '/\\evil.example/', '\\\\evil.example', 'http://evil.example/', '/sr/status/x\r\nSet-Cookie: a=b', '/sr/\u0000', '', 'sr/status/', '/ sr', '/sr/\\x']) expect(isLocalPath(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ['/sr/status/KKKK-KKKK/', '/sq/status/KKKK-KKKK/?new=1', '/sr-latn/']) expect(isLocalPath(good)).toBe(true);
  });
});

describe('finding 13: uploads are rate-limited, and a failed submission does not count', () => {
  /** The same app over the same table and bucket, with small limits and a bucket that counts its calls. */
  function appWith(opts: { perIp: number; failWrites?: () => boolean }) {
    const base = stack.platform.ports;
    const presigns = { n: 0 };
    const storage = new Proxy(base.storage, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (prop === 'presignUpload') return (...a: Parameters<PhotoStorage['presignUpload']>) => { presigns.n++; return target.presignUpload(...a); };
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const store = new Proxy(base.store, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (prop === 'createCase' && opts.failWrites) {
          return (...a: Parameters<CaseStore['createCase']>) => (opts.failWrites!() ? Promise.reject(new Error('ProvisionedThroughputExceededException (simulated)')) : target.createCase(...a));
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const ports: Ports = { ...base, storage, store, config: { ...base.config, rateLimits: { perIpPerHour: opts.perIp, perEmailPerHour: 1000 } } };
    return { app: createApp(ports, { log: () => {} }), presigns };
  }
  const post = (app: ReturnType<typeof createApp>, path: string, ip: string, body: unknown) =>
    app.fetch(new Request(`http://zvecan.localhost${path}`, { method: 'POST', headers: { host: 'zvecan.localhost', 'content-type': 'application/json', accept: 'application/json', 'x-forwarded-for': ip, 'accept-language': 'sq' }, body: JSON.stringify(body) }));
  const photo = { municipality: 'zvecan', contentType: 'image/jpeg', size: 50_000 };

  it('refuses the upload request over the limit per address, before the bucket is asked', async () => {
    const { app, presigns } = appWith({ perIp: 2 }); // 2 submissions an hour: 20 photo uploads
    const ip = `198.51.100.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < 20; i++) expect((await post(app, '/api/uploads', ip, photo)).status).toBe(200);
    expect(presigns.n).toBe(20);
    const r = await post(app, '/api/uploads', ip, photo);
    expect(r.status).toBe(429);
    expect(((await r.json()) as { errors: { code: string; message: string }[] }).errors[0]).toMatchObject({ code: 'rateLimited', message: t('sq', 'error.rateLimited') });
    expect(presigns.n).toBe(20);
    expect((await post(app, '/api/uploads', '198.51.100.250', photo)).status).toBe(200); // another address is not affected
  });

  it('counts uploads apart from submissions: photos never use up the allowance to report', async () => {
    const { app } = appWith({ perIp: 1 });
    const ip = '198.51.100.251';
    for (let i = 0; i < 10; i++) expect((await post(app, '/api/uploads', ip, photo)).status).toBe(200);
    expect((await post(app, '/api/questions', ip, { ...question('after-uploads'), consent: true })).status).toBe(201);
  });

  it('gives the allowance back when the write fails (503), so the sender can try again', async () => {
    let failing = true;
    const { app } = appWith({ perIp: 2, failWrites: () => failing });
    const ip = '192.0.2.10';
    for (let i = 0; i < 4; i++) {
      const r = await post(app, '/api/questions', ip, { ...question(`fail-${i}`), consent: true });
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('30');
      expect(((await r.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(t('sr', 'error.unavailable')); // the form's locale
    }
    failing = false;
    expect((await post(app, '/api/questions', ip, { ...question('retry-1'), consent: true })).status).toBe(201);
    expect((await post(app, '/api/questions', ip, { ...question('retry-2'), consent: true })).status).toBe(201);
    expect((await post(app, '/api/questions', ip, { ...question('retry-3'), consent: true })).status).toBe(429);
  });

  it('lets no burst past the limit, failures and all', async () => {
    let n = 0;
    const { app } = appWith({ perIp: 3, failWrites: () => n++ % 3 === 0 });
    const ip = '192.0.2.20';
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => post(app, '/api/questions', ip, { ...question(`burst-${i}`), consent: true })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(3);
    expect(statuses.every((s) => [201, 429, 503].includes(s))).toBe(true);
    // Afterwards the window holds at most the limit: never more successes than allowed in all.
    const more = await Promise.all(Array.from({ length: 6 }, (_, i) => post(app, '/api/questions', ip, { ...question(`burst-more-${i}`), consent: true })));
    expect([...statuses, ...more.map((r) => r.status)].filter((s) => s === 201).length).toBeLessThanOrEqual(3);
  });
});
