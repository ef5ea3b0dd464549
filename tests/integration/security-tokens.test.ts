// Reply links (issue 11, finding 8) against the real local services, with the platform's clock
// injected: one live link per case and purpose (the overdue reminder and "in progress" replace
// the link before), every link refused once the case is closed, the events name the link and the
// inbox that acted (never public), the contact details masked until staff ask, links that expire
// after a week with a fresh one from the sweep, and hostile tokens answered with a translated
// 404/410 page, never a 5xx.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request as httpRequest } from 'node:http';
import { startTestStack, mails, replyLink, scanAll, type Stack } from '../helpers/stack.ts';
import type { SweepReport } from '../../functions/handlers/sweep.ts';
import type { Config } from '../../functions/config.ts';
import type { CaseStore } from '../../functions/domain/ports.ts';
import { hashToken, newToken } from '../../core/cases/codes.ts';
import { issueReplyLink, linkIdOf } from '../../functions/domain/tokens.ts';
import { allDictionaries, t, type StringKey } from '../../core/i18n/index.ts';
import { localeKeys } from '../../core/locales.ts';

// Monday 2 March 2026, 08:00 in Zvečan (CET). Every part of the platform reads this clock.
let clock = Date.parse('2026-03-02T07:00:00Z');
const at = (localIso: string) => {
  clock = Date.parse(`${localIso}+01:00`);
};
const DAY = 86_400_000;

