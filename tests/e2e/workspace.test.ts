// The staff workspace as staff use it, in Chromium with JavaScript off, on the real local services:
// a member of the infrastructure inbox signs in from the link in the mailbox, sees the open cases
// soonest due first, forwards one to another inbox (which gets mail; the deadline stays), adds an
// internal note, answers another from an Albanian template, marks a third in progress with a
// planned date and then resolved; an editor registers a case received by phone, which the rebuilt
// archive shows with its channel. axe checks every workspace page in all three locales, and every
// built file and public response is searched for the note and the staff addresses.
//
// JavaScript off, with axe: Chromium's own switch would stop axe too, so (as in browser.test.ts)
// every document is fetched through the context (its cookies included), its scripts are taken out
// before the browser sees it, and script files are refused. The pages must work without them.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestStack, mails, getPage, type Mail, type Stack } from '../helpers/stack.ts';
import { distDir } from '../helpers/dist.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import type { Locale } from '../../core/locales.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { staffAddresses } from '../../core/municipalities/staff.ts';

const SITE = 'zvecan';
const m = getMunicipality(SITE);
const INBOX = 'infrastruktura@ezvecan.com'; // roads and lighting
const OTHER_INBOX = 'komunalno@ezvecan.com'; // water, waste, green
const EDITOR = m.editors[0]!;
const SUPERVISOR = m.supervisorInbox;
const NOTE = 'Interna beleška 7Q3Z: ekipa izlazi u četvrtak, pozvati Marka iz magacina.';
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const L = (l: Locale, key: StringKey, vars?: Record<string, string | number>) => t(l, key, vars);

