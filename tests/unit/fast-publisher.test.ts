// The AWS side of the fast publish path (issue 14): which URL paths an invalidation names
// (functions/adapters/s3-site-files.ts), how the stream function's publisher puts the fast path
// before the build (functions/domain/fast-publisher.ts), and the settings it reads
// (functions/config.ts). The path against s3rver is tests/integration/fast-publish-s3.test.ts.
import { describe, expect, it } from 'vitest';
import { invalidationPaths, MAX_PATHS, WILDCARD_ABOVE } from '../../functions/adapters/s3-site-files.ts';
import { FastPathPublisher } from '../../functions/domain/fast-publisher.ts';
import { loadConfig } from '../../functions/config.ts';
import type { PublishResult } from '../../core/archive/publish.ts';

describe('invalidationPaths', () => {
  it('names a page by its directory URL and by index.html, and other files as they are', () => {
    expect(invalidationPaths(['sr/archive/case/ZV-AB12-3456/index.html', 'sr/archive/feed.xml', 'index.html'])).toEqual([
      '/',
      '/index.html',
      '/sr/archive/case/ZV-AB12-3456/',
      '/sr/archive/case/ZV-AB12-3456/index.html',
      '/sr/archive/feed.xml',
    ]);
  });

  it('turns more than 30 paths under one folder into one wildcard, the deepest folder that has them', () => {
    const pages = Array.from({ length: 20 }, (_, i) => `sr/archive/reports/page/${i + 2}/index.html`); // 40 URL paths
    const out = invalidationPaths([...pages, 'sr/archive/reports/index.html', 'sr/archive/case/ZV-AB12-3456/index.html', 'sq/archive/reports/index.html']);
    expect(out).toEqual([
      '/sq/archive/reports/',
      '/sq/archive/reports/index.html',
      '/sr/archive/case/ZV-AB12-3456/',
      '/sr/archive/case/ZV-AB12-3456/index.html',
      '/sr/archive/reports/',
      '/sr/archive/reports/index.html',
      '/sr/archive/reports/page/*',
    ]);
    // At the limit, no wildcard (when the total may be that long).
    const fifteen = Array.from({ length: WILDCARD_ABOVE / 2 }, (_, i) => `sr/archive/reports/page/${i + 2}/index.html`);
    expect(invalidationPaths(fifteen, WILDCARD_ABOVE, 100)).toHaveLength(WILDCARD_ABOVE);
    expect(invalidationPaths(fifteen, WILDCARD_ABOVE, 100).some((p) => p.includes('*'))).toBe(false);
  });

  it('keeps every invalidation within MAX_PATHS, naming the case pages as long as it can', () => {
    // 30 URL paths in all, more than 15: the list pages become a wildcard, the case stays named.
    const fifteen = Array.from({ length: 14 }, (_, i) => `sr/archive/reports/page/${i + 2}/index.html`);
    expect(invalidationPaths([...fifteen, 'sr/archive/case/ZV-AB12-3456/index.html'])).toEqual(['/sr/archive/case/ZV-AB12-3456/', '/sr/archive/case/ZV-AB12-3456/index.html', '/sr/archive/reports/page/*']);
    // Many small folders: down to one wildcard per top folder.
    const scattered = ['sr', 'sr-latn', 'sq'].flatMap((l) => Array.from({ length: 10 }, (_, i) => `${l}/archive/reports/c${i}/received/all/index.html`));
    expect(invalidationPaths(scattered)).toEqual(['/sq/archive/reports/*', '/sr-latn/archive/reports/*', '/sr/archive/reports/*']);
    // A lower limit: one wildcard per locale's archive, and the archive's sitemap.
    const answer = ['sr', 'sr-latn', 'sq'].flatMap((l) => [`${l}/archive/case/ZV-AB12-3456/index.html`, `${l}/archive/feed.xml`, `${l}/archive/reports/all/all/index.html`, `${l}/archive/reports/all/answered/index.html`]);
    expect(invalidationPaths([...answer, 'sitemap-archive.xml'], WILDCARD_ABOVE, 4)).toEqual(['/sitemap-archive.xml', '/sq/archive/*', '/sr-latn/archive/*', '/sr/archive/*']);
    // Too many top folders for even that: everything.
    expect(invalidationPaths(Array.from({ length: MAX_PATHS + 1 }, (_, i) => `f${i}.xml`))).toEqual(['/*']);
  });

  it('keeps a publish that shifts every list of a big archive to a handful of paths', () => {
    const files: string[] = [];
    for (const locale of ['sr', 'sr-latn', 'sq']) {
      files.push(`${locale}/archive/case/ZV-AB12-3456/index.html`, `${locale}/archive/feed.xml`);
      for (let i = 1; i <= 400; i++) files.push(`${locale}/archive/reports/page/${i}/index.html`, `${locale}/archive/reports/infrastructure/page/${i}/index.html`);
    }
    const out = invalidationPaths(files);
    expect(out.length).toBeLessThanOrEqual(MAX_PATHS);
    expect(out).toContain('/sr-latn/archive/reports/page/*');
    expect(out).toContain('/sr-latn/archive/reports/infrastructure/page/*');
    expect(out).toContain('/sq/archive/case/ZV-AB12-3456/');
  });
});