let stack: Stack;
let sweep: () => Promise<SweepReport>;
let store: CaseStore;
let config: Config;
beforeAll(async () => {
  stack = await startTestStack({ now: () => new Date(clock) });
  sweep = stack.sweep as () => Promise<SweepReport>;
  store = stack.platform.ports.store as CaseStore;
  config = stack.platform.config as Config;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

/** A request exactly as written (no URL normalisation: "..", "%2F" and the like reach the server). */
function raw(method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: stack.port,
        method,
        path,
        headers: { host: `zvecan.localhost:${stack.port}`, ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), type: String(res.headers['content-type'] ?? '') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pathOf = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');
const get = (link: string) => raw('GET', pathOf(link));
const post = (link: string, fields: Record<string, string>, headers: Record<string, string> = {}) => raw('POST', pathOf(link), new URLSearchParams(fields).toString(), headers);
const answer = (outcome: string, extra: Record<string, string> = {}) => ({ outcome, publicText: 'Rupa na putu kod škole.', answer: 'Ekipa je obaveštena.', ...extra });

/** HTML-escaped, as a page shows a message. */
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Zvečan's staff pages speak its default language, Serbian Cyrillic. */
const says = (key: StringKey) => html(t('sr', key));

const submit = async (body: Record<string, unknown>, opts: { wait?: boolean } = {}) => {
  const r = await fetch(stack.apiUrl('/api/reports'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ municipality: 'zvecan', consent: true, locale: 'sr-latn', category: 'roads', address: 'Kralja Milutina 4, Zvečan', ...body }),
  });
  const out = (await r.json()) as { code: string };
  expect(r.status, JSON.stringify(out)).toBe(201);
  if (opts.wait !== false) await stack.poller.idle();
  return out.code;
};
const INBOX = 'infrastruktura@ezvecan.com';
const staffMails = async (code: string) => (await mails(stack)).filter((m) => m.subject.includes(code) && m.to.includes(INBOX));
const latestLink = async (code: string) => replyLink((await staffMails(code)).at(-1)!);
const caseItem = async (code: string) => (await scanAll(stack)).find((i) => i.pk === `CASE#${code}` && i.sk === 'CASE') as Record<string, unknown>;
const events = async (code: string) => (await scanAll(stack)).filter((i) => i.pk === `CASE#${code}` && String(i.sk).startsWith('EVENT#')).sort((a, b) => String(a.at).localeCompare(String(b.at)));
const tokenOf = (link: string) => link.slice(-43);

describe('one live reply link per case and purpose', () => {
  let code: string;
  let first: string; // the link in the first email
  let reminder: string; // the link in the overdue reminder
  let followUp: string; // the link mailed after "in progress"

  it('an old link is refused once the sweep has mailed the overdue reminder with a fresh one', async () => {
    at('2026-03-02T08:00:00');
    code = await submit({ description: 'Velika rupa na putu kod škole, opasno za decu.', email: 'a@example.org' });
    first = await latestLink(code);
    expect((await get(first)).status).toBe(200);
    // Past the 48-hour deadline (Wednesday 08:00): the reminder goes out with a new link.
    at('2026-03-04T08:05:00');
    expect((await sweep()).sent).toContainEqual({ code, municipality: 'zvecan', kind: 'reminder', to: INBOX });
    reminder = await latestLink(code);
    expect(reminder).not.toBe(first);
    const before = JSON.stringify(await caseItem(code));
    for (const r of [await get(first), await post(first, answer('rejected'))]) {
      expect(r.status).toBe(410);
      expect(r.body).toContain(says('staff.tokenReplaced'));
    }
    // Nothing changed, and the reminder's link works.
    expect(JSON.stringify(await caseItem(code))).toBe(before);
    expect((await get(reminder)).status).toBe(200);
  });

  it('after "in progress" the old links are refused and only the follow-up link acts', async () => {
    at('2026-03-04T09:00:00');
    const done = await post(reminder, answer('in_progress'));
    expect(done.status).toBe(303);
    await stack.poller.idle();
    followUp = await latestLink(code);
    expect(followUp).not.toBe(reminder);
    // The first email's link: replaced; the reminder's: used. Both refused, GET and POST.
    for (const [link, key] of [[first, 'staff.tokenReplaced'], [reminder, 'staff.tokenUsed']] as const) {
      for (const r of [await get(link), await post(link, answer('answered'))]) {
        expect(r.status).toBe(410);
        expect(r.body).toContain(says(key));
      }
    }
    expect((await caseItem(code)).status).toBe('in_progress');
    expect((await get(followUp)).status).toBe(200);
    // "In progress" again: the follow-up link is used up and a newer one replaces it.
    at('2026-03-05T09:00:00');
    expect((await post(followUp, answer('in_progress', { answer: 'Radovi počinju u ponedeljak.' }))).status).toBe(303);
    await stack.poller.idle();
    const next = await latestLink(code);
    expect(next).not.toBe(followUp);
    expect((await get(followUp)).status).toBe(410);
    expect((await get(next)).status).toBe(200);
    followUp = next;
  });

  it('each event records which link acted and the inbox it was mailed to, never in public', async () => {
    const statusEvents = (await events(code)).filter((e) => e.change === 'status');
    expect(statusEvents.map((e) => [e.status, e.linkId, e.inbox, e.via])).toEqual([
      ['in_progress', linkIdOf(hashToken(tokenOf(reminder))), INBOX, 'link'],
      ['in_progress', expect.stringMatching(/^[0-9a-f]{8}$/), INBOX, 'link'],
    ]);
    // The link id names the link without being it.
    expect(tokenOf(reminder)).not.toContain(String(statusEvents[0]!.linkId));
    const pub = await (await fetch(stack.apiUrl(`/api/cases/${code}`))).text();
    const record = JSON.stringify((await scanAll(stack)).find((i) => i.pk === 'PUBLIC#zvecan' && i.sk === code));
    for (const out of [pub, record]) {
      expect(out).toContain(code);
      for (const e of statusEvents) expect(out).not.toContain(String(e.linkId));
      expect(out).not.toContain(INBOX);
      expect(out).not.toContain('"via"');
    }
  });

  it('a link for a case closed through another link is refused, GET and POST', async () => {
    // A reminder that crossed the answer in the post: a `new` link minted while the case moved on.
    const r = (await store.getCase(code))!;
    const crossed = await issueReplyLink({ config, store, now: () => new Date(clock) }, r, 'new', INBOX, `test-crossed:${code}`);
    if (crossed.sent) throw new Error('expected a new link');
    const crossedPath = `/api/reply/${crossed.token}`;
    // The case is in progress: a `new` link acts no more (the follow-up link is the newer one).
    expect((await get(crossedPath)).body).toContain(says('staff.tokenReplaced'));

    at('2026-03-06T10:00:00');
    expect((await post(followUp, answer('resolved', { answer: 'Rupa je zakrpljena.' }))).status).toBe(303);
    await stack.poller.idle();
    expect((await caseItem(code)).status).toBe('resolved');
    for (const link of [crossedPath, followUp, first, reminder]) {
      for (const r of [await get(link), await post(link, answer('rejected')), await post(`${pathOf(link)}/contact`, {}), await post(`${pathOf(link)}/erase`, { confirm: 'yes' })]) {
        expect(r.status, link).toBe(410);
        expect(r.body).toContain(says('staff.tokenClosed'));
      }
    }
    // Nothing was withdrawn or erased by any of them.
    const item = await caseItem(code);
    expect(item.status).toBe('resolved');
    expect(item.erasedAt).toBeUndefined();
    expect((await fetch(stack.apiUrl(`/api/cases/${code}`))).status).toBe(200);
    // Closing sends no new link.
    expect(await latestLink(code)).toBe(followUp);
  });

  it('two posts racing through one link: one acts, the other is refused', async () => {
    at('2026-03-09T08:00:00');
    const c2 = await submit({ description: 'Oštećen asfalt ispred pošte, duboka rupa.', email: 'b@example.org' });
    const link = await latestLink(c2);
    const results = await Promise.all([post(link, answer('answered')), post(link, answer('rejected')), post(link, answer('resolved', { answer: 'Popravljeno.' }))]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 303 || s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(2);
    expect((await events(c2)).filter((e) => e.change === 'status')).toHaveLength(1);
  });

  it('a link expires after tokenTtlDays (7); an open case then gets a fresh one from the sweep', async () => {
    expect(config.tokenTtlDays).toBe(7);
    at('2026-03-09T09:00:00');
    const c3 = await submit({ description: 'Pukla cev ispod kolovoza, voda curi na put.', email: 'c@example.org' });
    const l1 = await latestLink(c3);
    expect((await post(l1, answer('in_progress'))).status).toBe(303);
    await stack.poller.idle();
    const f1 = await latestLink(c3);
    expect((await get(f1)).status).toBe(200);
    clock += 7 * DAY + 60_000;
    const expired = await get(f1);
    expect(expired.status).toBe(410);
    expect(expired.body).toContain(says('staff.tokenExpired'));
    const report = await sweep();
    expect(report.refreshed).toContainEqual({ code: c3, purpose: 'follow-up', to: INBOX });
    const f2 = await latestLink(c3);
    expect(f2).not.toBe(f1);
    expect((await get(f2)).status).toBe(200);
    expect((await get(f1)).status).toBe(410);
    // Once only: the next sweep finds nothing more to do for it.
    expect((await sweep()).refreshed ?? []).not.toContainEqual(expect.objectContaining({ code: c3 }));
    expect((await staffMails(c3)).filter((m) => replyLink(m) === f2)).toHaveLength(1);
  });
});

describe('the citizen contact on the staff page', () => {
  it('is masked on GET, shown on a POST that is recorded with the link, refused cross-site', async () => {
    at('2026-03-20T08:00:00');
    const code = await submit({ description: 'Rupa kod autobuske stanice, veoma duboka.', email: 'petar.petrovic@example.org', phone: '+383 44 123 456', name: 'Petar Petrović' });
    const link = await latestLink(code);
    const page = await get(link);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('petar.petrovic');
    expect(page.body).not.toContain('123 456');
    expect(page.body).not.toContain('Petar Petrović');
    expect(page.body).toContain('p•••@•••.org');
    expect(page.body).toContain('•56');
    expect(page.body).toContain('P. P.');
    expect(page.body).toContain(says('staff.contactReveal'));
    // A page on another site cannot make the browser reveal it.
    const cross = await post(`${pathOf(link)}/contact`, {}, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect((await events(code)).filter((e) => e.change === 'contact-viewed')).toEqual([]);
    const shown = await post(`${pathOf(link)}/contact`, {});
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('petar.petrovic@example.org');
    expect(shown.body).toContain('+383 44 123 456');
    expect(shown.body).toContain('Petar Petrović');
    const viewed = (await events(code)).filter((e) => e.change === 'contact-viewed');
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ linkId: linkIdOf(hashToken(tokenOf(link))), inbox: INBOX, public: false, via: 'link' });
    // Seeing it does not use the link up.
    expect((await get(link)).status).toBe(200);
    const pub = await (await fetch(stack.apiUrl(`/api/cases/${code}`))).json();
    expect((pub as { timeline: unknown[] }).timeline).toHaveLength(1);
  });
});

describe('hostile reply tokens', () => {
  /** Every message a refused link may get, in every language (pages are in the municipality's). */
  const refusals = localeKeys.flatMap((l) =>
    (['staff.tokenUnknown', 'staff.tokenUsed', 'staff.tokenExpired', 'staff.tokenReplaced', 'staff.tokenClosed', 'error.notFound', 'error.invalid'] as const).map((k) => html(allDictionaries[l][k])),
  );
  let used: string;
  let expired: string;
  let replaced: string;
  let closed: string;
  let legacyClosed: string;
  let legacyReplaced: string;
  const valid = newToken();
  const hostileCodes: string[] = [];

  beforeAll(async () => {
    at('2026-03-23T08:00:00');
    const a = await submit({ description: 'Rupa na raskrsnici kod doma zdravlja.', email: 'h1@example.org' });
    used = await latestLink(a);
    expect((await post(used, answer('in_progress'))).status).toBe(303);
    await stack.poller.idle();
    replaced = await latestLink(a); // the follow-up link, replaced below
    const again = (await store.getCase(a))!;
    const newer = await issueReplyLink({ config, store, now: () => new Date(clock) }, again, 'follow-up', INBOX, `test-newer:${a}`);
    expect(newer.sent).toBe(false);
    const b = await submit({ description: 'Rupa ispred škole, opasna za bicikliste.', email: 'h2@example.org' });
    closed = await latestLink(b);
    expect((await post(closed, answer('answered'))).status).toBe(303);
    // Links made before live links were recorded (a token item, no LINK item): they act while the
    // case has no live link, stop once a link is mailed, and stop when the case closes.
    await stack.poller.pause();
    const d = await submit({ description: 'Rupa na mostu, ograda oštećena.', email: 'h4@example.org' }, { wait: false });
    const legacy = newToken();
    await store.putToken(hashToken(legacy), { code: d, expiresAt: new Date(clock + DAY).toISOString(), purpose: 'new' }, Math.floor(clock / 1000) + 2 * 86400);
    legacyReplaced = `/api/reply/${legacy}`;
    expect((await get(legacyReplaced)).status).toBe(200);
    stack.poller.resume();
    await stack.poller.idle();
    const legacy2 = newToken();
    await store.putToken(hashToken(legacy2), { code: b, expiresAt: new Date(clock + DAY).toISOString(), purpose: 'new' }, Math.floor(clock / 1000) + 2 * 86400);
    legacyClosed = `/api/reply/${legacy2}`;
    const c = await submit({ description: 'Rupa kod pijace, velika i duboka.', email: 'h3@example.org' });
    hostileCodes.push(a, b, c, d);
    const e = newToken();
    await store.putToken(hashToken(e), { code: c, expiresAt: new Date(clock - 1000).toISOString(), purpose: 'new', inbox: INBOX }, Math.floor(clock / 1000) + 86400, { linkId: linkIdOf(hashToken(e)), mailKey: `test-expired:${c}` });
    expired = `/api/reply/${e}`;
  }, 60_000);

  const shapes: { name: string; path: () => string; expect: number[] }[] = [
    { name: 'no token', path: () => '/api/reply/', expect: [404] },
    { name: 'one character', path: () => '/api/reply/a', expect: [404] },
    { name: '42 characters', path: () => `/api/reply/${valid.slice(0, 42)}`, expect: [404] },
    { name: '44 characters', path: () => `/api/reply/${valid}A`, expect: [404] },
    { name: 'the right shape, never issued', path: () => `/api/reply/${valid}`, expect: [404] },
    { name: 'all one letter', path: () => `/api/reply/${'A'.repeat(43)}`, expect: [404] },
    { name: 'a real token with one character changed', path: () => `/api/reply/${tokenOf(used).slice(0, 42)}${tokenOf(used).endsWith('A') ? 'B' : 'A'}`, expect: [404] },
    { name: 'a real token in upper case', path: () => `/api/reply/${tokenOf(replaced).toUpperCase()}`, expect: [404] },
    { name: 'base64 with + and /', path: () => `/api/reply/${'+'.repeat(21)}%2F${'/'.repeat(0)}${'a'.repeat(21)}`, expect: [404] },
    { name: 'base64 padding', path: () => `/api/reply/${valid.slice(0, 41)}%3D%3D`, expect: [404] },
    { name: 'a percent-encoded slash inside', path: () => `/api/reply/${valid.slice(0, 20)}%2F${valid.slice(21)}`, expect: [404] },
    { name: 'a dot-dot path', path: () => '/api/reply/..%2F..%2F..%2Fetc%2Fpasswd', expect: [404] },
    { name: 'a dot-dot path, plain', path: () => '/api/reply/../../etc/passwd', expect: [404] },
    { name: 'an extra path segment', path: () => `/api/reply/${valid}/admin`, expect: [404] },
    { name: 'the real token with a trailing dot', path: () => `/api/reply/${tokenOf(closed)}.`, expect: [404] },
    { name: 'the real token with a trailing space', path: () => `/api/reply/${tokenOf(closed)}%20`, expect: [404] },
    { name: 'the real token with a trailing newline', path: () => `/api/reply/${tokenOf(closed)}%0A`, expect: [404] },
    { name: 'a NUL byte', path: () => `/api/reply/${valid.slice(0, 42)}%00`, expect: [404] },
    { name: 'CRLF and a header', path: () => '/api/reply/x%0D%0ASet-Cookie:%20a=b', expect: [404] },
    { name: 'Cyrillic letters of the right length', path: () => `/api/reply/${encodeURIComponent('Д'.repeat(43))}`, expect: [404] },
    { name: 'emoji', path: () => `/api/reply/${encodeURIComponent('🔑'.repeat(22))}`, expect: [404] },
    { name: 'a zero-width space inside a real token', path: () => `/api/reply/${tokenOf(closed).slice(0, 20)}%E2%80%8B${tokenOf(closed).slice(20)}`, expect: [404] },
    { name: 'a right-to-left override', path: () => `/api/reply/%E2%80%AE${valid.slice(1)}`, expect: [404] },
    { name: 'full-width letters', path: () => `/api/reply/${encodeURIComponent('Ａ'.repeat(43))}`, expect: [404] },
    { name: 'a lone surrogate, encoded', path: () => `/api/reply/%ED%A0%80${valid.slice(1)}`, expect: [404] },
    { name: 'overlong: 4,000 characters', path: () => `/api/reply/${'a'.repeat(4000)}`, expect: [404] },
    { name: 'overlong: the token 100 times', path: () => `/api/reply/${valid.repeat(100)}`, expect: [404] },
    { name: 'SQL-ish', path: () => `/api/reply/${encodeURIComponent("' OR '1'='1' --")}`, expect: [404] },
    { name: 'a script tag', path: () => `/api/reply/${encodeURIComponent('<script>alert(1)</script>')}`, expect: [404] },
    { name: 'the token hash instead of the token', path: () => `/api/reply/${hashToken(tokenOf(replaced))}`, expect: [404] },
    { name: 'a reused token (used up)', path: () => pathOf(used), expect: [410] },
    { name: 'an expired token', path: () => expired, expect: [410] },
    { name: 'a replaced token', path: () => pathOf(replaced), expect: [410] },
    { name: 'a token of a closed case', path: () => pathOf(closed), expect: [410] },
    { name: 'an old-style token of a closed case', path: () => legacyClosed, expect: [410] },
    { name: 'an old-style token once a live link was mailed', path: () => legacyReplaced, expect: [410] },
  ];

  for (const s of shapes) {
    it(`${s.name}: ${s.expect.join('/')} with a translated message, GET and POST, never a 5xx`, async () => {
      const path = s.path();
      const tries = [
        await raw('GET', path),
        await raw('POST', path, new URLSearchParams(answer('rejected')).toString()),
        await raw('POST', `${path.replace(/\/$/, '')}/contact`, ''),
        await raw('POST', `${path.replace(/\/$/, '')}/erase`, 'confirm=yes'),
      ];
      for (const [i, r] of tries.entries()) {
        expect(r.status, `${['GET', 'POST', 'POST contact', 'POST erase'][i]} ${path.slice(0, 80)}: ${r.body.slice(0, 200)}`).toBeLessThan(500);
        // A link that cannot act is 404 or 410; "/contact" or "/erase" after a path that is no token is no route at all (404).
        expect([...s.expect, 404]).toContain(r.status);
        if (i === 0 || i === 1) expect(s.expect).toContain(r.status);
        expect(refusals.some((m) => r.body.includes(m)), r.body.slice(0, 300)).toBe(true);
      }
    });
  }

  it('changed nothing: no case was withdrawn, erased or answered by a hostile link', async () => {
    const cases = (await scanAll(stack)).filter((i) => hostileCodes.includes(String(i.code)) && i.sk === 'CASE');
    const state = Object.fromEntries(cases.map((c) => [String(c.code), [c.status, c.erasedAt ?? null]]));
    expect(state).toEqual({ [hostileCodes[0]!]: ['in_progress', null], [hostileCodes[1]!]: ['answered', null], [hostileCodes[2]!]: ['received', null], [hostileCodes[3]!]: ['received', null] });
    expect(cases).toHaveLength(4);
    expect(cases.filter((c) => c.status === 'rejected' || c.erasedAt)).toEqual([]);
  });
});
