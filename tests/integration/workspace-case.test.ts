// A case in the staff workspace against the real local services (issue 12): every action end to
// end through HTTP with a signed-in session (answer in one language or both, in progress with a
// planned date, resolved, forward, internal note, edit, duplicate, contact, erase), who may act,
// two tabs racing, registering a phone case, the audit log, and the reply-link page in the staff
// member's language with both answer fields.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { startTestStack, mails, replyLink, type Stack } from '../helpers/stack.ts';
import type { CaseStore } from '../../functions/domain/ports.ts';
import type { CaseEvent, CaseRecord } from '../../core/cases/model.ts';
import { hashToken } from '../../core/cases/codes.ts';
import { localDate } from '../../core/time.ts';
import { formStrings, t } from '../../core/i18n/index.ts';
import { errorMessage } from '../../core/i18n/form-messages.ts';
import { SESSION_COOKIE } from '../../functions/domain/staff-auth.ts';

/** The session cookie's name locally (no HTTPS, so no `__Host-` prefix): one constant, from the sign-in code. */
const COOKIE = SESSION_COOKIE;
const INFRA = 'infrastruktura@ezvecan.com'; // roads, lighting
const KOMUNALNO = 'komunalno@ezvecan.com'; // water, waste, green
const SUPERVISOR = 'nadzor@ezvecan.com';
const EDITOR = 'urednik@ezvecan.com';

let stack: Stack;
let store: CaseStore;
beforeAll(async () => {
  stack = await startTestStack();
  store = stack.platform.ports.store as CaseStore;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

/** A signed-in session for an address, written straight into the store as the sign-in would (functions/domain/staff-auth.ts). */
async function session(email: string, municipality = 'zvecan'): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  await store.putSession(hashToken(token), { municipality, email, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + 12 * 3_600_000).toISOString() });
  return `${COOKIE}=${token}`;
}

/** What a response holds, in the shape of fetch's (status, headers.get, text). */
interface Got {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * A request to a site by its host name, as a browser sends it. Node's fetch will not send a Host
 * header of ours, and the workspace is found by host (the site is the municipality).
 */
function request(method: 'GET' | 'POST', path: string, opts: { cookie?: string | undefined; body?: Record<string, string>; site?: string } = {}): Promise<Got> {
  const body = opts.body ? new URLSearchParams(opts.body).toString() : undefined;
  const headers: Record<string, string | number> = { host: `${opts.site ?? 'zvecan'}.localhost:${stack.port}`, ...(opts.cookie ? { cookie: opts.cookie } : {}) };
  // A form posted from the site's own page (the app refuses anything else: functions/web/requests.ts).
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'sec-fetch-site': 'same-origin' });
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: stack.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: { get: (name) => (res.headers[name.toLowerCase()] as string | undefined) ?? null }, text: async () => text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
const get = (path: string, cookie?: string) => request('GET', path, { cookie });
const post = (path: string, cookie: string | undefined, body: Record<string, string>) => request('POST', path, { cookie, body });

let seq = 0;
/** A report through the public API (as a citizen sends it); its code. */
async function report(extra: Record<string, unknown> = {}): Promise<string> {
  const r = await fetch(stack.apiUrl('/api/reports'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost' },
    body: JSON.stringify({ municipality: 'zvecan', locale: 'sq', category: 'roads', description: `Gropë e madhe në rrugë, numri ${++seq}.`, address: 'Rruga kryesore', email: `ws${seq}@example.org`, phone: '+383 44 123 456', name: 'Arta Krasniqi', showName: false, consent: true, ...extra }),
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { code: string }).code;
}

const casePath = (code: string, l = 'sr') => `/${l}/staff/cases/${code}/`;
const actionPath = (code: string, action: string, l = 'sr') => `/${l}/staff/cases/${code}/${action}/`;
const record = async (code: string) => (await store.getCase(code)) as CaseRecord;
const events = async (code: string) => (await store.getCaseWithEvents(code))!.events;
/** The `updatedAt` the case page's forms carry. */
const updatedAtOn = (html: string) => /name="updatedAt" value="([^"]+)"/.exec(html)![1]!;
async function pageOf(code: string, cookie: string) {
  const r = await get(casePath(code), cookie);
  expect(r.status).toBe(200);
  return r.text();
}
/** A date N days from today on Zvečan's calendar. */
const dayFromToday = (n: number) => localDate(Date.now() + n * 86_400_000, 'Europe/Belgrade');
const sr = formStrings('sr');

