// A site build that fails in `npm run build` (scripts/build-all.mjs, which the benchmark uses
// too): the reason is printed, the sibling build still running is stopped with everything it
// started, and the run exits non-zero. And the sites that build at once each have their own
// .astro/ folders (scripts/lib/astro-dot-dir.mjs).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { syntheticCases } from '../../scripts/lib/cases-gen.mjs';
import { fallbackDir } from '../../scripts/lib/astro-dot-dir.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
let tmp: string;

/** Runs `node scripts/build-all.mjs ...ids` (what npm run build runs) with the test's content copy. */
const buildAll = (ids: string[], env: Record<string, string>) => run(['scripts/build-all.mjs', ...ids], env);

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** Whether any process is left in the process group `pgid`. */
function groupAlive(pgid: number) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'e-opstine-build-failure-'));
  cpSync(join(root, 'content'), join(tmp, 'content'), { recursive: true });
  // Enough archive for the sibling's build to be still running when the broken one fails.
  const now = new Date('2026-11-01T12:00:00Z');
  writeFileSync(join(tmp, 'archive.json'), JSON.stringify(syntheticCases({ municipality: 'leposavic', count: 400, seed: 3, now })));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run build when one site fails', () => {
  it('prints the reason, stops the sibling build and its children, and exits non-zero', async () => {
    const content = join(tmp, 'content-broken');
    cpSync(join(tmp, 'content'), content, { recursive: true });
    writeFileSync(join(content, 'zvecan/documents/broken.sr.md'), '---\ntitle: Погрешан документ\nsummary: Документ са погрешном врстом.\ntype: budžet\ndate: 2026-11-21\n---\nТекст.\n');
    const dist = join(tmp, 'dist-broken');
    const r = await buildAll(['zvecan', 'leposavic'], { CONTENT_DIR: content, DIST_DIR: dist, ARCHIVE_SOURCE: 'file', ARCHIVE_FILE: join(tmp, 'archive.json') });
    const out = r.stdout + r.stderr;

    expect(r.code, out).toBe(1);
    // The failure, with the child's own reason: the file, the field and what it must be.
    expect(r.stderr).toMatch(/The build failed: zvecan: build failed \(exit 1\)\. Its last output:/);
    expect(r.stderr).toMatch(/content\/zvecan\/documents\/broken\.sr\.md: field `type`: type must be one of: decision, budget, plan/);
    // The sibling was running, was stopped, and nothing of its process group is left.
    const pid = Number(/… leposavic: building \(pid (\d+)\)/.exec(r.stdout)?.[1]);
    expect(pid, r.stdout).toBeGreaterThan(0);
    expect(r.stdout).toContain(`stopping the other build(s): leposavic (pid ${pid})`);
    expect(r.stdout).toMatch(/■ leposavic: stopped/);
    expect(r.stdout).not.toMatch(/✓ leposavic/);
    const deadline = Date.now() + 5000;
    while (groupAlive(pid) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    expect(groupAlive(pid)).toBe(false);
    // It did not finish: no search index, which a build writes last.
    expect(existsSync(join(dist, 'leposavic', 'pagefind'))).toBe(false);
  }, 240_000);

  it('fails the benchmark the same way, leaving its report as it was', async () => {
    const content = join(tmp, 'content-broken-first');
    cpSync(join(tmp, 'content'), content, { recursive: true });
    // The first site in the queue (sites build in name order, two at once).
    writeFileSync(join(content, 'leposavic/documents/broken.sr.md'), '---\ntitle: Погрешан документ\nsummary: Документ са погрешном врстом.\ntype: budžet\ndate: 2026-11-21\n---\nТекст.\n');
    const report = join(root, 'docs/benchmarks.md');
    const before = existsSync(report) ? readFileSync(report, 'utf8') : null;
    const r = await run(['scripts/bench.mjs', '--only=build'], { CONTENT_DIR: content, DIST_DIR: join(tmp, 'dist-bench') });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/The benchmark FAILED in section "build": leposavic: build failed \(exit 1\)\. Its last output:/);
    expect(r.stderr).toMatch(/content\/leposavic\/documents\/broken\.sr\.md: field `type`/);
    const pid = Number(/… severna-mitrovica: building \(pid (\d+)\)/.exec(r.stdout)?.[1]);
    expect(r.stdout).toContain(`stopping the other build(s): severna-mitrovica (pid ${pid})`);
    expect(r.stdout).not.toMatch(/✓ severna-mitrovica/);
    const deadline = Date.now() + 5000;
    while (groupAlive(pid) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    expect(groupAlive(pid)).toBe(false);
    expect(existsSync(report) ? readFileSync(report, 'utf8') : null).toBe(before);
  }, 240_000);

  it('builds two sites at once, each with its own .astro/ folders', async () => {
    const dist = join(tmp, 'dist-ok');
    const r = await buildAll(['zvecan', 'leposavic'], { CONTENT_DIR: join(tmp, 'content'), DIST_DIR: dist, ARCHIVE_SOURCE: 'file', ARCHIVE_FILE: join(root, 'tests/fixtures/archive.json') });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const site of ['zvecan', 'leposavic']) {
      expect(existsSync(join(dist, site, 'sr', 'index.html'))).toBe(true);
      // The content sync wrote the site's own .astro/ files, in its own cache folder.
      expect(readFileSync(join(dist, `${site}-cache`, 'dot-astro', 'content-assets.mjs'), 'utf8')).toContain('export default new Map(');
      expect(existsSync(join(dist, `${site}-cache`, 'dot-astro', 'content.d.ts'))).toBe(true);
      // Its prerender bundle (the output is outside the project) went to a folder of its own
      // under .astro/out/, not the shared .astro/.prerender/, and that folder is gone.
      expect(existsSync(fallbackDir(pathToFileURL(`${join(dist, site)}/`), root.replace(/\/$/, '')))).toBe(false);
    }
  }, 300_000);

  it('builds two sites one after another in one process, each with its own settings, content and folders', async () => {
    const dist = join(tmp, 'dist-one-process');
    const r = await buildAll(['zvecan', 'leposavic'], { BUILD_CONCURRENCY: '1', CONTENT_DIR: join(tmp, 'content'), DIST_DIR: dist, ARCHIVE_SOURCE: 'file', ARCHIVE_FILE: join(root, 'tests/fixtures/archive.json') });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // One child process built both.
    const pids = [...r.stdout.matchAll(/… (\S+): building \(pid (\d+)\)/g)].map((m) => [m[1], m[2]]);
    expect(pids.map(([site]) => site)).toEqual(['zvecan', 'leposavic']);
    expect(new Set(pids.map(([, pid]) => pid)).size).toBe(1);
    expect(r.stdout).toMatch(/✓ zvecan: \d+ pages/);
    expect(r.stdout).toMatch(/✓ leposavic: \d+ pages/);
    const home = (site: string) => readFileSync(join(dist, site, 'sr', 'index.html'), 'utf8');
    // Each site is its own municipality's, in its own folder with its own cache and .astro/ files,
    // and its own archive (the fixture's cases of that municipality only).
    expect(home('zvecan')).toContain('Звечан');
    expect(home('zvecan')).not.toContain('Лепосавић');
    expect(home('leposavic')).toContain('Лепосавић');
    expect(home('leposavic')).not.toContain('Звечан');
    for (const site of ['zvecan', 'leposavic']) {
      expect(existsSync(join(dist, `${site}-cache`, 'dot-astro', 'content-assets.mjs'))).toBe(true);
      expect(readFileSync(join(dist, site, 'sitemap-index.xml'), 'utf8')).toContain('sitemap-archive.xml');
      const manifest = JSON.parse(readFileSync(join(dist, site, '_archive.json'), 'utf8')) as { files: Record<string, string> };
      const cases = Object.keys(manifest.files).filter((f) => f.startsWith('sr/archive/case/'));
      const fixture = (JSON.parse(readFileSync(join(root, 'tests/fixtures/archive.json'), 'utf8')) as { municipality: string; code: string }[]).filter((c) => c.municipality === site);
      expect(fixture.length, site).toBeGreaterThan(0);
      expect(cases.length, site).toBe(fixture.length);
    }
  }, 300_000);
});
