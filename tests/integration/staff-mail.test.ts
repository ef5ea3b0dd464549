// Emails to staff and citizens against the real local services (DynamoDB Local, s3rver, the mail
// sink, the stream poller): staff read theirs in the language they chose (the municipality's
// default until they choose), with the case's workspace link beside the one-time reply link; a
// case forwarded inside the municipality reaches its new inbox with a link of its own, which
// replaces the old inbox's; internal steps mail nobody; citizens get the answer in their own
// language first and the other offered, the planned date, the date of resolution, and where a
// duplicate is followed. And the photo fix of issue 12: the status page right after a reply
// that publishes a photo links no image that is not there yet.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestStack, mails, replyLink, photoWithGps, upload, type Mail, type Stack } from '../helpers/stack.ts';
import type { CaseStore } from '../../functions/domain/ports.ts';
import type { CaseEvent } from '../../core/cases/model.ts';

let stack: Stack;
let store: CaseStore;
beforeAll(async () => {
  stack = await startTestStack();
  store = stack.platform.ports.store as CaseStore;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

let seq = 0;
const submit = async (body: Record<string, unknown>) => {
  const r = await fetch(stack.apiUrl('/api/reports'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost' },
    body: JSON.stringify({ municipality: 'zvecan', consent: true, address: 'Rruga kryesore, Zveçan', email: `qytetari${++seq}@example.org`, ...body }),
  });
  const out = (await r.json()) as { code: string };
  expect(r.status, JSON.stringify(out)).toBe(201);
  await stack.poller.idle();
  return out.code;
};
const path = (link: string) => link.replace(/^http:\/\/[^/]+/, '');
const open = (link: string) => fetch(stack.apiUrl(path(link)), { headers: { host: 'zvecan.localhost' } });
const post = async (link: string, body: Record<string, string>) => {
  const r = await fetch(stack.apiUrl(path(link)), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' }, body: new URLSearchParams(body), redirect: 'manual' });
  expect(r.status, await r.clone().text().then((t) => t.slice(0, 400))).toBe(303);
  await stack.poller.idle();
  return r;
};
const mailsAbout = async (code: string) => (await mails(stack)).filter((m) => m.subject.includes(code));
const to = async (code: string, address: string) => (await mailsAbout(code)).filter((m) => m.to.includes(address));
/** A workspace action as the workspace writes it: the whole case, with its events (CaseStore.saveCase). */
const save = async (code: string, change: (r: NonNullable<Awaited<ReturnType<CaseStore['getCase']>>>, at: string) => { fields: Record<string, unknown>; events: Omit<CaseEvent, 'code' | 'municipality' | 'at'>[] }) => {
  const r = (await store.getCase(code))!;
  const at = new Date(Date.parse(r.updatedAt) + 1000).toISOString();
  const { fields, events } = change(r, at);
  expect(await store.saveCase({ ...r, ...fields, updatedAt: at } as typeof r, r.updatedAt, events.map((e) => ({ code, municipality: 'zvecan', at, ...e }) as CaseEvent))).toBe(true);
  await stack.poller.idle();
};

describe('staff emails in the language each member of staff chose', () => {
  it('mails the new case in Albanian to an inbox that chose Albanian, with the workspace link', async () => {
    await store.putStaffPrefs('zvecan', 'Komunalno@ezvecan.com', { locale: 'sq' });
    const code = await submit({ locale: 'sr', category: 'water', description: 'Пукла је цев код школе, вода тече низ улицу.' });
    const [mail] = await to(code, 'komunalno@ezvecan.com');
    expect(mail!.subject).toBe(`[Sistemi 48h] Raport i ri ${code}: Ujë dhe kanalizim`);
    expect(mail!.text).toMatch(/^I\/e nderuar, ka ardhur një lëndë e re/);
    expect(mail!.text).toContain('Përgjigjuni këtu');
    // The citizen's own words as they wrote them.
    expect(mail!.text).toContain('Пукла је цев');
    expect(mail!.text).toMatch(new RegExp(`http://zvecan\\.localhost:\\d+/sq/staff/cases/${code}/`));
    expect(mail!.html).toContain(`/sq/staff/cases/${code}/`);
    expect((await open(replyLink(mail!))).status).toBe(200);
  });

  it('mails an inbox that chose nothing in the municipality\'s default, and one that chose Latin in Latin', async () => {
    const roads = await submit({ locale: 'sq', category: 'roads', description: 'Gropë e madhe në rrugën kryesore.' });
    const [cyr] = await to(roads, 'infrastruktura@ezvecan.com');
    expect(cyr!.subject).toBe(`[Систем 48х] Нова пријава ${roads}: Путеви и тротоари`);
    expect(cyr!.text).toContain(`/sr/staff/cases/${roads}/`);
    await store.putStaffPrefs('zvecan', 'kontakt@ezvecan.com', { locale: 'sr-latn' });
    const other = await submit({ locale: 'sr', category: 'other', description: 'Клупа у парку је поломљена већ месец дана.' });
    const [lat] = await to(other, 'kontakt@ezvecan.com');
    expect(lat!.subject).toBe(`[Sistem 48h] Nova prijava ${other}: Ostalo`);
    expect(lat!.text).toContain(`/sr-latn/staff/cases/${other}/`);
  });
});

describe('a case forwarded inside the municipality', () => {
  let code: string;
  let first: Mail;

  it('mails the new inbox in its language with a working reply link; the old link says it was replaced', async () => {
    code = await submit({ locale: 'sq', category: 'roads', description: 'Gropë e thellë para shkollës, rrezik për fëmijët.' });
    first = (await to(code, 'infrastruktura@ezvecan.com'))[0]!;
    const citizenBefore = (await mailsAbout(code)).filter((m) => m.to[0]!.startsWith('qytetari')).length;
    const deadlineAt = (await store.getCase(code))!.deadlineAt;
    await save(code, (r) => ({
      fields: { inbox: 'komunalno@ezvecan.com' },
      events: [{ change: 'forwarded', status: r.status, public: false, fromInbox: 'infrastruktura@ezvecan.com', toInbox: 'komunalno@ezvecan.com', via: 'session', actor: 'infrastruktura@ezvecan.com' }],
    }));
    const got = await to(code, 'komunalno@ezvecan.com');
    expect(got).toHaveLength(1);
    const mail = got[0]!;
    // Komunalno chose Albanian (above).
    expect(mail.subject).toBe(`[E-komuna Zveçan] Ju është përcjellë lënda ${code}`);
    expect(mail.text).toContain(`lënda ${code} ju është përcjellë nga adresa infrastruktura@ezvecan.com`);
    // The deadline is the case's own, unchanged by the forward.
    expect((await store.getCase(code))!.deadlineAt).toBe(deadlineAt);
    const local = new Intl.DateTimeFormat('sq', { timeZone: 'Europe/Belgrade', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(deadlineAt));
    expect(mail.text).toContain(`Afati mbetet i njëjtë: ${local}`);
    expect(mail.text).toContain('Gropë e thellë');
    expect(mail.text).toContain(`/sq/staff/cases/${code}/`);
    // The new link works; the old inbox's link was replaced by it.
    expect((await open(replyLink(mail))).status).toBe(200);
    const old = await open(replyLink(first));
    expect(old.status).toBe(410);
    expect(await old.text()).toMatch(/замењен новијим|zëvendësuar/);
    // Internal: the citizen heard nothing of it.
    expect((await mailsAbout(code)).filter((m) => m.to[0]!.startsWith('qytetari'))).toHaveLength(citizenBefore);
    // The new inbox answers through its link.
    await post(replyLink(mail), { outcome: 'answered', publicText: 'Gropë para shkollës.', answerSq: 'Gropa do të mbushet nesër.' });
    expect((await store.getCase(code))!.status).toBe('answered');
  });

  it('mails nobody for a note, an edit or a contact viewed', async () => {
    const c = await submit({ locale: 'sr', category: 'water', description: 'Нема воде у улици Косовској од јутрос.' });
    const before = (await mailsAbout(c)).length;
    await store.addEvent({ code: c, municipality: 'zvecan', at: new Date().toISOString(), change: 'note', status: 'received', public: false, note: 'Позвати водовод.', via: 'session', actor: 'komunalno@ezvecan.com' });
    await save(c, (r) => ({ fields: { publicText: 'Нема воде.' }, events: [{ change: 'edited', status: r.status, public: false, via: 'session', actor: 'komunalno@ezvecan.com' }] }));
    await store.addEvent({ code: c, municipality: 'zvecan', at: new Date().toISOString(), change: 'contact-viewed', status: 'received', public: false, via: 'session', actor: 'komunalno@ezvecan.com' });
    await stack.poller.idle();
    expect((await mailsAbout(c)).length).toBe(before);
  });
});

describe('citizen emails in two languages', () => {
  const sr = 'Екипа ће поправити цев до петка.';
  const sq = 'Ekipi do ta riparojë gypin deri të premten.';

  it('gives an Albanian citizen the Albanian answer first and offers the Serbian, in Latin', async () => {
    const code = await submit({ locale: 'sq', category: 'water', description: 'Gypi i ujit ka plasur para shkollës.' });
    const [staff] = await to(code, 'komunalno@ezvecan.com');
    await post(replyLink(staff!), { outcome: 'in_progress', publicText: 'Gypi ka plasur.', answerSr: sr, answerSq: sq, plannedAt: '2026-12-04' });
    const mail = (await mailsAbout(code)).find((m) => m.to[0]!.startsWith('qytetari') && /në trajtim/.test(m.subject))!;
    expect(mail.subject).toBe(`Raporti juaj ${code} është në trajtim`);
    const a = mail.text.indexOf(sq);
    const label = mail.text.indexOf('Odgovor na srpskom:');
    const b = mail.text.indexOf('Ekipa će popraviti cev do petka.');
    expect(a).toBeGreaterThan(0);
    expect(label).toBeGreaterThan(a);
    expect(b).toBeGreaterThan(label);
    // The Serbian answer in the Albanian reader's script, never the Cyrillic.
    expect(mail.text).not.toContain(sr);
    expect(mail.text).toContain('Komuna planifikon ta zgjidhë lëndën deri më 4 dhjetor 2026.');
    expect(mail.html.indexOf(sq)).toBeLessThan(mail.html.indexOf('Odgovor na srpskom:'));

    // Resolved: the date it was resolved.
    const [followUp] = (await to(code, 'komunalno@ezvecan.com')).slice(-1);
    await post(replyLink(followUp!), { outcome: 'resolved', publicText: 'Gypi ka plasur.', answerSq: 'Gypi u riparua.' });
    const resolved = (await mailsAbout(code)).find((m) => m.to[0]!.startsWith('qytetari') && /zgjidhur/.test(m.subject))!;
    const r = (await store.getCase(code))!;
    const day = new Intl.DateTimeFormat('sq', { timeZone: 'Europe/Belgrade', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(r.resolvedAt!));
    expect(resolved.text).toContain(`Zgjidhur më: ${day}.`);
    expect(resolved.text).toContain('Gypi u riparua.');
    // Only one language was written: nothing offered.
    expect(resolved.text).not.toMatch(/Odgovor na srpskom|Одговор на српском/);
  });

  it('gives a Serbian (Latin) citizen the Serbian answer first, in Latin, and offers the Albanian', async () => {
    const code = await submit({ locale: 'sr-latn', category: 'water', description: 'Pukla je cev kod pošte.' });
    const [staff] = await to(code, 'komunalno@ezvecan.com');
    await post(replyLink(staff!), { outcome: 'answered', publicText: 'Pukla cev.', answerSr: sr, answerSq: sq });
    const mail = (await mailsAbout(code)).find((m) => m.to[0]!.startsWith('qytetari') && m.subject.startsWith('Stigao je odgovor'))!;
    const a = mail.text.indexOf('Ekipa će popraviti cev do petka.');
    const label = mail.text.indexOf('Përgjigjja në shqip:');
    expect(a).toBeGreaterThan(0);
    expect(label).toBeGreaterThan(a);
    expect(mail.text.indexOf(sq)).toBeGreaterThan(label);
  });

  it('tells the citizen of a duplicate which case it duplicates, with that case\'s status page', async () => {
    const original = await submit({ locale: 'sq', category: 'waste', description: 'Kontejneri para shkollës është plot prej një jave.' });
    const dup = await submit({ locale: 'sq', category: 'waste', description: 'Mbeturinat para shkollës nuk janë marrë.' });
    await save(dup, (_r, at) => ({
      fields: { status: 'duplicate', duplicateOf: original, closedAt: at, firstAnsweredAt: at },
      events: [{ change: 'duplicate', status: 'duplicate', public: true, duplicateOf: original, via: 'session', actor: 'komunalno@ezvecan.com' }],
    }));
    const mail = (await mailsAbout(dup)).find((m) => m.to[0]!.startsWith('qytetari') && m.subject.includes('më parë'))!;
    expect(mail.subject).toBe(`Raporti juaj ${dup} ka të bëjë me një problem të raportuar më parë`);
    expect(mail.text).toContain(`lënda juaj ${dup} ka të bëjë me të njëjtën gjë si lënda ${original}`);
    expect(mail.text).toMatch(new RegExp(`http://zvecan\\.localhost:\\d+/sq/status/${original}/`));
    // Staff are not mailed about it.
    expect((await to(dup, 'komunalno@ezvecan.com'))).toHaveLength(1);
  });
});

describe('a case staff registered from a phone call', () => {
  it('acknowledges it to the citizen saying how it came, and mails its inbox as any new case', async () => {
    const now = new Date();
    const code = 'PH0N-E001';
    const record = {
      code, kind: 'report' as const, municipality: 'zvecan', locale: 'sq' as const, category: 'waste', channel: 'phone' as const,
      text: 'Kontejnerët te tregu nuk janë zbrazur.', publicText: 'Kontejnerët te tregu nuk janë zbrazur.', photos: [], status: 'received' as const,
      createdAt: now.toISOString(), updatedAt: now.toISOString(), deadlineAt: new Date(now.getTime() + 48 * 3_600_000).toISOString(), showName: false,
    };
    await store.createCase({
      idempotencyKey: 'staff-registered-phone-0001', record, contact: { code, email: 'telefon@example.org' }, contactTtl: Math.floor(now.getTime() / 1000) + 86_400, now,
      event: { code, municipality: 'zvecan', at: now.toISOString(), change: 'created', status: 'received', public: true, via: 'session', actor: 'urednik@ezvecan.com' },
    });
    await stack.poller.idle();
    const ack = (await to(code, 'telefon@example.org'))[0]!;
    expect(ack.subject).toBe(`E kemi pranuar raportin tuaj ${code}`);
    expect(ack.text).toContain('komuna e regjistroi në Sistemin 48h raportin tuaj të marrë me telefon.');
    expect(ack.text).toContain(`/sq/status/${code}/`);
    // Only our fixed text: not what staff typed on the citizen's behalf.
    expect(ack.text).not.toContain('Kontejnerët');
    expect(await to(code, 'komunalno@ezvecan.com')).toHaveLength(1);
  });
});

describe('a published photo on the status page (issue 12)', () => {
  /** Every <img> src of a page. */
  const images = (html: string) => [...html.matchAll(/<img[^>]+src="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

  it('links no image before its public copy exists, and shows it once it does: every src answers 200', async () => {
    const photo = await upload(stack, await photoWithGps());
    const code = await submit({ locale: 'sq', category: 'roads', description: 'Gropë e madhe te ura, shihni foton.', photos: [photo] });
    const [staff] = await to(code, 'infrastruktura@ezvecan.com');
    const page = await (await open(replyLink(staff!))).text();
    const photoId = /name="photo-([0-9a-f]{16})"/.exec(page)![1]!;
    // Hold the stream (the photo handler that copies to public/ included) while the reply lands:
    // the moment right after it, before the copy is made.
    await stack.poller.pause();
    try {
      const r = await fetch(stack.apiUrl(path(replyLink(staff!))), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' },
        body: new URLSearchParams({ outcome: 'answered', publicText: 'Gropë te ura.', answerSq: 'Do ta mbushim.', [`photo-${photoId}`]: 'publish' }),
        redirect: 'manual',
      });
      expect(r.status).toBe(303);
      const status = await (await fetch(stack.apiUrl(r.headers.get('location')!), { headers: { host: 'zvecan.localhost' } })).text();
      expect(status).toContain('Do ta mbushim.');
      for (const src of images(status)) expect((await fetch(stack.apiUrl(src))).status, src).toBe(200);
      expect(images(status).filter((s) => s.includes(photoId))).toEqual([]);
      const api = (await (await fetch(stack.apiUrl(`/api/cases/${code}`))).json()) as { photos: unknown[] };
      expect(api.photos).toEqual([]);
    } finally {
      stack.poller.resume();
    }
    await stack.poller.idle();
    await stack.poller.idle();
    const after = await (await fetch(stack.apiUrl(`/sq/status/${code}/`), { headers: { host: 'zvecan.localhost' } })).text();
    const srcs = images(after).filter((s) => s.includes(photoId));
    expect(srcs.length).toBeGreaterThan(0);
    for (const src of images(after)) expect((await fetch(stack.apiUrl(src))).status, src).toBe(200);
    // The public record (what the archive is built from) lists it too, now that it is there.
    const pub = await store.getPublic('zvecan', code);
    expect(pub?.photos.map((p) => p.id)).toEqual([photoId]);
  });

  it('takes the photo off the page before its file goes when staff hide it', async () => {
    // A case with a published photo, then hidden through the workspace (its edit writes the case whole).
    const photo = await upload(stack, await photoWithGps());
    const code = await submit({ locale: 'sq', category: 'roads', description: 'Trotuari i thyer te parku, foto.', photos: [photo] });
    const [staff] = await to(code, 'infrastruktura@ezvecan.com');
    const photoId = /name="photo-([0-9a-f]{16})"/.exec(await (await open(replyLink(staff!))).text())![1]!;
    await post(replyLink(staff!), { outcome: 'in_progress', publicText: 'Trotuar.', answerSq: 'Po punojmë.', [`photo-${photoId}`]: 'publish' });
    await stack.poller.idle();
    expect((await store.getCase(code))!.photos[0]).toMatchObject({ published: true, publicCopy: true });
    await save(code, (r, at) => ({ fields: { photos: r.photos.map((p) => ({ ...p, published: false, reviewedAt: at })) }, events: [{ change: 'edited', status: r.status, public: false, via: 'session', actor: 'infrastruktura@ezvecan.com' }] }));
    await stack.poller.idle();
    const r = (await store.getCase(code))!;
    expect(r.photos[0]!.publicCopy).toBeUndefined();
    const url = r.photos[0]!.variants![0]!.key.replace(/^public\//, '/media/');
    expect((await fetch(stack.apiUrl(url))).status).toBe(404);
    const pub = await store.getPublic('zvecan', code);
    expect(pub?.photos).toEqual([]);
  });

  it('puts the flag back after a write that lost it, from the public copy when the private one is gone, and never fails the batch', async () => {
    const photo = await upload(stack, await photoWithGps());
    const code = await submit({ locale: 'sq', category: 'roads', description: 'Shtylla e rënë te parku, foto.', photos: [photo] });
    const [staff] = await to(code, 'infrastruktura@ezvecan.com');
    const photoId = /name="photo-([0-9a-f]{16})"/.exec(await (await open(replyLink(staff!))).text())![1]!;
    await post(replyLink(staff!), { outcome: 'in_progress', publicText: 'Shtylla.', answerSq: 'Po punojmë.', [`photo-${photoId}`]: 'publish' });
    await stack.poller.idle();
    const storage = stack.platform.ports.storage;
    const keys = (await store.getCase(code))!.photos[0]!.variants!.map((v) => v.key);
    // The private copies go (as at the end of retention), then a write from an older read drops the flag.
    for (const key of keys) await storage.remove(key.replace(/^public\//, 'private/'));
    await save(code, (r) => ({ fields: { photos: r.photos.map(({ publicCopy: _, ...p }) => p) }, events: [] }));
    await stack.poller.idle();
    expect((await store.getCase(code))!.photos[0]!.publicCopy).toBe(true);
    expect((await store.getPublic('zvecan', code))?.photos.map((p) => p.id)).toEqual([photoId]);
    // With neither copy left, the photo cannot be shown: no flag, no broken image, and the stream goes on.
    for (const key of keys) await storage.remove(key);
    await save(code, (r) => ({ fields: { photos: r.photos.map(({ publicCopy: _, ...p }) => p) }, events: [] }));
    await stack.poller.idle();
    expect((await store.getCase(code))!.photos[0]!.publicCopy).toBeUndefined();
    expect((await store.getPublic('zvecan', code))?.photos).toEqual([]);
  });
});