describe('the case page', () => {
  it('shows the case, where it stands, the original text, the contact masked and one form per action', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    const html = await pageOf(code, cookie);
    expect(html).toContain(`<h1>${t('sr', 'wcase.title', { code })}</h1>`);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('Gropë e madhe në rrugë');
    expect(html).toMatch(/data-testid="time-left"/);
    // Masked until asked for; the reveal is a POST.
    expect(html).not.toMatch(/ws\d+@example\.org/);
    expect(html).toContain('w•••@•••.org');
    expect(html).toContain(`action="${actionPath(code, 'contact')}"`);
    for (const action of ['answer', 'forward', 'note', 'edit', 'duplicate', 'erase']) {
      expect(html, action).toContain(`action="${actionPath(code, action)}"`);
      expect(html, action).toMatch(new RegExp(`<section class="workspace-action" id="${action}"[^>]*><h2`));
    }
    // Both answer languages and the planned date, ids unique across the page's forms.
    expect(html).toContain('id="answer-answerSr"');
    expect(html).toContain('id="answer-answerSq"');
    expect(html).toContain('id="answer-plannedAt"');
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('in Albanian for a member of staff working in Albanian (the URL is the language)', async () => {
    const code = await report();
    const html = await (await get(casePath(code, 'sq'), await session(INFRA))).text();
    expect(html).toContain(`<h1>${t('sq', 'wcase.title', { code })}</h1>`);
    expect(html).toContain(t('sq', 'wcase.answerSq'));
  });

  it('without a session: a GET goes to sign in, a POST is refused and changes nothing', async () => {
    const code = await report();
    const g = await get(casePath(code));
    expect(g.status).toBe(303);
    expect(g.headers.get('location')).toBe('/sr/staff/');
    const before = await record(code);
    const p = await post(actionPath(code, 'note'), undefined, { 'note-note': 'x' });
    expect(p.status).toBe(401);
    expect(await events(code)).toHaveLength(1);
    expect(await record(code)).toEqual(before);
  });
});

describe('answering from the workspace', () => {
  it('in Albanian only: stored as the Albanian answer, shown first, the event names the actor', async () => {
    const code = await report({ locale: 'sq' });
    const cookie = await session(INFRA);
    const html = await pageOf(code, cookie);
    const r = await post(actionPath(code, 'answer'), cookie, { updatedAt: updatedAtOn(html), 'answer-outcome': 'answered', 'answer-publicText': 'Gropë e madhe në rrugë.', 'answer-answerSq': 'Ekipi do ta riparojë gropën të enjten.', 'answer-answerSr': '' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`${casePath(code)}?done=answer`);
    const c = await record(code);
    expect(c.status).toBe('answered');
    expect(c.answers).toEqual({ sq: 'Ekipi do ta riparojë gropën të enjten.' });
    expect(c.answer).toBe('Ekipi do ta riparojë gropën të enjten.');
    expect(c.firstAnsweredAt).toBeDefined();
    expect(c.closedAt).toBeDefined();
    const e = (await events(code)).find((x) => x.change === 'status')!;
    expect(e).toMatchObject({ status: 'answered', public: true, via: 'session', actor: INFRA, answers: { sq: 'Ekipi do ta riparojë gropën të enjten.' } });
    const done = await (await get(`${casePath(code)}?done=answer`, cookie)).text();
    expect(done).toContain(`role="status" data-testid="done">${t('sr', 'wcase.done.answer')}`);
  });

  it('in both languages: both stored, `answer` the one of the citizen’s language', async () => {
    const cookie = await session(INFRA);
    for (const [locale, first] of [['sq', 'Përgjigjja shqip.'], ['sr-latn', 'Odgovor na srpskom.']] as const) {
      const code = await report({ locale });
      const html = await pageOf(code, cookie);
      const r = await post(actionPath(code, 'answer'), cookie, { updatedAt: updatedAtOn(html), 'answer-outcome': 'answered', 'answer-publicText': 'Rupa na putu.', 'answer-answerSr': 'Odgovor na srpskom.', 'answer-answerSq': 'Përgjigjja shqip.' });
      expect(r.status, locale).toBe(303);
      const c = await record(code);
      expect(c.answers, locale).toEqual({ sr: 'Odgovor na srpskom.', sq: 'Përgjigjja shqip.' });
      expect(c.answer, locale).toBe(first);
    }
  });

  it('in progress with a planned date starts the resolution deadline; resolved records when', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    const planned = dayFromToday(10);
    let html = await pageOf(code, cookie);
    let r = await post(actionPath(code, 'answer'), cookie, { updatedAt: updatedAtOn(html), 'answer-outcome': 'in_progress', 'answer-publicText': 'Rupa na putu.', 'answer-answerSr': 'Popravka je zakazana.', 'answer-plannedAt': planned });
    expect(r.status).toBe(303);
    let c = await record(code);
    expect(c.status).toBe('in_progress');
    expect(c.plannedAt).toBe(planned);
    expect(c.resolutionDueAt).toBeDefined();
    expect(Date.parse(c.resolutionDueAt!)).toBeGreaterThan(Date.now() + 10 * 86_400_000); // roads: 20 days of the clock
    expect(c.closedAt).toBeUndefined();
    expect((await events(code)).find((e) => e.status === 'in_progress')?.plannedAt).toBe(planned);
    const due = c.resolutionDueAt;

    html = await pageOf(code, cookie);
    expect(html).toContain(t('sr', 'wcase.resolutionDue'));
    r = await post(actionPath(code, 'answer'), cookie, { updatedAt: updatedAtOn(html), 'answer-outcome': 'resolved', 'answer-publicText': 'Rupa na putu.', 'answer-answerSr': 'Rupa je zakrpljena.' });
    expect(r.status).toBe(303);
    c = await record(code);
    expect(c.status).toBe('resolved');
    expect(c.resolvedAt).toBeDefined();
    expect(c.resolutionDueAt).toBe(due);
    expect(c.plannedAt).toBe(planned);
    expect(c.closedAt).toBe(c.resolvedAt);
  });

  it('refuses a planned date in the past or no date at all, and no answer, keeping what was typed', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    const html = await pageOf(code, cookie);
    for (const [plannedAt, codeOf] of [[dayFromToday(-2), 'pastDate'], ['31.12.2026', 'invalidDate']] as const) {
      const r = await post(actionPath(code, 'answer'), cookie, { updatedAt: updatedAtOn(html), 'answer-outcome': 'in_progress', 'answer-publicText': 'Rupa na putu.', 'answer-answerSr': 'Radimo na tome <brzo>.', 'answer-plannedAt': plannedAt });
      expect(r.status).toBe(400);
      const back = await r.text();
      expect(back).toContain('class="error-summary"');
      expect(back).toContain(`<a href="#answer-plannedAt">${errorMessage(sr, 'plannedAt', codeOf)}</a>`);
      expect(back).toContain('Radimo na tome &lt;brzo&gt;.');
      expect(back).toContain(`value="${plannedAt}"`);
    }
    const r = await post(actionPath(code, 'answer'), cookie, { updatedAt: updatedAtOn(html), 'answer-outcome': 'answered', 'answer-publicText': 'Rupa na putu.' });
    expect(r.status).toBe(400);
    // An Albanian case: the Albanian field is the one marked.
    expect(await r.text()).toContain(`<a href="#answer-answerSq">${errorMessage(sr, 'answerSq', 'required')}</a>`);
    expect((await record(code)).status).toBe('received');
  });

  it('answers only an open case', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    let html = await pageOf(code, cookie);
    await post(actionPath(code, 'answer'), cookie, { updatedAt: updatedAtOn(html), 'answer-outcome': 'answered', 'answer-publicText': 'Rupa.', 'answer-answerSq': 'Gati.' });
    html = await pageOf(code, cookie);
    expect(html).not.toContain(`action="${actionPath(code, 'answer')}"`);
    const r = await post(actionPath(code, 'answer'), cookie, { updatedAt: (await record(code)).updatedAt, 'answer-outcome': 'resolved', 'answer-publicText': 'Rupa.', 'answer-answerSq': 'Përsëri.' });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain(errorMessage(sr, 'form', 'caseClosed'));
    expect((await record(code)).status).toBe('answered');
  });
});

