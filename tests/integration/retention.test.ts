// Retention and erasure (issue 11, finding 12) against the real local services (DynamoDB Local,
// s3rver, the mail sink, the stream poller with the photo and stream handlers), with the
// platform's clock injected: retention counts from closure, the sweep removes the personal data
// when it ends, and erasure (`npm run erase` and the staff page) removes contact, text, name, place
// and every photo object, rewrites the public record and asks for a build.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startTestStack, mails, photoWithGps, replyLink, scanAll, upload, type Stack } from '../helpers/stack.ts';
import type { SweepReport } from '../../functions/handlers/sweep.ts';
import type { Config } from '../../functions/config.ts';
import type { CaseStore, PhotoStorage } from '../../functions/domain/ports.ts';
import type { CaseRecord } from '../../core/cases/model.ts';
import { hashToken } from '../../core/cases/codes.ts';
import { linkIdOf } from '../../functions/domain/tokens.ts';
import { photoObjectKeys } from '../../functions/domain/photos.ts';
import { personalDataRetention } from '../../core/cases/retention.ts';
import { t } from '../../core/i18n/index.ts';
import type { DynamoCaseStore } from '../../functions/adapters/dynamo.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DAY = 86_400_000;
// Monday 2 March 2026, 08:00 in Zvečan.
let clock = Date.parse('2026-03-02T07:00:00Z');
const builds: string[] = [];

let stack: Stack;
let sweep: () => Promise<SweepReport>;
let store: CaseStore;
let storage: PhotoStorage;
let config: Config;
beforeAll(async () => {
  stack = await startTestStack({ now: () => new Date(clock), publisher: { requestBuild: async (m: string) => void builds.push(m) } });
  sweep = stack.sweep as () => Promise<SweepReport>;
  store = stack.platform.ports.store as CaseStore;
  storage = stack.platform.ports.storage as PhotoStorage;
  config = stack.platform.config as Config;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const INBOX = 'infrastruktura@ezvecan.com';
const submit = async (body: Record<string, unknown>) => {
  const r = await fetch(stack.apiUrl('/api/reports'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ municipality: 'zvecan', consent: true, category: 'roads', ...body }),
  });
  const out = (await r.json()) as { code: string };
  expect(r.status, JSON.stringify(out)).toBe(201);
  await stack.poller.idle();
  return out.code;
};
const latestLink = async (code: string) => replyLink((await mails(stack)).filter((m) => m.subject.includes(code) && m.to.includes(INBOX)).at(-1)!).replace(/^https?:\/\/[^/]+/, '');
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(stack.apiUrl(path), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields), redirect: 'manual' });
const items = async (code: string) => (await scanAll(stack)).filter((i) => i.pk === `CASE#${code}`);
const contactOf = async (code: string) => (await items(code)).find((i) => i.sk === 'CONTACT');
/** The contact's personal details still stored (erasure and retention leave an empty item that expires at once). */
const personal = async (code: string) => {
  const c = await contactOf(code);
  return c ? [c.name, c.email, c.phone].filter((v) => v !== undefined) : [];
};
const eventsOf = async (code: string) => (await items(code)).filter((i) => String(i.sk).startsWith('EVENT#'));
const dueOf = async (code: string) => (await scanAll(stack)).filter((i) => i.pk === 'DUE' && i.code === code && i.kind === 'retention');
const exists = async (key: string) => (await storage.stat(key)) !== undefined;
const seconds = (ms: number) => Math.floor(ms / 1000);

/** Answers through the case's latest link, choosing publish for the first photo and hide for the rest. */
async function reply(code: string, outcome: string, extra: Record<string, string> = {}) {
  const r = (await store.getCase(code))!;
  const choices = Object.fromEntries(r.photos.filter((p) => p.state === 'ready').map((p, i) => [`photo-${p.id}`, i === 0 ? 'publish' : 'hide']));
  const res = await post(await latestLink(code), { outcome, publicText: r.publicText, answer: 'Ekipa je izašla na teren.', ...choices, ...extra });
  expect(res.status, (await res.clone().text()).replace(/[\s\S]*<main/, '').slice(0, 400)).toBe(303);
  await stack.poller.idle();
  return (await store.getCase(code))!;
}

