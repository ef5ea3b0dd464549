// The response templates (core/responses/): what content/ ships, how a municipality's own file
// replaces a shared one, what an editor's mistake reads like, which templates a case is offered,
// and that the functions' bundle carries them without a content/ folder.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { municipalities, getMunicipality } from '../../core/municipalities/index.ts';
import { readMunicipalitySources } from '../../core/municipalities/files.ts';
import { outcomes } from '../../core/cases/statuses.ts';
import { toCyrillic, toLatin } from '../../core/text/translit.ts';
import { allTemplates, findTemplate, loadResponses, placeholders, templateIn, templatesFor, type ResponseTemplate } from '../../core/responses/index.ts';
import { readResponseSources } from '../../core/responses/files.ts';
import { resolveResponses, ResponseDataError, type KnownCategories, type ResponseSources } from '../../core/responses/resolve.ts';
import { municipalitiesData } from '../../scripts/lib/esbuild-municipalities.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const catalogue = (readMunicipalitySources().categories.data as { code: string }[]).map((c) => c.code);
const known: KnownCategories = { catalogue, municipalities: municipalities.map((m) => ({ id: m.id, categories: m.categories.map((c) => c.code) })) };

/** A template file as an editor writes it. */
function md(fields: string, sr = 'Хвала на пријави. Поправка до [датум].', sq = 'Faleminderit për raportin. Riparimi deri më [data].'): string {
  return `---\n${fields}\n---\n\n## sr\n${sr}\n\n## sq\n${sq}\n`;
}
const LIGHTING = 'category: lighting\noutcome: in_progress\ntitle:\n  sr: Расвета\n  sq: Ndriçimi';