describe('forwarding to another inbox', () => {
  it('moves the case to the new inbox and leaves the deadline alone; the old inbox may no longer act', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    const before = await record(code);
    const html = await pageOf(code, cookie);
    expect(html).toContain(`<option value="${KOMUNALNO}">`);
    expect(html).not.toContain(`<option value="${INFRA}">`);
    const r = await post(actionPath(code, 'forward'), cookie, { updatedAt: updatedAtOn(html), 'forward-toInbox': KOMUNALNO });
    expect(r.status).toBe(303);
    const c = await record(code);
    expect(c.inbox).toBe(KOMUNALNO);
    expect(c.deadlineAt).toBe(before.deadlineAt);
    expect(c.status).toBe('received');
    const e = (await events(code)).find((x) => x.change === 'forwarded')!;
    expect(e).toMatchObject({ public: false, fromInbox: INFRA, toInbox: KOMUNALNO, via: 'session', actor: INFRA });
    expect((await get(casePath(code), cookie)).status).toBe(403);
    expect((await get(casePath(code), await session(KOMUNALNO))).status).toBe(200);
  });

  it('refuses an inbox the municipality does not have, and the one it is with', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    const html = await pageOf(code, cookie);
    for (const [to, codeOf] of [['nepoznat@ezvecan.com', 'unknownInbox'], [INFRA, 'sameInbox'], ['', 'required']] as const) {
      const r = await post(actionPath(code, 'forward'), cookie, { updatedAt: updatedAtOn(html), 'forward-toInbox': to });
      expect(r.status, to).toBe(400);
      expect(await r.text(), to).toContain(`<a href="#forward-toInbox">${errorMessage(sr, 'toInbox', codeOf)}</a>`);
    }
    expect((await record(code)).inbox).toBe(INFRA);
  });
});

