// "This may already be reported" without JavaScript, on the real local services: a report filed by
// a plain form post 50 m from an open report of the same category gets a confirmation page that
// lists that report with a "follow it" link to its archive page; a report of another category,
// one 500 m away, a closed one and the new case itself are not listed; only the public data is read.
// Without a map point (the form without JavaScript has no map), the open reports of the category at
// the same public address as typed (Cyrillic or Latin, "ул." and "br." aside) are listed instead.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { loopback, startTestStack, mails, replyLink, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }
/** One request with the site's Host, as a browser sends it. */
function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return loopback(stack, path, { method: opts.method, headers: { host: `zvecan.localhost:${stack.port}`, ...opts.headers }, body: opts.body });
}

// A place in Zvečan, and metres as degrees of latitude (one degree is about 111.2 km).
const HERE = { lat: 42.9075, lng: 20.8406 };
const north = (m: number) => ({ lat: +(HERE.lat + m / 111_195).toFixed(6), lng: HERE.lng });

let seq = 0;
/** A report filed with JavaScript (JSON), as an earlier citizen did; its code once its public record is written. */
async function filed(category: string, at: { lat: number; lng: number } | Record<string, never>, text: string, address = 'Центар'): Promise<string> {
  const n = ++seq;
  const r = await send('/api/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ municipality: 'zvecan', locale: 'sr', category, description: text, address, email: `prvi${n}@example.org`, consent: true, ...at }),
  });
  expect(r.status, r.body).toBe(201);
  return (JSON.parse(r.body) as { code: string }).code;
}

