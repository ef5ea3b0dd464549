/**
 * Text in the reader's script. Citizens and staff write Serbian in either script; a reader of
 * `/sr/` sees Cyrillic, a reader of `/sr-latn/` Latin. Every page, email and open-data file that
 * shows a case's text goes through here, so they all agree.
 */
import { localeInfo, type Locale } from '../locales.ts';
import { detectScript, toScript } from './translit.ts';

type Script = 'cyrl' | 'latn';

/**
 * Conversions made in this process, by target script and text. A case's text is shown on its
 * own page and in up to eight list pages per locale; converting it once saves most of the
 * transliteration work of a large archive build (the result is the same string).
 */
const converted: Record<Script, Map<string, string>> = { cyrl: new Map(), latn: new Map() };
/** A long-running function must not grow without bound: the memo starts over at this size. */
const MEMO_LIMIT = 50_000;

/** Text in a script; converted only when it is written in the other one, so a Cyrillic text keeps its Latin words (names, links) as written. */
export function inScript(text: string, script: Script): string {
  const memo = converted[script];
  let out = memo.get(text);
  if (out === undefined) {
    out = detectScript(text) === script ? text : toScript(text, script);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, out);
  }
  return out;
}

/**
 * A citizen's or the municipality's text in the reader's script, with the language tag it is in.
 * @param written the locale the case came in (Albanian text is shown as written)
 */
export function textFor(written: Locale, text: string, locale: Locale): { text: string; lang: string } {
  if (localeInfo(written).source === 'sq') return { text, lang: 'sq' };
  const script: Script = localeInfo(locale).script === 'cyrl' ? 'cyrl' : 'latn';
  return { text: inScript(text, script), lang: script === 'cyrl' ? 'sr-Cyrl' : 'sr-Latn' };
}

/** An address or a name as typed: Cyrillic becomes Latin for Latin-script readers (Serbian Latin, Albanian). */
export function inReaderScript(text: string, locale: Locale): string {
  return localeInfo(locale).script === 'cyrl' ? text : inScript(text, 'latn');
}
