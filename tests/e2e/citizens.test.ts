// Citizens after the first answer (issue 13), in Chromium on the real local services.
//
// 1. The loop: a citizen reports with an email; staff resolve through the reply link in the
//    mailbox; others follow the case from its status page (one per language) and confirm from
//    the mailbox; the citizen opens the personal link from their email and, with JavaScript off,
//    says "not fixed": the case reopens (received), the inbox gets a fresh working reply link, the
//    public timeline shows the citizen's step, every follower is told, and the rebuilt archive
//    page of the case shows it reopened.
// 2. "Was it fixed?": the platform's clock moved 8 days past a resolution, the sweep sends one
//    email; a person's click on its "yes" link in the mailbox (Chromium sends Sec-Fetch-User ?1)
//    records the answer, and the rebuilt statistics count it.
// 3. axe (WCAG 2.2 AA tags), 0 violations, JavaScript off, on every new page in all three locales.
//
// JavaScript off, with axe: as in workspace.test.ts, every document is fetched through loopback
// with the browser's own headers, its scripts taken out before the browser sees it, and script
// files refused. Pages must work without them.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestStack, mails, getPage, replyLink, type Mail, type Stack } from '../helpers/stack.ts';
import { distDir } from '../helpers/dist.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import type { Locale } from '../../core/locales.ts';
import type { CaseStore } from '../../functions/domain/ports.ts';

const SITE = 'zvecan';
const INBOX = 'infrastruktura@ezvecan.com'; // roads and lighting
const CITIZEN = 'milica.gradjanka@example.org';
const FEEDBACK_CITIZEN = 'vesna.feedback@example.org';
const FOLLOWERS: Record<Locale, string> = { sr: 'pratilac.sr@example.org', 'sr-latn': 'pratilac.latn@example.org', sq: 'ndjekes.sq@example.org' };
const DAY = 86_400_000;
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const L = (l: Locale, key: StringKey, vars?: Record<string, string | number>) => t(l, key, vars);
const all: readonly Locale[] = ['sr', 'sr-latn', 'sq'];

