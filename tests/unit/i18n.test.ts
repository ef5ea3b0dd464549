import { describe, it, expect } from 'vitest';
import { sr } from '../../core/i18n/sr.ts';
import { sq } from '../../core/i18n/sq.ts';
import { allDictionaries, plural, t } from '../../core/i18n/index.ts';
import { locales, localeKeys } from '../../core/locales.ts';
import { documentTypes } from '../../sites/content/schemas.ts';

describe('interface strings', () => {
  it('every locale has every key, none empty', () => {
    const keys = Object.keys(sr).sort();
    for (const locale of localeKeys) {
      const dict = allDictionaries[locale];
      expect(Object.keys(dict).sort(), locale).toEqual(keys);
      expect(Object.entries(dict).filter(([, v]) => !v.trim()), locale).toEqual([]);
    }
  });

  it('keeps {placeholders} identical across languages', () => {
    const vars = (s: string) => (s.match(/\{\w+\}|\[\w+\]/g) ?? []).sort();
    for (const key of Object.keys(sr) as (keyof typeof sr)[]) expect(vars(sq[key]), key).toEqual(vars(sr[key]));
  });

  it('Serbian strings are Cyrillic and derived Latin strings carry no Cyrillic', () => {
    for (const v of Object.values(allDictionaries['sr-latn'])) expect(v).not.toMatch(/[\u0400-\u04FF]/);
    expect(Object.values(sr).filter((v) => /[a-zčćžšđ]{4,}/i.test(v.replace(/JavaScript|OpenStreetMap|RSS|\.ics|\[\w+\]|\{\w+\}/g, '')))).toEqual([]);
  });

  it('has a label for every document type', () => {
    for (const type of documentTypes) expect(t('sq', `documents.type.${type}`)).not.toBe('');
  });

  it('chooses Serbian plural forms with Intl.PluralRules', () => {
    expect(plural('sr', 'documents.count', 1)).toBe('1 документ');
    expect(plural('sr', 'documents.count', 3)).toBe('3 документа');
    expect(plural('sr', 'documents.count', 5)).toBe('5 докумената');
    expect(plural('sr', 'documents.count', 21)).toBe('21 документ');
    expect(plural('sr', 'documents.count', 24)).toBe('24 документа');
    expect(plural('sr-latn', 'documents.count', 11)).toBe('11 dokumenata');
    expect(plural('sq', 'documents.count', 1)).toBe('1 dokument');
    expect(plural('sq', 'documents.count', 4)).toBe('4 dokumente');
  });

  it('declares each locale once with a BCP-47 tag', () => {
    expect(locales.map((l) => [l.key, l.lang])).toEqual([['sr', 'sr-Cyrl'], ['sr-latn', 'sr-Latn'], ['sq', 'sq']]);
  });
});
