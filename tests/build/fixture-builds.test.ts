// Builds one site from a copy of content/ with extra files, to see what editors see: a missing
// translation falls back with a notice, and a wrong field stops the build with the fix.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
let tmp: string;

function buildFixture() {
  return spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: root,
    env: { ...process.env, SITE: 'zvecan', CONTENT_DIR: join(tmp, 'content'), OUT_DIR: join(tmp, 'dist'), ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'e-opstine-fixture-'));
  cpSync(join(root, 'content'), join(tmp, 'content'), { recursive: true });
  writeFileSync(join(tmp, 'content/zvecan/news/only-serbian.sr.md'), '---\ntitle: Вест само на српском\nsummary: Ова вест постоји само на српском језику.\ndate: 2026-11-21\n---\nТекст вести на ћирилици, са речју конјункција.\n');
  // Enough news for a second page of the news list.
  for (let i = 1; i <= 10; i++) {
    const day = String(i).padStart(2, '0');
    writeFileSync(join(tmp, `content/zvecan/news/bulk-${day}.sr.md`), `---\ntitle: Вест број ${i}\nsummary: Кратка вест број ${i} за проверу страница.\ndate: 2026-10-${day}\n---\nТекст.\n`);
  }
  writeFileSync(join(tmp, 'content/zvecan/news/only-albanian.sq.md'), '---\ntitle: Lajm vetëm në shqip\nsummary: Ky lajm ekziston vetëm në gjuhën shqipe.\ndate: 2026-11-21\n---\nTeksti i lajmit në shqip.\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a missing translation', () => {
  it('shows the other language with a visible notice, never a 404', () => {
    const r = buildFixture();
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const sq = readFileSync(join(tmp, 'dist/sq/news/only-serbian/index.html'), 'utf8');
    expect(sq).toContain('<html lang="sq"');
    expect(sq).toContain('class="notice notice--fallback"');
    expect(sq).toContain('serbisht');
    // An Albanian reader gets the Serbian text in Latin letters, marked as Serbian.
    expect(sq).toMatch(/<div class="prose" lang="sr-Latn">\s*<p>Tekst vesti na ćirilici, sa rečju konjunkcija\.<\/p>/);

    const srLatn = readFileSync(join(tmp, 'dist/sr-latn/news/only-serbian/index.html'), 'utf8');
    expect(srLatn).not.toContain('class="notice notice--fallback"');
    expect(srLatn).toContain('Vest samo na srpskom');

    const sr = readFileSync(join(tmp, 'dist/sr/news/only-albanian/index.html'), 'utf8');
    expect(sr).toContain('class="notice notice--fallback"');
    expect(sr).toMatch(/<div class="prose" lang="sq">\s*<p>Teksti i lajmit në shqip\.<\/p>/);
  });
});

describe('the news list', () => {
  it('is paginated with links both ways', () => {
    const page1 = readFileSync(join(tmp, 'dist/sr/news/index.html'), 'utf8');
    const page2 = readFileSync(join(tmp, 'dist/sr/news/2/index.html'), 'utf8');
    expect(page1).toMatch(/<a href="\/sr\/news\/2\/" rel="next">/);
    expect(page2).toMatch(/<a href="\/sr\/news\/" rel="prev">/);
    expect(page2).toContain('<span aria-current="page">2</span>');
    // Newest first: the oldest bulk item lands on page 2.
    expect(page2).toContain('/sr/news/bulk-01/');
  });
});

describe('a wrong frontmatter field', () => {
  it('fails the build naming the file, the field and the fix', () => {
    writeFileSync(join(tmp, 'content/zvecan/documents/broken.sr.md'), '---\ntitle: Погрешан документ\nsummary: Документ са погрешном врстом.\ntype: budžet\ndate: 2026-11-21\n---\nТекст.\n');
    const r = buildFixture();
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/content\/zvecan\/documents\/broken\.sr\.md: field `type`: type must be one of: decision, budget, plan/);
  });
});
