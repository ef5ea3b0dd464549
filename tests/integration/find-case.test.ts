// "Find my case" and the phone-only confirmation against the real local stack: the lookup at
// /<locale>/status/?code=… reaches the function through the local server (scripts/local/stack.mjs
// LIVE_PAGE), reads the code forgivingly and 303s to the status page; an empty, malformed or
// unknown code gets the form again, translated, with what was typed (400, 400, 404), never a 5xx.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestStack, getPage, mails, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const form = (path: string, body: Record<string, string>) =>
  fetch(stack.apiUrl(path), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' }, body: new URLSearchParams(body), redirect: 'manual' });

let seq = 0;
const report = (contact: Record<string, string>) => ({
  municipality: 'zvecan', locale: 'sr', category: 'roads', description: `Рупа на путу код школе, број ${++seq}.`, address: 'Улица Краља Петра, Звечан', consent: 'true', ...contact,
});

/** Files a report without JavaScript; the status URL it is sent to. */
async function file(contact: Record<string, string>): Promise<string> {
  const r = await form('/api/reports', report(contact));
  expect(r.status).toBe(303);
  return r.headers.get('location')!;
}

const find = (locale: string, typed: string) => getPage(stack, 'zvecan', `/${locale}/status/?code=${encodeURIComponent(typed)}`);

describe('find my case', () => {
  let code: string;
  beforeAll(async () => {
    const location = await file({ email: 'pronadji@example.org' });
    code = /\/status\/([A-Z0-9]{4}-[A-Z0-9]{4})\//.exec(location)![1]!;
  });

  it('opens the status page for the code however it was typed', async () => {
    const lower = code.toLowerCase();
    const spaced = `  ${code.slice(0, 4)} ${code.slice(5)} `.toLowerCase();
    const dashes = `${code.slice(0, 2)}–${code.slice(2, 4)}—${code.slice(5)}`;
    for (const typed of [code, lower, spaced, dashes, code.replace('-', '')]) {
      for (const locale of ['sr', 'sr-latn', 'sq']) {
        const r = await find(locale, typed);
        expect(r.status, `${locale} ${JSON.stringify(typed)}`).toBe(303);
        expect(r.headers.location).toBe(`/${locale}/status/${code}/`);
      }
    }
  });

  it('reads Cyrillic look-alikes and a code typed key by key on a Serbian Cyrillic keyboard', async () => {
    const byLook: Record<string, string> = { A: 'а', B: 'в', E: 'е', K: 'к', M: 'м', H: 'н', P: 'р', C: 'с', T: 'т', X: 'х', Y: 'у' };
    const byKey: Record<string, string> = { Q: 'љ', W: 'њ', E: 'е', R: 'р', T: 'т', Y: 'з', U: 'у', P: 'п', A: 'а', D: 'д', F: 'ф', G: 'г', H: 'х', J: 'ј', K: 'к', X: 'џ', C: 'ц', V: 'в', B: 'б', N: 'н', M: 'м' };
    const look = [...code].map((ch) => byLook[ch] ?? ch).join('');
    const keys = [...code].map((ch) => byKey[ch] ?? ch).join('');
    for (const typed of [look, look.toUpperCase(), keys]) {
      const r = await find('sr', typed);
      expect(r.status, typed).toBe(303);
      expect(r.headers.location).toBe(`/sr/status/${code}/`);
    }
  });

  it('shows the form with no code yet', async () => {
    const r = await getPage(stack, 'zvecan', '/sq/status/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<h1>Gjeni raportin sipas kodit</h1>');
    expect(r.body).toMatch(/<form class="citizen-form[^"]*" method="get" action="\/sq\/status\/"/);
    expect(r.body).toContain('<label class="form-label" for="find-code">Kodi i ndjekjes</label>');
    expect(r.body).not.toContain('class="error-summary"');
  });

  it('says an unknown code was not found, with the form again and what was typed (404)', async () => {
    // A well-formed code no case has: every letter is from the alphabet.
    const unknown = code === 'XXXX-XXXX' ? 'YYYY-YYYY' : 'XXXX-XXXX';
    const r = await find('sr', unknown.toLowerCase());
    expect(r.status).toBe(404);
    expect(r.body).toContain(`Нема пријаве ни питања са кодом ${unknown}.`);
    expect(r.body).toContain('class="error-summary"');
    expect(r.body).toContain(`value="${unknown.toLowerCase()}"`);
    expect(r.body).toContain('aria-invalid="true"');
    expect(r.body.match(/<h1[ >]/g)).toHaveLength(1);
    const latin = await find('sr-latn', unknown);
    expect(latin.status).toBe(404);
    expect(latin.body).toContain(`Nema prijave ni pitanja sa kodom ${unknown}.`);
  });

  it('says a malformed or empty code is not a tracking code (400), keeping what was typed, escaped', async () => {
    for (const [typed, words] of [
      ['K7QM-3XT0', 'То није код за праћење'],
      ['abc', 'То није код за праћење'],
      ['<script>alert(1)</script>', 'То није код за праћење'],
      ['   ', 'Упишите код за праћење.'],
    ] as const) {
      const r = await find('sr', typed);
      expect(r.status, typed).toBe(400);
      expect(r.body, typed).toContain(words);
      expect(r.body).not.toContain('<script>alert(1)</script>');
    }
    const sq = await find('sq', 'OOOO-IIII');
    expect(sq.status).toBe(400);
    expect(sq.body).toContain('Ky nuk është kod ndjekjeje');
    expect(sq.body).toContain('value="OOOO-IIII"');
  });
});

describe('a report with a phone number only', () => {
  it('is told on the confirmation that no email will come, to keep the code, and how to find it, with the form', async () => {
    const location = await file({ phone: '+383 44 123 456' });
    expect(location).toMatch(/\?new=1&noemail=1$/);
    const page = await getPage(stack, 'zvecan', location);
    expect(page.status).toBe(200);
    const code = /\/status\/([A-Z0-9]{4}-[A-Z0-9]{4})\//.exec(location)![1]!;
    expect(page.body).toContain(`data-testid="tracking-code">${code}</strong>`);
    expect(page.body).toContain('Нисте оставили адресу е-поште');
    expect(page.body).not.toContain('Ако сте оставили адресу е-поште');
    expect(page.body).toContain('data-testid="phone-only-lookup"');
    expect(page.body).toMatch(/<form class="citizen-form[^"]*" method="get" action="\/sr\/status\/"/);
    // No phone number on the page.
    expect(page.body).not.toContain('123 456');
    // And indeed no email goes out to the citizen (staff are mailed as ever).
    await stack.poller.idle();
    const toCitizen = (await mails(stack)).filter((m) => m.subject.includes(code) && !m.to.some((a) => a.endsWith('@ezvecan.com')));
    expect(toCitizen).toEqual([]);
    // In Albanian too.
    const sq = await getPage(stack, 'zvecan', location.replace('/sr/', '/sq/'));
    expect(sq.body).toContain('Nuk keni lënë adresë emaili');
  });

  it('a reporter with an email gets the usual confirmation, without the phone-only words', async () => {
    const location = await file({ email: 'sa-postom@example.org', phone: '+383 44 999 888' });
    expect(location).toMatch(/\?new=1$/);
    const page = await getPage(stack, 'zvecan', location);
    expect(page.body).toContain('Ако сте оставили адресу е-поште');
    expect(page.body).not.toContain('data-testid="phone-only"');
  });

  it('the same from the JavaScript form: statusUrl carries the flag', async () => {
    const r = await fetch(stack.apiUrl('/api/reports'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost' },
      body: JSON.stringify({ ...report({ phone: '+383 44 555 666' }), consent: true }),
    });
    expect(r.status).toBe(201);
    const body = (await r.json()) as { statusUrl: string };
    expect(body.statusUrl).toMatch(/^\/sr\/status\/[A-Z0-9-]{9}\/\?new=1&noemail=1$/);
  });
});