const result = (written: string[]): PublishResult => ({ rendered: 10, written, removed: [], ms: { read: 1, render: 2, write: 3, total: 6 } });

describe('FastPathPublisher', () => {
  it('publishes the changed codes first, then asks for the build', async () => {
    const calls: string[] = [];
    const lines: string[] = [];
    const publisher = new FastPathPublisher(
      async (m, codes) => {
        calls.push(`fast ${m} ${codes.join(',')}`);
        return { ...result(['sr/archive/case/A/index.html']), cases: 3, readMs: 4 };
      },
      { requestBuild: async (m, at, codes) => void calls.push(`build ${m} ${at.toISOString()} ${codes?.join(',')}`) },
      (l) => lines.push(l),
    );
    await publisher.requestBuild('zvecan', new Date('2026-11-20T10:00:00Z'), ['ZV-A', 'ZV-B']);
    expect(calls).toEqual(['fast zvecan ZV-A,ZV-B', 'build zvecan 2026-11-20T10:00:00.000Z ZV-A,ZV-B']);
    expect(lines.join('\n')).toMatch(/zvecan: fast path 1 written, 0 removed of 10 rendered from 3 records in 10 ms/);
  });

  it('logs a failure of the fast path and never fails the batch for it: the build publishes', async () => {
    const lines: string[] = [];
    let built = 0;
    const publisher = new FastPathPublisher(
      async () => {
        throw new Error('S3 unavailable');
      },
      { requestBuild: async () => void built++ },
      (l) => lines.push(l),
    );
    await expect(publisher.requestBuild('leposavic', new Date(), ['LP-A'])).resolves.toBeUndefined();
    expect(built).toBe(1);
    expect(lines.join('\n')).toMatch(/leposavic: fast path failed, the build publishes the change: Error: S3 unavailable/);
  });

  it('fails the batch when the build cannot be asked for (Lambda retries it), and skips the fast path without codes', async () => {
    let fast = 0;
    const publisher = new FastPathPublisher(
      async () => {
        fast++;
        return result([]);
      },
      {
        requestBuild: async () => {
          throw new Error('GitHub answered 503');
        },
      },
    );
    await expect(publisher.requestBuild('zvecan', new Date(), ['ZV-A'])).rejects.toThrow(/503/);
    expect(fast).toBe(1);
    await expect(publisher.requestBuild('zvecan', new Date())).rejects.toThrow(/503/);
    expect(fast).toBe(1);
  });
});

describe('config: the fast path settings', () => {
  it('reads the sites bucket and the distributions, and is off without a bucket', () => {
    expect(loadConfig({}).sites).toBeUndefined();
    expect(loadConfig({ SITES_BUCKET: 'e-opstine-sites-x', SITE_DISTRIBUTIONS: '{"zvecan":"E2ABC","leposavic":"E3DEF"}' }).sites).toEqual({
      bucket: 'e-opstine-sites-x',
      distributions: { zvecan: 'E2ABC', leposavic: 'E3DEF' },
    });
    expect(loadConfig({ SITES_BUCKET: 'b' }).sites).toEqual({ bucket: 'b', distributions: {} });
    expect(loadConfig({ SITES_BUCKET: 'b', INVALIDATION_MAX_PATHS: '4' }).sites?.maxPaths).toBe(4);
    expect(() => loadConfig({ SITES_BUCKET: 'b', INVALIDATION_MAX_PATHS: '0' })).toThrow(/INVALIDATION_MAX_PATHS/);
  });

  it('refuses distributions that are not a map of ids', () => {
    expect(() => loadConfig({ SITES_BUCKET: 'b', SITE_DISTRIBUTIONS: 'E2ABC' })).toThrow(/SITE_DISTRIBUTIONS/);
    expect(() => loadConfig({ SITES_BUCKET: 'b', SITE_DISTRIBUTIONS: '["E2ABC"]' })).toThrow(/SITE_DISTRIBUTIONS/);
    expect(() => loadConfig({ SITES_BUCKET: 'b', SITE_DISTRIBUTIONS: '{"zvecan":1}' })).toThrow(/SITE_DISTRIBUTIONS/);
  });
});
