// The public archive end to end on the real local services: citizens submit through the API with
// contact details and (mostly hidden) names, staff answer, one report is rejected as spam; the
// stream handler writes the public projection and asks for a rebuild, and the rebuild worker
// builds the site from the table. Then every file of the built site is searched for anything
// private.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestStack, scanAll, mails, replyLink, getPage, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let dist: string;
const builds: string[] = [];
beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'eopstine-archive-'));
  stack = await startTestStack({ distDir: dist, rebuild: { debounceMs: 300, onBuilt: (site: string) => builds.push(site) } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  if (dist) await rm(dist, { recursive: true, force: true });
});

const get = async (site: string, path: string) => {
  const r = await getPage(stack, site, path);
  return { status: r.status, text: async () => r.body, json: async () => JSON.parse(r.body) as unknown };
};

/**
 * Waits for everything a change sets off: the stream records it wrote, then the public-record
 * writes those made (their own stream records ask for the build), then the build.
 */
async function published() {
  await stack.poller.idle();
  await stack.poller.idle();
  await stack.rebuilder!.idle();
}

const post = (path: string, body: unknown) =>
  fetch(stack.apiUrl(path), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost' }, body: JSON.stringify(body) });

/** Each citizen's private details: none of these may appear in any built file. */
const citizens = [
  { name: 'Драгана Тајновић', email: 'dragana.tajna@example.org', phone: '+383 44 111 222', showName: false },
  { name: 'Skender Fshehti', email: 'skender.fsheh@example.org', phone: '+383 45 333 444', showName: false },
  { name: 'Milan Skrivenić', email: 'milan.skriven@example.org', phone: '049 555 666', showName: false },
  { name: 'Јелена Јавна', email: 'jelena.javna@example.org', phone: '+383 44 777 888', showName: true },
  { name: 'Ne Spam', email: 'spammer.hidden@example.org', phone: '+383 44 999 000', showName: false },
];
const codes: string[] = [];

async function answer(code: string, publicText: string, fields: Record<string, string>) {
  await stack.poller.idle();
  const staff = (await mails(stack)).find((m) => m.subject.includes(code) && !m.to.some((t) => citizens.some((c) => c.email === t)))!;
  const link = replyLink(staff).replace(/^http:\/\/zvecan\.localhost:\d+/, '');
  const r = await fetch(stack.apiUrl(link), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' },
    body: new URLSearchParams({ publicText, ...fields }),
    redirect: 'manual',
  });
  // Spam has no public page to go to: staff get a page saying it was withdrawn.
  expect(r.status).toBe(fields.outcome === 'rejected' ? 200 : 303);
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe('publishing cases to the archive', () => {
  it('stores five cases, answers three, rejects one as spam', async () => {
    const texts = [
      'Рупа на путу испред поште. <script>alert("x")</script> Молим хитно.',
      'Kontejnerët te tregu nuk janë zbrazur.',
      'Ulična svetiljka kod mosta ne radi.',
      'Када ће бити уређено игралиште у центру?',
      'BUY CHEAP WATCHES http://spam.example',
    ];
    for (const [i, c] of citizens.entries()) {
      const isQuestion = i === 3;
      const r = await post(isQuestion ? '/api/questions' : '/api/reports', {
        municipality: 'zvecan', locale: i === 1 ? 'sq' : i === 2 ? 'sr-latn' : 'sr', consent: true,
        name: c.name, showName: c.showName, email: c.email, phone: c.phone, idempotencyKey: `archive-test-${i}-0000000`,
        ...(isQuestion ? { question: texts[i] } : { category: ['roads', 'waste', 'lighting', '', 'other'][i], description: texts[i], address: 'Центар', lat: 42.9075, lng: 20.8406 }),
      });
      expect(r.status, await r.clone().text()).toBe(201);
      codes.push(((await r.json()) as { code: string }).code);
    }
    await answer(codes[0]!, texts[0]!, { outcome: 'resolved', answer: 'Рупа је закрпљена. <b>Хвала</b> на пријави.' });
    await answer(codes[1]!, texts[1]!, { outcome: 'in_progress', answer: 'Ekipi do të dalë nesër.' });
    await answer(codes[3]!, texts[3]!, { outcome: 'answered', answer: 'Игралиште ће бити уређено до пролећа.' });
    await answer(codes[4]!, texts[4]!, { outcome: 'rejected' });
    await published();
  }, 180_000);

  it('keeps a public record per published case and none for spam', async () => {
    const items = (await scanAll(stack)).filter((i) => String(i.pk) === 'PUBLIC#zvecan');
    expect(items.map((i) => i.sk).sort()).toEqual([codes[0], codes[1], codes[2], codes[3]].sort());
  });

  it('built the site from the table, coalescing the burst into few builds', async () => {
    expect(builds.length).toBeGreaterThan(0);
    // Five submissions and four replies, each several stream records: far fewer builds than changes.
    expect(builds.length).toBeLessThanOrEqual(6);
    const page = await readFile(join(dist, 'zvecan', 'sq', 'archive', 'case', codes[0]!, 'index.html'), 'utf8');
    expect(page).toContain('Rupa je zakrpljena');
    expect(page).toContain('badge--resolved');
  });

  it('shows the answer, and user text containing HTML as text', async () => {
    const page = await (await get('zvecan', `/sr/archive/case/${codes[0]}/`)).text();
    // The page's own text (the meta description repeats it inside an attribute, where it is inert).
    const html = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
    expect(html).toContain('Рупа је закрпљена.');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert');
    expect(html).not.toContain('<b>Хвала</b>');
    expect(html).toContain('&lt;b&gt;Хвала&lt;/b&gt;');
  });

  it('withdraws the spam from the live status page and the case API too', async () => {
    expect((await get('zvecan', `/sr/status/${codes[4]}/`)).status).toBe(404);
    expect((await fetch(stack.apiUrl(`/api/cases/${codes[4]}`))).status).toBe(404);
  });

  it('leaves the spam out of every page and file', async () => {
    for (const f of await allFiles(join(dist, 'zvecan'))) {
      const body = await readFile(f, 'utf8').catch(() => '');
      expect(body.includes(codes[4]!), f).toBe(false);
      expect(body.includes('BUY CHEAP WATCHES'), f).toBe(false);
    }
  });

  it('never puts contact details or hidden names in any built file', async () => {
    const files = await allFiles(join(dist, 'zvecan'));
    expect(files.length).toBeGreaterThan(100);
    const secrets = citizens.flatMap((c) => [c.email, c.phone, c.phone.replace(/\s/g, ''), ...(c.showName ? [] : [c.name, c.name.split(' ')[1]!])]);
    const hits: string[] = [];
    for (const f of files) {
      const body = await readFile(f, 'utf8');
      for (const s of secrets) if (body.includes(s)) hits.push(`${s} in ${f}`);
    }
    expect(hits).toEqual([]);
    // The one citizen who chose to show their name is shown.
    const question = await readFile(join(dist, 'zvecan', 'sr', 'archive', 'case', codes[3]!, 'index.html'), 'utf8');
    expect(question).toContain('Јелена Јавна');
  });

  it('lists the cases in the archive lists and the open data', async () => {
    const list = await (await get('zvecan', '/sr-latn/archive/reports/')).text();
    for (const code of [codes[0], codes[1], codes[2]]) expect(list).toContain(code);
    const csv = await (await get('zvecan', '/open-data/cases.csv')).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(5); // header + 4 cases
    const json = (await (await get('zvecan', '/open-data/cases.json')).json()) as { code: string; status: string }[];
    expect(json.find((c) => c.code === codes[1])?.status).toBe('in_progress');
  });

  it('rebuilds again after a later answer and serves the new status', async () => {
    const before = builds.length;
    await answer(codes[2]!, 'Ulična svetiljka kod mosta ne radi.', { outcome: 'answered', answer: 'Svetiljka je zamenjena.' });
    await published();
    expect(builds.length).toBeGreaterThan(before);
    const html = await (await get('zvecan', `/sr-latn/archive/case/${codes[2]}/`)).text();
    expect(html).toContain('Svetiljka je zamenjena.');
  }, 120_000);
});