let tmp: string;
beforeAll(() => void (tmp = mkdtempSync(join(tmpdir(), 'e-opstine-responses-'))));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A content/ tree holding only the given template files (path under content/ → text). */
function tree(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
/** The message a tree of files is refused with. */
function failure(files: Record<string, string>, name = `bad-${Object.keys(files).join('-').replace(/\W/g, '')}`): string {
  try {
    resolveResponses(readResponseSources(tree(name, files)), known);
  } catch (e) {
    expect(e).toBeInstanceOf(ResponseDataError);
    return (e as Error).message;
  }
  throw new Error('expected the templates to be refused');
}

describe('the shipped templates', () => {
  const loaded = loadResponses();
  const every: { where: string; t: ResponseTemplate }[] = [
    ...loaded.shared.map((t) => ({ where: 'shared', t })),
    ...[...loaded.byMunicipality].flatMap(([id, list]) => list.map((t) => ({ where: id, t }))),
  ];

  it('all parse, with a known category and outcome and both languages filled', () => {
    expect(loaded.shared.length).toBeGreaterThanOrEqual(20);
    for (const { where, t } of every) {
      const label = `${where}: ${t.id}`;
      expect(t.id, label).toMatch(/^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$/);
      expect(outcomes, label).toContain(t.outcome);
      // A municipality's list holds the shared templates too (catalogue codes) and its own.
      const codes = where === 'shared' ? catalogue : [...catalogue, ...getMunicipality(where).categories.map((c) => c.code)];
      expect([...codes, 'question', '*'], label).toContain(t.category);
      for (const lang of ['sr', 'sq'] as const) {
        expect(t.title[lang].trim().length, `${label} title.${lang}`).toBeGreaterThan(2);
        expect(t.text[lang].trim().length, `${label} text.${lang}`).toBeGreaterThan(20);
        expect(t.text[lang], `${label}: no Markdown heading left in the text`).not.toMatch(/^#/m);
      }
      // Serbian is Serbian (Cyrillic as shipped), Albanian is not Cyrillic.
      expect(t.text.sr, label).toMatch(/[а-шђјљњћџ]/);
      expect(t.text.sq, label).not.toMatch(/[а-шђјљњћџ]/);
      // Each blank staff fill in is in both languages.
      expect(placeholders(t.text.sr).length, label).toBe(placeholders(t.text.sq).length);
      // A Latin reader sees it in Latin: the round trip loses nothing (no split digraph missed).
      for (const sr of [t.title.sr, t.text.sr]) expect(toCyrillic(toLatin(sr)), label).toBe(sr);
    }
  });

  it('every category a municipality offers has in-progress and resolved templates of its own; questions and any report have theirs', () => {
    for (const m of municipalities) {
      for (const c of m.categories) {
        const own = templatesFor(m, 'report', c.code).filter((t) => t.category === c.code);
        for (const outcome of ['in_progress', 'resolved'] as const) expect(own.map((t) => t.outcome), `${m.id} ${c.code}`).toContain(outcome);
      }
      const q = templatesFor(m, 'question', undefined).map((t) => t.outcome);
      expect(q, m.id).toContain('answered');
      expect(q, m.id).toContain('not_in_competence');
      const generic = templatesFor(m, 'report', undefined);
      expect(generic.every((t) => t.category === '*')).toBe(true);
      expect(generic.map((t) => t.outcome), m.id).toEqual(expect.arrayContaining(['answered', 'not_in_competence']));
    }
  });

  it('referrals leave the body for staff to name, in brackets, in both languages', () => {
    const m = getMunicipality('zvecan');
    for (const id of ['any.not_in_competence', 'question.not_in_competence']) {
      const t = findTemplate(m, id)!;
      expect(t.outcome).toBe('not_in_competence');
      expect(placeholders(t.text.sr)).toContain('[име институције]');
      expect(placeholders(t.text.sq)).toContain('[emri i institucionit]');
    }
  });

  it('fills the municipality’s own values ({{email}}) per municipality', () => {
    for (const m of municipalities) {
      const t = findTemplate(m, 'any.answered')!;
      expect(t.text.sr).toContain(m.contact.email);
      expect(t.text.sq).toContain(m.contact.email);
      expect(t.text.sr + t.text.sq).not.toContain('{{');
    }
    // The shared list itself keeps the token: each municipality gets its own copy.
    expect(loadResponses().shared.find((t) => t.id === 'any.answered')!.text.sr).toContain('{{email}}');
  });
});

describe('templatesFor and findTemplate', () => {
  const zvecan = getMunicipality('zvecan');
  const leposavic = getMunicipality('leposavic');

  it('a question gets the question templates only', () => {
    const list = templatesFor(zvecan, 'question', 'lighting');
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((t) => t.category === 'question')).toBe(true);
  });

  it('a report gets its category’s templates and the generic ones, nothing of other categories or questions', () => {
    const list = templatesFor(zvecan, 'report', 'lighting');
    expect(new Set(list.map((t) => t.category))).toEqual(new Set(['lighting', '*']));
    expect(list.map((t) => t.id)).toEqual(expect.arrayContaining(['lighting.in_progress', 'lighting.resolved', 'any.not_in_competence', 'any.answered']));
    // In outcome order (as staff choose them), the category's own before the generic ones.
    const order = list.map((t) => outcomes.indexOf(t.outcome));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('a category only some municipalities have: their own templates, not offered elsewhere', () => {
    expect(templatesFor(leposavic, 'report', 'rural-roads').map((t) => t.id)).toEqual(expect.arrayContaining(['rural-roads.in_progress', 'rural-roads.resolved']));
    expect(findTemplate(leposavic, 'rural-roads.in_progress')!.title.sq).toContain('rurale');
    expect(findTemplate(getMunicipality('zubin-potok'), 'rural-roads.in_progress')!.title.sq).toContain('fshatare');
    expect(findTemplate(zvecan, 'rural-roads.in_progress')).toBeUndefined();
    expect(templatesFor(zvecan, 'report', 'rural-roads').every((t) => t.category === '*')).toBe(true);
  });

  it('finds by id, and nothing for an unknown id', () => {
    expect(findTemplate(zvecan, 'lighting.resolved')).toMatchObject({ id: 'lighting.resolved', category: 'lighting', outcome: 'resolved' });
    expect(findTemplate(zvecan, 'lighting.nothing')).toBeUndefined();
    expect(findTemplate(zvecan, '../../etc/passwd')).toBeUndefined();
    expect(allTemplates(zvecan).find((t) => t.id === 'lighting.resolved')).toBe(findTemplate(zvecan, 'lighting.resolved'));
  });

  it('shows the reader’s script and language: Cyrillic, Latin, Albanian', () => {
    const t = findTemplate(zvecan, 'lighting.resolved')!;
    expect(templateIn(t, 'sr').title).toBe('Расвета – поправљено');
    expect(templateIn(t, 'sr-latn').title).toBe('Rasveta – popravljeno');
    expect(templateIn(t, 'sq').title).toBe('Ndriçimi – u riparua');
    expect(templateIn(t, 'sr-latn').text.sr).toMatch(/^Hvala na prijavi\./);
    expect(templateIn(t, 'sr-latn').text.sq).toBe(t.text.sq);
    // Serbian written in Latin is shown in Cyrillic to a Cyrillic reader; the email stays Latin.
    const latin: ResponseTemplate = { ...t, title: { sr: 'Rasveta', sq: 'x' }, text: { sr: 'Pišite na kontakt@ezvecan.com.', sq: 'y' } };
    expect(templateIn(latin, 'sr')).toEqual({ title: 'Расвета', text: { sr: 'Пишите на kontakt@ezvecan.com.', sq: 'y' } });
  });
});

describe('a municipality’s own templates', () => {
  it('replace the shared one of the same id and add their own; other municipalities keep the shared ones', () => {
    const dir = tree('override', {
      'shared/responses/lighting.in_progress.md': md(LIGHTING, 'Заједнички текст.', 'Teksti i përbashkët.'),
      'shared/responses/any.answered.md': md('category: "*"\noutcome: answered\ntitle: { sr: Одговор, sq: Përgjigje }', 'Одговор: [одговор]', 'Përgjigje: [përgjigjja]'),
      'zvecan/responses/lighting.in_progress.md': md(LIGHTING.replace('sr: Расвета', 'sr: Rasveta u Zvečanu'), 'Zvečanski tekst, pisan latinicom.', 'Teksti i Zveçanit.'),
      'shared/responses/any.progress.md': md('category: "*"\noutcome: in_progress\ntitle: { sr: У току, sq: Në trajtim }'),
      'zvecan/responses/green.extra.md': md('category: green\noutcome: resolved\ntitle: { sr: Зеленило, sq: Gjelbërim }'),
    });
    const r = resolveResponses(readResponseSources(dir), known);
    // Listed by outcome, as staff choose them (answered, resolved, in progress, …), a category's own before the generic.
    expect(r.shared.map((t) => t.id)).toEqual(['any.answered', 'lighting.in_progress', 'any.progress']);
    const zvecan = r.byMunicipality.get('zvecan')!;
    expect(zvecan.map((t) => t.id)).toEqual(['any.answered', 'green.extra', 'lighting.in_progress', 'any.progress']);
    const replaced = zvecan.find((t) => t.id === 'lighting.in_progress')!;
    // Kept as written: Latin stays Latin (the view derives the reader's script).
    expect(replaced).toEqual({ id: 'lighting.in_progress', category: 'lighting', outcome: 'in_progress', title: { sr: 'Rasveta u Zvečanu', sq: 'Ndriçimi' }, text: { sr: 'Zvečanski tekst, pisan latinicom.', sq: 'Teksti i Zveçanit.' } });
    expect(r.byMunicipality.has('leposavic')).toBe(false);
    expect(r.shared.find((t) => t.id === 'lighting.in_progress')!.text.sr).toBe('Заједнички текст.');
  });

  it('a municipality may name a category only it has, not another municipality’s', () => {
    const rural = md('category: rural-roads\noutcome: resolved\ntitle: { sr: Сеоски пут, sq: Rrugë fshati }');
    expect(() => resolveResponses(readResponseSources(tree('rural-ok', { 'leposavic/responses/rural-roads.resolved.md': rural })), known)).not.toThrow();
    expect(failure({ 'zvecan/responses/rural-roads.resolved.md': rural })).toContain(
      'content/zvecan/responses/rural-roads.resolved.md: field category: "rural-roads" is not a category of content/zvecan/municipality.yaml',
    );
    // A shared template names a category of the shared catalogue.
    expect(failure({ 'shared/responses/rural-roads.resolved.md': rural })).toContain(
      'content/shared/responses/rural-roads.resolved.md: field category: "rural-roads" is not a category of content/shared/categories.yaml',
    );
  });
});

describe('an editor’s mistake names the file, the field and the fix', () => {
  it('a misspelt outcome or field, a missing title', () => {
    const message = failure({
      'shared/responses/lighting.soon.md': md(LIGHTING.replace('in_progress', 'in-progress')),
      'shared/responses/lighting.later.md': md(`${LIGHTING}\ntitel: x`),
      'shared/responses/water.done.md': md('category: water\noutcome: resolved'),
    });
    expect(message).toMatch(/^The response templates have 3 mistakes:/);
    expect(message).toContain('content/shared/responses/lighting.soon.md: field outcome: must be one of: answered, resolved, in_progress');
    expect(message).toContain('content/shared/responses/lighting.later.md: field titel: unknown field');
    expect(message).toContain('content/shared/responses/water.done.md: field title: is missing: add it');
  });

  it('a bare * (YAML’s reference mark) is explained', () => {
    expect(failure({ 'shared/responses/any.x.md': md('category: *\noutcome: answered\ntitle: { sr: а, sq: b }') })).toContain(
      'content/shared/responses/any.x.md: field category: write the * in quotes, category: "*"',
    );
  });

  it('a language missing or empty, a heading that is not a language, text outside the sections', () => {
    expect(failure({ 'shared/responses/a.md': `---\n${LIGHTING}\n---\n## sr\nТекст.\n` })).toContain('content/shared/responses/a.md: has no Albanian text: add a line "## sq"');
    expect(failure({ 'shared/responses/b.md': md(LIGHTING, 'Текст.', '   ') })).toContain('content/shared/responses/b.md: "## sq" is empty');
    expect(failure({ 'shared/responses/c.md': md(LIGHTING).replace('## sq', '## en') })).toContain('content/shared/responses/c.md: the heading "## en" is not a language');
    expect(failure({ 'shared/responses/d.md': md(LIGHTING).replace('\n## sr', 'Увод.\n## sr') })).toContain('content/shared/responses/d.md: has text before the first "## sr"');
  });

  it('a blank in one language only, an unknown {{value}}, a file without fields, a bad file name', () => {
    expect(failure({ 'shared/responses/e.md': md(LIGHTING, 'До [датум].', 'Deri më data.') })).toContain(
      'content/shared/responses/e.md: "## sr" has 1 blank(s) in square brackets ([датум]) and "## sq" has 0',
    );
    expect(failure({ 'shared/responses/f.md': md(LIGHTING, 'Пишите на {{mail}} [x]', 'Na shkruani [x]') })).toContain('content/shared/responses/f.md: "## sr" has {{mail}}, which the platform does not fill in');
    expect(failure({ 'shared/responses/g.md': '## sr\nа\n## sq\nb\n' })).toContain('content/shared/responses/g.md: must start with its fields (category, outcome, title) between two lines of ---');
    expect(failure({ 'shared/responses/Lighting Soon.md': md(LIGHTING) })).toContain("content/shared/responses/Lighting Soon.md: the file's name is the template's id");
  });

  it('templates in a folder that is no municipality', () => {
    expect(failure({ 'gracanica/responses/lighting.x.md': md(LIGHTING) })).toContain('content/gracanica/responses/lighting.x.md: there is no content/gracanica/municipality.yaml');
  });

  it('npm run check:content reports it and fails', () => {
    const dir = tree('check', {});
    // The real content/ with one broken template: CONTENT_DIR points the check at the copy.
    spawnSync('cp', ['-r', join(root, 'content/.'), dir]);
    writeFileSync(join(dir, 'shared/responses/lighting.in_progress.md'), md(LIGHTING.replace('category: lighting', 'category: lightning')));
    const r = spawnSync(process.execPath, [join(root, 'scripts/check-content.ts')], { cwd: root, env: { ...process.env, CONTENT_DIR: dir }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('content/shared/responses/lighting.in_progress.md: field category: "lightning" is not a category of content/shared/categories.yaml');
  });
});

describe('in the functions’ bundle', () => {
  it('the templates travel inside it, read when it is made, and work without content/', async () => {
    const outfile = join(tmp, 'bundle/responses.mjs');
    await build({
      stdin: {
        contents: `export { templatesFor, findTemplate } from './core/responses/index.ts'; export { getMunicipality } from './core/municipalities/index.ts';`,
        resolveDir: root,
        loader: 'ts',
      },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      plugins: [municipalitiesData()],
    });
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { templatesFor, findTemplate, getMunicipality } = await import(${JSON.stringify(outfile)});
         const m = getMunicipality('leposavic');
         console.log(JSON.stringify([templatesFor(m, 'report', 'rural-roads').length, findTemplate(m, 'any.answered').text.sq.includes(m.contact.email)]));`,
      ],
      // From an empty folder with CONTENT_DIR pointing nowhere: nothing may be read from disk.
      { cwd: join(tmp, 'bundle'), env: { ...process.env, CONTENT_DIR: join(tmp, 'nowhere') }, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const [count, filled] = JSON.parse(r.stdout) as [number, boolean];
    expect(count).toBe(templatesFor(getMunicipality('leposavic'), 'report', 'rural-roads').length);
    expect(filled).toBe(true);
  });

  it('a broken template fails the bundle, not the first request', async () => {
    const dir = tree('bundle-broken', {});
    spawnSync('cp', ['-r', join(root, 'content/.'), dir]);
    writeFileSync(join(dir, 'shared/responses/lighting.in_progress.md'), md(LIGHTING.replace('in_progress', 'soon')));
    await expect(
      build({
        entryPoints: [join(root, 'core/responses/index.ts')],
        write: false,
        bundle: true,
        platform: 'node',
        format: 'esm',
        logLevel: 'silent',
        plugins: [municipalitiesData({ contentDir: dir })],
      }),
    ).rejects.toThrow(/content\/shared\/responses\/lighting\.in_progress\.md: field outcome/);
  });
});

// ResponseSources is the shape the bundle inlines: JSON in, JSON out.
it('the sources survive JSON, as the bundle carries them', () => {
  const sources: ResponseSources = readResponseSources();
  expect(resolveResponses(JSON.parse(JSON.stringify(sources)) as ResponseSources, known)).toEqual(resolveResponses(sources, known));
});
