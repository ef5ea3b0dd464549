import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { municipalities, getMunicipality } from '../../core/municipalities/index.ts';
import { municipalitySchema } from '../../core/municipalities/schema.ts';
import { readMunicipalitySources } from '../../core/municipalities/files.ts';
import { resolveMunicipalities, MunicipalityDataError, type MunicipalitySources } from '../../core/municipalities/resolve.ts';

/** WCAG relative luminance contrast between two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The real content/, read once; each test changes a copy of it. */
const real = readMunicipalitySources();
const zvecanFile = real.municipalities.find((m) => m.id === 'zvecan')!;
const FILE = 'content/zvecan/municipality.yaml';

type Data = Record<string, unknown> & { categories: Record<string, unknown>[]; clock: Record<string, unknown> };
/** Sources with only Zvečan, its file changed by `edit`. */
function withZvecan(edit: (d: Data) => void = () => {}, catalogue = real.categories.data): MunicipalitySources {
  const data = structuredClone(zvecanFile.data) as Data;
  edit(data);
  return { ...real, categories: { ...real.categories, data: catalogue }, municipalities: [{ id: 'zvecan', file: FILE, data }] };
}
/** The message resolveMunicipalities fails with. */
function failure(sources: MunicipalitySources): string {
  try {
    resolveMunicipalities(sources);
  } catch (e) {
    expect(e).toBeInstanceOf(MunicipalityDataError);
    return (e as Error).message;
  }
  throw new Error('expected the data to be rejected');
}

