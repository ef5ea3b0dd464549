import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toLatin, toCyrillic, transliterateHtml, detectScript } from '../../core/text/translit.ts';

describe('Cyrillic → Latin', () => {
  it.each([
    ['Звечан', 'Zvečan'],
    ['Лепосавић', 'Leposavić'],
    ['Северна Митровица', 'Severna Mitrovica'],
    ['Љубљана', 'Ljubljana'],
    ['ЉУБЉАНА', 'LJUBLJANA'],
    ['Њ', 'Nj'],
    ['ЊИВА И ЏЕП', 'NJIVA I DŽEP'],
    ['Џеп', 'Džep'],
    ['ђачки дом', 'đački dom'],
    ['Систем 48х', 'Sistem 48h'],
    ['COVID-19 и ОЕБС', 'COVID-19 i OEBS'],
  ])('%s → %s', (cyr, lat) => expect(toLatin(cyr)).toBe(lat));
});

describe('Latin → Cyrillic', () => {
  it.each([
    ['nadživeti', 'надживети'],
    ['Nadživeti', 'Надживети'],
    ['injekcija', 'инјекција'],
    ['konjunkcija', 'конјункција'],
    ['konjugacija', 'конјугација'],
    ['odžaliti', 'оджалити'],
    ['podžupan', 'поджупан'],
    ['vanjezički', 'ванјезички'],
    ['Ljubljana', 'Љубљана'],
    ['LJUBLJANA', 'ЉУБЉАНА'],
    ['njiva', 'њива'],
    ['džep', 'џеп'],
    ['E-opština Zvečan', 'Е-општина Звечан'],
  ])('%s → %s', (lat, cyr) => expect(toCyrillic(lat)).toBe(cyr));

  it('keeps addresses, URLs, acronyms and foreign words in Latin', () => {
    expect(toCyrillic('Pišite na kontakt@ezvecan.com ili posetite https://www.who.int/ i www.ezvecan.com'))
      .toBe('Пишите на kontakt@ezvecan.com или посетите https://www.who.int/ и www.ezvecan.com');
    expect(toCyrillic('Info o COVID-19, OSCE i UN-Habitat; mapa OpenStreetMap; Wi-Fi')).toBe('Инфо о COVID-19, OSCE и UN-Habitat; мапа OpenStreetMap; Wi-Fi');
  });
});

describe('HTML', () => {
  it('transliterates text but not tags, URLs, entities or code', () => {
    const html = '<p>Погледајте <a href="/sr/документ/">документ</a> &amp; <code>код</code> <img alt="Мапа" src="x.png"></p>';
    expect(transliterateHtml(html, 'latn')).toBe('<p>Pogledajte <a href="/sr/документ/">dokument</a> &amp; <code>код</code> <img alt="Mapa" src="x.png"></p>');
  });
});

describe('script detection', () => {
  it('tells Cyrillic from Latin Serbian', () => {
    expect(detectScript('Ово је текст')).toBe('cyrl');
    expect(detectScript('Ovo je tekst')).toBe('latn');
  });
});

describe('every Serbian word in the content survives Cyrillic → Latin → Cyrillic', () => {
  const root = join(import.meta.dirname, '../../content');
  const words = new Set<string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.sr.md')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const w of text.match(/[\u0400-\u04FF]+/g) ?? []) words.add(w);
  }
  it(`covers the content's words (${words.size})`, () => {
    expect(words.size).toBeGreaterThan(500);
    const broken = [...words].filter((w) => toCyrillic(toLatin(w)) !== w);
    expect(broken).toEqual([]);
  });
});
