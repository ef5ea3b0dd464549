// "Find my case" and the archive's Atom feeds without a stack: how a typed code is read
// (core/cases/codes.ts codeCandidates), the form's HTML (core/views/find-case.ts), the feed
// builder (sites/lib/atom.ts), and that CloudFront sends the lookup to the function.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { codeCandidates, normaliseCode, trackingCode, CODE_ALPHABET } from '../../core/cases/codes.ts';
import { findCaseForm } from '../../core/views/find-case.ts';
import { atomFeed, feedCases, rfc3339, FEED_SIZE } from '../../sites/lib/atom.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import type { PublicCase } from '../../core/cases/public.ts';

describe('reading a typed tracking code', () => {
  it('takes case, spaces, any dash or none, and invisible characters from a copy', () => {
    for (const typed of ['K7QM-3XTD', 'k7qm-3xtd', ' k7qm 3xtd ', 'K7QM3XTD', 'K7QM – 3XTD', 'K7QM—3XTD', 'K7QM\u00a03XTD', '\u200bK7QM-3XTD\ufeff', 'K7QM_3XTD', 'K7QM.3XTD']) {
      expect(codeCandidates(typed), JSON.stringify(typed)).toEqual(['K7QM-3XTD']);
    }
  });

  it('refuses what cannot be a code: the wrong length, letters the alphabet leaves out', () => {
    for (const typed of ['', '   ', 'K7QM-3XT', 'K7QM-3XTDD', 'K7QM-3XT0', 'O7QM-3XTD', 'I7QM-3XTD', 'L7QM-3XTD', 'S7QM-3XTD', 'Z7QM-3XTD', '17QM-3XTD', '57QM-3XTD', '27QM-3XTD', '<b>K7QM</b>']) {
      expect(codeCandidates(typed), JSON.stringify(typed)).toEqual([]);
      expect(normaliseCode(typed)).toBeNull();
    }
    // Every letter the alphabet leaves out is one a reader could confuse with another.
    expect([...'0O1IL5S2Z'].filter((c) => CODE_ALPHABET.includes(c))).toEqual([]);
  });

  it('reads Cyrillic look-alikes, upper and lower case', () => {
    expect(codeCandidates('К7QМ-3ХТD')).toEqual(['K7QM-3XTD']);
    // All Cyrillic: by look first, then by key (р is P by look, R by key; the lookup tries both).
    expect(codeCandidates('кара-веен')).toEqual(['KAPA-BEEH', 'KARA-VEEN']);
    expect(normaliseCode('АВЕК-МНРС')).toBe('ABEK-MHPC');
    // Cyrillic О is neither O nor 0: the alphabet has neither.
    expect(codeCandidates('ОВЕК-МНРС')).toEqual([]);
  });

  it('reads a code typed key by key with the Serbian Cyrillic keyboard on, and offers both readings where they differ', () => {
    // K7QM-3XTD typed on the Cyrillic layout: к7љм-3џтд (љ, џ and д have no Latin look-alike).
    expect(codeCandidates('к7љм-3џтд')).toEqual(['K7QM-3XTD']);
    // в is B by look and V by key; with no other hint the look comes first, the key second.
    expect(codeCandidates('в7ам-3хтр')).toEqual(['B7AM-3XTP', 'V7AM-3HTR']);
    // A letter only the keyboard explains puts the keyboard first.
    expect(codeCandidates('в7ам-3хтд')[0]).toBe('V7AM-3HTD');
  });

  it('finds every generated code again from its lower case and from its Cyrillic look', () => {
    const look: Record<string, string> = { A: 'А', B: 'В', E: 'Е', K: 'К', M: 'М', H: 'Н', P: 'Р', C: 'С', T: 'Т', X: 'Х', Y: 'У' };
    for (let i = 0; i < 500; i++) {
      const code = trackingCode();
      expect(normaliseCode(code.toLowerCase())).toBe(code);
      expect(codeCandidates([...code].map((c) => look[c] ?? c).join(''))).toContain(code);
    }
  });
});

