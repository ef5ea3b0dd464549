// Following a case and area alerts by email, on the real local services (DynamoDB Local, the mail
// sink, the stream poller, the sweep with an injected clock): double opt-in (an unconfirmed address
// gets nothing but the confirmation; the link's GET changes nothing), a staff answer mailed to a
// follower, one-click unsubscribe (RFC 8058) with the header's URL from outside the site, an area
// alert inside the radius and not outside, one digest for several reports, and no subscriber
// address in the public record, the status page or /api/cases.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';

// Leposavić publishes after review in this test (a copy of the municipalities' files, read from
// CONTENT_DIR when the registry loads; the others keep the default, at once), for following a
// case that is held for review. Set before any module that reads the registry is imported.
const content = await vi.hoisted(async () => {
  const { mkdtempSync, mkdirSync, cpSync, readdirSync, existsSync, readFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'eopstine-content-'));
  cpSync(join('content', 'shared'), join(dir, 'shared'), { recursive: true });
  for (const id of readdirSync('content')) {
    const file = join('content', id, 'municipality.yaml');
    if (!existsSync(file)) continue;
    mkdirSync(join(dir, id));
    writeFileSync(join(dir, id, 'municipality.yaml'), readFileSync(file, 'utf8') + (id === 'leposavic' ? '\npublish: after-review\n' : ''));
  }
  const previous = process.env.CONTENT_DIR;
  process.env.CONTENT_DIR = dir;
  return { dir, previous };
});

import { rm } from 'node:fs/promises';
import { loopback, startTestStack, mails, replyLink, scanAll, type Mail, type Stack } from '../helpers/stack.ts';
import type { SweepReport } from '../../functions/local.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { staffRoles } from '../../core/municipalities/staff.ts';
import { markDuplicate } from '../../functions/domain/workspace.ts';
import { t } from '../../core/i18n/index.ts';
import { esc } from '../../core/views/html.ts';

let offset = 0;
const logLines: string[] = [];
let stack: Stack;
let sweep: () => Promise<SweepReport>;
beforeAll(async () => {
  stack = await startTestStack({ now: () => new Date(Date.now() + offset), log: (l) => logLines.push(l) });
  sweep = stack.sweep as () => Promise<SweepReport>;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  if (content.previous === undefined) delete process.env.CONTENT_DIR;
  else process.env.CONTENT_DIR = content.previous;
  await rm(content.dir, { recursive: true, force: true });
});

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }
function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {}): Promise<Answer> {
  return loopback(stack, path, { method: opts.method, headers: { host: opts.host ?? `zvecan.localhost:${stack.port}`, ...opts.headers }, body: opts.body });
}
const form = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
const post = (path: string, fields: Record<string, string>) => send(path, { method: 'POST', headers: form, body: new URLSearchParams(fields).toString() });

const HERE = { lat: 42.9075, lng: 20.8406 };
const north = (m: number) => ({ lat: +(HERE.lat + m / 111_195).toFixed(6), lng: HERE.lng });
let seq = 0;
async function report(category: string, at: { lat: number; lng: number }): Promise<string> {
  const n = ++seq;
  const r = await send('/api/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ municipality: 'zvecan', locale: 'sr', category, description: `Рупа на путу испред зграде, број ${n}.`, address: 'Центар', email: `gradjanin${n}@example.org`, consent: true, ...at }),
  });
  expect(r.status, r.body).toBe(201);
  return (JSON.parse(r.body) as { code: string }).code;
}
const to = async (addr: string): Promise<Mail[]> => (await mails(stack)).filter((m) => m.to.includes(addr));
const linkIn = (m: Mail, kind: 'subscriptions' | 'unsubscribe') => {
  const x = new RegExp(`https?://[^\\s"<]+/api/${kind}/[A-Za-z0-9_-]{43}(\\?lang=[a-z-]+)?`).exec(m.text);
  if (!x) throw new Error(`no ${kind} link in "${m.subject}"`);
  return new URL(x[0]);
};
const headersOf = (m: Mail) => ((m as unknown as { headers?: Record<string, string> }).headers ?? {});

async function confirm(addr: string) {
  const [m] = await to(addr);
  const url = linkIn(m!, 'subscriptions');
  const page = await send(url.pathname + url.search);
  expect(page.status).toBe(200);
  expect(page.body).toContain('<button');
  const r = await send(url.pathname + url.search, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } });
  expect(r.status, r.body).toBe(303);
  expect(r.headers.location).toMatch(/^\/sr\/alerts\/confirmed\/$/);
}

