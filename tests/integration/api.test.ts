// The API against the real local services: DynamoDB Local, s3rver, the mail sink, the poller.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import sharp from 'sharp';
import { startTestStack, storedCases, photoWithGps, upload, mails, replyLink, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(stack.apiUrl(path), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost', ...headers }, body: JSON.stringify(body) });
const form = (path: string, body: Record<string, string>) =>
  fetch(stack.apiUrl(path), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' }, body: new URLSearchParams(body), redirect: 'manual' });

let seq = 0;
const report = (extra: Record<string, unknown> = {}) => ({
  municipality: 'zvecan', locale: 'sq', category: 'roads', description: `Gropë e madhe në rrugën kryesore, numri ${++seq}.`,
  address: 'Rruga kryesore, Zveçan', email: `qytetari${seq}@example.org`, name: 'Arta Krasniqi', showName: false, consent: true, ...extra,
});

describe('a System 48h report with a photo, from submission to answer', () => {
  let code: string;

  it('stores the case and answers 201 with a tracking code', async () => {
    const photoKey = await upload(stack, await photoWithGps());
    const r = await json('/api/reports', report({ photos: [photoKey], lat: 42.9075, lng: 20.8406, idempotencyKey: 'happy-path-key-0001' }));
    expect(r.status).toBe(201);
    const body = (await r.json()) as { code: string; statusUrl: string };
    expect(body.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(body.statusUrl).toBe(`/sq/status/${body.code}/?new=1`);
    code = body.code;
  });

  it('emails the category inbox with a reply link and the citizen in Albanian', async () => {
    await stack.poller.idle();
    const all = await mails(stack);
    const staff = all.find((m) => m.subject.includes(code) && m.to.includes('infrastruktura@ezvecan.com'))!;
    expect(staff.subject).toMatch(/Нова пријава/);
    expect(replyLink(staff)).toMatch(/^http:\/\/zvecan\.localhost:\d+\/api\/reply\//);
    const ack = all.find((m) => m.subject.includes(code) && m.to[0]!.startsWith('qytetari'))!;
    expect(ack.subject).toBe(`E kemi pranuar raportin tuaj ${code}`);
    expect(ack.text).toContain(`/sq/status/${code}/`);
  });

  it('processes the photo and keeps it private until staff publish it', async () => {
    const c = (await storedCases(stack)).find((i) => i.pk === `CASE#${code}` && i.sk === 'CASE')!;
    expect(JSON.stringify(c)).toContain('ready');
    const pub = (await (await fetch(stack.apiUrl(`/api/cases/${code}`))).json()) as { photos: unknown[]; name?: string };
    expect(pub.photos).toEqual([]);
    expect(pub.name).toBeUndefined();
  });

  it('lets staff open the link without using it, then answer once', async () => {
    const staff = (await mails(stack)).find((m) => m.subject.includes(code) && m.to.includes('infrastruktura@ezvecan.com'))!;
    const link = replyLink(staff).replace(/^http:\/\/zvecan\.localhost:\d+/, '');
    let html = '';
    for (let i = 0; i < 2; i++) {
      const page = await fetch(stack.apiUrl(link), { headers: { host: 'zvecan.localhost' } });
      expect(page.status).toBe(200);
      html = await page.text();
      expect(html).toContain('Gropë e madhe');
      // The contact is masked on GET (a forwarded or scanned link shows no address), in full on request.
      expect(html).not.toContain('qytetari');
      expect(html).toContain('q•••@•••.org');
    }
    const shown = await fetch(stack.apiUrl(`${link}/contact`), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' }, body: '' });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toMatch(/qytetari\d+@example\.org/);
    const photoId = /name="photo-([0-9a-f]{16})"/.exec(html)![1]!;
    const post = await fetch(stack.apiUrl(link), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' },
      body: new URLSearchParams({ outcome: 'answered', publicText: 'Gropë e madhe në rrugën kryesore.', answer: 'Ekipi do ta riparojë gropën të enjten.', [`photo-${photoId}`]: 'publish' }),
      redirect: 'manual',
    });
    expect(post.status).toBe(303);
    // The confirmation is for the member of staff: in the staff page's language (the municipality's,
    // Serbian, as nobody chose another), not the Albanian of the citizen (issue 12).
    expect(post.headers.get('location')).toBe(`/sr/status/${code}/?replied=1`);
    const again = await fetch(stack.apiUrl(link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ outcome: 'resolved', publicText: 'x', answer: 'Përsëri.' }) });
    expect(again.status).toBe(410);
    expect((await fetch(stack.apiUrl(link))).status).toBe(410);
  });

  it('shows the answer on the status page and emails the citizen with a subject that says so', async () => {
    await stack.poller.idle();
    const page = await (await fetch(stack.apiUrl(`/sq/status/${code}/`), { headers: { host: 'zvecan.localhost' } })).text();
    expect(page).toContain('Ekipi do ta riparojë gropën të enjten.');
    expect(page).toContain('badge--answered');
    expect(page).not.toContain('qytetari');
    expect(page).not.toContain('Arta Krasniqi');
    const mail = (await mails(stack)).find((m) => m.subject === `Ka ardhur përgjigjja për raportin tuaj ${code}`);
    expect(mail?.text).toContain('Ekipi do ta riparojë');
  });

  it('publishes the photo variants with no EXIF or GPS in any of them', async () => {
    const pub = (await (await fetch(stack.apiUrl(`/api/cases/${code}`))).json()) as { photos: { variants: { w: number; url: string }[] }[] };
    expect(pub.photos).toHaveLength(1);
    for (const v of pub.photos[0]!.variants) {
      const res = await fetch(stack.apiUrl(v.url));
      expect(res.status).toBe(200);
      const buf = Buffer.from(await res.arrayBuffer());
      const meta = await sharp(buf).metadata();
      expect(meta.format).toBe('webp');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(buf.includes(Buffer.from('GPS'))).toBe(false);
      expect(buf.includes(Buffer.from('TestPhone'))).toBe(false);
    }
  });
});

describe('Ask the Mayor without JavaScript', () => {
  it('answers the plain form POST with 303 to the status page', async () => {
    const r = await form('/api/questions', { municipality: 'zvecan', locale: 'sr', question: 'Када ће бити реновирана зграда библиотеке?', name: 'Петар', email: 'petar@example.org', consent: 'on' });
    expect(r.status).toBe(303);
    const location = r.headers.get('location')!;
    expect(location).toMatch(/^\/sr\/status\/[A-Z0-9]{4}-[A-Z0-9]{4}\/\?new=1$/);
    const page = await (await fetch(stack.apiUrl(location), { headers: { host: 'zvecan.localhost' } })).text();
    expect(page).toContain('data-testid="tracking-code"');
    expect(page).toContain('Када ће бити реновирана');
    expect(page).not.toContain('petar@example.org');
  });

  it('shows the form again with errors and the answers kept', async () => {
    const r = await form('/api/questions', { municipality: 'zvecan', locale: 'sr-latn', question: 'Kratko', email: 'nije-adresa', consent: '' });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toMatch(/href="#question"/);
    expect(html).toMatch(/href="#email"/);
    expect(html).toMatch(/href="#consent"/);
    expect(html).toContain('nije-adresa');
  });
});

describe('a retried or double-clicked submission', () => {
  it('makes one case, one staff email and one acknowledgement from 10 concurrent requests', async () => {
    const before = (await mails(stack)).length;
    const body = report({ idempotencyKey: 'same-key-ten-times-0001', email: 'dupla@example.org' });
    const responses = await Promise.all(Array.from({ length: 10 }, () => json('/api/reports', body)));
    const codes = new Set<string>();
    for (const r of responses) {
      expect([200, 201]).toContain(r.status);
      codes.add(((await r.json()) as { code: string }).code);
    }
    expect(codes.size).toBe(1);
    const [code] = [...codes];
    expect((await storedCases(stack)).filter((i) => i.pk === `CASE#${code}` && i.sk === 'CASE')).toHaveLength(1);
    await stack.poller.idle();
    const mine = (await mails(stack)).slice(before).filter((m) => m.subject.includes(code!));
    expect(mine.filter((m) => m.to.includes('infrastruktura@ezvecan.com'))).toHaveLength(1);
    expect(mine.filter((m) => m.to.includes('dupla@example.org'))).toHaveLength(1);
  });
});

describe('the mail sink down during a submission', () => {
  it('stores the case and delivers the emails once the sink is back', async () => {
    await stack.mail.stop();
    const r = await json('/api/reports', report({ email: 'strpljiv@example.org', idempotencyKey: 'mail-down-key-000001' }));
    expect(r.status).toBe(201);
    const { code } = (await r.json()) as { code: string };
    expect((await storedCases(stack)).some((i) => i.pk === `CASE#${code}`)).toBe(true);
    await new Promise((res) => setTimeout(res, 1500)); // the poller tries and fails meanwhile
    expect((await mails(stack)).some((m) => m.subject.includes(code))).toBe(false);
    await stack.mail.start();
    await stack.poller.idle();
    const delivered = (await mails(stack)).filter((m) => m.subject.includes(code));
    expect(delivered.map((m) => m.to[0]).sort()).toEqual(['infrastruktura@ezvecan.com', 'strpljiv@example.org']);
  }, 60_000);
});

describe('a case still in progress', () => {
  it('emails staff a fresh one-time link, and the citizen an update', async () => {
    const r = await json('/api/questions', { municipality: 'zvecan', locale: 'sr-latn', question: 'Kada će biti završena rekonstrukcija vodovoda?', email: 'voda@example.org', consent: true, idempotencyKey: 'in-progress-key-0001' });
    const { code } = (await r.json()) as { code: string };
    await stack.poller.idle();
    const first = (await mails(stack)).find((m) => m.subject.includes(code) && m.to.includes('predsednik@ezvecan.com'))!;
    const link1 = replyLink(first).replace(/^http:\/\/[^/]+/, '');
    const post = await fetch(stack.apiUrl(link1), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ outcome: 'in_progress', publicText: 'Kada će biti završena rekonstrukcija vodovoda?', answer: 'Radovi su u toku; odgovor sledi do kraja meseca.' }), redirect: 'manual' });
    expect(post.status).toBe(303);
    await stack.poller.idle();
    const followUp = (await mails(stack)).find((m) => m.subject.includes(code) && m.to.includes('predsednik@ezvecan.com') && m !== first && m.id !== first.id)!;
    expect(followUp.subject).toMatch(/у обради/);
    const link2 = replyLink(followUp).replace(/^http:\/\/[^/]+/, '');
    expect(link2).not.toBe(link1);
    expect((await fetch(stack.apiUrl(link1))).status).toBe(410);
    expect((await fetch(stack.apiUrl(link2))).status).toBe(200);
    const update = (await mails(stack)).find((m) => m.to.includes('voda@example.org') && m.subject === `Vaše pitanje ${code} je u obradi`);
    expect(update?.text).toContain('Radovi su u toku');
  });
});
