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

describe('the shortcuts agree with the letter-by-letter rule', () => {
  // translit.ts skips text with no character it could change, and looks letters up in tables of
  // both cases. These go through every character of the Basic Multilingual Plane and the astral
  // letters' first plane, to show that no other character is one the rule would change.
  const SR_CYRILLIC = 'абвгдђежзијклљмнњопрстћуфхцчџш';
  const SR_LATIN_LETTERS = 'abcčćdđefghijklmnoprsštuvzž';
  const characters = Array.from({ length: 0x20000 }, (_, i) => (i >= 0xd800 && i <= 0xdfff ? '' : String.fromCodePoint(i))).filter(Boolean);

  it('every character that lower-cases to a Serbian Cyrillic letter is in the Cyrillic block', () => {
    const outside = characters.filter((ch) => SR_CYRILLIC.includes(ch.toLowerCase()) && !/[\u0400-\u04FF]/.test(ch));
    expect(outside).toEqual([]);
  });

  it('every character that lower-cases to a Serbian Latin letter is one, in either case, or the Kelvin sign', () => {
    const found = characters.filter((ch) => ch.toLowerCase().length === 1 && SR_LATIN_LETTERS.includes(ch.toLowerCase()));
    const expected = [...SR_LATIN_LETTERS, ...SR_LATIN_LETTERS.toUpperCase(), '\u212A'];
    expect(new Set(found)).toEqual(new Set(expected));
    // The Kelvin sign is what the rule makes it: a capital К.
    expect(toCyrillic('\u212A')).toBe('К');
  });

  it('text that has nothing to change comes back as it was, either way', () => {
    for (const text of ['2026-03-01 12:00', '— № 48 —', 'Звечан', '😀 ✓']) expect(toCyrillic(toLatin(text))).toBe(toCyrillic(text));
    expect(toLatin('48h, OK')).toBe('48h, OK');
    expect(toCyrillic('Звечан, 48')).toBe('Звечан, 48');
  });

  it('digraphs in every case', () => {
    expect(toCyrillic('lj Lj LJ nj Nj NJ dž Dž DŽ')).toBe('љ Љ Љ њ Њ Њ џ Џ Џ');
    // A small letter before a capital reads as a product name (JavaScript) and stays Latin.
    expect(toCyrillic('lJ nJ dŽ')).toBe('lJ nJ dŽ');
    expect(toLatin('љ Љ ЉУ Љу њ Њ џ Џ ЏЕП')).toBe('lj Lj LJU Lju nj Nj dž Dž DŽEP');
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
