// What citizens send, and what the platform does with it (issue 11, findings 2–5), through the
// HTTP API on the real local services (DynamoDB Local, s3rver, the mail sink, the stream poller):
// 2. no relay: acknowledgements carry no sender text, and variants of one mailbox or phone line
//    share one allowance;
// 3. photos are public only when staff choose "publish", never by default or while processing;
// 4. phone numbers and emails in a citizen's text are masked in every public output, and a
//    municipality with `publish: after-review` shows nothing of a new case until staff reply;
// 5. text hygiene: bidi, control and invisible characters, lone surrogates and stacked marks are
//    refused with a translated field message (JSON and form posts); stored text is NFC.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';

// Leposavić publishes after review in this test (a copy of the municipalities' files, read from
// CONTENT_DIR when the registry loads; the other three keep the default, at once). Set before any
// module that reads the registry is imported.
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
import { startTestStack, scanAll, storedCases, mails, replyLink, getPage, upload, photoWithGps, type Stack, type Mail } from '../helpers/stack.ts';
import { municipalities, getMunicipality } from '../../core/municipalities/index.ts';
import { staffAddresses } from '../../core/municipalities/staff.ts';
import { t, formStrings } from '../../core/i18n/index.ts';
import { errorMessage } from '../../core/i18n/form-messages.ts';
import { MASKS } from '../../core/text/mask.ts';
import type { Locale } from '../../core/locales.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import { caseBody, caseDeadline } from '../../core/views/case.ts';
import { toCsv, toGeoJson } from '../../sites/lib/open-data.ts';
import { submitReport } from '../../functions/domain/service.ts';
import { RateLimitError } from '../../functions/domain/errors.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startTestStack({ env: { RATE_PER_EMAIL_PER_HOUR: '3', RATE_PER_PHONE_PER_HOUR: '3', RATE_PER_IP_PER_HOUR: '10000' } });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  if (content.previous === undefined) delete process.env.CONTENT_DIR;
  else process.env.CONTENT_DIR = content.previous;
  await rm(content.dir, { recursive: true, force: true });
});

// A browser's own page sends this with every POST (finding 1's same-site rule lets it through).
const SAME_SITE = { 'sec-fetch-site': 'same-origin' };
const postJson = (path: string, body: unknown) =>
  fetch(stack.apiUrl(path), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...SAME_SITE }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const postForm = (path: string, body: Record<string, string> | [string, string][]) =>
  fetch(stack.apiUrl(path), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_SITE }, body: new URLSearchParams(body), redirect: 'manual' });