describe('the find-my-case form', () => {
  it('is a labelled GET form to the locale’s lookup, with a hint, keeping what was typed, escaped', () => {
    const html = findCaseForm('sr-latn', { value: '"><script>', error: 'Nije kod.' });
    expect(html).toContain('method="get" action="/sr-latn/status/"');
    expect(html).toContain('<label class="form-label" for="find-code">Kod za praćenje</label>');
    expect(html).toContain('name="code"');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(html).toContain('aria-describedby="find-code-hint find-code-error"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('<h2 id="find-case-title">Pronađite prijavu po kodu</h2>');
    expect(findCaseForm('sq', { heading: 'none' })).not.toContain('<h2');
  });
});

const zvecan = getMunicipality('zvecan');
let n = 0;
const pc = (extra: Partial<PublicCase> = {}): PublicCase => ({
  v: 1, code: `K7Q${String.fromCharCode(65 + (n % 20))}-${String(3000 + n++).replace(/0/g, '4').replace(/1/g, '6').replace(/2/g, '7').replace(/5/g, '8')}`, kind: 'report', municipality: 'zvecan', category: 'roads', lang: 'sr',
  text: 'Рупа на путу код школе.', status: 'received', createdAt: '2026-03-01T08:00Z', updatedAt: '2026-03-01T08:00:00.000Z', deadlineAt: '2026-03-03T08:00:00Z', photos: [], timeline: [], ...extra,
});

describe('the archive’s Atom feed', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link'].includes(name) });

  it('is well-formed Atom: the feed’s and each entry’s required elements, RFC 3339 times, the case’s link as its id', () => {
    const cases = [pc(), pc({ kind: 'question', category: undefined, updatedAt: '2026-03-05T10:00Z', answer: 'Радови почињу у децембру.', status: 'answered', firstAnsweredAt: '2026-03-05T10:00Z' })];
    const xml = atomFeed({ locale: 'sr-latn', municipality: zvecan, site: 'https://ezvecan.com', cases, now: new Date('2026-04-01T00:00:00Z') });
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = (parser.parse(xml) as { feed: { id: string; updated: string; link: { '@rel': string; '@href': string }[]; entry: { id: string; title: string; updated: string; content: { '#text': string; '@type': string } }[] } }).feed;
    expect(feed.id).toBe('https://ezvecan.com/sr-latn/archive/feed.xml');
    expect(feed.updated).toBe('2026-03-05T10:00:00Z');
    expect(feed.link.find((l) => l['@rel'] === 'self')!['@href']).toBe('https://ezvecan.com/sr-latn/archive/feed.xml');
    expect(feed.link.find((l) => l['@rel'] === 'alternate')!['@href']).toBe('https://ezvecan.com/sr-latn/archive/');
    expect(feed.entry.map((e) => e.id)).toEqual([`https://ezvecan.com/sr-latn/archive/case/${cases[1]!.code}/`, `https://ezvecan.com/sr-latn/archive/case/${cases[0]!.code}/`]);
    expect(feed.entry[1]!.title).toBe(`Prijava ${cases[0]!.code}: Putevi i trotoari – Primljeno`);
    // The public wording and the answer, in the reader's script.
    expect(feed.entry[1]!.content['#text']).toContain('Rupa na putu kod škole.');
    expect(feed.entry[0]!.content['#text']).toContain('Radovi počinju u decembru.');
    expect(feed.entry[0]!.content['@type']).toBe('html');
    for (const e of feed.entry) expect(e.updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(rfc3339('2026-03-01T08:00Z')).toBe('2026-03-01T08:00:00Z');
  });

  it('escapes what a citizen wrote, and an empty feed is still valid', () => {
    const xml = atomFeed({ locale: 'sq', municipality: zvecan, site: 'https://ezvecan.com', cases: [pc({ lang: 'sq', text: 'A < b & "c" ]]> \u0001 </content>' })], now: new Date('2026-04-01T00:00:00Z') });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('</content></content>');
    const empty = atomFeed({ locale: 'sr', municipality: zvecan, site: 'https://ezvecan.com', cases: [], category: 'roads', now: new Date('2026-04-01T00:00:00Z') });
    expect(XMLValidator.validate(empty)).toBe(true);
    expect(empty).toContain('<updated>2026-04-01T00:00:00Z</updated>');
    // With no report of the category, the alternate is the list of all reports (the category's page is not built).
    expect(empty).toContain('href="https://ezvecan.com/sr/archive/reports/"');
  });

  it('takes the latest 50 by their last change, and a category’s reports only', () => {
    const many = Array.from({ length: 70 }, (_, i) => pc({ updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(), category: i % 2 ? 'roads' : 'water' }));
    const all = feedCases([...many].reverse());
    expect(all).toHaveLength(FEED_SIZE);
    expect(all[0]!.updatedAt).toBe(many[69]!.updatedAt);
    const roads = feedCases(many, 'roads');
    expect(roads.every((c) => c.category === 'roads')).toBe(true);
    expect(feedCases([pc({ kind: 'question', category: undefined })], 'roads')).toEqual([]);
  });
});

describe('the lookup reaches the function', () => {
  it('CloudFront’s `/*/status/*` takes /<locale>/status/ (its `*` matches nothing too), and so does the local server', () => {
    const sites = readFileSync(new URL('../../infra/sites.ts', import.meta.url), 'utf8');
    const pattern = /pathPattern: '(\/\*\/status\/\*)', origin: 'reads'/.exec(sites)?.[1];
    expect(pattern).toBe('/*/status/*');
    const glob = new RegExp(`^${pattern!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    for (const path of ['/sr/status/', '/sr-latn/status/', '/sq/status/', '/sr/status/K7QM-3XTD/']) expect(glob.test(path), path).toBe(true);
    const stack = readFileSync(new URL('../../scripts/local/stack.mjs', import.meta.url), 'utf8');
    const live = new RegExp(/const LIVE_PAGE = \/(.+)\/;/.exec(stack)![1]!);
    for (const path of ['/sr/status/', '/sr-latn/status/', '/sq/status/']) expect(live.test(path), path).toBe(true);
  });
});