describe('municipality configs', () => {
  it('has the four municipalities with their ids, in the order of their `order`', () => {
    expect(municipalities.map((m) => m.id).sort()).toEqual(['leposavic', 'severna-mitrovica', 'zubin-potok', 'zvecan']);
    // The first is the API's default for an unknown host name.
    expect(municipalities.map((m) => m.id)).toEqual(['zvecan', 'severna-mitrovica', 'leposavic', 'zubin-potok']);
  });

  it.each(municipalities.map((m) => [m.id, m] as const))('%s is valid and self-consistent', (_id, m) => {
    expect(municipalitySchema.safeParse(m).success).toBe(true);
    const [[south, west], [north, east]] = m.map.bounds;
    expect(m.map.center[0]).toBeGreaterThan(south);
    expect(m.map.center[0]).toBeLessThan(north);
    expect(m.map.center[1]).toBeGreaterThan(west);
    expect(m.map.center[1]).toBeLessThan(east);
    // White text on the header and buttons must pass WCAG AA.
    expect(contrast(m.colours.primary, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(m.colours.primaryDark, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(new Set(m.categories.map((c) => c.code)).size).toBe(m.categories.length);
    expect(m.categories.every((c) => c.inbox.includes('@'))).toBe(true);
  });

  it('rejects duplicate category codes', () => {
    const zvecan = getMunicipality('zvecan');
    const dup = { ...zvecan, categories: [zvecan.categories[0]!, zvecan.categories[0]!] };
    expect(municipalitySchema.safeParse(dup).success).toBe(false);
  });

  it('fails clearly for an unknown id', () => {
    expect(() => getMunicipality('prizren')).toThrow(/Unknown municipality "prizren"\. Known: zvecan/);
  });

  it('takes the shared holiday list by name', () => {
    const serbian = (real.holidays.data as Record<string, string[]>).serbian;
    for (const m of municipalities) expect(m.clock.holidays).toEqual(serbian);
    expect(getMunicipality('zvecan').clock.holidays).toContain('01-07');
  });
});

describe('categories over the shared catalogue', () => {
  const catalogue = new Map((real.categories.data as { code: string; name: unknown; description?: unknown; resolutionDays?: number }[]).map((c) => [c.code, c]));

  it('a code and an inbox take the name and description from content/shared/categories.yaml', () => {
    for (const m of municipalities) {
      const lighting = m.categories.find((c) => c.code === 'lighting')!;
      expect(lighting.name).toEqual(catalogue.get('lighting')!.name);
      expect(lighting.description).toEqual(catalogue.get('lighting')!.description);
      expect(lighting.inbox).toBe(`infrastruktura@${m.domain}`);
    }
    // A catalogue category without a description gives none (no key at all).
    expect(Object.keys(getMunicipality('zvecan').categories.find((c) => c.code === 'other')!)).toEqual(['code', 'name', 'inbox', 'resolutionDays']);
  });

  it('a municipality may replace the name or the description, and keeps its own order', () => {
    const [m] = resolveMunicipalities(
      withZvecan((d) => {
        d.categories = [
          { code: 'other', inbox: 'a@ezvecan.com' },
          { code: 'water', inbox: 'b@ezvecan.com', name: { sr: 'Водовод', sq: 'Ujësjellësi' } },
          { code: 'roads', inbox: 'c@ezvecan.com', description: { sr: 'Рупе.', sq: 'Gropa.' } },
        ];
      }),
    );
    expect(m!.categories.map((c) => c.code)).toEqual(['other', 'water', 'roads']);
    expect(m!.categories[1]).toEqual({ code: 'water', name: { sr: 'Водовод', sq: 'Ujësjellësi' }, description: catalogue.get('water')!.description, inbox: 'b@ezvecan.com', resolutionDays: catalogue.get('water')!.resolutionDays });
    expect(m!.categories[2]).toEqual({ code: 'roads', name: catalogue.get('roads')!.name, description: { sr: 'Рупе.', sq: 'Gropa.' }, inbox: 'c@ezvecan.com', resolutionDays: catalogue.get('roads')!.resolutionDays });
  });

  it('a municipality may add a category of its own, with a name', () => {
    const [m] = resolveMunicipalities(
      withZvecan((d) => {
        d.categories.push({ code: 'snow', inbox: 'zima@ezvecan.com', name: { sr: 'Снег', sq: 'Borë' } });
      }),
    );
    expect(m!.categories.at(-1)).toEqual({ code: 'snow', name: { sr: 'Снег', sq: 'Borë' }, inbox: 'zima@ezvecan.com', resolutionDays: 20 });
    // Leposavić's rural roads are its own.
    expect(catalogue.has('rural-roads')).toBe(false);
    expect(getMunicipality('leposavic').categories[1]!.name).toEqual({ sr: 'Сеоски путеви', sq: 'Rrugë rurale' });
  });

  it('an unknown code without a name names the file, the field and the catalogue', () => {
    const message = failure(withZvecan((d) => d.categories.push({ code: 'parks', inbox: 'x@ezvecan.com' })));
    expect(message).toContain(
      `${FILE}: field categories.6.code: "parks" is not in content/shared/categories.yaml (it has: roads, lighting, water, waste, green, parking, other). ` +
        'Check the spelling, or give this category its own name (and description) here to add it for this municipality only.',
    );
  });

  it('a bad inbox says which category and what to write', () => {
    const message = failure(withZvecan((d) => (d.categories[2]!.inbox = 'komunalno at ezvecan.com')));
    expect(message).toContain(`${FILE}: field categories.2.inbox (the "water" category): must be an email address such as kontakt@ezvecan.com`);
  });

  it('a missing inbox is reported as missing', () => {
    const message = failure(withZvecan((d) => delete d.categories[1]!.inbox));
    expect(message).toContain(`${FILE}: field categories.1.inbox (the "lighting" category): is missing: add it; it must be an email address such as`);
  });

  it('checks the catalogue itself', () => {
    const cat = structuredClone(real.categories.data) as Record<string, unknown>[];
    cat.push({ code: 'roads', name: { sr: 'Путеви', sq: 'Rrugë' } });
    cat[0]!.nmae = 'typo';
    const message = failure(withZvecan(undefined, cat));
    expect(message).toContain('content/shared/categories.yaml: field 0: unknown field "nmae": check its spelling');
    expect(message).toContain('content/shared/categories.yaml: (the whole file): category codes must be unique');
  });
});

describe('validation messages an editor can act on', () => {
  it('names an unknown field', () => {
    const message = failure(
      withZvecan((d) => {
        d.mayorInbx = 'predsednik@ezvecan.com';
        (d.contact as Record<string, unknown>).fax = '028 000';
      }),
    );
    expect(message).toContain(`${FILE}: field contact: unknown field "fax": check its spelling (names are case-sensitive) or remove it`);
    expect(message).toContain(`${FILE}: (the whole file): unknown field "mayorInbx"`);
  });

  it('names a missing field, a text without its translation, and every mistake at once', () => {
    const message = failure(
      withZvecan((d) => {
        delete d.supervisorInbox;
        d.name = { sr: 'Звечан' };
        d.domain = 'not a domain';
      }),
    );
    expect(message).toMatch(/has 3 mistakes/);
    expect(message).toContain(`${FILE}: field supervisorInbox: is missing: add it; it must be an email address such as kontakt@ezvecan.com`);
    expect(message).toContain(`${FILE}: field name.sq: is missing: add it; it must be text`);
    expect(message).toContain(`${FILE}: field domain: must be a bare host name such as ezvecan.com`);
  });

  it('explains the YAML pitfalls: an unquoted colour is a comment, an unquoted number is not text', () => {
    const message = failure(
      withZvecan((d) => {
        (d.colours as Record<string, unknown>).primary = null; // primary: #1d4e89
        (d.contact as Record<string, unknown>).phone = 112; // phone: 112
      }),
    );
    expect(message).toContain(`${FILE}: field colours.primary: is empty: must be a colour such as "#1d4e89" (in quotes: in YAML a # starts a comment)`);
    expect(message).toContain(`${FILE}: field contact.phone: must be a phone number such as +383 28 000 000 or 112; write it in quotes so it is read as text, such as "112"`);
  });

  it('names an unknown holiday list and the lists there are', () => {
    const message = failure(withZvecan((d) => (d.clock.holidays = 'serbain')));
    expect(message).toContain(`${FILE}: field clock.holidays: there is no list "serbain" in content/shared/holidays.yaml (it has: serbian)`);
  });

  it('accepts the holidays as dates instead of a list name', () => {
    const [m] = resolveMunicipalities(withZvecan((d) => (d.clock.holidays = ['01-01', '2026-04-10'])));
    expect(m!.clock.holidays).toEqual(['01-01', '2026-04-10']);
  });

  it('rejects a folder name that cannot be an id', () => {
    const sources = withZvecan();
    sources.municipalities[0]!.id = 'Zvečan';
    expect(failure(sources)).toContain(`${FILE}: the folder name is the municipality's id and must be lowercase ASCII with dashes`);
  });
});

describe('reading content/', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'e-opstine-municipalities-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('finds every folder with a municipality.yaml, lists them by `order` then id, and ignores the others', () => {
    mkdirSync(join(tmp, 'shared'), { recursive: true });
    writeFileSync(join(tmp, 'shared/categories.yaml'), '- code: other\n  name: { sr: Остало, sq: Tjetër }\n');
    const file = (name: string, order?: number) =>
      [
        ...(order ? [`order: ${order}`] : []),
        `name: { sr: ${name}, sq: ${name} }`,
        `officialName: { sr: Општина ${name}, sq: Komuna ${name} }`,
        `nameLocative: { sr: у ${name}, sq: në ${name} }`,
        `platformName: { sr: Е-општина ${name}, sq: E-komuna ${name} }`,
        'domain: example.org',
        'launched: 2026-01-01',
        'albanianSince: 2026-01-01',
        'colours: { primary: "#1d4e89", primaryDark: "#12325a", accent: "#b8860b" }',
        'emblem: { initials: AB, motif: river }',
        'contact:',
        '  address: { sr: Зграда општине, sq: Ndërtesa e komunës }',
        '  email: kontakt@example.org',
        '  hours: { sr: 08–16, sq: 08–16 }',
        'mayor: { role: { sr: Председник, sq: Kryetari }, duties: { sr: Води општину., sq: Drejton komunën. } }',
        'assembly: { description: { sr: Скупштина., sq: Kuvendi. } }',
        'departments:',
        '  - { name: { sr: Управа, sq: Administrata }, duties: { sr: Све., sq: Gjithçka. } }',
        'categories:',
        '  - { code: other, inbox: kontakt@example.org }',
        'mayorInbox: kryetari@example.org',
        'supervisorInbox: nadzor@example.org',
        'map: { center: [42.5, 21.2], zoom: 13, bounds: [[42.4, 21.1], [42.6, 21.3]] }',
        'clock: { countWeekends: false, countHolidays: true }',
        '',
      ].join('\n');
    for (const [id, order] of [['bbb', undefined], ['aaa', undefined], ['ccc', 1]] as const) {
      mkdirSync(join(tmp, id, 'news'), { recursive: true });
      writeFileSync(join(tmp, id, 'municipality.yaml'), file(id.toUpperCase(), order));
    }
    mkdirSync(join(tmp, 'not-a-municipality/news'), { recursive: true });
    const list = resolveMunicipalities(readMunicipalitySources(tmp));
    expect(list.map((m) => m.id)).toEqual(['ccc', 'aaa', 'bbb']);
    expect(list[1]!.categories).toEqual([{ code: 'other', name: { sr: 'Остало', sq: 'Tjetër' }, inbox: 'kontakt@example.org', resolutionDays: 20 }]);
    expect(list[1]!.clock).toEqual({ hours: 48, countWeekends: false, countHolidays: true, holidays: [], timeZone: 'Europe/Belgrade' });
  });

  it('names a file that is not valid YAML', () => {
    writeFileSync(join(tmp, 'aaa/municipality.yaml'), 'name: { sr: AAA\ndomain: [\n');
    expect(() => readMunicipalitySources(tmp)).toThrow(/content\/aaa\/municipality\.yaml: not valid YAML \(/);
  });
});