const page = (site: string, path: string) => getPage(stack, site, path);
const apiCase = async (code: string) => {
  const r = await fetch(stack.apiUrl(`/api/cases/${code}`));
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
/** Everything a change sets off: its stream records, then the public-record writes they made. */
const settled = async () => {
  await stack.poller.idle();
  await stack.poller.idle();
};

/** Every municipal inbox: an email to anything else went to a citizen's (unverified) address. */
const inboxes = new Set(municipalities.flatMap((m) => staffAddresses(m)));
const toCitizen = (m: Mail) => m.to.some((a) => !inboxes.has(a));
const staffMail = async (code: string) => {
  await stack.poller.idle();
  const all = (await mails(stack)).filter((m) => m.subject.includes(code) && !toCitizen(m));
  if (!all.length) throw new Error(`no staff email for ${code}`);
  return all[all.length - 1]!;
};
/** The path of the newest reply link mailed to staff for a case. */
const staffLink = async (code: string) => replyLink(await staffMail(code)).replace(/^https?:\/\/[^/]+/, '');

let seq = 0;
const report = (extra: Record<string, unknown> = {}) => ({
  municipality: 'zvecan', locale: 'sr-latn', category: 'roads', description: `Rupa na putu kod mosta, broj ${++seq}.`,
  address: 'Centar', email: `gradjanin${seq}@example.net`, consent: true, ...extra,
});
const question = (extra: Record<string, unknown> = {}) => ({
  municipality: 'zvecan', locale: 'sq', question: `Kur do të rregullohet ndriçimi, pyetja ${++seq}?`, email: `qytetar${seq}@example.net`, consent: true, ...extra,
});
const created = async (r: Response) => {
  expect(r.status, await r.clone().text()).toBe(201);
  return ((await r.json()) as { code: string }).code;
};

// ---------------------------------------------------------------------------------------------
describe('finding 2: no relay', () => {
  it('takes 20 questions from x+1@ … x+20@example.org as one sender: the allowance (3), then a translated 429 that stores nothing', async () => {
    await stack.poller.idle();
    const before = (await storedCases(stack)).filter((i) => i.sk === 'CASE').length;
    const locales: Locale[] = ['sr', 'sr-latn', 'sq'];
    const statuses: number[] = [];
    for (let n = 1; n <= 20; n++) {
      const locale = locales[n % 3]!;
      const r = await postJson('/api/questions', question({ locale, email: `x+${n}@example.org`, question: `Pitanje broj ${n}: kada će biti popravljen put? https://relay.example/${n}` }));
      statuses.push(r.status);
      if (r.status === 429) {
        const body = (await r.json()) as { errors: { code: string; message: string }[] };
        expect(body.errors[0]!.code).toBe('rateLimited');
        expect(body.errors[0]!.message).toBe(t(locale, 'error.rateLimited'));
      } else await r.body?.cancel();
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
    // A form post without JavaScript gets the page in its language.
    const form = await postForm('/api/questions', { municipality: 'zvecan', locale: 'sq', question: 'Pyetja e njëzet e një, pa JavaScript?', email: 'X+21@Example.org', consent: 'on' });
    expect(form.status).toBe(429);
    expect(form.headers.get('content-type')).toContain('text/html');
    expect(await form.text()).toContain('Provoni përsëri pas një ore');
    expect((await storedCases(stack)).filter((i) => i.sk === 'CASE').length).toBe(before + 3);
  });

  it('counts Gmail dot, plus and googlemail.com variants as one mailbox, and other mailboxes apart', async () => {
    const variants = ['j.o.h.n.doe@gmail.com', 'johndoe@googlemail.com', 'John.Doe+opstina@Gmail.com', 'j.ohndoe@gmail.com', 'JOHNDOE@GOOGLEMAIL.COM'];
    const got: number[] = [];
    for (const email of variants) got.push((await postJson('/api/questions', question({ email }))).status);
    expect(got).toEqual([201, 201, 201, 429, 429]);
    // Not a block on Gmail: another mailbox there has its own allowance; so has a dotted address elsewhere.
    expect((await postJson('/api/questions', question({ email: 'johndoe2@gmail.com' }))).status).toBe(201);
    expect((await postJson('/api/questions', question({ email: 'john.doe@example.org' }))).status).toBe(201);
  });

  it('counts a phone-only report against its phone line, however the number is written', async () => {
    const written = ['+383 44 111 222', '044/111-222', '00383 44 111222', '+383 (0)44 111 222', '044 111 222'];
    const got: number[] = [];
    for (const phone of written) got.push((await postJson('/api/reports', report({ email: '', phone }))).status);
    expect(got).toEqual([201, 201, 201, 429, 429]);
    expect((await postJson('/api/reports', report({ email: '', phone: '044 111 223' }))).status).toBe(201);
    // A report with both counts against both: the phone's allowance is used up.
    expect((await postJson('/api/reports', report({ email: 'novi.gradjanin@example.net', phone: '+38344111222' }))).status).toBe(429);
  });

  it('counts a phone-only report against its address too (the domain with a low address limit, on the real table)', async () => {
    const ports = { ...stack.platform.ports, config: { ...stack.platform.ports.config, rateLimits: { ...stack.platform.ports.config.rateLimits, perIpPerHour: 2 } } };
    const meta = { ip: '198.51.100.77' };
    const body = (phone: string) => report({ email: '', phone });
    await submitReport(ports, body('049 300 001'), meta);
    await submitReport(ports, body('049 300 002'), meta);
    await expect(submitReport(ports, body('049 300 003'), meta)).rejects.toBeInstanceOf(RateLimitError);
    // Another address is not affected.
    await submitReport(ports, body('049 300 004'), { ip: '198.51.100.78' });
  });

  /** Sender-chosen text that a relay would carry: links, markup, phishing, in every field. */
  const payloads = [
    'Hitno! Kliknite https://evil.example/login?next=%2F i unesite lozinku.',
    'Vaš nalog je blokiran: <a href="https://phish.example/">otključajte ga ovde</a>',
    'Posetite www.spam.example za popust od 90 %!',
    '[Kliknite ovde](https://markdown.example/x) za nagradu',
    'Pozovite odmah +1 900 555 0199 i osvojite nagradu',
    'Пошаљите уплату на https://превара.example/ одмах',
    'Klikoni këtu: http://mashtrim.example/fitim për shpërblimin tuaj',
    'javascript:alert(document.cookie) // <script>alert(1)</script>',
    'Subject: hitno\r\nBcc: svi@example.org\r\n\r\nTelo poruke https://hdr.example/',
    '=HYPERLINK("https://formula.example/","Kliknite")',
  ];

  it('sends acknowledgements with the code, the status link and fixed text only: no text, name or address of the sender', async () => {
    // Whatever earlier tests set off has been mailed before counting starts.
    await stack.poller.idle();
    const before = (await mails(stack)).length;
    const codes: string[] = [];
    for (const [i, text] of payloads.entries()) {
      const canary = `KANARINAC${i}Q7`;
      const name = `Ime${canary} Prezime`;
      const isQuestion = i % 2 === 1;
      const body = isQuestion
        ? question({ locale: i % 4 === 1 ? 'sq' : 'sr', question: `${text} ${canary}`, name, showName: i % 3 === 0, email: `relay${i}@example.net` })
        : report({ description: `${text} ${canary}`, name, address: `Ulica ${canary} https://addr.example/`, email: `relay${i}@example.net`, showName: true });
      codes.push(await created(await postJson(isQuestion ? '/api/questions' : '/api/reports', body)));
    }
    await stack.poller.idle();
    const sent = (await mails(stack)).slice(before);
    // This test's senders only (relay<i>@example.net): a late email from an earlier test is not theirs.
    const toCitizens = sent.filter(toCitizen).filter((m) => m.to.some((a) => /^relay\d+@example\.net$/.test(a)));
    expect(toCitizens, toCitizens.map((m) => `${m.to.join(',')}: ${m.subject}`).join('\n')).toHaveLength(payloads.length);
    const hosts = ['evil.example', 'phish.example', 'spam.example', 'markdown.example', 'превара.example', 'mashtrim.example', 'hdr.example', 'formula.example', 'addr.example', 'relay.example'];
    for (const m of toCitizens) {
      const all = `${m.subject}\n${m.html}\n${m.text}`;
      expect(all).not.toMatch(/KANARINAC\d+Q7/);
      for (const h of hosts) expect(all, `${h} in "${m.subject}"`).not.toContain(h);
      expect(all).not.toContain('Ime');
      expect(all).not.toMatch(/<script|javascript:|HYPERLINK|Bcc|900 555/i);
      // What it does carry: the code and our own status link.
      const code = codes.find((c) => m.subject.includes(c))!;
      expect(code).toBeDefined();
      expect(m.text).toMatch(new RegExp(`http://zvecan\\.localhost:\\d+/(sr|sr-latn|sq)/status/${code}/`));
      const links = [...m.html.matchAll(/href="([^"]+)"/g)].map((x) => x[1]!);
      for (const l of links) expect(l).toMatch(/^http:\/\/zvecan\.localhost:\d+\//);
    }
    // The test can see the text: staff get it (their inbox is verified, it is their job to read it).
    const staff = sent.filter((m) => !toCitizen(m));
    expect(staff.some((m) => m.text.includes('KANARINAC0Q7'))).toBe(true);
  });

  it('sends status changes with staff words only, never the citizen text', async () => {
    const code = await created(await postJson('/api/reports', report({ description: 'Kliknite https://evil2.example/ odmah KANARINAC99Q7', name: 'ImeKanarinac', email: 'status.relay@example.net' })));
    const link = await staffLink(code);
    const before = (await mails(stack)).length;
    const r = await postForm(link, { outcome: 'answered', publicText: 'Rupa na putu.', answer: 'Ekipa je izašla na teren i zakrpila rupu.' });
    expect(r.status).toBe(303);
    await stack.poller.idle();
    const update = (await mails(stack)).slice(before).filter(toCitizen);
    expect(update).toHaveLength(1);
    const all = `${update[0]!.subject}\n${update[0]!.html}\n${update[0]!.text}`;
    expect(all).toContain('Ekipa je izašla na teren');
    expect(all).not.toMatch(/KANARINAC|evil2\.example|ImeKanarinac/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('finding 3: photos public only when staff choose', () => {
  const photoInputs = (html: string) => [...html.matchAll(/<input[^>]*name="(photo-[0-9a-f]{16})"[^>]*>/g)].map((m) => ({ name: m[1]!, tag: m[0] }));
  const media = async (key: string) => (await fetch(stack.apiUrl(`/media/${key}`))).status;

  it('offers publish and hide with nothing checked, refuses a reply without a choice (answers kept), and publishes only what was chosen', async () => {
    const photos = [await upload(stack, await photoWithGps()), await upload(stack, await photoWithGps())];
    const code = await created(await postJson('/api/reports', report({ photos, email: 'foto1@example.net' })));
    const link = await staffLink(code);
    const html = (await page('zvecan', link)).body;
    const inputs = photoInputs(html);
    expect(inputs).toHaveLength(4); // two photos, two choices each
    for (const i of inputs) expect(i.tag).not.toMatch(/\schecked/);
    const [p1, p2] = [...new Set(inputs.map((i) => i.name))];

    const answer = { outcome: 'answered', publicText: 'Rupa na putu kod mosta.', answer: 'Zakrpljeno u utorak, hvala.' };
    const expected = errorMessage(formStrings('sr'), p1!, 'photoChoice');
    // No choice, an empty one, a made-up one, both at once: each refused, nothing changes.
    const refused: [string, [string, string][]][] = [
      ['no choice at all', Object.entries(answer)],
      ['one of two chosen', [...Object.entries(answer), [p1!, 'publish']]],
      ['an empty choice', [...Object.entries(answer), [p1!, ''], [p2!, 'hide']]],
      ['a made-up value', [...Object.entries(answer), [p1!, 'yes'], [p2!, 'hide']]],
      ['both values for one photo', [...Object.entries(answer), [p1!, 'publish'], [p1!, 'hide'], [p2!, 'hide']]],
      ['"published" instead of "publish"', [...Object.entries(answer), [p1!, 'published'], [p2!, 'hide']]],
    ];
    for (const [what, body] of refused) {
      const r = await postForm(link, body);
      expect(r.status, what).toBe(400);
      const again = await r.text();
      expect(again, what).toContain(expected);
      expect(again, what).toContain('Zakrpljeno u utorak, hvala.'); // the answers kept
      expect(again, what).toMatch(/href="#photo-[0-9a-f]{16}"/);
    }
    expect((await apiCase(code)).body.status).toBe('received');
    expect((await page('zvecan', link)).status).toBe(200); // the link still works

    const ok = await postForm(link, [...Object.entries(answer), [p1!, 'publish'], [p2!, 'hide']]);
    expect(ok.status).toBe(303);
    await settled();
    const pub = (await apiCase(code)).body as unknown as PublicCase;
    expect(pub.photos.map((p) => p.id)).toEqual([p1!.slice('photo-'.length)]);
    expect(await media(`${code}/${p1!.slice(6)}-480.webp`)).toBe(200);
    expect(await media(`${code}/${p2!.slice(6)}-480.webp`)).toBe(404);
    expect((await stack.platform.ports.store.getPublic('zvecan', code))!.photos).toHaveLength(1);
  });

  it('keeps a photo still being processed at reply time hidden when processing ends, and asks on the next link', async () => {
    const photo = await upload(stack, await photoWithGps());
    const code = await created(await postJson('/api/reports', report({ photos: [photo], email: 'foto2@example.net' })));
    const link = await staffLink(code);
    const record = (await stack.platform.ports.store.getCase(code))!;
    const id = record.photos[0]!.id;
    // The photo is still being processed when staff answer: hold the stream, put it back to pending.
    await stack.poller.pause();
    try {
      await stack.platform.ports.store.markPhoto(code, 0, id, 'pending', []);
      const html = (await page('zvecan', link)).body;
      expect(photoInputs(html)).toHaveLength(0);
      expect(html).toContain(`data-testid="photo-${id}"`);
      // Even a form that says "publish" for it (an old page, a forged post) cannot publish it.
      const r = await postForm(link, { outcome: 'in_progress', publicText: 'Rupa na putu.', answer: 'Ekipa izlazi na teren sutra.', [`photo-${id}`]: 'publish' });
      expect(r.status).toBe(303);
    } finally {
      stack.poller.resume();
    }
    await settled();
    const after = (await stack.platform.ports.store.getCase(code))!;
    expect(after.photos[0]!.state).toBe('ready');
    expect(after.photos[0]!.published).toBe(false);
    expect(((await apiCase(code)).body as unknown as PublicCase).photos).toEqual([]);
    expect((await stack.platform.ports.store.getPublic('zvecan', code))!.photos).toEqual([]);
    expect(await media(`${code}/${id}-480.webp`)).toBe(404);

    // The follow-up link (the case is in progress) offers the choice, with nothing checked.
    const next = await staffLink(code);
    expect(next).not.toBe(link);
    const html = (await page('zvecan', next)).body;
    const inputs = photoInputs(html);
    expect(inputs.map((i) => i.name)).toEqual([`photo-${id}`, `photo-${id}`]);
    for (const i of inputs) expect(i.tag).not.toMatch(/\schecked/);
    const ok = await postForm(next, { outcome: 'resolved', publicText: 'Rupa na putu.', answer: 'Zakrpljeno.', [`photo-${id}`]: 'publish' });
    expect(ok.status).toBe(303);
    await settled();
    expect(((await apiCase(code)).body as unknown as PublicCase).photos.map((p) => p.id)).toEqual([id]);
    expect(await media(`${code}/${id}-480.webp`)).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
describe('finding 4: moderation that protects people', () => {
  /** Contacts typed into a report: each must be masked everywhere public. */
  const contacts = ['044 123 456', '+383 45 987 654', '063/555-1234', '00381 64 111 2222', '(028) 444-555', 'ana.petrovic@gmail.com', 'marko (at) yahoo.com', 'sused+opstina@example.org'];
  const digitsOf = (s: string) => s.replace(/\D/g, '');
  /** Every form a contact might take in an output: as typed, digits only, the email's local part. */
  const forms = (c: string) => (c.includes('@') || c.includes('(at)') ? [c, c.split(/[@(]/)[0]!.trim()] : [c, digitsOf(c).slice(-6)]);
  /** Numbers that are not contacts and must stay as written. */
  const keep = ['12.03.2025', '1.500 dinara', 'Kralja Petra 12/3', '2024', 'K7QM-3XTD', '08:30'];

  const leaksIn = (text: string) => contacts.flatMap((c) => forms(c).filter((f) => text.includes(f)).map((f) => `${c} (as "${f}")`));

  it('masks phone numbers and emails in the text, the address and a shown name on the live page, /api/cases, Open311 and the public record', async () => {
    const description = `Komšija sa brojem ${contacts[0]} i ${contacts[1]} baca smeće. Zovite i ${contacts[2]}, ${contacts[3]} ili ${contacts[4]}; pišite na ${contacts[5]}, ${contacts[6]} ili ${contacts[7]}. Prijavljeno ${keep[0]}, šteta ${keep[1]}, kod ${keep[2]}, od ${keep[3]}, šifra ${keep[4]} u ${keep[5]}.`;
    const code = await created(await postJson('/api/reports', report({ description, address: `Kralja Petra 5, tel. ${contacts[0]}`, name: `Ana ${contacts[5]}`, showName: true, email: 'maska@example.net' })));
    await settled();

    const outputs: [string, string][] = [];
    const api = await apiCase(code);
    expect(api.status).toBe(200);
    outputs.push(['/api/cases', JSON.stringify(api.body)]);
    for (const locale of ['sr', 'sr-latn', 'sq'] as const) {
      const live = await page('zvecan', `/${locale}/status/${code}/`);
      expect(live.status).toBe(200);
      outputs.push([`live page ${locale}`, live.body]);
    }
    for (const path of [`/open311/v2/requests/${code}.json`, `/open311/v2/requests/${code}.xml`, `/open311/v2/requests.json?service_request_id=${code}`]) {
      const o = await page('zvecan', path);
      expect(o.status, path).toBe(200);
      expect(o.body, path).toContain(code);
      outputs.push([`Open311 ${path}`, o.body]);
    }
    const pub = (await stack.platform.ports.store.getPublic('zvecan', code))!;
    expect(pub).toBeDefined();
    outputs.push(['PUBLIC#zvecan record', JSON.stringify(pub)]);
    // What the archive build makes of that record: the case page's body and the open data.
    const m = getMunicipality('zvecan');
    for (const locale of ['sr', 'sr-latn', 'sq'] as const) outputs.push([`archive case page ${locale}`, caseBody(pub, { locale, municipality: m, deadline: caseDeadline(pub, new Date()) })]);
    outputs.push(['open data CSV', toCsv([pub], new URL('https://ezvecan.com/'))], ['open data GeoJSON', JSON.stringify(toGeoJson([pub]))]);

    for (const [where, text] of outputs) expect(leaksIn(text), where).toEqual([]);
    // The marks are there instead, in the text's language and script; the other numbers are not touched.
    expect(pub.text).toContain(MASKS['sr-latn'].phone);
    expect(pub.text).toContain(MASKS['sr-latn'].email);
    expect(pub.address).toBe(`Kralja Petra 5, tel. ${MASKS['sr-latn'].phone}`);
    expect(pub.name).toBe(`Ana ${MASKS['sr-latn'].email}`);
    for (const k of keep) expect(pub.text).toContain(k);
    expect(pub.text.split(MASKS['sr-latn'].phone).length - 1).toBe(5);
    expect(pub.text.split(MASKS['sr-latn'].email).length - 1).toBe(3);

    // Staff see the original, and the test can find every contact in a page that has them.
    const staffPage = (await page('zvecan', await staffLink(code))).body;
    expect(leaksIn(staffPage).length).toBeGreaterThanOrEqual(contacts.length);
    expect(staffPage).toContain(`Kralja Petra 5, tel. ${contacts[0]}`);
  });

  it("uses staff's wording as they wrote it once they reply, numbers included", async () => {
    const code = await created(await postJson('/api/questions', question({ locale: 'sr', question: 'Када ће радити амбуланта? Мој број је 044 222 333.', email: 'amb@example.net' })));
    await settled();
    expect(((await apiCase(code)).body as unknown as PublicCase).text).toBe(`Када ће радити амбуланта? Мој број је ${MASKS['sr-cyrl'].phone}.`);
    const wording = 'Када ће радити амбуланта? Телефон амбуланте: 028 123 456.';
    const r = await postForm(await staffLink(code), { outcome: 'answered', publicText: wording, answer: 'Амбуланта ради од понедељка, 08:00–14:00.' });
    expect(r.status).toBe(303);
    await settled();
    expect(((await apiCase(code)).body as unknown as PublicCase).text).toBe(wording);
    expect((await stack.platform.ports.store.getPublic('zvecan', code))!.text).toBe(wording);
  });

  it('holds a new case of a municipality that publishes after review: no public record, the live page with the code and status only, nothing in Open311', async () => {
    expect(getMunicipality('leposavic').publish).toBe('after-review');
    const secret = 'TAJNIKANARINAC 044 999 888 tajna@example.org';
    const code = await created(await postJson('/api/reports', { municipality: 'leposavic', locale: 'sr', category: 'roads', description: `Рупа на путу. ${secret}`, address: 'Улица Тајна 9', name: 'Тајни Грађанин', showName: true, email: 'leposavic1@example.net', consent: true }));
    const q = await created(await postJson('/api/questions', { municipality: 'leposavic', locale: 'sq', question: `Kur do të hapet shkolla? ${secret}`, email: 'leposavic2@example.net', consent: true }));
    await settled();
    for (const c of [code, q]) {
      expect(await stack.platform.ports.store.getPublic('leposavic', c)).toBeUndefined();
      expect((await scanAll(stack)).filter((i) => i.pk === 'PUBLIC#leposavic' && i.sk === c)).toEqual([]);
      const api = await apiCase(c);
      expect(api.status).toBe(200);
      expect(api.body).toMatchObject({ code: c, status: 'received', awaitingReview: true });
      for (const key of ['text', 'address', 'lat', 'lng', 'name', 'photos', 'timeline', 'answer']) expect(api.body, key).not.toHaveProperty(key);
      expect(JSON.stringify(api.body)).not.toMatch(/TAJNI|Тајн|044 999|tajna@/);
      for (const locale of ['sr', 'sr-latn', 'sq'] as const) {
        const live = await page('leposavic', `/${locale}/status/${c}/`);
        expect(live.status).toBe(200);
        expect(live.body).toContain('data-testid="awaiting-review"');
        expect(live.body).toContain(t(locale, 'case.awaitingReview'));
        expect(live.body).toContain(c);
        expect(live.body).not.toMatch(/TAJNI|Тајн|Tajn|044 999|tajna@|archive\/case\//);
      }
      expect((await page('leposavic', `/open311/v2/requests/${c}.json`)).status).toBe(404);
      const list = await page('leposavic', `/open311/v2/requests.json?service_request_id=${c}`);
      expect(list.body).not.toContain(c);
    }

    // Staff are told; their reply (any outcome) makes it public, in their wording.
    const link = await staffLink(code);
    expect((await page('leposavic', link)).body).toContain('data-testid="staff-awaiting-review"');
    const r = await postForm(link, { outcome: 'in_progress', publicText: 'Рупа на путу.', answer: 'Екипа излази сутра.' });
    expect(r.status).toBe(303);
    await settled();
    const pub = (await stack.platform.ports.store.getPublic('leposavic', code))!;
    expect(pub.text).toBe('Рупа на путу.');
    expect(JSON.stringify(pub)).not.toMatch(/TAJNI|044 999|tajna@/);
    expect(((await apiCase(code)).body as unknown as PublicCase).text).toBe('Рупа на путу.');
    expect((await page('leposavic', `/open311/v2/requests/${code}.json`)).status).toBe(200);
    expect((await page('leposavic', `/sr/status/${code}/`)).body).not.toContain('data-testid="awaiting-review"');
    // The question is still held.
    expect(await stack.platform.ports.store.getPublic('leposavic', q)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
describe('finding 5: text hygiene through the API', () => {
  const base = report({ email: 'higijena@example.net' });
  const q = question({ email: 'higijena.q@example.net' });
  /** [what, path, body, field, code] — each refused with its translated field message, nothing stored. */
  const refused: [string, string, Record<string, unknown>, string, string][] = [
    ['an override in the name', '/api/reports', { ...base, name: 'Ana \u202Egpj.exe' }, 'name', 'bidiControl'],
    ['an override in the address', '/api/reports', { ...base, address: 'Kralja Petra \u202E21' }, 'address', 'bidiControl'],
    ['an isolate in the address', '/api/reports', { ...base, address: '\u2067Centar\u2069' }, 'address', 'bidiControl'],
    ['a right-to-left mark in the name', '/api/reports', { ...base, name: 'Ana\u200F' }, 'name', 'bidiControl'],
    ['an arabic letter mark in the email', '/api/reports', { ...base, email: 'ana\u061C@example.org' }, 'email', 'bidiControl'],
    ['an override in the description', '/api/reports', { ...base, description: 'Rupa na putu \u202Eexe.txt kod mosta' }, 'description', 'bidiControl'],
    ['an embedding in the question', '/api/questions', { ...q, question: 'Kur \u202Bdo të rregullohet rruga?' }, 'question', 'bidiControl'],
    ['NEL (C1) in the name', '/api/reports', { ...base, name: 'Ana\u0085Petrović' }, 'name', 'controlCharacter'],
    ['CSI (C1) in the address', '/api/reports', { ...base, address: 'Centar\u009B31m' }, 'address', 'controlCharacter'],
    ['CSI (C1) in the description', '/api/reports', { ...base, description: 'Rupa na putu \u009B31m kod mosta' }, 'description', 'controlCharacter'],
    ['a NUL in the question', '/api/questions', { ...q, question: 'Kur do të rregullohet\u0000 rruga?' }, 'question', 'controlCharacter'],
    ['an escape in the description', '/api/reports', { ...base, description: 'Rupa \u001B[2J na putu kod mosta' }, 'description', 'controlCharacter'],
    ['a tab in the name', '/api/reports', { ...base, name: 'Ana\tPetrović' }, 'name', 'controlCharacter'],
    ['a zero-width space in the name', '/api/reports', { ...base, name: 'Ana\u200BPetrović' }, 'name', 'invisibleCharacter'],
    ['a zero-width joiner in the address', '/api/reports', { ...base, address: 'Cen\u200Dtar' }, 'address', 'invisibleCharacter'],
    ['a BOM in the phone', '/api/reports', { ...base, email: '', phone: '044\uFEFF123 456' }, 'phone', 'invisibleCharacter'],
    ['a word joiner in the email', '/api/questions', { ...q, email: 'arta\u2060@example.org' }, 'email', 'invisibleCharacter'],
    ['a soft hyphen in the name', '/api/questions', { ...q, name: 'Ar\u00ADta' }, 'name', 'invisibleCharacter'],
    ['a tag character in the address', '/api/reports', { ...base, address: 'Centar\u{E0069}\u{E0067}' }, 'address', 'invisibleCharacter'],
    ['a lone surrogate in the description', '/api/reports', { ...base, description: 'Rupa na putu \uD800 kod mosta' }, 'description', 'brokenCharacter'],
    ['a lone surrogate in the name', '/api/reports', { ...base, name: 'Ana \uDFFF' }, 'name', 'brokenCharacter'],
    ['a noncharacter in the question', '/api/questions', { ...q, question: 'Kur do të rregullohet \uFFFE rruga?' }, 'question', 'brokenCharacter'],
    ['Zalgo in the description', '/api/reports', { ...base, description: `Rupa Z${'\u0301\u0300\u0302\u0303\u0304\u0306\u0307\u0308'}algo kod mosta` }, 'description', 'tooManyMarks'],
    ['Zalgo in the name', '/api/questions', { ...q, name: `A${'\u0301'.repeat(9)}na` }, 'name', 'tooManyMarks'],
  ];

  it.each(refused)('JSON: %s → 400 %s', async (_what, path, body, field, code) => {
    await stack.poller.idle();
    const before = (await storedCases(stack)).length;
    const r = await postJson(path, body);
    expect(r.status).toBe(400);
    const json = (await r.json()) as { errors: { field: string; code: string; message: string }[] };
    const e = json.errors.find((x) => x.field === field);
    expect(e, JSON.stringify(json)).toBeDefined();
    expect(e!.code).toBe(code);
    expect(e!.message).toBe(errorMessage(formStrings(body.locale as Locale), field, code));
    expect((await storedCases(stack)).length).toBe(before);
  });

  it('refuses "\\ud800" written as a JSON escape, and stores nothing', async () => {
    await stack.poller.idle();
    const before = (await storedCases(stack)).length;
    for (const [field, raw] of [
      ['description', '{"municipality":"zvecan","locale":"sr","category":"roads","description":"Rupa na putu \\ud800 kod mosta","address":"Centar","email":"s1@example.net","consent":true}'],
      ['name', '{"municipality":"zvecan","locale":"sq","question":"Kur do të rregullohet rruga?","name":"Ana \\udc00","email":"s2@example.net","consent":true}'],
      ['question', '{"municipality":"zvecan","locale":"sq","question":"Kur do të rregullohet \\ud83d rruga?","email":"s3@example.net","consent":true}'],
    ] as const) {
      const r = await postJson(field === 'description' ? '/api/reports' : '/api/questions', raw);
      expect(r.status, raw).toBe(400);
      const json = (await r.json()) as { errors: { field: string; code: string }[] };
      expect(json.errors.find((x) => x.field === field)?.code, raw).toBe('brokenCharacter');
    }
    expect((await storedCases(stack)).length).toBe(before);
    expect(JSON.stringify(await scanAll(stack))).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
  });

  /** Form posts without JavaScript: the form again, in the reader's language, the message beside the field. */
  const asForm = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
  const formRefused: [string, string, Record<string, string>, string, string][] = [
    ['an override in the name', '/api/reports', { ...asForm(base), consent: 'on', locale: 'sq', name: 'Arta \u202Egpj.exe' }, 'name', 'bidiControl'],
    ['a C1 control in the address', '/api/reports', { ...asForm(base), consent: 'on', locale: 'sr', address: 'Centar\u0085' }, 'address', 'controlCharacter'],
    ['a zero-width space in the phone', '/api/reports', { ...asForm(base), consent: 'on', locale: 'sr-latn', email: '', phone: '044\u200B123456' }, 'phone', 'invisibleCharacter'],
    ['a right-to-left mark in the question', '/api/questions', { ...asForm(q), consent: 'on', locale: 'sq', question: 'Kur do të \u200Frregullohet rruga?' }, 'question', 'bidiControl'],
    ['Zalgo in the description', '/api/reports', { ...asForm(base), consent: 'on', locale: 'sr', description: `Rupa ${'x\u0301\u0302\u0303\u0304\u0306\u0307'} kod mosta` }, 'description', 'tooManyMarks'],
  ];
  it.each(formRefused)('form post: %s → the form with the message', async (_what, path, body, field, code) => {
    await stack.poller.idle();
    const before = (await storedCases(stack)).length;
    const r = await postForm(path, body);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('text/html');
    const html = await r.text();
    const message = errorMessage(formStrings(body.locale as Locale), field, code);
    const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
    expect(html.includes(message) || html.includes(escaped) || html.includes(message.replace(/'/g, '&#39;')), message).toBe(true);
    expect(html).toContain(`href="#${field}"`);
    expect((await storedCases(stack)).length).toBe(before);
  });

  it('stores text NFC and gives it back NFC, from JSON and from a form post', async () => {
    const decomposed = {
      description: 'Ulic\u030Cna svetiljka kod s\u030Ckole ne radi, c\u0301os\u030Cak kod z\u030Celeznic\u030Cke stanice.',
      name: 'Z\u030Celjko Z\u030Civkovic\u0301',
      address: 'Kralja Petra, kod s\u030Ckole',
    };
    const nfc = {
      description: 'Ulična svetiljka kod škole ne radi, ćošak kod železničke stanice.',
      name: 'Željko Živković',
      address: 'Kralja Petra, kod škole',
    };
    const fromJson = await created(await postJson('/api/reports', report({ ...decomposed, showName: true, email: 'nfc1@example.net' })));
    const form = await postForm('/api/questions', { municipality: 'zvecan', locale: 'sq', question: 'Kur do te\u0308 rregullohet ndric\u0327imi ne\u0308 Zvec\u0327an?', name: 'Arte\u0308 Ke\u0308lmendi', showName: 'on', email: 'nfc2@example.net', consent: 'on' });
    expect(form.status).toBe(303);
    const fromForm = /status\/([A-Z0-9]{4}-[A-Z0-9]{4})\//.exec(form.headers.get('location')!)![1]!;
    await settled();
    const a = (await apiCase(fromJson)).body as unknown as PublicCase;
    expect(a.text).toBe(nfc.description);
    expect(a.name).toBe(nfc.name);
    expect(a.address).toBe(nfc.address);
    const b = (await apiCase(fromForm)).body as unknown as PublicCase;
    expect(b.text).toBe('Kur do të rregullohet ndriçimi në Zveçan?');
    expect(b.name).toBe('Artë Këlmendi');
    const stored = (await storedCases(stack)).filter((i) => i.pk === `CASE#${fromJson}` || i.pk === `CASE#${fromForm}`);
    const text = JSON.stringify(stored);
    expect(text.normalize('NFC')).toBe(text);
    expect(text).toContain(nfc.name); // the contact item too
  });

  it('refuses hostile staff wording with a field message, and stores staff wording NFC', async () => {
    const code = await created(await postJson('/api/reports', report({ email: 'staff.nfc@example.net' })));
    const link = await staffLink(code);
    const bad: [Record<string, string>, string, string][] = [
      [{ outcome: 'answered', publicText: 'Rupa \u202Ena putu', answer: 'Zakrpljeno.' }, 'publicText', 'bidiControl'],
      [{ outcome: 'answered', publicText: 'Rupa na putu', answer: 'Zakrpljeno\u0085.' }, 'answer', 'controlCharacter'],
      [{ outcome: 'forwarded', publicText: 'Rupa na putu', referral: 'JP\u200BPutevi' }, 'referral', 'invisibleCharacter'],
      [{ outcome: 'answered', publicText: `Rupa ${'x\u0301\u0302\u0303\u0304\u0306\u0307'}`, answer: 'Zakrpljeno.' }, 'publicText', 'tooManyMarks'],
    ];
    for (const [body, field, codeOf] of bad) {
      const r = await postForm(link, body);
      expect(r.status, field).toBe(400);
      expect(await r.text(), field).toContain(errorMessage(formStrings('sr'), field, codeOf));
    }
    const ok = await postForm(link, { outcome: 'answered', publicText: 'Rupa kod s\u030Ckole\r\nna putu', answer: 'Zakrpljeno u c\u030Cetvrtak.' });
    expect(ok.status).toBe(303);
    await settled();
    const pub = (await apiCase(code)).body as unknown as PublicCase;
    expect(pub.text).toBe('Rupa kod škole\nna putu');
    expect(pub.answer).toBe('Zakrpljeno u četvrtak.');
  });
});
