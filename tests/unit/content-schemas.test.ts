import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemas } from '../../sites/content/schemas.ts';
import { readCollection, describeIssues, ContentError } from '../../sites/content/source.ts';

const messages = (schema: keyof typeof schemas, data: unknown) => {
  const r = schemas[schema].safeParse(data);
  return r.success ? '' : describeIssues('content/x/file.sr.md', r.error.issues);
};

describe('content schemas', () => {
  it('accepts a well-formed item of each collection', () => {
    const base = { title: 'Наслов вести', summary: 'Кратак опис у једној реченици.' };
    expect(schemas.news.safeParse({ ...base, date: '2026-11-20' }).success).toBe(true);
    expect(schemas.events.safeParse({ ...base, start: '2026-12-03T17:00', end: '2026-12-03T19:00', location: 'Сала' }).success).toBe(true);
    expect(schemas.documents.safeParse({ ...base, type: 'budget', date: '2026-11-16' }).success).toBe(true);
    expect(schemas.consultations.safeParse({ ...base, opens: '2026-11-16', closes: '2026-12-11' }).success).toBe(true);
    expect(schemas.info.safeParse({ ...base, updated: '2020-04-06', archived: true, phones: [{ label: 'Хитна помоћ', number: '194' }] }).success).toBe(true);
    expect(schemas.pages.safeParse(base).success).toBe(true);
  });

  it.each([
    ['news', { title: 'Наслов', summary: 'Довољно дуг опис.', date: '20.11.2026' }, /field `date`: write the date as YYYY-MM-DD/],
    ['news', { title: 'Наслов', summary: 'Довољно дуг опис.', date: '2026-02-31' }, /field `date`: this is not a real calendar date/],
    ['news', { summary: 'Довољно дуг опис.', date: '2026-11-20' }, /field `title`: every file needs a title/],
    ['news', { title: 'Наслов', date: '2026-11-20' }, /field `summary`: add a one- or two-sentence summary/],
    ['news', { title: 'Наслов', summary: 'Довољно дуг опис.', date: '2026-11-20', autor: 'x' }, /unknown field\(s\) autor: check the spelling/],
    ['documents', { title: 'Наслов', summary: 'Довољно дуг опис.', date: '2026-11-20', type: 'budžet' }, /field `type`: type must be one of: decision, budget/],
    ['events', { title: 'Наслов', summary: 'Довољно дуг опис.', start: '2026-12-03 17h', location: 'Сала' }, /field `start`: write the date and local time as YYYY-MM-DDTHH:MM/],
    ['events', { title: 'Наслов', summary: 'Довољно дуг опис.', start: '2026-12-03T17:00', end: '2026-12-03T16:00', location: 'Сала' }, /field `end`: the event ends before it starts/],
    ['consultations', { title: 'Наслов', summary: 'Довољно дуг опис.', opens: '2026-12-11', closes: '2026-11-16' }, /field `closes`: the consultation closes before it opens/],
    ['consultations', { title: 'Наслов', summary: 'Довољно дуг опис.', opens: '2026-11-16', closes: '2026-12-11', documents: [{ label: 'Нацрт', href: 'budget.pdf' }] }, /field `documents\.0\.href`: a link starts with https:\/\/, \/, mailto: or tel:/],
  ] as const)('%s: %j is refused with the field and the fix', (schema, data, expected) => {
    expect(messages(schema, data)).toMatch(expected);
  });
});

describe('reading a content folder', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'content-'));
    mkdirSync(join(root, 'town', 'news'), { recursive: true });
    writeFileSync(join(root, 'town', 'news', 'good.sr.md'), '---\ntitle: Добра вест\nsummary: Ово је исправна вест.\ndate: 2026-11-20\n---\nТекст.\n');
    writeFileSync(join(root, 'town', 'news', 'hidden.sr.md'), '---\ntitle: Нацрт вести\nsummary: Ова вест још није објављена.\ndate: 2026-11-20\ndraft: true\n---\nТекст.\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads valid files and leaves drafts out', () => {
    const files = readCollection(root, 'town', 'news');
    expect(files.map((f) => [f.slug, f.lang])).toEqual([['good', 'sr']]);
  });

  it('names the file, the field and the fix when frontmatter is wrong', () => {
    writeFileSync(join(root, 'town', 'news', 'bad.sq.md'), '---\ntitle: Lajm\nsummary: Një përmbledhje e mjaftueshme.\ndate: 2026/11/20\n---\nTekst.\n');
    expect(() => readCollection(root, 'town', 'news')).toThrowError(ContentError);
    expect(() => readCollection(root, 'town', 'news')).toThrowError(/content\/town\/news\/bad\.sq\.md: field `date`: write the date as YYYY-MM-DD/);
    rmSync(join(root, 'town', 'news', 'bad.sq.md'));
  });

  it('explains a bad file name and broken YAML', () => {
    writeFileSync(join(root, 'town', 'news', 'Bad Name.md'), '---\ntitle: x\n---\n');
    writeFileSync(join(root, 'town', 'news', 'colon.sr.md'), '---\ntitle: Рок: 11. децембар\nsummary: a: b: c\ndate: 2026-11-20\n---\n');
    expect(() => readCollection(root, 'town', 'news')).toThrowError(/Bad Name\.md: name the file <slug>\.<lang>\.md[\s\S]*colon\.sr\.md: the frontmatter is not valid YAML .*Put text containing a colon in quotes/);
  });
});
