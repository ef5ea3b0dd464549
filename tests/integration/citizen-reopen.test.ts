// The citizen's personal link (functions/domain/citizen.ts) on the real local services, with the
// platform's clock injected: the acknowledgement carries it; while the case is open the citizen
// adds information (the inbox is mailed, the public wording masks contacts); staff resolve through
// the reply link; the citizen says "not fixed" through the link in the status email and the case
// reopens with a new deadline, the timeline shows it, the inbox gets a fresh working reply link and
// the sweep reminds again; after 31 days the form is refused with an explanation. A GET never
// changes anything; a cross-site POST is refused; no public record holds the citizen's own words
// or address.
import { request as httpRequest } from 'node:http';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestStack, mails, replyLink, scanAll, type Mail, type Stack } from '../helpers/stack.ts';
import type { SweepReport } from '../../functions/handlers/sweep.ts';
import type { CaseStore } from '../../functions/domain/ports.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { deadlineFrom } from '../../core/time.ts';

// Zvečan's local time, CET (UTC+1). Monday 2 March 2026 08:00 local.
let clock = Date.parse('2026-03-02T07:00:00Z');
const at = (localIso: string) => {
  clock = Date.parse(`${localIso}+01:00`);
};

let stack: Stack;
let store: CaseStore;
let sweep: () => Promise<SweepReport>;
beforeAll(async () => {
  stack = await startTestStack({ now: () => new Date(clock), publisher: { requestBuild: async () => {} } });
  store = stack.platform.ports.store as CaseStore;
  sweep = stack.sweep as () => Promise<SweepReport>;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const CITIZEN = 'gradjanin.reopen@example.org';
const INBOX = 'komunalno@ezvecan.com';
const path = (link: string) => link.replace(/^http:\/\/[^/]+/, '');
const personalLink = (mail: Mail) => {
  const m = /https?:\/\/[^\s"<]+\/my-case\/[A-Za-z0-9_-]{43}\//.exec(mail.text);
  if (!m) throw new Error(`no personal link in "${mail.subject}"`);
  return path(m[0]);
};
/** One request with the site's Host, as a browser sends it (Node's fetch would replace the Host). */
function send(p: string, opts: { method?: string; headers?: Record<string, string>; form?: Record<string, string> } = {}): Promise<{ status: number; body: string; location: string | null }> {
  return new Promise((resolve, reject) => {
    const body = opts.form ? Buffer.from(new URLSearchParams(opts.form).toString()) : undefined;
    const headers: Record<string, string> = { host: `zvecan.localhost:${stack.port}`, ...opts.headers };
    if (body) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(body.length);
    }
    const req = httpRequest({ host: '127.0.0.1', port: stack.port, method: opts.method ?? (body ? 'POST' : 'GET'), path: p, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), location: (res.headers.location as string | undefined) ?? null }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}
const get = (p: string) => send(p);
const post = async (p: string, form: Record<string, string>, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) => {
  const r = await send(p, { form, headers });
  await stack.poller.idle();
  return r;
};
const mailsAbout = async (code: string) => (await mails(stack)).filter((m) => m.subject.includes(code) || m.text.includes(code));
const latestTo = async (code: string, to: string) => (await mailsAbout(code)).filter((m) => m.to.includes(to)).at(-1)!;
const items = async (code: string) => (await scanAll(stack)).filter((i) => i.pk === `CASE#${code}`);
const events = async (code: string) => (await items(code)).filter((i) => String(i.sk).startsWith('EVENT#'));

describe('the citizen’s personal link: add information, reopen when not fixed', () => {
  let code: string;
  let link: string;

  it('mails the personal link with the acknowledgement; its GET shows the case and changes nothing', async () => {
    at('2026-03-02T08:00:00');
    const r = await fetch(stack.apiUrl('/api/reports'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost' },
      body: JSON.stringify({ municipality: 'zvecan', consent: true, locale: 'sr', category: 'water', description: 'Пукла је цев код школе, вода тече низ улицу.', address: 'Главна улица, Звечан', email: CITIZEN }),
    });
    code = ((await r.json()) as { code: string }).code;
    expect(r.status).toBe(201);
    await stack.poller.idle();
    const ack = await latestTo(code, CITIZEN);
    link = personalLink(ack);
    expect(link).toMatch(/^\/sr\/my-case\/[A-Za-z0-9_-]{43}\/$/);
    expect(ack.text).toContain('Додајте информацију или нам јавите да проблем није решен:');
    // Stored by its hash only.
    const token = link.split('/')[3]!;
    expect(JSON.stringify(await scanAll(stack))).not.toContain(token);

    const before = JSON.stringify(await items(code));
    for (let i = 0; i < 2; i++) {
      const page = await get(link);
      expect(page.status).toBe(200);
      expect(page.body).toContain(`Ваш предмет ${code}`);
      expect(page.body).toContain('Додајте информацију');
      expect(page.body).toContain('name="text"');
      expect(page.body).toContain('Пукла је цев');
    }
    await stack.poller.idle();
    expect(JSON.stringify(await items(code))).toBe(before);
  });

  it('refuses unknown tokens (404), a cross-site POST (403), and bad input with the text kept', async () => {
    expect((await get(`/sr/my-case/${'A'.repeat(43)}/`)).status).toBe(404);
    expect((await get('/sq/my-case/nope/')).body).toContain('Lidhje e panjohur');
    const before = (await events(code)).length;
    expect((await post(`${link}update/?lang=sr`, { text: 'Још увек тече вода, ово је додатак.' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post(`${link}update/?lang=sr`, { text: 'Још увек тече вода.' }, { origin: 'https://evil.example' })).status).toBe(403);
    const short = await post(`${link}update/?lang=sr`, { text: 'кратко' });
    expect(short.status).toBe(400);
    expect(short.body).toContain('error-summary');
    expect(short.body).toContain('Текст је прекратак');
    expect(short.body).toContain('>кратко</textarea>');
    expect((await events(code)).length).toBe(before);
  });

  it('adds information while open: the inbox is mailed it with a working reply link, the public wording masks contacts', async () => {
    at('2026-03-02T10:00:00');
    const r = await post(`${link}update/?lang=sr`, { text: 'Вода сада тече и у двориште. Зовите ме на 044 123 456 или jovan.svedok@example.org.' });
    expect(r.status).toBe(303);
    expect(r.location).toBe(`${link}?done=update`);
    expect((await get(r.location!)).body).toContain('Ваша допуна је додата предмету');
    const notice = await latestTo(code, INBOX);
    expect(notice.subject).toContain(`Грађанин је допунио предмет ${code}`);
    expect(notice.text).toContain('jovan.svedok@example.org');
    expect((await get(path(replyLink(notice)))).status).toBe(200);
    const status = await get(`/sr/status/${code}/`);
    expect(status.body).toContain('Грађанин је додао');
    expect(status.body).toContain('Вода сада тече и у двориште');
    expect(status.body).not.toContain('jovan.svedok@example.org');
    expect(status.body).not.toContain('123 456');
    // The staff log is of staff actions only.
    expect((await scanAll(stack)).filter((i) => String(i.pk).startsWith('AUDIT#') && i.code === code && i.change === 'citizen-update')).toEqual([]);
  });

  it('staff resolve through the reply link; the status email carries the same personal link', async () => {
    // Past the first 48-hour deadline: the sweep's reminder (so a reopening must be reminded anew).
    at('2026-03-04T09:00:00');
    expect((await sweep()).sent.filter((s) => s.code === code).map((s) => s.kind)).toEqual(['reminder']);
    await stack.poller.idle();
    expect((await post(path(replyLink(await latestTo(code, INBOX))), { outcome: 'resolved', publicText: 'Пукла цев код школе.', answer: 'Цев је замењена.' })).status).toBe(303);
    expect((await store.getCase(code))!.status).toBe('resolved');
    const statusMail = await latestTo(code, CITIZEN);
    expect(statusMail.subject).toMatch(/решен/i);
    expect(personalLink(statusMail)).toBe(link);
    const page = await get(link);
    expect(page.body).toContain('Проблем није решен?');
    expect(page.body).not.toContain('Додајте информацију</h2>');
  });

  let oldReply: string;
  it('"not fixed" reopens the case: status received, a new deadline, the timeline, a fresh reply link', async () => {
    oldReply = path(replyLink(await latestTo(code, INBOX)));
    at('2026-03-10T09:00:00'); // a week after resolving
    const empty = await post(`${link}reopen/?lang=sr`, { text: '' });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('Напишите шта желите да додате.');
    expect((await store.getCase(code))!.status).toBe('resolved');

    const r = await post(`${link}reopen/?lang=sr`, { text: 'Цев поново цури на истом месту, пишите на jovan.svedok@example.org.' });
    expect(r.status).toBe(303);
    const c = (await store.getCase(code))!;
    expect(c.status).toBe('received');
    expect(c.reopenCount).toBe(1);
    expect(c.reopenedAt).toBe(new Date(clock).toISOString());
    expect(c.closedAt).toBeUndefined();
    expect(c.deadlineAt).toBe(deadlineFrom(new Date(clock), getMunicipality('zvecan').clock).toISOString());
    expect((await get(`${link}?done=reopened`)).body).toContain('Предмет је поново отворен');

    const status = await get(`/sr/status/${code}/`);
    expect(status.body).toContain('Поново отворено: није решено');
    expect(status.body).toContain('Цев поново цури на истом месту');
    expect(status.body).not.toContain('jovan.svedok@example.org');

    const notice = await latestTo(code, INBOX);
    expect(notice.subject).toContain(`Поново отворен предмет ${code}`);
    const fresh = path(replyLink(notice));
    expect(fresh).not.toBe(oldReply);
    expect((await get(oldReply)).status).toBe(410);
    expect((await get(fresh)).status).toBe(200);
    // Open again: the page offers to add information.
    expect((await get(link)).body).toContain('name="text"');
  });

  it('the sweep reminds the inbox again for the reopened case', async () => {
    const c = (await store.getCase(code))!;
    clock = Date.parse(c.deadlineAt) + 60_000;
    const report = await sweep();
    expect(report.sent.filter((s) => s.code === code).map((s) => s.kind)).toContain('reminder');
    expect((await sweep()).sent.filter((s) => s.code === code && s.kind === 'reminder')).toEqual([]);
  });

  it('more than 30 days after resolving again, "not fixed" is refused with an explanation', async () => {
    expect((await post(path(replyLink(await latestTo(code, INBOX))), { outcome: 'resolved', publicText: 'Пукла цев код школе.', answer: 'Поново поправљено.' })).status).toBe(303);
    clock += 31 * 86_400_000;
    const page = await get(link);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="citizen-late"');
    expect(page.body).toContain('/sr/system-48h/report/');
    const r = await post(`${link}reopen/?lang=sr`, { text: 'И даље цури вода код школе.' });
    expect(r.status).toBe(409);
    expect(r.body).toContain('data-testid="citizen-late"');
    expect((await store.getCase(code))!.status).toBe('resolved');
  });

  it('no public record holds the citizen’s own words, address or link', async () => {
    const published = JSON.stringify((await scanAll(stack)).filter((i) => String(i.pk).startsWith('PUBLIC#')));
    expect(published).toContain(code);
    expect(published).toContain('"by":{"S":"citizen"}');
    expect(published).not.toContain('jovan.svedok@example.org');
    expect(published).not.toContain('123 456');
    expect(published).not.toContain(CITIZEN);
    expect(published).not.toContain(link.split('/')[3]!);
    const json = (await get(`/api/cases/${code}`)).body;
    expect(json).not.toContain('jovan.svedok@example.org');
    expect(json).toContain('"reopened":true');
  });
});
