import { chromium } from 'playwright-core';
const PORT = 4455;
const L = {
  sr: { cat: 'Путеви и тротоари', desc: 'Опишите проблем', addr: 'Адреса или назив места', email: 'Е-пошта', consent: 'Слажем се', submit: 'Пошаљите пријаву' },
  'sr-latn': { cat: 'Putevi i trotoari', desc: 'Opišite problem', addr: 'Adresa ili naziv mesta', email: 'E-pošta', consent: 'Slažem se', submit: 'Pošaljite prijavu' },
  sq: { cat: 'Rrugë dhe trotuare', desc: 'Përshkruani problemin', addr: 'Adresa ose emri i vendit', email: 'Email', consent: 'Pajtohem', submit: 'Dërgoni raportin' },
};
const runs = [
  ['severna-mitrovica', 'sq', false], ['severna-mitrovica', 'sr', true],
  ['leposavic', 'sr-latn', false], ['leposavic', 'sq', true],
  ['zubin-potok', 'sr', false], ['zubin-potok', 'sr-latn', true],
];
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--host-resolver-rules=MAP *.localhost 127.0.0.1'] });
const out = [];
for (const [site, locale, js] of runs) {
  const ctx = await b.newContext({ javaScriptEnabled: js, viewport: { width: 420, height: 900 } });
  const p = await ctx.newPage();
  const errors = [];
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  p.on('pageerror', (e) => errors.push(String(e)));
  const l = L[locale];
  await p.goto(`http://${site}.localhost:${PORT}/${locale}/system-48h/report/`);
  const tag = `${site}-${locale}-${js ? 'js' : 'nojs'}`;
  // First: submit empty, expect translated errors.
  await p.waitForTimeout(300);
  await p.getByRole('button', { name: l.submit }).click();
  await p.waitForLoadState('load');
  const summary = await p.locator('.error-summary, [role=alert]').first().innerText().catch(() => '(no summary)');
  await p.screenshot({ path: `/tmp/trial/${tag}-errors.png`, fullPage: false });
  // Then fill and submit.
  await p.getByRole('radio').first().check();
  await p.getByLabel(l.desc).fill(`Proba ${tag}: rupa na putu kod mosta, duboka oko 20 cm.`);
  await p.getByLabel(l.addr).fill('Glavna 12');
  await p.getByLabel(l.email, { exact: true }).fill(`trial-${tag}@example.org`);
  await p.getByLabel(l.consent).check();
  await p.waitForTimeout(4000);
  await p.getByRole('button', { name: l.submit }).click();
  await p.waitForURL(/\/status\//, { timeout: 20000 }).catch(() => {});
  const url = p.url();
  const h1 = await p.locator('h1').first().innerText().catch(() => '');
  await p.screenshot({ path: `/tmp/trial/${tag}-done.png`, fullPage: true });
  out.push({ tag, summary: summary.slice(0, 120).replace(/\n/g, ' | '), url, h1, errors });
  await ctx.close();
}
console.log(JSON.stringify(out, null, 1));
await b.close();
