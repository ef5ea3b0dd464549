// The Lighthouse section's judgement of issue 14's floors (scripts/lib/bench-lighthouse.mjs):
// performance >= 98, SEO 100, CLS 0 on every page, and its list of templates.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarise, underFloor, templates } from '../../scripts/lib/bench-lighthouse.mjs';

const row = (o: Record<string, unknown>) => ({ template: 'home', locale: 'sr', performance: 100, accessibility: 100, bestPractices: 100, seo: 100, cls: 0, ...o });

describe('bench-lighthouse floors', () => {
  it('passes only when every page meets every floor', () => {
    expect(summarise([row({}), row({ locale: 'sq', performance: 98 })])).toMatchObject({ meetsFloors: true, belowFloors: [], lowest: { performance: 98, seo: 100, maxCls: 0 } });
    const s = summarise([row({}), row({ template: 'statistics', performance: 97 }), row({ template: 'archive map', cls: 0.101 }), row({ template: 'news list', locale: 'sq', seo: 92, accessibility: 95 })]);
    expect(s.meetsFloors).toBe(false);
    expect(s.belowFloors).toEqual([
      { page: 'sr statistics', misses: ['performance 97'] },
      { page: 'sr archive map', misses: ['CLS 0.101'] },
      { page: 'sq news list', misses: ['SEO 92'] },
    ]);
    expect(s.lowest).toEqual({ performance: 97, accessibility: 95, bestPractices: 100, seo: 92, maxCls: 0.101 });
  });
  it('reads CLS as the report shows it (3 decimals), and a missing score as a miss', () => {
    expect(underFloor(row({ cls: 0.0004 }))).toBe(false);
    expect(underFloor(row({ cls: 0.0006 }))).toBe(true);
    expect(underFloor(row({ performance: null }))).toBe(true);
    expect(summarise([]).meetsFloors).toBe(false);
  });
  it('finds one page per template in a built site, and none where the site has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lh-templates-'));
    try {
      for (const p of ['', 'news/', 'news/2/', 'news/a-story/', 'documents/', 'documents/type/budget/', 'documents/year/2026/', 'documents/b-doc/', 'archive/case/FXRA-2345/', 'archive/map/']) {
        mkdirSync(join(dir, 'sr', p), { recursive: true });
        writeFileSync(join(dir, 'sr', p, 'index.html'), '<!doctype html>');
      }
      const t = Object.fromEntries(templates(dir, 'sr'));
      expect(t).toMatchObject({ home: '', 'news list': 'news/', 'news item': 'news/a-story/', document: 'documents/b-doc/', 'documents by type': 'documents/type/budget/', 'archive case': 'archive/case/FXRA-2345/', 'archive map': 'archive/map/', statistics: null, 'report form': null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