describe('an internal note', () => {
  it('is on the staff timeline with its author, and nowhere public', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    const note = `Pozvati izvođača pre petka; interna oznaka ${randomBytes(6).toString('hex')}.`;
    const r = await post(actionPath(code, 'note'), cookie, { 'note-note': note });
    expect(r.status).toBe(303);
    const e = (await events(code)).find((x) => x.change === 'note')!;
    expect(e).toMatchObject({ public: false, note, via: 'session', actor: INFRA });
    const html = await pageOf(code, cookie);
    expect(html).toContain(note);
    expect(html).toContain(t('sr', 'wcase.who', { who: INFRA }));
    await stack.poller.idle();
    const pub = await store.getPublic('zvecan', code);
    expect(pub).toBeDefined();
    expect(JSON.stringify(pub)).not.toContain('interna oznaka');
    expect(JSON.stringify(pub)).not.toContain(INFRA);
    const live = await (await get(`/sr/status/${code}/`)).text();
    expect(live).toContain(code);
    expect(live).not.toContain('interna oznaka');
    expect(live).not.toContain(INFRA);
    expect(await (await get(`/api/cases/${code}`)).text()).not.toContain('interna oznaka');
  });

  it('must say something', async () => {
    const code = await report();
    const r = await post(actionPath(code, 'note'), await session(INFRA), { 'note-note': '   ' });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain(`<a href="#note-note">${errorMessage(sr, 'note', 'required')}</a>`);
    expect(await events(code)).toHaveLength(1);
  });
});

describe('editing the public wording', () => {
  it('changes what the public reads, recorded as an internal edit', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    const html = await pageOf(code, cookie);
    const r = await post(actionPath(code, 'edit'), cookie, { updatedAt: updatedAtOn(html), 'edit-publicText': 'Oštećen kolovoz u centru.' });
    expect(r.status).toBe(303);
    expect((await record(code)).publicText).toBe('Oštećen kolovoz u centru.');
    expect((await events(code)).find((x) => x.change === 'edited')).toMatchObject({ public: false, via: 'session', actor: INFRA });
    await stack.poller.idle();
    expect((await store.getPublic('zvecan', code))?.text).toBe('Oštećen kolovoz u centru.');
  });
});