let browser: Browser;
let stack: Stack;
let sitesDir: string;
const built = new Set<string>();
beforeAll(async () => {
  // The rebuild worker swaps rebuilt sites in: give it a copy, so other tests keep theirs.
  sitesDir = await mkdtemp(join(tmpdir(), 'eopstine-workspace-'));
  await cp(distDir, sitesDir, { recursive: true });
  [browser, stack] = await Promise.all([
    launchBrowser(),
    startTestStack({ distDir: sitesDir, rebuild: { debounceMs: 300, onBuilt: (site: string) => built.add(site) } }),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (sitesDir) await rm(sitesDir, { recursive: true, force: true });
});

const withoutScripts = (html: string) =>
  html
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<link\b[^>]*\brel=["']?modulepreload[^>]*>/gi, '')
    .replace(/<\/?noscript\b[^>]*>/gi, '');

/** One request to the local stack, to loopback with the site's Host (Node cannot resolve *.localhost as Chromium does). */
function loopback(url: URL, method: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: Number(url.port), method, path: `${url.pathname}${url.search}`, headers: { ...headers, host: url.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** A browser context with JavaScript off for the pages (see the top of the file). */
async function noScriptContext(): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  await ctx.route('**/*', async (route) => {
    const req = route.request();
    if (req.resourceType() === 'script') return route.abort();
    if (req.resourceType() !== 'document') return route.continue();
    // The browser's own request, headers (its cookie and Sec-Fetch-Site) and form body included;
    // the answer handed back as it is (a redirect too, so the address bar follows it; Set-Cookie
    // too, so the browser keeps the session), with the scripts taken out of HTML.
    const headers = Object.fromEntries(Object.entries(await req.allHeaders()).filter(([k]) => !k.startsWith(':') && k !== 'host' && k !== 'accept-encoding'));
    const res = await loopback(new URL(req.url()), req.method(), headers, req.postDataBuffer() ?? undefined);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && k !== 'content-length' && k !== 'content-encoding') out[k] = Array.isArray(v) ? v.join('\n') : v;
    const html = (out['content-type'] ?? '').startsWith('text/html');
    return route.fulfill({ status: res.status, headers: out, body: html ? withoutScripts(res.body.toString('utf8')) : res.body });
  });
  return ctx;
}

async function axe(page: Page): Promise<string[]> {
  expect(await page.locator('script').count()).toBe(0);
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  return results.violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** A report through the API, as the site's form sends it, spaced so each has its own deadline. */
async function report(category: string, description: string, locale: Locale = 'sr'): Promise<string> {
  const res = await fetch(stack.apiUrl('/api/reports'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ municipality: SITE, locale, category, description, address: 'Ulica kralja Milutina', email: `gradjanin-${category}@example.org`, consent: true }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

const SIGN_IN = /https?:\/\/[^\s"<]+(\/(?:sr|sr-latn|sq)\/staff\/sign-in\/[A-Za-z0-9_-]{43}\/)/;
async function newestMail(to: string, match: (m: Mail) => boolean): Promise<Mail> {
  // A loop of its own rather than expect.poll, which works only inside a test (signIn runs in hooks too).
  for (const until = Date.now() + 20_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const found = (await mails(stack)).filter((x) => x.to.includes(to) && match(x)).at(-1);
    if (found) return found;
  }
  throw new Error(`no mail to ${to} arrived`);
}

/** Signs in as a person does: the form on /<locale>/staff/, the link in the mailbox, the button. */
async function signIn(page: Page, email: string, locale: Locale) {
  const before = (await mails(stack)).length;
  await page.goto(stack.url(SITE, `/${locale}/staff/`));
  expect(await page.locator('h1').textContent()).toBe(L(locale, 'workspace.signIn.title'));
  await page.getByLabel(L(locale, 'workspace.signIn.email')).fill(email);
  await page.getByRole('button', { name: L(locale, 'workspace.signIn.submit') }).click();
  expect(await page.locator('h1').textContent()).toBe(L(locale, 'workspace.signIn.sent.title'));
  const mail = await newestMail(email, (x) => SIGN_IN.test(x.text) && (x.id ?? '') !== '' && true);
  expect((await mails(stack)).length).toBeGreaterThan(before);
  await page.goto(stack.url(SITE, SIGN_IN.exec(mail.text)![1]!));
  await page.getByRole('button', { name: L(locale, 'workspace.signIn.confirm.submit') }).click();
  await page.waitForURL(/\/staff\/$/);
}

let ctx: BrowserContext;
let page: Page;
const codes: Record<'forward' | 'answer' | 'progress', string> = { forward: '', answer: '', progress: '' };
let phoneCode = '';
let deadlineBefore = '';

describe('a member of staff, with JavaScript off', () => {
  beforeAll(async () => {
    // Three reports for the infrastructure inbox, a moment apart, and one for another inbox.
    codes.forward = await report('roads', 'Udarna rupa na raskrsnici kod pošte, duboka oko deset centimetara.');
    await new Promise((r) => setTimeout(r, 1100));
    codes.answer = await report('lighting', 'Ulična svetiljka ispred škole ne radi već tri noći.', 'sq');
    await new Promise((r) => setTimeout(r, 1100));
    codes.progress = await report('roads', 'Oštećen trotoar u Ulici Kralja Milutina, ploče su polomljene.');
    await report('water', 'Curi cev kod česme u parku.');
    await stack.poller.idle();
    ctx = await noScriptContext();
    page = await ctx.newPage();
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it('signs in from the link in the mailbox', async () => {
    await signIn(page, INBOX, 'sr');
    expect(await page.locator('h1').textContent()).toBe(L('sr', 'workspace.inbox.title'));
  });

  it('sees only the cases of its inbox, soonest due first', async () => {
    const listed = await page.locator('table tbody tr a[href*="/staff/cases/"]').allTextContents();
    // Soonest due first; cases due at the same moment (a clock stopped over a weekend gives the
    // same deadline to everything filed during it) by code.
    const records = await Promise.all(Object.values(codes).map((c) => stack.platform.ports.store.getCase(c)));
    const expected = records.map((r) => r!).sort((a, b) => a.deadlineAt.localeCompare(b.deadlineAt) || a.code.localeCompare(b.code)).map((r) => r.code);
    expect(listed.map((s) => s.trim())).toEqual(expected);
    expect(await axe(page)).toEqual([]);
  });

  it('forwards a case to another inbox: the new inbox gets mail and the deadline is unchanged', async () => {
    deadlineBefore = (await stack.platform.ports.store.getCase(codes.forward))!.deadlineAt;
    await page.getByRole('link', { name: codes.forward, exact: true }).click();
    await page.waitForURL(new RegExp(`/sr/staff/cases/${codes.forward}/$`));
    expect(await axe(page)).toEqual([]);
    await page.getByLabel(L('sr', 'wcase.forward.to'), { exact: true }).selectOption(OTHER_INBOX);
    await page.getByRole('button', { name: L('sr', 'wcase.forward.submit') }).click();
    // No longer this inbox's: back to the inbox, which says where it went.
    await page.waitForURL(/\/sr\/staff\/\?forwarded=/);
    expect(await page.getByRole('status').first().textContent()).toBe(L('sr', 'workspace.inbox.forwarded', { code: codes.forward }));
    const mail = await newestMail(OTHER_INBOX, (x) => x.subject.includes(codes.forward) && /\/api\/reply\//.test(x.text));
    expect(mail.text).toContain(`/staff/cases/${codes.forward}/`);
    const after = (await stack.platform.ports.store.getCase(codes.forward))!;
    expect(after.inbox).toBe(OTHER_INBOX);
    expect(after.deadlineAt).toBe(deadlineBefore);
    // It has left this inbox.
    expect(await page.locator(`table a:text-is("${codes.forward}")`).count()).toBe(0);
  });

  it('adds an internal note', async () => {
    await page.goto(stack.url(SITE, `/sr/staff/cases/${codes.answer}/`));
    await page.getByLabel(L('sr', 'wcase.note.label'), { exact: true }).fill(NOTE);
    await page.getByRole('button', { name: L('sr', 'wcase.note.submit') }).click();
    expect(await page.getByRole('status').first().textContent()).toContain(L('sr', 'wcase.done.note'));
    expect(await page.locator('main').textContent()).toContain(NOTE);
  });

  it('answers another case from an Albanian template, in the Albanian workspace', async () => {
    await page.goto(stack.url(SITE, `/sq/staff/cases/${codes.answer}/`));
    expect(await axe(page)).toEqual([]);
    const select = page.getByLabel(L('sq', 'wcase.template.label'), { exact: true });
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })));
    const resolved = options.find((o) => o.value === 'lighting.resolved');
    expect(resolved, JSON.stringify(options)).toBeTruthy();
    await select.selectOption('lighting.resolved');
    await page.getByRole('button', { name: L('sq', 'wcase.template.submit') }).click();
    await page.waitForURL(/template=lighting\.resolved/);
    const albanian = page.getByLabel(L('sq', 'wcase.answerSq'), { exact: true });
    const text = await albanian.inputValue();
    expect(text.length).toBeGreaterThan(20);
    // Anything the template leaves to fill in, filled in, a line added; sent in Albanian only.
    await albanian.fill(`${text.replace(/\[[^\]]*\]/g, 'të enjten')} Punimet u kryen të enjten.`);
    await page.getByLabel(L('sq', 'wcase.answerSr'), { exact: true }).fill('');
    await page.getByRole('button', { name: L('sq', 'wcase.answer.submit') }).click();
    expect(await page.getByRole('status').first().textContent()).toContain(L('sq', 'wcase.done.answer'));
    const r = (await stack.platform.ports.store.getCase(codes.answer))!;
    expect(r.status).toBe('resolved');
    expect(r.answers?.sq).toContain('të enjten');
    expect(r.answers?.sr).toBeUndefined();
  });

  it('marks a case in progress with a planned date, then resolved, in Serbian Latin', async () => {
    await page.goto(stack.url(SITE, `/sr-latn/staff/cases/${codes.progress}/`));
    expect(await axe(page)).toEqual([]);
    const planned = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(L('sr-latn', 'staff.outcome.in_progress')).check();
    await page.getByLabel(L('sr-latn', 'wcase.answerSr'), { exact: true }).fill('Ekipa je obišla mesto; ploče menjamo do planiranog datuma.');
    await page.getByLabel(L('sr-latn', 'wcase.plannedAtField'), { exact: true }).fill(planned);
    await page.getByRole('button', { name: L('sr-latn', 'wcase.answer.submit') }).click();
    expect(await page.getByRole('status').first().textContent()).toContain(L('sr-latn', 'wcase.done.answer'));
    let r = (await stack.platform.ports.store.getCase(codes.progress))!;
    expect(r.status).toBe('in_progress');
    expect(r.plannedAt).toBe(planned);
    expect(r.resolutionDueAt! > r.updatedAt).toBe(true);

    await page.getByLabel(L('sr-latn', 'staff.outcome.resolved')).check();
    await page.getByLabel(L('sr-latn', 'wcase.answerSr'), { exact: true }).fill('Ploče su zamenjene, trotoar je ponovo prohodan.');
    await page.getByRole('button', { name: L('sr-latn', 'wcase.answer.submit') }).click();
    expect(await page.getByRole('status').first().textContent()).toContain(L('sr-latn', 'wcase.done.answer'));
    r = (await stack.platform.ports.store.getCase(codes.progress))!;
    expect(r.status).toBe('resolved');
    expect(r.resolvedAt).toBeTruthy();
  });
});

describe('an editor registers a case received by phone', () => {
  let ectx: BrowserContext;
  let epage: Page;
  beforeAll(async () => {
    ectx = await noScriptContext();
    epage = await ectx.newPage();
  });
  afterAll(async () => {
    await ectx?.close();
  });

  it('signs in, fills in the form in Serbian Cyrillic and lands on the new case', async () => {
    await signIn(epage, EDITOR, 'sr');
    await epage.goto(stack.url(SITE, '/sr/staff/new/'));
    expect(await axe(epage)).toEqual([]);
    await epage.getByLabel(L('sr', 'wcase.channel.phone'), { exact: true }).check();
    await epage.getByLabel(L('sr', 'wcase.new.kind.report'), { exact: true }).check();
    await epage.getByLabel(L('sr', 'wcase.new.category'), { exact: true }).selectOption('waste');
    await epage.getByLabel(L('sr', 'wcase.new.text'), { exact: true }).fill('Грађанка јавља телефоном да контејнер код амбуланте није испражњен већ недељу дана.');
    await epage.getByLabel(L('sr', 'wcase.new.phone'), { exact: true }).fill('+383 44 123 456');
    await epage.getByRole('button', { name: L('sr', 'wcase.new.submit') }).click();
    await epage.waitForURL(/\/sr\/staff\/cases\/[A-Z0-9]{4}-[A-Z0-9]{4}\//);
    phoneCode = /cases\/([A-Z0-9-]{9})\//.exec(epage.url())![1]!;
    const r = (await stack.platform.ports.store.getCase(phoneCode))!;
    expect(r.channel).toBe('phone');
    expect(r.inbox).toBe(OTHER_INBOX);
  });

  it('the rebuilt archive shows the case with its channel', async () => {
    await stack.poller.idle();
    let body = '';
    await expect
      .poll(async () => {
        const res = await getPage(stack, SITE, `/sr/archive/case/${phoneCode}/`);
        body = res.body;
        return res.status;
      }, { timeout: 120_000, interval: 1000 })
      .toBe(200);
    // The channel among the case's facts (the fast path published the page), and the case
    // counted by channel in the statistics (the backstop build that follows it).
    expect(body).toContain(L('sr', 'resolution.channel.phone'));
    await stack.rebuilder!.idle();
    const stats = JSON.parse((await getPage(stack, SITE, '/open-data/statistics.json')).body) as unknown;
    expect(JSON.stringify(stats)).toMatch(/"phone":\s*[1-9]/);
  }, 150_000);
});

describe('every workspace page in all three locales, without JavaScript, has no axe violations', () => {
  let sctx: BrowserContext;
  let spage: Page;
  beforeAll(async () => {
    sctx = await noScriptContext();
    spage = await sctx.newPage();
    await signIn(spage, SUPERVISOR, 'sq');
  }, 60_000);
  afterAll(async () => {
    await sctx?.close();
  });

  it.each(['sr', 'sr-latn', 'sq'] as Locale[])('%s', async (l) => {
    const pages = ['/staff/', '/staff/?overdue=1', `/staff/cases/${codes.answer}/`, `/staff/cases/${codes.forward}/`, '/staff/new/', '/staff/audit/', '/staff/settings/'];
    const violations: string[] = [];
    for (const p of pages) {
      const res = await spage.goto(stack.url(SITE, `/${l}${p}`));
      expect(res?.status(), p).toBe(200);
      expect(await spage.locator('h1').count(), p).toBe(1);
      violations.push(...(await axe(spage)));
    }
    // A form sent back with errors, and the sign-in pages of someone signed out.
    await spage.goto(stack.url(SITE, `/${l}/staff/new/`));
    await spage.getByRole('button', { name: L(l, 'wcase.new.submit') }).click();
    expect(await spage.locator('.error-summary').count()).toBe(1);
    violations.push(...(await axe(spage)));
    const out = await noScriptContext();
    const outPage = await out.newPage();
    await outPage.goto(stack.url(SITE, `/${l}/staff/`));
    violations.push(...(await axe(outPage)));
    await out.close();
    expect(violations).toEqual([]);
  }, 120_000);

  it('the audit log shows who did what, without the note', async () => {
    await spage.goto(stack.url(SITE, '/sr/staff/audit/'));
    const text = await spage.locator('main').textContent();
    expect(text).toContain(INBOX);
    expect(text).toContain(EDITOR);
    expect(text).not.toContain(NOTE);
  });
});

describe('nothing internal reaches the public', () => {
  it('no built file and no public response holds the note or a staff address that acted', async () => {
    // Every change has been projected and the rebuilds it asked for have finished.
    await stack.poller.idle();
    await expect.poll(() => built.has(SITE), { timeout: 120_000 }).toBe(true);
    await stack.rebuilder!.idle();
    // Every address the config lets sign in, and the note. The general contact and the
    // departments' addresses are published on purpose, by the config (the footer, the about page,
    // Open311's discovery contact): for those, what must hold is that no case, list or open-data
    // file carries one, so they are searched for in the <main> of pages other than the about
    // page, and in every other file but the discovery documents.
    const published = new Set([m.contact.email, ...m.departments.map((d) => d.email).filter((e): e is string => !!e)].map((e) => e.toLowerCase()));
    // The general contact address is the municipality's public address, in the footer and the
    // editors' own texts (news, privacy): not searched for. It receives cases only of categories
    // without an inbox of their own, and none of this test's.
    const secrets = [NOTE, NOTE.slice(0, 24), ...staffAddresses(m).filter((a) => a !== m.contact.email.toLowerCase())];
    expect(secrets).toEqual(expect.arrayContaining([INBOX, OTHER_INBOX, EDITOR, SUPERVISOR]));
    const hits: string[] = [];
    const dir = join(sitesDir, SITE);
    const mainOf = (html: string) => /<main\b[\s\S]*<\/main>/i.exec(html)?.[0] ?? html;
    let files = 0;
    for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (!e.isFile()) continue;
      const path = join(e.parentPath, e.name).slice(dir.length);
      const text = await readFile(join(e.parentPath, e.name), 'utf8').catch(() => '');
      files++;
      for (const s of secrets) {
        let where = text;
        if (published.has(s)) {
          if (/^\/[^/]+\/about\/|^\/open311\/v2\/discovery\./.test(path)) continue;
          if (path.endsWith('.html')) where = mainOf(text);
        }
        if (where.includes(s)) hits.push(`${path}: ${s}`);
      }
    }
    expect(files).toBeGreaterThan(200);
    const responses = [
      ...Object.values(codes).flatMap((c) => [`/sr/status/${c}/`, `/sq/status/${c}/`, `/api/cases/${c}`]),
      `/sr/status/${phoneCode}/`,
      `/api/cases/${phoneCode}`,
      '/open311/v2/requests.json',
    ];
    for (const p of responses) {
      const res = await getPage(stack, SITE, p);
      expect(res.status, p).toBe(200);
      const where = p.includes('/status/') ? mainOf(res.body) : res.body;
      for (const s of secrets) if ((published.has(s) ? where : res.body).includes(s)) hits.push(`${p}: ${s}`);
    }
    expect(hits).toEqual([]);
  }, 180_000);
});
