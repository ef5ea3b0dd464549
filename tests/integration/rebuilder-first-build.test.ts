// The local rebuild worker's first build of several sites (scripts/local/rebuilder.mjs buildAll,
// what npm start runs before serving): the sites are shared out between `concurrency` batches
// (by default each one child process of scripts/build-site.mjs), each site swapped in as soon as
// its batch reports it built; a site whose build fails stays as it was, the sites after it in its
// batch are built on their own, and the first failure is reported once everything else is done.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRebuilder } from '../../scripts/local/rebuilder.mjs';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rebuilder-first-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Job = { site: string; outDir: string };
/** A build that writes one page naming the site, as a real one writes its pages. */
const writeSite = async (site: string, outDir: string) => {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'index.html'), `<h1>${site}</h1>`);
  return { site, pages: 1 };
};
const served = (site: string) => readFile(join(dir, 'dist', site, 'index.html'), 'utf8').catch(() => undefined);

describe('the first build of several sites', () => {
  it('builds each share of the sites in one batch and serves every site it built', async () => {
    const batches: string[][] = [];
    const rebuilder = createRebuilder({
      distDir: join(dir, 'dist'),
      env: {},
      log: () => {},
      build: (site: string, { outDir }: { outDir: string }) => writeSite(site, outDir),
      buildMany: async (jobs: Job[], onBuilt: (site: string, figures: { pages: number }) => void) => {
        batches.push(jobs.map((j) => j.site));
        for (const j of jobs) onBuilt(j.site, await writeSite(j.site, j.outDir));
      },
    });
    const results = await rebuilder.buildAll(['zvecan', 'severna-mitrovica', 'leposavic', 'zubin-potok'], { concurrency: 2 });
    await rebuilder.stop();
    // Dealt in turn, as npm run build deals them to its child processes (the batches start in either order).
    expect(batches.sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual([
      ['severna-mitrovica', 'zubin-potok'],
      ['zvecan', 'leposavic'],
    ]);
    expect(results.map((r: { site: string }) => r.site).sort()).toEqual(['leposavic', 'severna-mitrovica', 'zubin-potok', 'zvecan']);
    for (const site of ['zvecan', 'severna-mitrovica', 'leposavic', 'zubin-potok']) {
      expect((await lstat(join(dir, 'dist', site))).isSymbolicLink()).toBe(true);
      expect(await served(site)).toBe(`<h1>${site}</h1>`);
    }
  });

  it('keeps a failed site as it was, builds the rest of its batch on its own and then reports the failure', async () => {
    const alone: string[] = [];
    const rebuilder = createRebuilder({
      distDir: join(dir, 'dist'),
      env: {},
      log: () => {},
      build: (site: string, { outDir }: { outDir: string }) => (alone.push(site), writeSite(site, outDir)),
      buildMany: async (jobs: Job[]) => {
        throw Object.assign(new Error(`${jobs[0]!.site}: build failed (exit 1)`), { site: jobs[0]!.site });
      },
    });
    await expect(rebuilder.buildAll(['zvecan', 'leposavic'], { concurrency: 1 })).rejects.toThrow('zvecan: build failed (exit 1)');
    await rebuilder.stop();
    expect(alone).toEqual(['leposavic']);
    expect(await served('leposavic')).toBe('<h1>leposavic</h1>');
    expect(await served('zvecan')).toBeUndefined();
    // Nothing half-built is left for the failed site.
    expect((await readdir(join(dir, 'dist', '.builds'))).filter((n) => n.startsWith('zvecan-'))).toEqual([]);
  });
});