/** A report by a plain form post (JavaScript off): the 303's status page. Without `at`, no map point, as the form without JavaScript sends. */
async function filedWithoutJs(locale: string, category: string, at?: { lat: number; lng: number }, address = 'Para shkollës'): Promise<{ code: string; location: string }> {
  const n = ++seq;
  const body = new URLSearchParams({
    municipality: 'zvecan', locale, category, description: `Llamba rrugore nuk ndizet, rasti ${n}.`, address,
    ...(at ? { lat: String(at.lat), lng: String(at.lng) } : {}), email: `dyti${n}@example.org`, consent: 'on',
  }).toString();
  const r = await send(`/api/reports?lang=${locale}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body });
  expect(r.status, r.body).toBe(303);
  const location = String(r.headers.location);
  const code = /\/status\/([A-Z0-9]{4}-[A-Z0-9]{4})\/\?new=1$/.exec(location)?.[1];
  expect(code, location).toBeTruthy();
  return { code: code!, location };
}

let near = '';
let otherCategory = '';
let far = '';
let closed = '';
let atAddress = '';
let atAddressRoads = '';
beforeAll(async () => {
  near = await filed('lighting', north(50), 'Улична светиљка код школе не ради.');
  otherCategory = await filed('roads', north(40), 'Рупа на путу код школе.');
  far = await filed('lighting', north(500), 'Светиљка на другом крају улице не ради.');
  closed = await filed('lighting', north(30), 'Светиљка код улаза у школу не ради.');
  // Earlier reports without a map point, known by their address only.
  atAddress = await filed('lighting', {}, 'Светиљка испред зграде не ради.', 'Улица Краља Петра 12');
  atAddressRoads = await filed('roads', {}, 'Рупа испред зграде.', 'Kralja Petra 12');
  await stack.poller.idle();
  // Staff resolve one: closed reports are not offered.
  const mail = (await mails(stack)).find((m) => (m.text.includes(closed) || m.subject.includes(closed)) && /\/api\/reply\//.test(m.text));
  expect(mail, 'the staff email of the report to close').toBeTruthy();
  const answer = await send(new URL(replyLink(mail!)).pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ outcome: 'resolved', publicText: 'Светиљка код улаза у школу не ради.', answerSr: 'Замењена је.' }).toString(),
  });
  expect(answer.status, answer.body).toBe(303);
  await stack.poller.idle();
}, 60_000);

describe('the confirmation page without JavaScript', () => {
  it('lists the open report of the same category 50 m away, with a link to follow it instead', async () => {
    const mine = await filedWithoutJs('sq', 'lighting', HERE);
    const page = await send(mine.location);
    expect(page.status).toBe(200);
    const section = /<section class="nearby[^"]*"[^>]*data-testid="nearby"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
    expect(section, 'the nearby section').not.toBe('');
    expect(section).toContain('Mund të jetë raportuar tashmë');
    expect(section).toContain(`href="/sq/archive/case/${near}/#follow"`);
    expect(section).toContain(`href="/sq/archive/case/${near}/"`);
    expect(section).toContain('rreth 50 m');
    expect(section).toContain('badge--received');
    // Serbian wording in the writer's script for an Albanian reader? Shown as Latin, as the archive does.
    expect(section).toContain('Ulična svetiljka kod škole ne radi.');
    for (const code of [otherCategory, far, closed, mine.code]) expect(section).not.toContain(code);
    // Public data only: no address of a citizen.
    expect(page.body).not.toMatch(/prvi\d+@example\.org|dyti\d+@example\.org/);
    // One h1, the heading in order.
    expect(page.body.match(/<h1[\s>]/g)).toHaveLength(1);
  });

  it('lists nothing 500 m from every open report of the category, or for another category', async () => {
    const away = await filedWithoutJs('sr', 'lighting', north(1000));
    expect((await send(away.location)).body).not.toContain('data-testid="nearby"');
    const other = await filedWithoutJs('sr', 'water', north(45));
    expect((await send(other.location)).body).not.toContain('data-testid="nearby"');
  });

  it('shows the list only right after submitting (?new=1), in the reader\'s locale', async () => {
    const mine = await filedWithoutJs('sr-latn', 'lighting', north(60));
    const page = await send(mine.location);
    expect(page.body).toContain('Možda je već prijavljeno');
    expect(page.body).toContain(`href="/sr-latn/archive/case/${near}/#follow"`);
    const later = await send(mine.location.replace('?new=1', ''));
    expect(later.status).toBe(200);
    expect(later.body).not.toContain('data-testid="nearby"');
  });
});

/** The nearby section of a page, '' when there is none. */
const nearbyOf = (body: string) => /<section class="nearby[^"]*"[^>]*data-testid="nearby"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';

describe('the confirmation page without a map point (the form without JavaScript)', () => {
  it('lists the open report of the same category at the same address, however typed', async () => {
    const mine = await filedWithoutJs('sq', 'lighting', undefined, 'kralja petra, br. 12');
    const page = await send(mine.location);
    expect(page.status).toBe(200);
    const section = nearbyOf(page.body);
    expect(section, 'the nearby section').not.toBe('');
    expect(section).toContain('Në të njëjtën adresë janë edhe këto raporte');
    expect(section).toContain('në të njëjtën adresë');
    expect(section).toContain(`href="/sq/archive/case/${atAddress}/#follow"`);
    expect(section).toContain(`href="/sq/archive/case/${atAddress}/"`);
    expect(section).toContain('Svetiljka ispred zgrade ne radi.');
    expect(section).not.toMatch(/rreth \d+ m/);
    // Another category at the same address, the reports elsewhere and the new case: not listed.
    for (const code of [atAddressRoads, near, far, closed, mine.code]) expect(section).not.toContain(code);
    expect(page.body).not.toMatch(/prvi\d+@example\.org|dyti\d+@example\.org/);
    expect(page.body.match(/<h1[\s>]/g)).toHaveLength(1);
  });

  it('matches Cyrillic and Latin, and leaves out closed reports and other categories', async () => {
    // "Центар" was typed in Cyrillic by the earlier reporters; this one types Latin capitals.
    const mine = await filedWithoutJs('sr-latn', 'lighting', undefined, 'CENTAR.');
    const section = nearbyOf((await send(mine.location)).body);
    expect(section).toContain('Na istoj adresi su i ove otvorene prijave');
    expect(section).toContain(`href="/sr-latn/archive/case/${near}/#follow"`);
    expect(section).toContain(`href="/sr-latn/archive/case/${far}/#follow"`);
    for (const code of [closed, otherCategory, atAddress, mine.code]) expect(section).not.toContain(code);
  });

  it('lists nothing for another address or another category', async () => {
    const other = await filedWithoutJs('sr', 'lighting', undefined, 'Kralja Petra 14');
    expect((await send(other.location)).body).not.toContain('data-testid="nearby"');
    const water = await filedWithoutJs('sr', 'water', undefined, 'Улица Краља Петра 12');
    expect((await send(water.location)).body).not.toContain('data-testid="nearby"');
  });

  it('with a map point, also lists an open report that has none at the same address, after those nearby', async () => {
    // 2 km north: clear of every report with a point in this file (an earlier test files one 1 km north).
    const mine = await filedWithoutJs('sr', 'lighting', north(2000), 'ул. Краља Петра бр. 12');
    const section = nearbyOf((await send(mine.location)).body);
    expect(section).toContain(`href="/sr/archive/case/${atAddress}/#follow"`);
    expect(section).toContain('на истој адреси');
    expect(section).toContain('На истој адреси су и ове');
    // 2 km away: nothing by distance; the reports with a point are not matched by their address.
    expect(section).not.toContain(near);
  });
});