describe('marking a duplicate', () => {
  it('points to the original, and a duplicate of a duplicate to the original too', async () => {
    const original = await report();
    const dup = await report();
    const dupOfDup = await report();
    const cookie = await session(INFRA);
    let r = await post(actionPath(dup, 'duplicate'), cookie, { updatedAt: updatedAtOn(await pageOf(dup, cookie)), 'duplicate-original': original.toLowerCase().replace('-', ' ') });
    expect(r.status).toBe(303);
    let c = await record(dup);
    expect(c).toMatchObject({ status: 'duplicate', duplicateOf: original });
    expect(c.closedAt).toBeDefined();
    expect((await events(dup)).find((x) => x.change === 'duplicate')).toMatchObject({ public: true, status: 'duplicate', duplicateOf: original, via: 'session', actor: INFRA });
    r = await post(actionPath(dupOfDup, 'duplicate'), cookie, { updatedAt: updatedAtOn(await pageOf(dupOfDup, cookie)), 'duplicate-original': dup });
    expect(r.status).toBe(303);
    c = await record(dupOfDup);
    expect(c.duplicateOf).toBe(original);
  });

  it('refuses itself and a code that is no case here', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    const html = await pageOf(code, cookie);
    for (const [typed, codeOf] of [[code, 'sameCase'], ['KKKK-KKKK', 'unknownCase'], ['nije kod', 'unknownCase']] as const) {
      const r = await post(actionPath(code, 'duplicate'), cookie, { updatedAt: updatedAtOn(html), 'duplicate-original': typed });
      expect(r.status, typed).toBe(400);
      const back = await r.text();
      expect(back, typed).toContain(`<a href="#duplicate-original">${errorMessage(sr, 'original', codeOf)}</a>`);
      expect(back, typed).toContain(`value="${typed}"`);
    }
    expect((await record(code)).status).toBe('received');
  });
});

describe('the contact and erasure', () => {
  it('reveals the contact on request, recorded with who asked', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    const r = await post(actionPath(code, 'contact'), cookie, {});
    expect(r.status).toBe(303);
    const html = await (await get(r.headers.get('location')!, cookie)).text();
    expect(html).toMatch(/ws\d+@example\.org/);
    expect(html).toContain('+383 44 123 456');
    expect((await events(code)).find((x) => x.change === 'contact-viewed')).toMatchObject({ public: false, via: 'session', actor: INFRA });
    // Another member of staff still sees it masked.
    expect(await pageOf(code, await session(SUPERVISOR))).not.toMatch(/ws\d+@example\.org/);
  });

  it('erases a closed case at the citizen’s request, with the box ticked', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    await post(actionPath(code, 'answer'), cookie, { updatedAt: updatedAtOn(await pageOf(code, cookie)), 'answer-outcome': 'answered', 'answer-publicText': 'Rupa.', 'answer-answerSq': 'U riparua.' });
    let r = await post(actionPath(code, 'erase'), cookie, {});
    expect(r.status).toBe(400);
    expect(await r.text()).toContain(`<a href="#erase-confirm">${errorMessage(sr, 'confirm', 'required')}</a>`);
    r = await post(actionPath(code, 'erase'), cookie, { 'erase-confirm': 'yes' });
    expect(r.status).toBe(303);
    const c = await record(code);
    expect(c.erasedAt).toBeDefined();
    expect(c.text).toBe(t('sq', 'case.erased'));
    expect((await events(code)).find((x) => x.change === 'erased')).toMatchObject({ public: false, via: 'session', actor: INFRA });
    expect((await store.getContact(code))?.email).toBeUndefined();
  });
});

describe('who may act', () => {
  it('someone of another inbox gets 403 and changes nothing; the supervisor may act on every case', async () => {
    const code = await report(); // roads: infrastruktura's
    const other = await session(KOMUNALNO);
    const g = await get(casePath(code), other);
    expect(g.status).toBe(403);
    expect(await g.text()).toContain(t('sr', 'wcase.forbidden.title'));
    const p = await post(actionPath(code, 'note'), other, { 'note-note': 'Nije moje.' });
    expect(p.status).toBe(403);
    const a = await post(actionPath(code, 'answer'), other, { updatedAt: (await record(code)).updatedAt, 'answer-outcome': 'answered', 'answer-publicText': 'x', 'answer-answerSr': 'y' });
    expect(a.status).toBe(403);
    expect(await events(code)).toHaveLength(1);
    const sup = await session(SUPERVISOR);
    expect((await post(actionPath(code, 'note'), sup, { 'note-note': 'Proveriti do sutra.' })).status).toBe(303);
  });

  it('a case of another municipality is not there (404), and an unknown code neither', async () => {
    const r = await fetch(stack.apiUrl('/api/reports'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', host: 'leposavic.localhost' },
      body: JSON.stringify({ municipality: 'leposavic', locale: 'sr', category: 'roads', description: 'Рупа на путу код школе у Лепосавићу.', address: 'Школска', email: 'lp@example.org', consent: true }),
    });
    const { code } = (await r.json()) as { code: string };
    const sup = await session(SUPERVISOR);
    expect((await get(casePath(code), sup)).status).toBe(404);
    expect((await post(actionPath(code, 'note'), sup, { 'note-note': 'x' })).status).toBe(404);
    expect((await get(casePath('KKKK-KKKK'), sup)).status).toBe(404);
  });
});

