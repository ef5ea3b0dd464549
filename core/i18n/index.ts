import { sr, type StringKey } from './sr.ts';
import { sq } from './sq.ts';
import { localeInfo, type Locale } from '../locales.ts';
import { toLatin } from '../text/translit.ts';
import { errorMessage } from './form-messages.ts';

export type { StringKey };

const srLatn = Object.fromEntries(Object.entries(sr).map(([k, v]) => [k, toLatin(v)])) as Record<StringKey, string>;
const dictionaries: Record<Locale, Record<StringKey, string>> = { sr, 'sr-latn': srLatn, sq };

/** The UI string for a key, with {name} placeholders filled. */
export function t(locale: Locale, key: StringKey, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[locale][key];
  if (!text.includes('{')) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

type PluralBase<K> = K extends `${infer B}.one` ? B : never;
export type PluralKey = PluralBase<StringKey>;

/** Plural rules and number format per locale, made once: `n.toLocaleString(lang)` makes a formatter per call. */
const numberRules = new Map<Locale, { rules: Intl.PluralRules; format: Intl.NumberFormat }>();
/** A counted phrase in the right plural form: plural('sr', 'documents.count', 3) → "3 документа". */
export function plural(locale: Locale, key: PluralKey, n: number): string {
  let r = numberRules.get(locale);
  if (!r) {
    r = { rules: new Intl.PluralRules(localeInfo(locale).lang), format: new Intl.NumberFormat(localeInfo(locale).lang) };
    numberRules.set(locale, r);
  }
  const form = r.rules.select(n);
  const full = `${key}.${form === 'one' || form === 'few' ? form : 'other'}` as StringKey;
  return t(locale, full, { n: r.format.format(n) });
}

/** Every dictionary, for the completeness test. */
export const allDictionaries = dictionaries;

/** Every "form.*" string in a locale, for the forms' props (the island gets only these). */
export function formStrings(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(dictionaries[locale]) as StringKey[]) {
    if (key.startsWith('form.')) out[key] = t(locale, key);
  }
  return out;
}

/** Translates {field, code} pairs (from fieldErrors()) into messages for the reader. */
export function translateErrors(locale: Locale, errors: { field: string; code: string }[]): { field: string; code: string; message: string }[] {
  const strings = formStrings(locale);
  return errors.map((e) => ({ ...e, message: errorMessage(strings, e.field, e.code) }));
}
