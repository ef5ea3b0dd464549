// Issue 11, finding 1, in Chromium: a page on another site that auto-submits a form to the
// report, question and staff reply endpoints creates nothing, changes nothing and sends no email;
// the same forms posted from the site itself, without JavaScript, still work.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestStack, storedCases, replyLink, mails, type Stack } from '../helpers/stack.ts';
import { distDir } from '../helpers/dist.ts';
import { t } from '../../core/i18n/index.ts';

let browser: Browser;
let stack: Stack;
let evil: Server;
let evilOrigin = '';
/** The attacker's pages, by path: what a page on another site would serve. */
const pages = new Map<string, string>();

beforeAll(async () => {
  // Nothing is rebuilt here, so the built sites in dist/ are served as they are.
  [browser, stack] = await Promise.all([launchBrowser(), startTestStack({ distDir })]);
  // Another site: another host and port on the loopback, as far from zvecan.localhost as any site on the web.
  evil = createServer((req, res) => {
    const html = pages.get((req.url ?? '/').split('?')[0]!);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await new Promise((resolve) => evil?.close(resolve));
});

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A page that submits a hidden form to `action` as soon as it loads, the classic cross-site request forgery. */
function autoSubmit(path: string, action: string, fields: Record<string, string>, opts: { inFrame?: boolean } = {}) {
  const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  const form = `<form id="f" method="post" action="${esc(action)}">${inputs}</form><script>document.getElementById('f').submit()</script>`;
  if (opts.inFrame) {
    // The form posts inside an invisible frame, so the visitor sees nothing happen.
    pages.set(`${path}-frame`, `<!doctype html><title>frame</title>${form}`);
    pages.set(path, `<!doctype html><title>Win a prize</title><h1>Congratulations!</h1><iframe name="x" style="display:none" src="${path}-frame"></iframe>`);
  } else {
    pages.set(path, `<!doctype html><title>Win a prize</title>${form}`);
  }
  return `${evilOrigin}${path}`;
}

/** What the table and the mailbox hold, after the stream has done whatever it would do. */
async function snapshot() {
  await stack.poller.idle();
  return { cases: (await storedCases(stack)).length, mails: (await mails(stack)).length };
}

const report = { municipality: 'zvecan', locale: 'sq', category: 'lighting', description: 'Kjo raportim vjen nga një faqe tjetër interneti.', address: 'Rruga e sulmuesit', email: 'victim@example.org', consent: 'on' };
const question = { municipality: 'zvecan', locale: 'sr', question: 'Ово питање долази са туђе веб-странице.', email: 'victim@example.org', consent: 'on' };

describe('a page on another site that auto-submits a form', () => {
  let code = '';
  let token = '';
  beforeAll(async () => {
    // A real case with a real reply link, for the forged staff answer.
    const r = await fetch(stack.apiUrl('/api/reports'), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ ...report, description: 'Ne radi ulično svetlo kod škole, prava prijava.', email: 'citizen@example.org', consent: true, locale: 'sr-latn' }) });
    expect(r.status).toBe(201);
    code = ((await r.json()) as { code: string }).code;
    await stack.poller.idle();
    const mail = (await mails(stack)).find((m) => m.text?.includes(code) && m.text.includes('/api/reply/'));
    token = new URL(replyLink(mail!)).pathname.split('/').pop()!;
  });

  const targets = [
    { name: 'a System 48h report', path: '/report', action: () => stack.url('zvecan', '/api/reports?lang=sq'), fields: () => report, locale: 'sq' as const },
    { name: 'a question to the mayor', path: '/question', action: () => stack.url('zvecan', '/api/questions'), fields: () => question, locale: 'sr' as const },
    { name: 'a staff answer withdrawing the case as spam', path: '/reply', action: () => stack.url('zvecan', `/api/reply/${token}`), fields: () => ({ outcome: 'rejected', publicText: 'spam' }), locale: 'sr' as const },
  ];

  it.each(targets)('creates nothing, changes nothing, mails nobody: $name', async (target) => {
    const before = await snapshot();
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(target.action()));
    await page.goto(autoSubmit(target.path, target.action(), target.fields()));
    const answer = await refused;
    expect(answer.status()).toBe(403);
    await page.waitForLoadState();
    // The person who was sent here reads why nothing happened, in the site's layout and their language.
    expect(await page.textContent('main')).toContain(t(target.locale, 'error.crossSite'));
    await ctx.close();
    expect(await snapshot()).toEqual(before);
    const now = await fetch(stack.apiUrl(`/api/cases/${code}`));
    expect(now.status).toBe(200);
    expect(((await now.json()) as { status: string }).status).toBe('received');
  });

  it.each(targets)('does the same inside a hidden frame: $name', async (target) => {
    const before = await snapshot();
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(target.action()));
    await page.goto(autoSubmit(`${target.path}-hidden`, target.action(), target.fields(), { inFrame: true }));
    expect((await refused).status()).toBe(403);
    await ctx.close();
    expect(await snapshot()).toEqual(before);
  });

  it('refuses JSON sent as text/plain by a script on another site (a type that needs no preflight)', async () => {
    const before = await snapshot();
    pages.set('/fetch', '<!doctype html><title>x</title>');
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${evilOrigin}/fetch`);
    const sent = await page.evaluate(async ({ url, body }) => {
      // no-cors hides the answer from the script, but the request itself goes out.
      // The parameter makes a careless `includes('application/json')` read it as JSON.
      await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain; x=application/json' }, body });
      return true;
    }, { url: stack.url('zvecan', '/api/questions'), body: JSON.stringify({ ...question, consent: true }) });
    expect(sent).toBe(true);
    await ctx.close();
    expect(await snapshot()).toEqual(before);
  });

  it('lets staff answer from their own page after all that, without JavaScript: the link was never used', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(stack.url('zvecan', `/api/reply/${token}`));
    await page.check('input[name="outcome"][value="answered"]');
    await page.fill('#answerSr', 'Ekipa je zamenila sijalicu.');
    await page.click('button[type="submit"]');
    await page.waitForURL(`**/status/${code}/?replied=1`);
    // The status page in the staff page's language (Serbian Cyrillic): the answer in its script.
    expect(await page.textContent('main')).toContain('Екипа је заменила сијалицу.');
    await ctx.close();
  });
});

describe('the same forms posted from the site itself, without JavaScript', () => {
  it('files a report in Albanian and gets its tracking code', async () => {
    const before = await snapshot();
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(stack.url('zvecan', '/sq/system-48h/report/'));
    await page.check('#category-lighting');
    await page.fill('#description', 'Llamba rrugore para shkollës nuk ndizet prej tri netësh.');
    await page.fill('#address', 'Para shkollës fillore');
    await page.fill('#email', 'arta@example.org');
    await page.check('#consent');
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/sq\/status\/[A-Z0-9]{4}-[A-Z0-9]{4}\/\?new=1$/);
    expect(await page.locator('[data-testid="tracking-code"]').textContent()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await ctx.close();
    expect((await snapshot()).cases).toBeGreaterThan(before.cases);
  });

  it('asks the mayor in Serbian Cyrillic and gets its tracking code', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(stack.url('zvecan', '/sr/ask-the-mayor/ask/'));
    await page.fill('#question', 'Када ће бити поправљено јавно осветљење у центру?');
    await page.fill('#email', 'petar@example.org');
    await page.check('#consent');
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/sr\/status\/[A-Z0-9]{4}-[A-Z0-9]{4}\/\?new=1$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('sr-Cyrl');
    await ctx.close();
  });
});
