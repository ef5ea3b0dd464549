// The staff workspace's inbox, log of staff actions and settings, on the real local services
// with the platform's clock injected: cases created through the API appear soonest due first,
// each only for its inbox (all of them for the supervisor), with filters, counts and paging;
// deadlines pass on the clock and cases show as overdue; the supervisor alone reads the log;
// the settings change the workspace's language.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request as httpRequest } from 'node:http';
import { startTestStack, mails, type Stack } from '../helpers/stack.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { resolutionDeadline } from '../../core/cases/resolution.ts';
import { trackingCode } from '../../core/cases/codes.ts';
import { deadlineFrom } from '../../core/time.ts';
import type { CaseEvent, CaseRecord } from '../../core/cases/model.ts';
import type { CaseStore } from '../../functions/domain/ports.ts';
import { sessionCookieName } from '../../functions/domain/staff-auth.ts';

// Zvečan's clock stops at weekends and holidays; Monday 2 March 2026, 08:00 local (CET) = 07:00 UTC.
let clock = Date.parse('2026-03-02T07:00:00Z');
const at = (localIso: string) => {
  clock = Date.parse(`${localIso}+01:00`);
};
const zvecan = getMunicipality('zvecan');

let stack: Stack;
let store: CaseStore;
beforeAll(async () => {
  stack = await startTestStack({ now: () => new Date(clock) });
  store = stack.platform.ports.store;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One request to the local stack as a browser sends it, with the site's Host (Node's fetch would replace it). */
function send(path: string, opts: { method?: string; headers?: Record<string, string>; form?: Record<string, string>; json?: unknown; cookie?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = opts.form ? Buffer.from(new URLSearchParams(opts.form).toString()) : opts.json ? Buffer.from(JSON.stringify(opts.json)) : undefined;
    const headers: Record<string, string> = { host: `zvecan.localhost:${stack.port}`, ...opts.headers };
    if (body) {
      headers['content-type'] = opts.form ? 'application/x-www-form-urlencoded' : 'application/json';
      headers['content-length'] = String(body.length);
      headers['sec-fetch-site'] = 'same-origin';
    }
    if (opts.json) headers.accept = 'application/json';
    if (opts.cookie) headers.cookie = opts.cookie;
    const req = httpRequest({ host: '127.0.0.1', port: stack.port, method: opts.method ?? (body ? 'POST' : 'GET'), path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const LINK = /https?:\/\/[^\s"<]+(\/(?:sr|sr-latn|sq)\/staff\/sign-in\/[A-Za-z0-9_-]{43}\/)/;
/** Signs in through the whole flow (the form, the email, the button) and returns the cookie to send. */
async function signIn(email: string, locale = 'sr'): Promise<{ cookie: string; location: string }> {
  expect((await send(`/${locale}/staff/sign-in/`, { form: { email } })).status).toBe(303);
  await stack.poller.idle();
  const mail = (await mails(stack)).filter((m) => m.to.includes(email) && LINK.test(m.text)).pop()!;
  const r = await send(LINK.exec(mail.text)![1]!, { form: {} });
  expect(r.status).toBe(303);
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${sessionCookieName(false)}=`))!;
  return { cookie: set.split(';')[0]!, location: String(r.headers.location) };
}

const who = { infra: 'infrastruktura@ezvecan.com', komunalno: 'komunalno@ezvecan.com', supervisor: 'nadzor@ezvecan.com', editor: 'urednik@ezvecan.com' };
const cookies: Record<keyof typeof who, string> = { infra: '', komunalno: '', supervisor: '', editor: '' };
/** Signs everyone in (again: a session lasts 12 hours of the platform's clock). */
async function signInAll() {
  for (const k of Object.keys(who) as (keyof typeof who)[]) cookies[k] = (await signIn(who[k])).cookie;
}

const page = (path: string, as: keyof typeof who) => send(path, { cookie: cookies[as] });
/** The tracking codes in the inbox table, top to bottom. */
const rowsOf = (html: string) => [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/<th scope="row"><a href="\/\w+(?:-latn)?\/staff\/cases\/([A-Z0-9-]{9})\/"/g)].map((m) => m[1]!);
const count = (html: string, name: string) => Number(new RegExp(`data-count="${name}">(\\d+)<`).exec(html)?.[1]);
const h1 = (html: string) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1];

let seq = 0;
async function report(category: string, locale = 'sr'): Promise<string> {
  const r = await send('/api/reports', { json: { municipality: 'zvecan', locale, category, description: `Проблем број ${++seq} у улици поред школе.`, address: 'Улица краља Милутина', email: `gradjanin${seq}@example.org`, consent: true } });
  expect(r.status, r.body).toBe(201);
  return (JSON.parse(r.body) as { code: string }).code;
}
async function question(): Promise<string> {
  const r = await send('/api/questions', { json: { municipality: 'zvecan', locale: 'sq', question: `Kur do të rregullohet ndriçimi, pyetja ${++seq}?`, email: `qytetar${seq}@example.org`, consent: true } });
  expect(r.status, r.body).toBe(201);
  return (JSON.parse(r.body) as { code: string }).code;
}

describe('the inbox', () => {
  let a: string; // roads → infrastruktura, Mon 08:00
  let b: string; // water → komunalno, Mon 09:00
  let c: string; // lighting → infrastruktura, Mon 10:00
  let d: string; // a question → the mayor's office, Mon 11:00
  let e: string; // roads, by phone, registered on a citizen's behalf, Mon 11:30

  beforeAll(async () => {
    a = await report('roads');
    at('2026-03-02T09:00');
    b = await report('water');
    at('2026-03-02T10:00');
    c = await report('lighting', 'sq');
    at('2026-03-02T11:00');
    d = await question();
    at('2026-03-02T11:30');
    // A case from another channel, as the workspace registers it: the record says so.
    const now = new Date(clock);
    const code = trackingCode();
    const record: CaseRecord = {
      code, kind: 'report', municipality: 'zvecan', locale: 'sr', category: 'roads', text: 'Пријављено телефоном: рупа на путу.', publicText: 'Пријављено телефоном: рупа на путу.',
      photos: [], status: 'received', createdAt: now.toISOString(), updatedAt: now.toISOString(), deadlineAt: deadlineFrom(now, zvecan.clock).toISOString(), showName: false, channel: 'phone',
    };
    await store.createCase({ idempotencyKey: `phone-${code}`, record, contact: { code }, event: { code, municipality: 'zvecan', at: now.toISOString(), change: 'created', status: 'received', public: true, via: 'session', actor: who.editor }, contactTtl: Math.floor(now.getTime() / 1000) + 86_400 * 400, now });
    e = code;
    await stack.poller.idle();
    await signInAll();
  }, 60_000);

  it('lists the open cases of my inboxes, soonest due first, with the time left on the clock', async () => {
    const infra = await page('/sr/staff/', 'infra');
    expect(infra.status).toBe(200);
    expect(h1(infra.body)).toBe('Предмети');
    expect(rowsOf(infra.body)).toEqual([a, c, e]);
    // Mon 11:30 → Wed 08:00: 44 h 30 min of the running clock left.
    expect(infra.body).toContain('Још 44 ч 30 мин');
    expect(infra.body).toContain('Одговор до 4. март 2026. 08:00');
    expect(infra.body).toContain('<caption id="inbox-caption">');
    expect(infra.body).toContain('<th scope="col">Рок</th>');
    // One inbox: no column saying whose it is.
    expect(infra.body).not.toContain('Код кога је');
    expect(infra.body).toContain('Телефон'); // E's channel
    expect(infra.headers['cache-control']).toBe('no-store');
    expect(infra.headers['x-robots-tag']).toBe('noindex');
    expect(rowsOf((await page('/sr/staff/', 'komunalno')).body)).toEqual([b]);
  });

  it('shows the supervisor every open case, with the inbox each is with, and counts them', async () => {
    const sup = await page('/sr/staff/', 'supervisor');
    expect(rowsOf(sup.body)).toEqual([a, b, c, d, e]);
    expect(sup.body).toContain('Код кога је');
    expect(sup.body).toContain('predsednik@ezvecan.com');
    expect(count(sup.body, 'open')).toBe(5);
    expect(count(sup.body, 'overdue')).toBe(0);
    expect(count(sup.body, 'received')).toBe(5);
    expect(sup.body).toContain('href="/sr/staff/audit/"');
  });

  it('shows an editor no cases, but where to register one', async () => {
    const ed = await page('/sr/staff/', 'editor');
    expect(ed.status).toBe(200);
    expect(rowsOf(ed.body)).toEqual([]);
    expect(ed.body).toContain('Ваша адреса не прима предмете');
    expect(ed.body).toContain('href="/sr/staff/new/"');
    expect(ed.body).not.toContain('href="/sr/staff/audit/"');
  });

  it('sorts a case in progress by its resolution deadline, and filters by status, category and channel', async () => {
    // C goes in progress from the workspace (as functions/domain/workspace.ts writes it).
    const found = (await store.getCaseWithEvents(c))!;
    const now = new Date(clock).toISOString();
    const next: CaseRecord = { ...found.record, status: 'in_progress', resolutionDueAt: resolutionDeadline(zvecan, 'lighting', new Date(clock)).toISOString(), plannedAt: '2026-03-20', firstAnsweredAt: now, updatedAt: now };
    const event: CaseEvent = { code: c, municipality: 'zvecan', at: now, change: 'status', status: 'in_progress', public: true, answer: 'Radimo na tome.', via: 'session', actor: who.infra };
    expect(await store.saveCase(next, found.record.updatedAt, [event])).toBe(true);
    await stack.poller.idle();

    const infra = await page('/sr/staff/', 'infra');
    expect(rowsOf(infra.body)).toEqual([a, e, c]);
    expect(count(infra.body, 'received')).toBe(2);
    expect(count(infra.body, 'in_progress')).toBe(1);
    const inProgress = await page('/sr/staff/?status=in_progress', 'infra');
    expect(rowsOf(inProgress.body)).toEqual([c]);
    expect(inProgress.body).toContain('Решавање до');
    expect(inProgress.body).toMatch(/<option value="in_progress" selected>/);
    expect(rowsOf((await page('/sr/staff/?category=water', 'supervisor')).body)).toEqual([b]);
    expect(rowsOf((await page('/sr/staff/?channel=phone', 'supervisor')).body)).toEqual([e]);
    expect(rowsOf((await page('/sr/staff/?channel=web&category=roads', 'supervisor')).body)).toEqual([a]);
    // Nothing matches: said in words. Unknown values are no filter at all.
    const none = await page('/sr/staff/?category=water', 'infra');
    expect(rowsOf(none.body)).toEqual([]);
    expect(none.body).toContain('Ниједан отворен предмет не одговара изабраним филтерима.');
    expect(rowsOf((await page('/sr/staff/?status=closed&category=%3Cx%3E&channel=fax&page=abc', 'infra')).body)).toEqual([a, e, c]);
  });

  it('shows a case as overdue once its deadline passes on the clock, and filters the overdue ones', async () => {
    at('2026-03-04T08:30'); // Wednesday: A's deadline passed half an hour ago, B's is at 09:00
    await signInAll();
    const sup = await page('/sr/staff/', 'supervisor');
    expect(count(sup.body, 'overdue')).toBe(1);
    expect(sup.body).toContain('<span class="state state--overdue">Рок је истекао пре 0 ч 30 мин</span>');
    const overdue = await page('/sr/staff/?overdue=1', 'supervisor');
    expect(rowsOf(overdue.body)).toEqual([a]);
    expect(overdue.body).toMatch(/id="overdue" name="overdue" type="checkbox" value="1" checked/);
    at('2026-03-04T11:31'); // every received case is overdue now; C has weeks left
    const later = await page('/sr/staff/?overdue=1', 'supervisor');
    expect(rowsOf(later.body)).toEqual([a, b, d, e]);
    expect(count(later.body, 'overdue')).toBe(4);
    expect(later.body).toContain('Рок је истекао пре 3 ч 31 мин');
  });

  it('pages 25 cases at a time, keeping the filters in the links', async () => {
    const more: string[] = [];
    // A second apart, so their deadlines are a second apart too: the order is the order made.
    for (let i = 0; i < 26; i++) {
      clock += 1000;
      more.push(await report('waste'));
    }
    await stack.poller.idle();
    const first = await page('/sr/staff/?category=waste', 'komunalno');
    expect(rowsOf(first.body)).toEqual(more.slice(0, 25));
    expect(first.body).toContain('Страна 1 од 2');
    expect(first.body).toContain('Приказано 1–25 од 26.');
    expect(first.body).toContain('href="/sr/staff/?category=waste&amp;page=2" rel="next"');
    const second = await page('/sr/staff/?category=waste&page=2', 'komunalno');
    expect(rowsOf(second.body)).toEqual(more.slice(25));
    expect(second.body).toContain('href="/sr/staff/?category=waste" rel="prev"');
    // Past the last page: the last page.
    expect(rowsOf((await page('/sr/staff/?category=waste&page=9', 'komunalno')).body)).toEqual(more.slice(25));
    // All of komunalno's: B and the 26, 27 in all.
    const all = await page('/sr/staff/?page=2', 'komunalno');
    expect(all.body).toContain('Приказано 26–27 од 27.');
  });

  it('finds a case by its tracking code however it is typed, and says so when it is no code', async () => {
    const typed = `${a.slice(0, 4).toLowerCase()} ${a.slice(5)}`;
    const r = await page(`/sr/staff/?code=${encodeURIComponent(typed)}`, 'infra');
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe(`/sr/staff/cases/${a}/`);
    const bad = await page('/sq/staff/?code=%3Cb%3Eabc', 'infra');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('error-summary');
    expect(bad.body).toContain('Ky nuk është numër rasti.');
    expect(bad.body).toContain('value="&lt;b&gt;abc"');
    expect(bad.body).not.toContain('<b>abc');
  });
});

describe('the log of staff actions', () => {
  it('is for the supervisor only: 403 with a translated page for an inbox member and an editor', async () => {
    for (const as of ['infra', 'editor'] as const) {
      const r = await page('/sr/staff/audit/', as);
      expect(r.status).toBe(403);
      expect(h1(r.body)).toBe('Евиденција је само за надзорника');
    }
    expect((await page('/sq/staff/audit/', 'komunalno')).body).toContain('Regjistri është vetëm për mbikëqyrësin');
  });

  it('shows who did what, newest first, 50 to a page, and never what a note said', async () => {
    const sup = await page('/sr/staff/audit/', 'supervisor');
    expect(sup.status).toBe(200);
    expect(h1(sup.body)).toBe('Евиденција радњи');
    expect(sup.body).toContain('<caption id="audit-caption">');
    expect(sup.body).toContain('Статус: У обради');
    expect(sup.body).toContain(who.infra);
    expect(sup.body).toContain('Заведен предмет'); // E, registered by the editor
    // A reply link's action and many notes after it.
    const base = clock;
    const code = rowsOf((await page('/sr/staff/', 'supervisor')).body)[0]!;
    await store.addEvent({ code, municipality: 'zvecan', at: new Date(base).toISOString(), change: 'contact-viewed', status: 'received', public: false, via: 'link', linkId: '1a2b3c4d', inbox: who.komunalno });
    for (let i = 1; i <= 55; i++) {
      await store.addEvent({ code, municipality: 'zvecan', at: new Date(base + i * 1000).toISOString(), change: 'note', status: 'received', public: false, note: `Тајна белешка ${i}`, via: 'session', actor: who.supervisor });
    }
    const first = await page('/sr/staff/audit/', 'supervisor');
    const rows = (html: string) => (/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').split('<tr>').length - 1;
    expect(rows(first.body)).toBe(50);
    expect(first.body).toContain('Интерна белешка');
    expect(first.body).not.toContain('Тајна белешка');
    const older = /href="(\/sr\/staff\/audit\/\?before=[^"]+)" rel="next"/.exec(first.body)![1]!.replace(/&amp;/g, '&');
    const second = await page(older, 'supervisor');
    expect(second.status).toBe(200);
    expect(second.body).toContain('Линк за одговор 1a2b3c4d (komunalno@ezvecan.com)');
    expect(second.body).toContain('Статус: У обради');
    expect(second.body).toContain('href="/sr/staff/audit/"');
    // A made-up cursor starts again at the newest.
    expect(rows((await page('/sr/staff/audit/?before=%00%0d', 'supervisor')).body)).toBe(50);
  });
});

describe('settings', () => {
  it('change the language of the workspace, and the next sign-in goes there', async () => {
    const before = await page('/sr/staff/settings/', 'infra');
    expect(before.status).toBe(200);
    expect(before.body).toMatch(/<input class="radio__input" id="locale" name="locale" type="radio" value="sr" checked>/);
    const bad = await send('/sr/staff/settings/', { form: { locale: 'en' }, cookie: cookies.infra });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('Изаберите један од понуђених језика.');
    expect(bad.body).toContain('error-summary');
    const saved = await send('/sr/staff/settings/', { form: { locale: 'sq' }, cookie: cookies.infra });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/sq/staff/settings/?saved=1');
    const after = await page('/sq/staff/settings/?saved=1', 'infra');
    expect(h1(after.body)).toBe('Cilësimet');
    expect(after.body).toContain('Cilësimet u ruajtën.');
    expect(after.body).toMatch(/value="sq" checked/);
    expect(await store.getStaffPrefs('zvecan', who.infra)).toEqual({ locale: 'sq' });
    expect(h1((await page('/sq/staff/', 'infra')).body)).toBe('Rastet');
    expect((await signIn(who.infra, 'sr')).location).toBe('/sq/staff/');
  });
});