describe('two tabs', () => {
  it('refuses an action on a case changed since the page was shown, keeping what was typed', async () => {
    const code = await report();
    const cookie = await session(INFRA);
    const tab1 = await pageOf(code, cookie);
    const tab2 = await pageOf(code, cookie);
    // Tab 2 edits the wording first.
    expect((await post(actionPath(code, 'edit'), cookie, { updatedAt: updatedAtOn(tab2), 'edit-publicText': 'Rupa kod mosta.' })).status).toBe(303);
    const before = await record(code);
    // Tab 1 answers from the page it still shows.
    const r = await post(actionPath(code, 'answer'), cookie, { updatedAt: updatedAtOn(tab1), 'answer-outcome': 'answered', 'answer-publicText': 'Rupa.', 'answer-answerSq': 'Përgjigjja që nuk humbet.' });
    expect(r.status).toBe(409);
    const back = await r.text();
    expect(back).toContain(t('sr', 'wcase.stale'));
    expect(back).toContain('Përgjigjja që nuk humbet.');
    expect(back).toContain('value="answered" checked');
    expect(await record(code)).toEqual(before);
    // Sent again from the page as it is now, it goes through.
    const again = await post(actionPath(code, 'answer'), cookie, { updatedAt: updatedAtOn(back), 'answer-outcome': 'answered', 'answer-publicText': 'Rupa kod mosta.', 'answer-answerSq': 'Përgjigjja që nuk humbet.' });
    expect(again.status).toBe(303);
    expect((await record(code)).status).toBe('answered');
  });
});

describe('registering a case received by phone', () => {
  it('creates a case with its channel that follows the same life, and shows it to whoever registered it', async () => {
    const cookie = await session(EDITOR);
    const form = await (await get('/sr/staff/new/', cookie)).text();
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form)![1]!;
    const bad = await post('/sr/staff/new/', cookie, { idempotencyKey: key, channel: 'phone', kind: 'report', category: '', text: 'Kratko', locale: 'sr' });
    expect(bad.status).toBe(400);
    const back = await bad.text();
    expect(back).toContain(`<a href="#category">${errorMessage(sr, 'category', 'required')}</a>`);
    expect(back).toContain(`<a href="#text">${errorMessage(sr, 'text', 'tooShort')}</a>`);
    expect(back).toContain('Kratko');
    const body = { idempotencyKey: key, channel: 'phone', kind: 'report', category: 'water', text: 'Pozvao građanin: curi voda iz cevi ispred zgrade broj 4.', address: 'Ulica Kralja Milutina 4', locale: 'sr-latn', name: 'Marko Marković', phone: '+383 44 987 654', email: '' };
    const r = await post('/sr/staff/new/', cookie, body);
    expect(r.status).toBe(303);
    const code = /\/sr\/staff\/cases\/([A-Z0-9]{4}-[A-Z0-9]{4})\/\?done=new$/.exec(r.headers.get('location')!)![1]!;
    // The same form sent twice (a double click) makes one case.
    expect((await post('/sr/staff/new/', cookie, body)).headers.get('location')).toBe(r.headers.get('location'));
    const c = await record(code);
    expect(c).toMatchObject({ channel: 'phone', kind: 'report', category: 'water', status: 'received', inbox: KOMUNALNO, locale: 'sr-latn', showName: false });
    expect((await events(code))[0]).toMatchObject({ change: 'created', via: 'session', actor: EDITOR, public: true });
    expect(await store.getContact(code)).toMatchObject({ name: 'Marko Marković', phone: '+383 44 987 654' });
    // The editor registered it and may see it, not act on it (it is with komunalno).
    const page = await (await get(`/sr/staff/cases/${code}/?done=new`, cookie)).text();
    expect(page).toContain(t('sr', 'wcase.done.new'));
    expect(page).toContain('data-testid="view-only"');
    expect(page).not.toContain(`action="${actionPath(code, 'answer')}"`);
    // The same life: the inbox is mailed, the public record says how it came.
    await stack.poller.idle();
    expect((await mails(stack)).some((m) => m.to.includes(KOMUNALNO) && m.subject.includes(code))).toBe(true);
    const pub = await store.getPublic('zvecan', code);
    expect(pub).toMatchObject({ channel: 'phone' });
    expect(JSON.stringify(pub)).not.toContain(EDITOR);
    expect(JSON.stringify(pub)).not.toContain('Marko');
  });
});