describe('retention counted from closure', () => {
  let code: string;
  let created: number;
  let closedAt: string;
  let photos: CaseRecord['photos'];

  it('an open case keeps its contact with only the safety net; closing sets the TTL to closure + retention and schedules the removal', async () => {
    created = clock;
    const keys = [await upload(stack, await photoWithGps()), await upload(stack, await photoWithGps())];
    code = await submit({
      locale: 'sr-latn', description: 'Rupa ispred moje kuće, zovite me na 044 111 222.', address: 'Kralja Milutina 7, zvati 044 111 222', lat: 42.9075, lng: 20.8406,
      email: 'marko@example.org', phone: '+383 44 111 222', name: 'Marko Marković', showName: true, photos: keys,
    });
    expect(Number((await contactOf(code))?.ttl)).toBe(seconds(created + personalDataRetention.backstopDays * DAY));
    clock += DAY;
    await reply(code, 'in_progress');
    expect(Number((await contactOf(code))?.ttl)).toBe(seconds(created + personalDataRetention.backstopDays * DAY));
    expect(await dueOf(code)).toEqual([]);
    // Within the follow-up link's week.
    clock += 5 * DAY;
    const closed = await reply(code, 'resolved', { answer: 'Rupa je zakrpljena.' });
    closedAt = new Date(clock).toISOString();
    expect(closed.closedAt).toBe(closedAt);
    const end = Date.parse(closedAt) + config.contactRetentionDays * DAY;
    expect(Number((await contactOf(code))?.ttl)).toBe(seconds(end));
    expect((await dueOf(code)).map((d) => d.at)).toEqual([new Date(end).toISOString()]);
    photos = closed.photos;
    expect(photos.map((p) => [p.state, p.published])).toEqual([['ready', true], ['ready', false]]);
    for (const p of photos) expect(await exists(p.variants![0]!.key.replace(/^public\//, 'private/'))).toBe(true);
    expect(await exists(photos[0]!.variants![0]!.key)).toBe(true);
    expect((await fetch(stack.apiUrl(`/api/cases/${code}`)).then((r) => r.json()) as { name?: string }).name).toBe('Marko Marković');
  });

  it('nothing is removed a minute before retention ends', async () => {
    clock = Date.parse(closedAt) + config.contactRetentionDays * DAY - 60_000;
    expect((await sweep()).anonymised).not.toContain(code);
    expect((await personal(code)).length).toBeGreaterThan(0);
    expect((await store.getCase(code))!.text).toContain('044 111 222');
  });

  it('when it ends, the sweep removes the personal data and the public record keeps what the privacy page says', async () => {
    clock = Date.parse(closedAt) + config.contactRetentionDays * DAY + 60_000;
    builds.length = 0;
    expect((await sweep()).anonymised).toContain(code);
    await stack.poller.idle();
    await stack.poller.idle();
    const r = (await store.getCase(code))!;
    expect(r.text).toBe(r.publicText);
    expect(r.text).not.toContain('044 111 222');
    // The place stays, as the public sees it (the phone number in it masked).
    expect(r.address).toContain('Kralja Milutina 7');
    expect(r.address).not.toContain('111 222');
    expect(r.publicName).toBeUndefined();
    expect(r.showName).toBe(false);
    expect(r.anonymisedAt).toBe(new Date(clock).toISOString());
    expect(await personal(code)).toEqual([]);
    // The published photo keeps its public copies only; the hidden one is gone altogether.
    expect(r.photos.map((p) => p.id)).toEqual([photos[0]!.id]);
    for (const key of photoObjectKeys(code, photos[0]!)) expect(await exists(key), key).toBe(key.startsWith('public/'));
    for (const key of photoObjectKeys(code, photos[1]!)) expect(await exists(key), key).toBe(false);
    expect((await eventsOf(code)).filter((e) => e.change === 'anonymised')).toEqual([expect.objectContaining({ via: 'retention', public: false })]);
    const pub = (await fetch(stack.apiUrl(`/api/cases/${code}`)).then((res) => res.json())) as { name?: string; text: string; photos: unknown[]; address?: string; answer?: string };
    expect(pub.name).toBeUndefined();
    expect(pub.photos).toHaveLength(1);
    expect(pub.answer).toBe('Rupa je zakrpljena.');
    expect(pub.address).toBeDefined();
    expect(builds).toContain('zvecan');
    // Once: the scheduled item is gone and a later sweep does nothing more.
    expect(await dueOf(code)).toEqual([]);
    expect((await sweep()).anonymised).toEqual([]);
  });

  it('a case opened again goes back to the safety net and is not anonymised at its old date', async () => {
    clock = Date.parse('2026-04-06T07:00:00Z');
    const c = await submit({ locale: 'sq', description: 'Gropë e madhe në rrugën e shkollës.', address: 'Rruga e shkollës', email: 'arta@example.org', name: 'Arta' });
    const closed = await reply(c, 'answered');
    expect((await dueOf(c))).toHaveLength(1);
    // Opening a closed case again (a citizen's reopening; no link does it today): the status
    // event drives the stream as any other.
    clock += DAY;
    await (store as DynamoCaseStore).doc.send(
      new UpdateCommand({ TableName: config.tableName, Key: { pk: `CASE#${c}`, sk: 'CASE' }, UpdateExpression: 'SET #s = :s REMOVE closedAt', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'in_progress' } }),
    );
    await store.addEvent({ code: c, municipality: 'zvecan', at: new Date(clock).toISOString(), change: 'status', status: 'in_progress', public: true });
    await stack.poller.idle();
    expect(Number((await contactOf(c))?.ttl)).toBe(seconds(Date.parse(closed.createdAt) + personalDataRetention.backstopDays * DAY));
    clock = Date.parse(closed.closedAt!) + config.contactRetentionDays * DAY + 60_000;
    expect((await sweep()).anonymised).not.toContain(c);
    expect((await personal(c)).length).toBeGreaterThan(0);
    expect(await dueOf(c)).toEqual([]);
  });
});

/** Runs `npm run erase` (its script, with the npm script's Node flags) against the test's services. */
function eraseCli(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings=ExperimentalWarning', 'scripts/erase.mjs', ...args],
      { cwd: root, env: { ...process.env, DYNAMODB_ENDPOINT: stack.dynamo.endpoint, S3_ENDPOINT: stack.s3.endpoint, BUCKET: stack.s3.bucket, TABLE_NAME: config.tableName }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe('erasure at the citizen\'s request', () => {
  it('npm run erase removes contact, text, name, place and every photo object; the public record says why; a build is asked for', async () => {
    clock = Date.parse('2026-05-04T07:00:00Z');
    const keys = [await upload(stack, await photoWithGps()), await upload(stack, await photoWithGps())];
    const code = await submit({
      locale: 'sr', description: 'Рупа испред моје куће у улици Краља Милутина 7.', address: 'Краља Милутина 7', lat: 42.9075, lng: 20.8406,
      email: 'jovana@example.org', phone: '+383 44 333 444', name: 'Јована Јовановић', showName: true, photos: keys,
    });
    const answered = await reply(code, 'answered', { answer: 'Рупа ће бити закрпљена.' });
    const before = answered.photos;
    expect(await exists(before[0]!.variants![0]!.key)).toBe(true);
    builds.length = 0;

    const run = await eraseCli(code, '--yes');
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(code);
    const wording = t('sr', 'case.erased');
    const r = (await store.getCase(code))!;
    expect(r.text).toBe(wording);
    expect(r.publicText).toBe(wording);
    for (const field of ['publicName', 'address', 'publicAddress', 'lat', 'lng'] as const) expect(r[field], field).toBeUndefined();
    expect(r.photos).toEqual([]);
    expect(r.erasedAt).toBeDefined();
    expect(r.answer).toBe('Рупа ће бити закрпљена.');
    expect(await personal(code)).toEqual([]);
    // What is left of the contact item holds nothing and expires at once.
    expect(Number((await contactOf(code))?.ttl ?? 0)).toBeLessThanOrEqual(seconds(Date.now()));
    // Every object of every photo, in s3rver: the uploads with their EXIF, the private and the public copies.
    for (const p of before) for (const key of photoObjectKeys(code, p)) expect(await exists(key), key).toBe(false);
    expect((await eventsOf(code)).filter((e) => e.change === 'erased')).toEqual([expect.objectContaining({ via: 'operator', public: false })]);
    const pub = (await fetch(stack.apiUrl(`/api/cases/${code}`)).then((res) => res.json())) as Record<string, unknown>;
    expect(pub).toMatchObject({ code, text: wording, status: 'answered', answer: 'Рупа ће бити закрпљена.', photos: [] });
    for (const field of ['name', 'address', 'lat', 'lng']) expect(pub[field], field).toBeUndefined();
    expect(JSON.stringify(pub)).not.toMatch(/Јован|jovana|333 444|Милутина/);
    await stack.poller.idle();
    await stack.poller.idle();
    expect(builds).toContain('zvecan');
    // Again: nothing more to do, and still fine.
    const again = await eraseCli(code, '--yes');
    expect(again.code, again.out).toBe(0);
    expect((await eventsOf(code)).filter((e) => e.change === 'erased')).toHaveLength(1);
  }, 120_000);

  it('npm run erase refuses a malformed or unknown code, and asks for --yes when it cannot ask', async () => {
    for (const args of [['not-a-code'], ['KKKK-KKKK', '--yes'], [';rm -rf /', '--yes'], ['KKKK-KKKK']]) {
      const run = await eraseCli(...args);
      expect(run.code, run.out).toBe(1);
    }
    const code = await submit({ locale: 'sr-latn', description: 'Oštećen trotoar kod pošte.', address: 'Kod pošte', email: 'x@example.org' });
    const run = await eraseCli(code);
    expect(run.code).toBe(1);
    expect(run.out).toContain('--yes');
    expect((await personal(code)).length).toBeGreaterThan(0);
  }, 120_000);

  it('from the staff page: needs the confirmation box, records the link, and the photo handler deletes the photos', async () => {
    const keys = [await upload(stack, await photoWithGps())];
    const code = await submit({ locale: 'sq', description: 'Gropë para shtëpisë sime, më telefononi.', address: 'Rruga e shkollës 3', email: 'besa@example.org', phone: '+383 44 555 666', name: 'Besa', photos: keys });
    const link = await latestLink(code);
    const photo = (await store.getCase(code))!.photos[0]!;
    expect(photo.state).toBe('ready');
    const page = await (await fetch(stack.apiUrl(link))).text();
    expect(page).toContain('name="confirm"');

    const unconfirmed = await post(`${link}/erase`, {});
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain(t('sr', 'form.error.confirm.required'));
    const cross = await post(`${link}/erase`, { confirm: 'yes' }, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect((await personal(code)).length).toBeGreaterThan(0);

    const done = await post(`${link}/erase`, { confirm: 'yes' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(t('sr', 'staff.erase.done.title', { code }));
    await stack.poller.idle();
    const r = (await store.getCase(code))!;
    // In the case's language (Albanian), whatever the staff page's.
    expect(r.text).toBe(t('sq', 'case.erased'));
    expect(r.photos).toEqual([]);
    expect(await personal(code)).toEqual([]);
    for (const key of photoObjectKeys(code, photo)) expect(await exists(key), key).toBe(false);
    const erased = (await eventsOf(code)).filter((e) => e.change === 'erased');
    expect(erased).toEqual([expect.objectContaining({ via: 'link', linkId: linkIdOf(hashToken(link.slice(-43))), inbox: INBOX, public: false })]);
    // The link still answers the case (erasure is not an answer); the page shows no erase form now.
    const after = await fetch(stack.apiUrl(link));
    expect(after.status).toBe(200);
    const html = await after.text();
    expect(html).not.toContain('name="confirm"');
    expect(html).not.toContain('besa@example.org');
    expect(html).not.toContain('Gropë para shtëpisë');
  }, 120_000);
});