let browser: Browser;
let stack: Stack;
let store: CaseStore;
let sitesDir: string;
/** How far the platform's clock is ahead of the real one (part 2 moves it). */
let offset = 0;
const built: string[] = [];
beforeAll(async () => {
  // The rebuild worker swaps rebuilt sites in: give it a copy, so other tests keep theirs.
  sitesDir = await mkdtemp(join(tmpdir(), 'eopstine-citizens-'));
  await cp(distDir, sitesDir, { recursive: true });
  [browser, stack] = await Promise.all([
    launchBrowser(),
    startTestStack({ distDir: sitesDir, now: () => new Date(Date.now() + offset), rebuild: { debounceMs: 300, onBuilt: (site: string) => built.push(site) } }),
  ]);
  store = stack.platform.ports.store as CaseStore;
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

/**
 * A browser context with JavaScript off for the pages (see the top of the file). `scanner`: the
 * documents are fetched without Sec-Fetch-User, as a mail scanner or a prefetch fetches a link
 * (so opening a "was it fixed?" answer link shows its button page and records nothing).
 */
async function noScriptContext(opts: { scanner?: boolean } = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  await ctx.route('**/*', async (route) => {
    const req = route.request();
    if (req.resourceType() === 'script') return route.abort();
    if (req.resourceType() !== 'document') return route.continue();
    const headers = Object.fromEntries(
      Object.entries(await req.allHeaders()).filter(([k]) => !k.startsWith(':') && k !== 'host' && k !== 'accept-encoding' && !(opts.scanner && k === 'sec-fetch-user')),
    );
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
  expect(await page.locator('h1').count(), page.url()).toBe(1);
  // The Content-Security-Policy refuses style attributes (core/security/headers.ts): none in the markup.
  expect(await page.locator('[style]').count(), page.url()).toBe(0);
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  return results.violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const h1 = async (page: Page) => (await page.locator('h1').textContent())?.trim();

/** A report through the API, as the site's form sends it. */
async function report(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(stack.apiUrl('/api/reports'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ municipality: SITE, locale: 'sr', category: 'roads', address: 'Улица краља Милутина, Звечан', consent: true, ...body }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

async function newestMail(match: (m: Mail) => boolean, what: string): Promise<Mail> {
  for (const until = Date.now() + 20_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    await stack.poller.idle();
    const found = (await mails(stack)).filter(match).at(-1);
    if (found) return found;
  }
  throw new Error(`no mail: ${what}`);
}
const to = async (addr: string) => (await mails(stack)).filter((m) => m.to.includes(addr));
const PERSONAL = /https?:\/\/[^\s"<]+(\/(?:sr|sr-latn|sq)\/my-case\/[A-Za-z0-9_-]{43}\/)/;
const CONFIRM = /https?:\/\/[^\s"<]+\/api\/subscriptions\/[A-Za-z0-9_-]{43}(?:\?lang=[a-z-]+)?/;
const UNSUBSCRIBE = /https?:\/\/[^\s"<]+\/api\/unsubscribe\/[A-Za-z0-9_-]{43}/;
/** The same path in another language: /sr/… → /<l>/… */
const inLocale = (path: string, l: Locale) => path.replace(/^\/(sr-latn|sr|sq)\//, `/${l}/`);

// ---------------------------------------------------------------------------------------------

let code = '';
let personal = '';
let firstReply = '';

describe('1. a citizen says "not fixed" through the emailed link, with JavaScript off', () => {
  let ctx: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ctx = await noScriptContext();
    page = await ctx.newPage();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('reports with an email; the acknowledgement carries the personal link, whose page of the open case offers to add information (three locales, axe)', async () => {
    code = await report({ description: 'Велика рупа на коловозу код поште, аутомобили је заобилазе.', email: CITIZEN });
    const ack = await newestMail((m) => m.to.includes(CITIZEN) && m.text.includes(code) && PERSONAL.test(m.text), 'the acknowledgement');
    personal = PERSONAL.exec(ack.text)![1]!;
    firstReply = replyLink(await newestMail((m) => m.to.includes(INBOX) && m.subject.includes(code) && /\/api\/reply\//.test(m.text), 'the staff notice'));
    const violations: string[] = [];
    for (const l of all) {
      const res = await page.goto(stack.url(SITE, inLocale(personal, l)));
      expect(res?.status()).toBe(200);
      expect(await h1(page)).toBe(L(l, 'citizen.title', { code }));
      expect(await page.getByRole('heading', { name: L(l, 'citizen.update.heading') }).count()).toBe(1);
      expect(await page.getByLabel(L(l, 'citizen.update.label'), { exact: true }).count()).toBe(1);
      violations.push(...(await axe(page)));
      // An unknown link: a translated page, not a bare 404.
      const unknown = await page.goto(stack.url(SITE, `/${l}/my-case/${'A'.repeat(43)}/`));
      expect(unknown?.status()).toBe(404);
      expect(await h1(page)).toBe(L(l, 'citizen.unknown.title'));
      violations.push(...(await axe(page)));
    }
    expect(violations).toEqual([]);
    // Looking changed nothing.
    expect((await store.getCase(code))!.status).toBe('received');
  });

  it('staff resolve it through the reply link in the mailbox', async () => {
    await page.goto(firstReply);
    await page.check('input[name="outcome"][value="resolved"]');
    await page.fill('#answerSr', 'Рупа је санирана асфалтом у уторак.');
    await page.getByRole('button', { name: L('sr', 'staff.submit') }).click();
    await page.waitForURL(new RegExp(`/status/${code}/\\?replied=1$`));
    await stack.poller.idle();
    const r = (await store.getCase(code))!;
    expect(r.status).toBe('resolved');
  });

  it('others follow the case from its status page (one per language) and confirm from the mailbox (axe)', async () => {
    const violations: string[] = [];
    for (const l of all) {
      await page.goto(stack.url(SITE, `/${l}/status/${code}/`));
      await page.getByLabel(L(l, 'sub.follow.email'), { exact: true }).fill(FOLLOWERS[l]);
      await page.getByRole('button', { name: L(l, 'sub.follow.submit') }).click();
      await page.waitForURL(new RegExp(`/${l}/alerts/requested/$`));
      expect(await h1(page)).toBe(L(l, 'sub.requested.title'));
      violations.push(...(await axe(page)));

      const mail = await newestMail((m) => m.to.includes(FOLLOWERS[l]) && CONFIRM.test(m.text), `the confirmation for ${l}`);
      const link = CONFIRM.exec(mail.text)![0];
      // The link's GET shows a button and confirms nothing.
      await page.goto(link);
      expect(await h1(page)).toBe(L(l, 'sub.confirm.title'));
      violations.push(...(await axe(page)));
      await page.getByRole('button', { name: L(l, 'sub.confirm.button') }).click();
      await page.waitForURL(new RegExp(`/${l}/alerts/confirmed/$`));
      expect(await h1(page)).toBe(L(l, 'sub.confirmed.title'));
      violations.push(...(await axe(page)));
    }
    expect(violations).toEqual([]);
  });

  it('the citizen opens the personal link from the status email: "not fixed" is offered, an empty answer is a field error (three locales, axe)', async () => {
    const statusMail = await newestMail((m) => m.to.includes(CITIZEN) && m.text.includes(code) && m.text.includes('Рупа је санирана'), 'the status email');
    expect(PERSONAL.exec(statusMail.text)![1]).toBe(personal);
    const violations: string[] = [];
    for (const l of all) {
      await page.goto(stack.url(SITE, inLocale(personal, l)));
      expect(await page.getByRole('heading', { name: L(l, 'citizen.reopen.heading') }).count()).toBe(1);
      violations.push(...(await axe(page)));
      await page.getByRole('button', { name: L(l, 'citizen.reopen.submit') }).click();
      expect(await page.locator('.error-summary').count()).toBe(1);
      expect(await page.locator('main').textContent()).toContain(L(l, 'citizen.error.required'));
      violations.push(...(await axe(page)));
    }
    expect(violations).toEqual([]);
    expect((await store.getCase(code))!.status).toBe('resolved');
  });

  it('says "not fixed": the case reopens as received', async () => {
    await page.goto(stack.url(SITE, personal));
    await page.getByLabel(L('sr', 'citizen.reopen.label'), { exact: true }).fill('Рупа се поново отворила после кише, још је дубља него пре.');
    await page.getByRole('button', { name: L('sr', 'citizen.reopen.submit') }).click();
    await page.waitForURL(/\?done=reopened$/);
    expect(await page.getByRole('status').first().textContent()).toContain(L('sr', 'citizen.reopen.done'));
    // Open again: the page offers to add information.
    expect(await page.getByLabel(L('sr', 'citizen.update.label'), { exact: true }).count()).toBe(1);
    await stack.poller.idle();
    const r = (await store.getCase(code))!;
    expect(r.status).toBe('received');
    expect(r.reopenCount).toBe(1);
    expect(r.reopenedAt).toBeTruthy();
  });

  it('the inbox gets a fresh reply link that works; the old one no longer does', async () => {
    const notice = await newestMail((m) => m.to.includes(INBOX) && m.subject.includes(code) && m.subject.includes(L('sr', 'citizen.staff.subject.reopened', { platform: '', code }).split(']').pop()!.trim()), 'the reopening notice');
    const fresh = replyLink(notice);
    expect(fresh).not.toBe(firstReply);
    expect(notice.text).toContain('Рупа се поново отворила');
    const res = await page.goto(fresh);
    expect(res?.status()).toBe(200);
    expect(await page.locator('input[name="outcome"]').count()).toBeGreaterThan(0);
    expect((await page.goto(firstReply))?.status()).toBe(410);
  });

  it('the public timeline (the status page) shows the citizen’s step', async () => {
    await page.goto(stack.url(SITE, `/sr/status/${code}/`));
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain(L('sr', 'citizen.timeline.reopened'));
    expect(main).toContain('Рупа се поново отворила после кише');
    expect(await page.locator('.timeline__citizen').count()).toBe(1);
    expect(await page.locator('.badge--received').count()).toBeGreaterThan(0);
    expect(main).not.toContain(CITIZEN);
  });

  it('every follower is told of the reopening, with a one-click unsubscribe whose page works (three locales, axe)', async () => {
    const violations: string[] = [];
    for (const l of all) {
      const mail = await newestMail((m) => m.to.includes(FOLLOWERS[l]) && m.subject === L(l, 'sub.email.change.subject', { code, status: L(l, 'status.received') }), `the reopening to the ${l} follower`);
      expect(mail.text).toContain(`/${l}/status/${code}/`);
      const headers = (mail as Mail & { headers?: Record<string, string> }).headers ?? {};
      expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      const unsub = UNSUBSCRIBE.exec(mail.text)![0];
      expect(headers['List-Unsubscribe']).toBe(`<${unsub}>`);
      await page.goto(unsub);
      expect(await h1(page)).toBe(L(l, 'sub.unsubscribe.title'));
      violations.push(...(await axe(page)));
      if (l === 'sq') {
        await page.getByRole('button', { name: L(l, 'sub.unsubscribe.button') }).click();
        await page.waitForURL(/\/sq\/alerts\/unsubscribed\/$/);
        expect(await h1(page)).toBe(L(l, 'sub.unsubscribed.title'));
        violations.push(...(await axe(page)));
      }
    }
    expect(violations).toEqual([]);
    // No follower address anywhere the public reads.
    for (const p of [`/sr/status/${code}/`, `/api/cases/${code}`]) {
      const body = (await getPage(stack, SITE, p)).body;
      for (const a of Object.values(FOLLOWERS)) expect(body).not.toContain(a);
    }
  });

  it('the rebuilt archive page of the case shows it reopened', async () => {
    await stack.poller.idle();
    let body = '';
    await expect
      .poll(async () => {
        await stack.poller.idle();
        const res = await getPage(stack, SITE, `/sr/archive/case/${code}/`);
        body = res.body;
        return res.status === 200 && body.includes(L('sr', 'citizen.timeline.reopened'));
      }, { timeout: 240_000, interval: 2000 })
      .toBe(true);
    expect(body).toContain('Рупа се поново отворила после кише');
    expect(body).toContain('badge--received');
    for (const a of [CITIZEN, ...Object.values(FOLLOWERS)]) expect(body).not.toContain(a);
    // And nowhere in the rebuilt site: no page, feed or open-data file holds a follower's or the
    // citizen's address.
    await stack.rebuilder!.idle();
    const hits: string[] = [];
    const dir = join(sitesDir, SITE);
    let files = 0;
    for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (!e.isFile()) continue;
      files++;
      const text = await readFile(join(e.parentPath, e.name), 'utf8').catch(() => '');
      for (const a of [CITIZEN, ...Object.values(FOLLOWERS)]) if (text.includes(a)) hits.push(`${join(e.parentPath, e.name).slice(dir.length)}: ${a}`);
    }
    expect(files).toBeGreaterThan(200);
    expect(hits).toEqual([]);
  }, 260_000);
});

// ---------------------------------------------------------------------------------------------

let feedbackLink = '';
let feedbackCode = '';
let feedbackAt = '';

describe('2. "was it fixed?": one email, answered with one click, counted in the statistics', () => {
  let fcode = '';

  it('a resolved case, 8 days later: the sweep sends one email', async () => {
    fcode = await report({ category: 'lighting', locale: 'sr-latn', description: 'Ulična svetiljka kod autobuske stanice ne radi nedelju dana.', email: FEEDBACK_CITIZEN });
    const notice = await newestMail((m) => m.to.includes(INBOX) && m.subject.includes(fcode) && /\/api\/reply\//.test(m.text), 'the staff notice');
    const r0 = (await store.getCase(fcode))!;
    const res = await fetch(stack.apiUrl(new URL(replyLink(notice)).pathname), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ outcome: 'resolved', publicText: r0.publicText, answerSr: 'Sijalica je zamenjena.' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    await stack.poller.idle();
    expect((await store.getCase(fcode))!.status).toBe('resolved');

    offset += 8 * DAY;
    await stack.sweep!();
    await stack.poller.idle();
    const asked = (await to(FEEDBACK_CITIZEN)).filter((m) => m.subject.includes(fcode) && m.text.includes('/feedback/'));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.text).toContain(L('sr-latn', 'feedback.q.solved'));
    // Once: the next sweep sends nothing more.
    await stack.sweep!();
    await stack.poller.idle();
    expect((await to(FEEDBACK_CITIZEN)).filter((m) => m.subject.includes(fcode) && m.text.includes('/feedback/'))).toHaveLength(1);
  });

  it('a click on its "yes" link in the mailbox records the answer', async () => {
    const mail = (await to(FEEDBACK_CITIZEN)).filter((m) => m.subject.includes(fcode) && m.text.includes('/feedback/')).at(-1)!;
    feedbackLink = /https?:\/\/[^\s"<]+\/feedback\/[A-Za-z0-9_-]{43}\/solved\/yes\//.exec(mail.text)![0];
    // The email's HTML on a page of its own in the mailbox (sandboxed, no scripts), its link
    // clicked as a person does: Chromium sends Sec-Fetch-User ?1 with the navigation. (A click
    // inside the mailbox's embedded srcdoc frame is sent without it, so there the person gets
    // the button page and answers with one more click.)
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${stack.mailboxUrl}/${mail.id}/html`);
    await page.locator('a[href$="/solved/yes/"]').click();
    await page.waitForURL(feedbackLink);
    expect(await h1(page)).toBe(L('sr-latn', 'feedback.thanks.title'));
    expect(await page.locator('main').textContent()).toContain(L('sr-latn', 'feedback.yourAnswer', { answer: L('sr-latn', 'feedback.a.yes') }));
    await ctx.close();
    await stack.poller.idle();
    expect((await store.getCase(fcode))!.feedback).toMatchObject({ solved: true });
    expect((await store.getPublic(SITE, fcode))?.feedback).toEqual({ solved: true });
    feedbackCode = fcode;
    feedbackAt = (await store.getCase(fcode))!.feedback!.at;
  });

  it('the rebuilt statistics count it', async () => {
    type Share = { answers: number; yes: number; share: number | null };
    type Stats = { report: { feedback: Record<'solved' | 'satisfied', Share>; byCategory: { category: string; stats: { feedback: Record<'solved' | 'satisfied', Share> } }[] } };
    let stats: Stats | undefined;
    await expect
      .poll(async () => {
        await stack.poller.idle();
        const res = await getPage(stack, SITE, '/open-data/statistics.json');
        stats = res.status === 200 ? (JSON.parse(res.body) as Stats) : undefined;
        return stats?.report.feedback.solved.answers ?? 0;
      }, { timeout: 240_000, interval: 2000 })
      .toBe(1);
    expect(stats!.report.feedback.solved).toEqual({ answers: 1, yes: 1, share: 1 });
    expect(stats!.report.feedback.satisfied).toMatchObject({ answers: 0, share: null });
    expect(stats!.report.byCategory.find((c) => c.category === 'lighting')?.stats.feedback.solved).toEqual({ answers: 1, yes: 1, share: 1 });
    const csv = (await getPage(stack, SITE, '/open-data/statistics.csv')).body;
    expect(csv.split('\n')[0]).toContain('solved_answers');
  }, 260_000);
});

// ---------------------------------------------------------------------------------------------

describe('3. every new page in all three locales, without JavaScript, has no axe violations', () => {
  let ctx: BrowserContext;
  let page: Page;
  let phoneCode = '';
  let nearCode = '';
  let newCode = '';
  beforeAll(async () => {
    ctx = await noScriptContext({ scanner: true });
    page = await ctx.newPage();
    phoneCode = await report({ description: 'Оштећен шахт на тротоару испред амбуланте.', phone: '+383 44 123 456' });
    const at = { lat: 42.9075, lng: 20.8406 };
    nearCode = await report({ category: 'water', description: 'Цури вода из шахта код чесме.', email: 'prvi.komsija@example.org', ...at });
    newCode = await report({ category: 'water', description: 'Вода тече низ улицу код чесме.', email: 'drugi.komsija@example.org', lat: +(at.lat + 50 / 111_195).toFixed(6), lng: at.lng });
    await stack.poller.idle();
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it.each(all)('%s', async (l) => {
    const violations: string[] = [];
    const visit = async (path: string, status: number, title?: string) => {
      const res = await page.goto(stack.url(SITE, path));
      expect(res?.status(), path).toBe(status);
      if (title !== undefined) expect(await h1(page), path).toBe(title);
      violations.push(...(await axe(page)));
    };

    // Find a case: empty, a malformed code, an unknown code.
    await visit(`/${l}/status/`, 200);
    expect(await page.locator('.error-summary').count()).toBe(0);
    await visit(`/${l}/status/?code=abc`, 400);
    expect(await page.locator('.error-summary').count()).toBe(1);
    await visit(`/${l}/status/?code=${code === 'XXXX-XXXX' ? 'YYYY-YYYY' : 'XXXX-XXXX'}`, 404);
    expect(await page.locator('.error-summary').count()).toBe(1);

    // The status page: a phone-only report's confirmation, and a report with open ones nearby.
    await visit(`/${l}/status/${phoneCode}/?new=1&noemail=1`, 200);
    expect(await page.locator('[data-testid="phone-only"]').count()).toBe(1);
    expect(await page.locator('[data-testid="phone-only-lookup"]').count()).toBe(1);
    await visit(`/${l}/status/${newCode}/?new=1`, 200);
    expect(await page.locator(`[data-testid="nearby"] [data-code="${nearCode}"]`).count()).toBe(1);

    // Alerts: the empty form, and sent back with errors.
    await visit(`/${l}/alerts/`, 200, L(l, 'sub.alerts.title'));
    await page.getByRole('button', { name: L(l, 'sub.alerts.submit') }).click();
    expect(await page.locator('.error-summary').count()).toBe(1);
    violations.push(...(await axe(page)));

    // "Was it fixed?": the answer link as a scanner fetches it (the button page), then the thank-you page.
    const answer = new URL(feedbackLink).pathname;
    await visit(inLocale(answer, l), 200, L(l, 'feedback.q.solved'));
    expect(await page.getByRole('button', { name: L(l, 'feedback.confirm.button', { answer: L(l, 'feedback.a.yes') }) }).count()).toBe(1);
    await visit(inLocale(answer.replace(/solved\/yes\/$/, '?saved=1'), l), 200, L(l, 'feedback.thanks.title'));

    // The statistics page, with its feedback block (rebuilt with the answer in part 2).
    await visit(`/${l}/archive/statistics/`, 200);
    expect(await page.locator('[data-figures="feedback-report-groups"]').count()).toBe(1);

    expect(violations).toEqual([]);
  }, 120_000);

  it('the scanner’s fetches of the answer link above recorded nothing', async () => {
    await stack.poller.idle();
    expect((await store.getCase(feedbackCode))!.feedback).toEqual({ solved: true, at: feedbackAt });
  });
});