describe('the audit log', () => {
  it('has an entry naming the actor for every event written from the workspace', async () => {
    await stack.poller.idle();
    const { entries } = await store.listAudit('zvecan', { limit: 500 });
    const byWorkspace: CaseEvent[] = [];
    for (const code of new Set(entries.map((e) => e.code))) byWorkspace.push(...(await events(code)).filter((e) => e.via === 'session'));
    expect(byWorkspace.length).toBeGreaterThan(15);
    for (const e of byWorkspace) {
      expect(e.actor, `${e.code} ${e.change}`).toMatch(/@ezvecan\.com$/);
      expect(entries.some((a) => a.code === e.code && a.at === e.at && a.change === e.change && a.actor === e.actor && a.via === 'session'), `${e.code} ${e.change}`).toBe(true);
    }
    for (const change of ['status', 'forwarded', 'note', 'edited', 'duplicate', 'contact-viewed', 'erased', 'created']) expect(byWorkspace.some((e) => e.change === change), change).toBe(true);
    // What was written is not in the log: no note, answer or contact.
    expect(JSON.stringify(entries)).not.toContain('interna oznaka');
    expect(JSON.stringify(entries)).not.toContain('Përgjigjja');
  });
});

describe('the reply link page', () => {
  it('has both answer fields, the planned date and a link to the workspace, in the inbox member’s language; after the answer the confirmation is in that language', async () => {
    const code = await report({ locale: 'sr', description: 'Рупа на путу код моста, велика и опасна.' });
    await stack.poller.idle();
    const mail = (await mails(stack)).find((m) => m.subject.includes(code) && m.to.includes(INFRA))!;
    const link = replyLink(mail).replace(/^http:\/\/[^/]+/, '');
    // The inbox works in Albanian.
    await store.putStaffPrefs('zvecan', INFRA, { locale: 'sq' });
    try {
      const page = await (await get(link)).text();
      expect(page).toContain(t('sq', 'wcase.answerSr'));
      expect(page).toContain('id="answerSq"');
      expect(page).toContain('id="plannedAt"');
      expect(page).toContain(`href="/sq/staff/cases/${code}/"`);
      expect(page).toContain(`action="${link}?lang=sq"`);
      // Both languages through the link.
      const r = await post(link, undefined, { outcome: 'in_progress', publicText: 'Рупа на путу код моста.', answerSr: 'Поправка је заказана.', answerSq: 'Riparimi është planifikuar.', plannedAt: dayFromToday(5) });
      expect(r.status).toBe(303);
      // The citizen wrote in Serbian; the member of staff reads Albanian.
      expect(r.headers.get('location')).toBe(`/sq/status/${code}/?replied=1`);
      const c = await record(code);
      expect(c).toMatchObject({ status: 'in_progress', answers: { sr: 'Поправка је заказана.', sq: 'Riparimi është planifikuar.' }, answer: 'Поправка је заказана.', plannedAt: dayFromToday(5) });
      expect(c.resolutionDueAt).toBeDefined();
      expect((await events(code)).find((e) => e.change === 'status')).toMatchObject({ via: 'link', inbox: INFRA });
      // The used link says so in the page's language too.
      const used = await get(link);
      expect(used.status).toBe(410);
      expect(await used.text()).toContain(t('sq', 'staff.tokenUsed'));
    } finally {
      await store.putStaffPrefs('zvecan', INFRA, { locale: 'sr' });
    }
  });

  it('still takes the one answer field of a page opened before there were two', async () => {
    const code = await report({ locale: 'sq' });
    await stack.poller.idle();
    const mail = (await mails(stack)).find((m) => m.subject.includes(code) && m.to.includes(INFRA))!;
    const link = replyLink(mail).replace(/^http:\/\/[^/]+/, '');
    const r = await post(link, undefined, { outcome: 'answered', publicText: 'Gropë.', answer: 'U riparua.' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/sr/status/${code}/?replied=1`);
    expect(await record(code)).toMatchObject({ answer: 'U riparua.', answers: { sq: 'U riparua.' } });
  });
});
