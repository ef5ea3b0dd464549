import { chromium } from 'playwright-core';
const [link, caseUrl] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP *.localhost 127.0.0.1'] });
const ctx = await b.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
const p = await ctx.newPage();
await p.goto(link);
await p.getByLabel('Одговорено').check();
await p.getByLabel('Јавни одговор на српском').fill('Екипа је изашла на терен и поправила рупу код моста у петак.');
await p.getByLabel('Јавни одговор на албанском').fill('Ekipa doli në terren dhe e riparoi gropën pranë urës të premten.');
const t0 = Date.now();
await p.getByRole('button', { name: 'Пошаљи одговор' }).click();
await p.waitForLoadState('load');
console.log('after POST:', await p.locator('h1').first().innerText(), (Date.now() - t0) + ' ms');
await p.screenshot({ path: '/tmp/trial/replied.png', fullPage: true });
const q = await ctx.newPage();
for (;;) {
  const r = await q.goto(caseUrl);
  const txt = r.ok() ? await q.locator('main').innerText() : '';
  if (txt.includes('riparoi')) { console.log('public page shows the answer', (Date.now() - t0) + ' ms after the POST'); break; }
  if (Date.now() - t0 > 60000) { console.log('not public after 60 s', r.status()); break; }
  await q.waitForTimeout(250);
}
await q.screenshot({ path: '/tmp/trial/public-answer.png', fullPage: true });
await b.close();