async function staffAnswer(code: string, outcome: string, extra: Record<string, string> = {}) {
  const staff = (await mails(stack)).filter((m) => m.text.includes(code) && /\/api\/reply\//.test(m.text));
  const link = replyLink(staff[staff.length - 1]!);
  const r = await send(new URL(link).pathname, { method: 'POST', headers: form, body: new URLSearchParams({ outcome, publicText: 'Рупа на путу у центру.', answerSr: 'Поправићемо.', ...extra }).toString() });
  expect(r.status, r.body).toBe(303);
  await stack.poller.idle();
}

describe('following a case', () => {
  it('double opt-in, a staff answer mailed, one-click unsubscribe, then nothing', async () => {
    const code = await report('roads', HERE);
    await stack.poller.idle();
    const follower = 'pratilac@example.org';
    const lurker = 'nepotvrdjen@example.org';

    // The status page has the form; posting it asks for a confirmation, nothing else.
    const status = await send(`/sr/status/${code}/`);
    expect(status.body).toContain('action="/api/follow?lang=sr"');
    for (const addr of [follower, lurker]) {
      const r = await post('/api/follow?lang=sr', { code, email: addr, locale: 'sr' });
      expect(r.status, r.body).toBe(303);
      expect(r.headers.location).toBe('/sr/alerts/requested/');
    }
    await stack.poller.idle();
    expect(await to(follower)).toHaveLength(1);
    expect(await to(lurker)).toHaveLength(1);

    // The GET of the confirmation link changes nothing: an answer now reaches nobody.
    const url = linkIn((await to(follower))[0]!, 'subscriptions');
    await send(url.pathname + url.search);
    await send(url.pathname + url.search);
    await confirm(follower);

    await staffAnswer(code, 'in_progress', { plannedAt: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10) });
    const got = await to(follower);
    expect(got).toHaveLength(2);
    expect(got[1]!.text).toContain(code);
    // The unconfirmed address got nothing but its confirmation.
    expect(await to(lurker)).toHaveLength(1);

    // One-click: the mail client POSTs the header's URL from outside the site.
    const h = headersOf(got[1]!);
    expect(h['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const unsub = new URL(/^<(.+)>$/.exec(h['List-Unsubscribe'] ?? '')![1]!);
    expect(got[1]!.text).toContain(unsub.href);
    // Cross-site without the one-click body: refused.
    const bad = await send(unsub.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', origin: 'https://mail.example' }, body: 'x=1' });
    expect(bad.status).toBe(403);
    const one = await send(unsub.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', origin: 'https://mail.example' }, body: 'List-Unsubscribe=One-Click' });
    expect(one.status, one.body).toBe(200);
    // The address is gone from the table.
    expect(JSON.stringify(await scanAll(stack))).not.toContain(follower);

    await staffAnswer(code, 'resolved');
    expect(await to(follower)).toHaveLength(2);
    expect(await to(lurker)).toHaveLength(1);

    // The public-byte scan: no subscriber address in what anyone can read.
    for (const path of [`/sr/status/${code}/`, `/api/cases/${code}`]) {
      const body = (await send(path)).body;
      expect(body).toContain(code);
      for (const addr of [follower, lurker]) expect(body).not.toContain(addr);
    }
    const publicItems = (await scanAll(stack)).filter((i) => String(i.pk).startsWith('PUBLIC#'));
    expect(publicItems.length).toBeGreaterThan(0);
    for (const addr of [follower, lurker]) expect(JSON.stringify(publicItems)).not.toContain(addr);
    for (const addr of [follower, lurker]) expect(logLines.join('\n')).not.toContain(addr);
  });

  it('the followers of a case marked as a duplicate follow the original', async () => {
    const original = await report('roads', north(20));
    const duplicate = await report('roads', north(25));
    await stack.poller.idle();
    const follower = 'dupli@example.org';
    expect((await post('/api/follow?lang=sr', { code: duplicate, email: follower, locale: 'sr' })).status).toBe(303);
    await stack.poller.idle();
    await confirm(follower);
    // Staff mark it as a duplicate (the workspace's rule, as a signed-in supervisor).
    const m = getMunicipality('zvecan');
    const r = await stack.platform.ports.store.getCase(duplicate);
    await markDuplicate(stack.platform.ports, { m, email: m.supervisorInbox, roles: staffRoles(m, m.supervisorInbox)! }, duplicate, { original, updatedAt: r!.updatedAt });
    await stack.poller.idle();
    await stack.poller.idle();
    const told = await to(follower);
    expect(told).toHaveLength(2); // the confirmation, then "marked as a duplicate"
    expect(told[1]!.text).toContain(duplicate);
    // No second confirmation for the original: the next change of the original reaches them.
    await staffAnswer(original, 'in_progress', { plannedAt: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10) });
    const after = await to(follower);
    expect(after).toHaveLength(3);
    expect(after[2]!.text).toContain(original);
    // With an unsubscribe link of its own that works.
    const unsub = linkIn(after[2]!, 'unsubscribe');
    expect((await send(unsub.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
  });

  it('a bad address is a field error with what was typed kept; an unknown case is a 404', async () => {
    const code = await report('roads', HERE);
    await stack.poller.idle();
    const r = await post('/api/follow?lang=sq', { code, email: 'jo-adrese', locale: 'sq' });
    expect(r.status).toBe(400);
    expect(r.body).toContain('value="jo-adrese"');
    expect(r.body).toContain('Shkruani një adresë të saktë emaili');
    const unknown = await post('/api/follow?lang=sr', { code: 'ZZZZ-ZZZZ', email: 'a@example.org', locale: 'sr' });
    expect(unknown.status).toBe(404);
  });
});

describe('area alerts', () => {
  it('immediate: a new report inside the radius, not one outside or of another category', async () => {
    const addr = 'komsija@example.org';
    const page = await send('/sr/alerts/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="radius"');
    const r = await post('/api/alerts?lang=sr', { email: addr, category: 'lighting', lat: String(HERE.lat).replace('.', ','), lng: String(HERE.lng), radius: '250', frequency: 'immediate', locale: 'sr' });
    expect(r.status, r.body).toBe(303);
    await stack.poller.idle();
    expect(await to(addr)).toHaveLength(1);
    await confirm(addr);

    const inside = await report('lighting', north(100));
    const outside = await report('lighting', north(600));
    const other = await report('roads', north(50));
    await stack.poller.idle();
    const got = (await to(addr)).slice(1);
    expect(got.map((m) => m.subject).join('\n')).toContain(inside);
    expect(got.some((m) => m.text.includes(outside))).toBe(false);
    expect(got.some((m) => m.text.includes(other))).toBe(false);
    expect(got).toHaveLength(1);
    expect(headersOf(got[0]!)['List-Unsubscribe']).toMatch(/^<http.+\/api\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
  });

  it('bad coordinates are field errors, what was typed kept', async () => {
    const r = await post('/api/alerts?lang=sr', { email: 'x@example.org', category: 'all', lat: 'sever', lng: '', radius: '500', frequency: 'daily', locale: 'sr' });
    expect(r.status).toBe(400);
    expect(r.body).toContain('value="sever"');
    expect(r.body).toContain('error-summary');
  });

  it('daily: one digest for several reports, sent by the sweep once', async () => {
    const addr = 'dnevni@example.org';
    const r = await post('/api/alerts?lang=sr', { email: addr, category: 'water', lat: String(HERE.lat), lng: String(HERE.lng), radius: '1000', frequency: 'daily', locale: 'sr' });
    expect(r.status, r.body).toBe(303);
    await stack.poller.idle();
    await confirm(addr);
    const a = await report('water', north(200));
    const b = await report('water', north(400));
    await stack.poller.idle();
    expect(await to(addr)).toHaveLength(1);
    offset += 25 * 3600_000;
    const rep = await sweep();
    expect(rep.digests).toBe(1);
    const got = (await to(addr)).slice(1);
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain(a);
    expect(got[0]!.text).toContain(b);
    expect(headersOf(got[0]!)['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    await sweep();
    expect((await to(addr)).slice(1)).toHaveLength(1);
  });
});

describe('an unconfirmed area subscription', () => {
  it('receives nothing but the confirmation: no alert, no digest; once confirmed, the next report', async () => {
    const control = 'potvrdjeni.komsija@example.org';
    const lurker = 'nepotvrdjeni.komsija@example.org';
    const lurkerDaily = 'nepotvrdjeni.dnevni@example.org';
    const ask = (email: string, frequency: string) =>
      post('/api/alerts?lang=sr', { email, category: 'waste', lat: String(HERE.lat), lng: String(HERE.lng), radius: '500', frequency, locale: 'sr' });
    for (const [addr, freq] of [[control, 'immediate'], [lurker, 'immediate'], [lurkerDaily, 'daily']] as const) {
      const r = await ask(addr, freq);
      expect(r.status, r.body).toBe(303);
    }
    await stack.poller.idle();
    for (const addr of [control, lurker, lurkerDaily]) expect(await to(addr)).toHaveLength(1);
    await confirm(control);

    // A new report in the area: the confirmed neighbour hears of it, the unconfirmed do not.
    const first = await report('waste', north(100));
    await stack.poller.idle();
    const got = (await to(control)).slice(1);
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toContain(first);
    for (const addr of [lurker, lurkerDaily]) {
      const only = await to(addr);
      expect(only).toHaveLength(1);
      expect(only[0]!.text).toMatch(/\/api\/subscriptions\/[A-Za-z0-9_-]{43}/);
      expect(only[0]!.text).not.toContain(first);
    }
    // Nor in a digest: the next morning's sweep sends them nothing.
    offset += 25 * 3600_000;
    await sweep();
    for (const addr of [lurker, lurkerDaily]) expect(await to(addr)).toHaveLength(1);

    // Confirming later does not send what came before; the next report reaches them.
    await confirm(lurker);
    await stack.poller.idle();
    expect(await to(lurker)).toHaveLength(1);
    const second = await report('waste', north(150));
    await stack.poller.idle();
    const later = (await to(lurker)).slice(1);
    expect(later).toHaveLength(1);
    expect(later[0]!.subject).toContain(second);
    expect(later.some((m) => m.text.includes(first))).toBe(false);
    expect(await to(lurkerDaily)).toHaveLength(1);
  });
});

describe('following a case held for review', () => {
  const leposavic = () => `leposavic.localhost:${stack.port}`;

  it('says the case is not published yet, in three locales, and stores no subscription', async () => {
    expect(getMunicipality('leposavic').publish).toBe('after-review');
    const r = await send('/api/reports', {
      method: 'POST',
      host: leposavic(),
      headers: { 'content-type': 'application/json', accept: 'application/json', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ municipality: 'leposavic', locale: 'sr', category: 'roads', description: 'Рупа на путу код моста.', address: 'Мост', email: 'leposavic.gradjanin@example.org', consent: true }),
    });
    expect(r.status, r.body).toBe(201);
    const code = (JSON.parse(r.body) as { code: string }).code;
    await stack.poller.idle();
    const follower = 'pratilac.pregled@example.org';

    for (const locale of ['sr', 'sr-latn', 'sq'] as const) {
      const page = await send(`/api/follow?lang=${locale}`, { method: 'POST', host: leposavic(), headers: form, body: new URLSearchParams({ code: code.toLowerCase(), email: follower, locale }).toString() });
      expect(page.status, page.body).toBe(409);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain(esc(t(locale, 'sub.follow.held', { code })));
      expect(page.body).toContain(esc(t(locale, 'sub.follow.held.title')));
      expect(page.body).not.toContain(esc(t(locale, 'error.notFound')));
      expect(page.body.match(/<h1/g)).toHaveLength(1);
    }
    const json = await send('/api/follow?lang=sq', { method: 'POST', host: leposavic(), headers: { 'content-type': 'application/json', accept: 'application/json', 'sec-fetch-site': 'same-origin' }, body: JSON.stringify({ code, email: follower, locale: 'sq' }) });
    expect(json.status).toBe(409);
    expect(JSON.parse(json.body)).toEqual({ errors: [{ field: 'form', code: 'awaitingReview', message: t('sq', 'sub.follow.held', { code }) }] });

    // Another site's host does not know the case; an unknown code is still "not found".
    expect((await post('/api/follow?lang=sr', { code, email: follower, locale: 'sr' })).status).toBe(404);
    expect((await send('/api/follow?lang=sr', { method: 'POST', host: leposavic(), headers: form, body: new URLSearchParams({ code: 'ZZZZ-ZZZZ', email: follower, locale: 'sr' }).toString() })).status).toBe(404);

    await stack.poller.idle();
    expect(await to(follower)).toHaveLength(0);
    expect(JSON.stringify(await scanAll(stack))).not.toContain(follower);
  });
});
