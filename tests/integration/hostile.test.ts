// Malformed and hostile input: each gets the right 4xx and a translated message, and nothing is
// stored in the table for it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestStack, storedCases, upload, photoWithGps, type Stack } from '../helpers/stack.ts';
import { formStrings } from '../../core/i18n/index.ts';
import { errorMessage } from '../../core/i18n/form-messages.ts';
import { hashToken, newToken } from '../../core/cases/codes.ts';

let stack: Stack;
let goodPhoto: string;
let textAsJpeg: string;
let hugePhoto: string;
beforeAll(async () => {
  stack = await startTestStack();
  goodPhoto = await upload(stack, await photoWithGps());
  textAsJpeg = await upload(stack, Buffer.from('This is a text file, not a photo.\n'.repeat(20)));
  // s3rver does not enforce the POST policy, so an oversize file can land; our own check must refuse it.
  hugePhoto = await upload(stack, Buffer.concat([await photoWithGps(), Buffer.alloc(11 * 1024 * 1024)]), 'image/jpeg', 500_000);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const base = {
  municipality: 'zvecan', locale: 'sr-latn', category: 'lighting', description: 'Ne radi ulična svetiljka kod škole.',
  address: 'Kod osnovne škole', email: 'gradjanin@example.org', consent: true,
};
const question = { municipality: 'zvecan', locale: 'sq', question: 'Kur do të rregullohet ndriçimi?', email: 'q@example.org', consent: true };

type Case = { name: string; path: string; body?: unknown; raw?: string; contentType?: string; method?: string; status: number; field?: string; code?: string };

const cases: Case[] = [
  { name: 'missing category', path: '/api/reports', body: { ...base, category: undefined }, status: 400, field: 'category', code: 'required' },
  { name: 'missing description', path: '/api/reports', body: { ...base, description: undefined }, status: 400, field: 'description', code: 'required' },
  { name: 'description too short', path: '/api/reports', body: { ...base, description: 'rupa' }, status: 400, field: 'description', code: 'tooShort' },
  { name: 'description over 4000 characters', path: '/api/reports', body: { ...base, description: 'a'.repeat(4001) }, status: 400, field: 'description', code: 'tooLong' },
  { name: 'description of the wrong type', path: '/api/reports', body: { ...base, description: 12345 }, status: 400, field: 'description', code: 'required' },
  { name: 'unknown category', path: '/api/reports', body: { ...base, category: 'potholes-on-mars' }, status: 400, field: 'category', code: 'unknownCategory' },
  { name: 'unknown municipality', path: '/api/reports', body: { ...base, municipality: 'atlantis' }, status: 400, field: 'municipality', code: 'invalid' },
  { name: 'municipality with odd characters', path: '/api/reports', body: { ...base, municipality: '../zvecan' }, status: 400, field: 'municipality', code: 'invalid' },
  { name: 'no address and no pin', path: '/api/reports', body: { ...base, address: '' }, status: 400, field: 'address', code: 'locationRequired' },
  { name: 'latitude without longitude', path: '/api/reports', body: { ...base, lat: 42.9 }, status: 400, field: 'lat', code: 'invalidCoordinates' },
  { name: 'coordinates that are not numbers', path: '/api/reports', body: { ...base, lat: 'north', lng: 'east' }, status: 400, field: 'lat', code: 'invalidCoordinates' },
  { name: 'a pin outside the municipality', path: '/api/reports', body: { ...base, lat: 44.8, lng: 20.46 }, status: 400, field: 'lat', code: 'outsideArea' },
  { name: 'no email and no phone', path: '/api/reports', body: { ...base, email: '' }, status: 400, field: 'email', code: 'contactRequired' },
  { name: 'an invalid email', path: '/api/reports', body: { ...base, email: 'gradjanin(at)example' }, status: 400, field: 'email', code: 'invalidEmail' },
  { name: 'header injection in the email', path: '/api/reports', body: { ...base, email: 'a@example.org\r\nBcc: all@example.org' }, status: 400, field: 'email', code: 'invalidEmail' },
  { name: 'header injection in the name', path: '/api/reports', body: { ...base, name: 'Ana\r\nBcc: all@example.org' }, status: 400, field: 'name', code: 'invalidName' },
  { name: 'a script tag as the name', path: '/api/reports', body: { ...base, name: '<script>alert(1)</script>' }, status: 400, field: 'name', code: 'invalidName' },
  { name: 'a name over 100 characters', path: '/api/reports', body: { ...base, name: 'N'.repeat(101) }, status: 400, field: 'name', code: 'tooLong' },
  { name: 'an invalid phone number', path: '/api/reports', body: { ...base, email: '', phone: 'call me maybe' }, status: 400, field: 'phone', code: 'invalidPhone' },
  { name: 'no consent', path: '/api/reports', body: { ...base, consent: false }, status: 400, field: 'consent', code: 'consentRequired' },
  { name: 'the honeypot filled in', path: '/api/reports', body: { ...base, website: 'http://spam.example' }, status: 400, field: 'form', code: 'invalid' },
  { name: 'filled in faster than a person can', path: '/api/reports', body: () => ({ ...base, startedAt: Date.now() }), status: 400, field: 'form', code: 'tooFast' },
  { name: 'six photos', path: '/api/reports', body: { ...base, photos: Array.from({ length: 6 }, (_, i) => `incoming/00000000-0000-4000-8000-00000000000${i}`) }, status: 400, field: 'photos', code: 'tooManyPhotos' },
  { name: 'a photo key outside incoming/', path: '/api/reports', body: { ...base, photos: ['public/../../etc/passwd'] }, status: 400, field: 'photos', code: 'invalidPhoto' },
  { name: 'a photo that was never uploaded', path: '/api/reports', body: { ...base, photos: ['incoming/4f6c2b9e-1111-4222-8333-944455556666'] }, status: 400, field: 'photos', code: 'invalidPhoto' },
  { name: 'a text file named .jpg', path: '/api/reports', body: () => ({ ...base, photos: [textAsJpeg] }), status: 400, field: 'photos', code: 'invalidPhoto' },
  { name: 'a photo over 10 MB', path: '/api/reports', body: () => ({ ...base, photos: [hugePhoto] }), status: 400, field: 'photos', code: 'invalidPhoto' },
  { name: 'an unknown locale', path: '/api/reports', body: { ...base, locale: 'xx' }, status: 400, field: 'locale', code: 'invalid' },
  { name: 'a JSON array instead of an object', path: '/api/reports', raw: '[1,2,3]', status: 400, field: 'form', code: 'invalid' },
  { name: 'malformed JSON', path: '/api/reports', raw: '{"municipality": "zvecan", ', status: 400, field: 'form', code: 'invalid' },
  { name: 'a body over 256 KB', path: '/api/reports', raw: JSON.stringify({ ...base, description: 'x'.repeat(300_000) }), status: 413, field: 'form', code: 'tooLarge' },
  { name: 'a description of 70 KB (under the body cap: a field error)', path: '/api/reports', body: { ...base, description: 'x'.repeat(70_000) }, status: 400, field: 'description', code: 'tooLong' },
  { name: 'a question without email', path: '/api/questions', body: { ...question, email: '' }, status: 400, field: 'email', code: 'required' },
  { name: 'a question with markup in the name', path: '/api/questions', body: { ...question, name: 'Ana <b>' }, status: 400, field: 'name', code: 'invalidName' },
  { name: 'an upload that is not an image', path: '/api/uploads', body: { municipality: 'zvecan', contentType: 'text/plain', size: 100 }, status: 400, field: 'photos', code: 'invalidPhoto' },
  { name: 'an upload over 10 MB', path: '/api/uploads', body: { municipality: 'zvecan', contentType: 'image/jpeg', size: 20 * 1024 * 1024 }, status: 400, field: 'photos', code: 'photoTooBig' },
  { name: 'an upload of negative size', path: '/api/uploads', body: { municipality: 'zvecan', contentType: 'image/png', size: -1 }, status: 400, field: 'photos', code: 'invalidPhoto' },
  { name: 'an upload for an unknown municipality', path: '/api/uploads', body: { municipality: 'atlantis', contentType: 'image/png', size: 100 }, status: 400, field: 'municipality', code: 'invalid' },
];

describe.each(cases)('$name', (c) => {
  it(`gets ${c.status}${c.code ? ` ${c.code}` : ''} and stores nothing`, async () => {
    await stack.poller.idle();
    const before = (await storedCases(stack)).length;
    const data = typeof c.body === 'function' ? (c.body as () => Record<string, unknown>)() : (c.body as Record<string, unknown> | undefined);
    const body = c.raw ?? JSON.stringify(data);
    const locale = (data && ['sr', 'sr-latn', 'sq'].includes(String(data.locale)) ? data.locale : 'sr') as 'sr';
    const r = await fetch(stack.apiUrl(c.path), { method: 'POST', headers: { 'content-type': c.contentType ?? 'application/json', accept: 'application/json', host: 'zvecan.localhost' }, body });
    expect(r.status).toBe(c.status);
    const json = (await r.json()) as { errors: { field: string; code: string; message: string }[] };
    const e = json.errors.find((x) => x.field === c.field);
    expect(e, JSON.stringify(json)).toBeDefined();
    expect(e!.code).toBe(c.code);
    expect(e!.message.length).toBeGreaterThan(5);
    if (c.status === 400 && c.field !== 'form' && c.path !== '/api/uploads') expect(e!.message).toBe(errorMessage(formStrings(locale), c.field!, c.code!));
    expect((await storedCases(stack)).length).toBe(before);
  });
});

describe('reply links that do not work', () => {
  const get = (path: string) => fetch(stack.apiUrl(path), { headers: { host: 'zvecan.localhost' } });
  const post = (path: string) => fetch(stack.apiUrl(path), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' }, body: 'outcome=answered&publicText=x&answer=yes' });

  it('refuses a forged token, for GET and POST', async () => {
    const forged = newToken();
    expect((await get(`/api/reply/${forged}`)).status).toBe(404);
    expect((await post(`/api/reply/${forged}`)).status).toBe(404);
    expect((await get('/api/reply/short')).status).toBe(404);
  });

  it('refuses an expired token and says so', async () => {
    const r = await fetch(stack.apiUrl('/api/reports'), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ ...base, photos: [goodPhoto], idempotencyKey: 'expired-token-case-01' }) });
    const { code } = (await r.json()) as { code: string };
    const token = newToken();
    await stack.platform.ports.store.putToken(hashToken(token), { code, expiresAt: new Date(Date.now() - 60_000).toISOString(), purpose: 'new' }, Math.floor(Date.now() / 1000) + 3600);
    const before = JSON.stringify((await storedCases(stack)).find((i) => i.pk === `CASE#${code}` && i.sk === 'CASE'));
    const g = await get(`/api/reply/${token}`);
    expect(g.status).toBe(410);
    expect(await g.text()).toContain('истекао');
    expect((await post(`/api/reply/${token}`)).status).toBe(410);
    expect(JSON.stringify((await storedCases(stack)).find((i) => i.pk === `CASE#${code}` && i.sk === 'CASE'))).toBe(before);
  });

  it('answers 404 for an unknown or malformed tracking code', async () => {
    expect((await get('/api/cases/XXXX-YYYY')).status).toBe(404);
    expect((await get('/api/cases/%3Cscript%3E')).status).toBe(404);
    expect((await get('/sr/status/KKKK-KKKK/')).status).toBe(404);
  });
});
