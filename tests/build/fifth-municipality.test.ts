// A fifth municipality from a folder of data and content alone: tests/fixtures/fifth-municipality/
// gracanica/ (a municipality.yaml and a few Markdown pages) next to the real content/shared/, with
// no code changed. Its site builds in the three locales with its name and the shared catalogue's
// categories on its report form, and the functions' bundle carries its data.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { municipalitiesData } from '../../scripts/lib/esbuild-municipalities.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ID = 'gracanica';
let tmp: string;
let content: string;
let out: string;

/** Runs a Node ES module snippet with the given working directory and environment. */
function node(code: string, cwd: string, env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
}

const page = (locale: string, path = '') => readFileSync(join(out, locale, path, 'index.html'), 'utf8');

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'e-opstine-fifth-'));
  content = join(tmp, 'content');
  cpSync(join(root, 'content/shared'), join(content, 'shared'), { recursive: true });
  cpSync(join(root, 'tests/fixtures/fifth-municipality', ID), join(content, ID), { recursive: true });
  out = join(tmp, 'out');
  const r = spawnSync(process.execPath, [join(root, 'scripts/build-site.mjs'), ID], {
    cwd: root,
    env: {
      ...process.env,
      SITE: ID,
      CONTENT_DIR: content,
      OUT_DIR: out,
      ASTRO_CACHE_DIR: join(tmp, 'cache'),
      // The fixture archive has no case of this municipality: its archive starts empty.
      ARCHIVE_SOURCE: 'file',
      ARCHIVE_FILE: join(root, 'tests/fixtures/archive.json'),
      BUILD_DATE: '2026-11-20',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`the fifth municipality's build failed:\n${r.stderr}\n${r.stdout}`);
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a fifth municipality added as data and content only', () => {
  it('is a site for the scripts and the registry', () => {
    const r = node(
      `const { siteIds } = await import(${JSON.stringify(join(root, 'scripts/lib/sites.mjs'))});
       const { getMunicipality } = await import(${JSON.stringify(join(root, 'core/municipalities/index.ts'))});
       console.log(JSON.stringify({ siteIds, name: getMunicipality('${ID}').name }));`,
      root,
      { CONTENT_DIR: content },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ siteIds: [ID], name: { sr: 'Грачаница', sq: 'Graçanicë' } });
  });

  it('has its home, about and news pages in the three locales, with its name', () => {
    const names = { sr: 'Грачаница', 'sr-latn': 'Gračanica', sq: 'Graçanicë' };
    for (const [locale, name] of Object.entries(names)) {
      for (const path of ['', 'about', 'news', 'news/e-gracanica-opens', 'system-48h/report']) {
        expect(existsSync(join(out, locale, path, 'index.html')), `${locale}/${path}`).toBe(true);
      }
      expect(page(locale)).toContain(name);
      expect(page(locale, 'about')).toContain(name);
    }
    expect(page('sr', 'about')).toContain('Општина Грачаница је јединица локалне самоуправе');
    expect(page('sr-latn', 'about')).toContain('Opština Gračanica je jedinica lokalne samouprave');
    expect(page('sq', 'about')).toContain('Komuna e Graçanicës është njësi e vetëqeverisjes lokale');
    expect(page('sr-latn', 'news/e-gracanica-opens')).toContain('E-opština Gračanica počinje sa radom');
    // A page it did not write comes from content/shared/, with its name filled in.
    expect(page('sq', 'system-48h')).toContain('Graçanicë');
  });

  it('offers the shared catalogue’s categories on its report form, sent to its own inboxes', () => {
    expect(page('sr', 'system-48h/report')).toContain('Јавна расвета');
    expect(page('sr-latn', 'system-48h/report')).toContain('Javna rasveta');
    expect(page('sq', 'system-48h/report')).toContain('Ndriçimi publik');
    // Its own description of a shared category replaces the catalogue's.
    expect(page('sq', 'system-48h/report')).toContain('bregu i liqenit');
  });

  it('travels inside the functions’ bundle, which runs without content/', async () => {
    const outfile = join(tmp, 'bundle/registry.mjs');
    await build({
      entryPoints: [join(root, 'core/municipalities/index.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      plugins: [municipalitiesData({ contentDir: content })],
    });
    // Run from an empty folder with CONTENT_DIR pointing nowhere: nothing may be read from disk.
    const r = node(
      `const { getMunicipality } = await import(${JSON.stringify(outfile)});
       const m = getMunicipality('${ID}');
       console.log(JSON.stringify([m.platformName.sq, m.categories.find((c) => c.code === 'lighting').inbox]));`,
      join(tmp, 'bundle'),
      { CONTENT_DIR: join(tmp, 'nowhere') },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['E-komuna Graçanicë', 'infrastruktura@egracanica.example.org']);
  });
});
