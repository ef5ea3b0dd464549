// The fast publish path writes the same bytes as the full build (issue 14). One site is built from
// the fixture archive; the archive then changes (a case answered, a new case, a case withdrawn from
// the archive) and the fast path (core/archive/publish.ts through the local FsSiteFiles, as the
// rebuild worker runs it) publishes only those codes into a copy of the first build. A second full
// build from the changed archive, with the same BUILD_NOW, is the reference: every archive file of
// it must be in the fast-published tree with the same bytes, and nothing the fast path did not
// need to touch may have been rewritten.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { publishArchive, MANIFEST, type PublishResult } from '../../core/archive/publish.ts';
import { FsSiteFiles } from '../../functions/adapters/fs-site-files.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { buildSiteFrom } from '../helpers/build-sites.ts';
import type { PublicCase } from '../../core/cases/public.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SITE = 'zvecan';
const NOW = '2026-11-20T10:00:00.000Z';

const build = (dir: string, archiveFile: string) => buildSiteFrom(SITE, dir, archiveFile, NOW);

describe('the fast publish path against the full build', () => {
  let tmp: string;
  let fast: string;
  let full: string;
  let result: PublishResult;
  let before: Record<string, string>;
  const changed = { answered: 'FXRC-2345', added: 'FXRZ-2345', withdrawn: 'FXRB-2345' };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'fast-publish-'));
    const fixture = JSON.parse(await readFile(join(root, 'tests/fixtures/archive.json'), 'utf8')) as (PublicCase & { municipality: string })[];
    const first = join(tmp, 'first.json');
    await writeFile(first, JSON.stringify(fixture));
    const built = await build(join(tmp, 'a'), first);
    fast = join(tmp, 'fast');
    await cp(built, fast, { recursive: true });
    before = JSON.parse(await readFile(join(fast, MANIFEST), 'utf8')).files;

    // The change: a received report answered, a new report, an answered one taken out of the archive.
    const next = fixture
      .filter((c) => c.code !== changed.withdrawn)
      .map((c) =>
        c.code === changed.answered
          ? { ...c, status: 'answered' as const, firstAnsweredAt: '2026-11-19T09:00:00.000Z', updatedAt: '2026-11-19T09:00:00.000Z', answer: 'Сијалица је замењена, хвала на пријави.', timeline: [...c.timeline, { at: '2026-11-19T09:00:00.000Z', status: 'answered' as const, answer: 'Сијалица је замењена, хвала на пријави.' }] }
          : c,
      );
    const template = fixture.find((c) => c.code === changed.answered)!;
    next.push({ ...template, code: changed.added, createdAt: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-20T08:00:00.000Z', deadlineAt: '2026-11-22T08:00:00.000Z', text: 'Нова пријава: рупа на путу код школе.', timeline: [{ at: '2026-11-20T08:00:00.000Z', status: 'received' as const }] });
    const second = join(tmp, 'second.json');
    await writeFile(second, JSON.stringify(next));

    const m = getMunicipality(SITE);
    result = await publishArchive({
      files: new FsSiteFiles(fast),
      cases: next.filter((c) => c.municipality === SITE),
      context: { municipality: m, site: `https://${m.domain}`, now: new Date(NOW) },
      only: new Set(Object.values(changed)),
    });
    full = await build(join(tmp, 'b'), second);
  }, 240_000);

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('writes every archive file of the full build with the same bytes', async () => {
    const reference = JSON.parse(await readFile(join(full, MANIFEST), 'utf8')).files as Record<string, string>;
    expect(Object.keys(reference).length).toBeGreaterThan(100);
    const differing: string[] = [];
    for (const path of Object.keys(reference)) {
      const [a, b] = await Promise.all([readFile(join(fast, path)).catch(() => undefined), readFile(join(full, path))]);
      if (!a || !a.equals(b)) differing.push(path);
    }
    expect(differing).toEqual([]);
    // The manifests agree too: the next fast publish starts from the truth.
    expect(JSON.parse(await readFile(join(fast, MANIFEST), 'utf8')).files).toEqual(reference);
  });

  it('publishes the changed cases in every locale, removes the withdrawn one, and leaves other case pages alone', async () => {
    for (const locale of ['sr', 'sr-latn', 'sq']) {
      expect(result.written).toContain(`${locale}/archive/case/${changed.answered}/index.html`);
      expect(result.written).toContain(`${locale}/archive/case/${changed.added}/index.html`);
      expect(result.removed).toContain(`${locale}/archive/case/${changed.withdrawn}/index.html`);
      expect(existsSync(join(fast, locale, 'archive/case', changed.withdrawn, 'index.html'))).toBe(false);
    }
    const answered = await readFile(join(fast, 'sr/archive/case', changed.answered, 'index.html'), 'utf8');
    expect(answered).toContain('Сијалица је замењена');
    // Only the changed cases' pages: every other case page kept its bytes (and was not rendered).
    const otherCases = result.written.filter((p) => p.includes('/archive/case/') && !Object.values(changed).some((code) => p.includes(code)));
    expect(otherCases).toEqual([]);
    // Lists and feeds that did not change were not written again.
    const unchangedLists = Object.keys(before).filter((p) => p.includes('/archive/questions/'));
    expect(unchangedLists.length).toBeGreaterThan(0);
    expect(result.written.filter((p) => p.includes('/archive/questions/'))).toEqual([]);
    expect((await stat(join(fast, 'sr/archive/reports/index.html'))).isFile()).toBe(true);
  });

  it('puts the new case in the lists, the feed and the archive sitemap', async () => {
    const list = await readFile(join(fast, 'sr/archive/reports/index.html'), 'utf8');
    expect(list).toContain(`/sr/archive/case/${changed.added}/`);
    expect(list).not.toContain(`/sr/archive/case/${changed.withdrawn}/`);
    const feed = await readFile(join(fast, 'sr/archive/feed.xml'), 'utf8');
    expect(feed).toContain(changed.added);
    const sitemap = await readFile(join(fast, 'sitemap-archive.xml'), 'utf8');
    expect(sitemap).toContain(`/sq/archive/case/${changed.added}/`);
    expect(sitemap).not.toContain(changed.withdrawn);
    expect(await readFile(join(fast, 'sitemap-index.xml'), 'utf8')).toContain('sitemap-archive.xml');
  });
});
