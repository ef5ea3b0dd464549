/**
 * Masking phone numbers and email addresses in what a citizen wrote, for the public wording of a
 * new case (functions/domain/service.ts: `publicText`, `publicAddress`, the shown name). The
 * original stays in the case for staff; once staff reply, their wording is used as they wrote it.
 *
 * The mark is a bracketed phrase in the language (and, for Serbian, the script) of the text it
 * stands in, "[телефон скривен]", "[telefon skriven]", "[telefoni i fshehur]", not an interface
 * string: the public text is data, copied as is into the archive, open data and Open311, where
 * no reader's locale applies, and read next to the citizen's own words in that language. A
 * Serbian mark is transliterated with the text, like the rest of it, for a reader of the other
 * script. It has no digit and no @, so masking twice changes nothing.
 *
 * Phone numbers are told from the other numbers people write (dates, times, amounts, years,
 * house and parcel numbers, reference numbers, tracking codes) by their shape: dates and times
 * are set aside first; then runs of digit groups joined by one space, dash, dot, slash or
 * brackets are read as a number when they start with + or 00 (8–15 digits), with the trunk 0
 * (8–11 digits, 044 123 456), with 383/381 (11–12 digits), or, for a bare local number of 6–11
 * digits, only right after a word such as "tel", "mob", "телефон", "thirrni". A currency or unit
 * after it, or a year after a slash (a case number, 0123-456/2024), means it is not a phone.
 * Digits glued to letters (K7QM-3XTD, 12a, 5km) never are. Over-masking is the safe side: staff
 * see the original and can restore a number in their wording.
 */
import type { Locale } from '../locales.ts';

export type ContactKind = 'email' | 'phone';
export interface ContactSpan {
  kind: ContactKind;
  start: number;
  end: number;
}

/** The marks, by language and script. The Latin one is what transliterating the Cyrillic gives. */
export const MASKS = {
  'sr-cyrl': { email: '[е-пошта скривена]', phone: '[телефон скривен]' },
  'sr-latn': { email: '[e-pošta skrivena]', phone: '[telefon skriven]' },
  sq: { email: '[emaili i fshehur]', phone: '[telefoni i fshehur]' },
} as const;

const raw = String.raw;

// ---------------------------------------------------------------------------------------------
// Email addresses, also written "ana (at) gmail.com", "ana[at]gmail[dot]com", "ana @ gmail.com",
// "ana at gmail dot com".

const LOCAL = raw`[\p{L}\p{N}_%+'\-](?:[\p{L}\p{N}._%+'\-]{0,63}[\p{L}\p{N}_%+\-])?`;
const AT = raw`(?:[ \u00A0]?[@\uFF20][ \u00A0]?|[ \u00A0]?[(\[{][ \u00A0]?(?:at|et|@|majmun|мајмун)[ \u00A0]?[)\]}][ \u00A0]?)`;
const LABEL = raw`[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?`;
const DOT = raw`(?:\.|[ \u00A0]?[(\[{][ \u00A0]?(?:dot|tačka|tacka|тачка|pika)[ \u00A0]?[)\]}][ \u00A0]?)`;
const EMAIL = new RegExp(raw`(?<![\p{L}\p{N}._%+'\-])${LOCAL}${AT}(?:${LABEL}${DOT}){1,6}\p{L}{2,24}(?![\p{L}\p{N}\-])`, 'giu');
const TLDS = 'com|net|org|rs|info|eu|de|at|ch|al|xk|me|mk|ba|hr|si|it|fr|uk|us|io|biz';
const EMAIL_IN_WORDS = new RegExp(
  raw`(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]{1,64}\s+(?:at|et)\s+(?:${LABEL}\s+(?:dot|tačka|tacka|тачка|pika)\s+){1,4}(?:${TLDS})(?![\p{L}\p{N}])`,
  'giu',
);

// ---------------------------------------------------------------------------------------------
// What is set aside before looking for phone numbers: links, dates and times.

const DAY = raw`(?:0?[1-9]|[12]\d|3[01])`;
const MONTH = raw`(?:0?[1-9]|1[0-2])`;
/** Not right after a digit or a digit and a separator: the middle of a longer number is no date. */
const FRESH = raw`(?<![\p{N}][.\-/ ]?)`;
const SET_ASIDE = [
  /(?:https?:\/\/|www\.)[^\s<>"]+/giu,
  // Bank accounts: an IBAN (XK05 1212 0123 4567 8906), a Serbian account (160-0000000123456-78).
  /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ \u00A0]?[A-Z0-9]{4}){2,7}(?:[ \u00A0]?[A-Z0-9]{1,3})?(?![\p{L}\p{N}])/gu,
  /(?<![\p{N}-])\d{3}-\d{6,13}-\d{2}(?![\p{N}-])/gu,
  // 12.03.2025, 12. 3. 2025., 12.03., 12.03.25.
  new RegExp(raw`${FRESH}${DAY}\.[ \u00A0]?${MONTH}\.(?:[ \u00A0]?(?:\d{4}|\d{2})\.?)?(?![\p{N}])`, 'gu'),
  // 12/03/2025, 12-03-2025
  new RegExp(raw`${FRESH}${DAY}([/\-])${MONTH}\1(?:\d{4}|\d{2})(?![\p{N}])`, 'gu'),
  // 2025-03-12, 2025/03/12, 2025.03.12., 2025. 3. 12.
  new RegExp(raw`${FRESH}(?:19|20)\d{2}([\-/.])[ \u00A0]?${MONTH}\1[ \u00A0]?${DAY}\.?(?![\p{N}])`, 'gu'),
  // 08:30, 8:30:15
  new RegExp(raw`${FRESH}(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\p{N}])`, 'gu'),
  // 08.30 (two-digit hours, not followed by more of a number), 8.30h, 8h30
  new RegExp(raw`${FRESH}(?:[01]\d|2[0-3])\.[0-5]\d(?![.,]?[\p{N}])`, 'gu'),
  new RegExp(raw`${FRESH}(?:[01]?\d|2[0-3])[.h][0-5]\d[ \u00A0]?(?:h|č|ч|sati|сати|časova|часова|ora|orë)(?![\p{L}])`, 'giu'),
];

// ---------------------------------------------------------------------------------------------
// Phone numbers.

const DIGITS = /[0-9\uFF10-\uFF19]+/gu;
/** What may join two digit groups of one number: a space, a dash, a dot, a slash, brackets. */
const GAP = /^[ \u00A0]?[-\u2013./()]{0,2}[ \u00A0]?$/u;
const LETTER = /\p{L}/u;
/** Words that announce a phone number (Serbian in both scripts, Albanian, English). */
const PHONE_WORD = new RegExp(
  raw`(?:^|[^\p{L}])(?:tel(?:efon\p{L}*)?|тел(?:ефон\p{L}*)?|mob\p{L}*|моб\p{L}*|celular\p{L}*|cell?|gsm|fiks\p{L}*|фикс\p{L}*|viber|vajber|вајбер|whats[ \u00A0]?app|вотсап|poziv\p{L}*|позив\p{L}*|pozov\p{L}*|позов\p{L}*|nazov\p{L}*|назов\p{L}*|zov\p{L}*|зов\p{L}*|thirr\p{L}*|kontakt\p{L}*|контакт\p{L}*|phone|call)(?![\p{L}])[^\p{N}]{0,20}$`,
  'iu',
);
/** A currency or unit right after a number: an amount or a measure. */
const UNIT_AFTER = /^[ \u00A0]?(?:€|\$|eur(?:a|o|os)?|evra|евра|евро|din(?:ara|ari)?\.?|динара|дин\.?|rsd|lek(?:ë|e|ë)?|km|m2|m²|m3|m|kg|t|l|%|godin\p{L}*|годин\p{L}*|god\.|год\.|sati|сати|ora|orë|kom\.?|ком\.?|komad\p{L}*|комад\p{L}*|lit\p{L}*|лит\p{L}*)(?![\p{L}])/iu;
const CURRENCY_BEFORE = /(?:€|\$|eur|rsd|din\.?|дин\.?)[ \u00A0]?$/iu;

interface Group {
  start: number;
  end: number;
  digits: string;
}

const asciiDigits = (s: string) => s.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));

/** Runs of digit groups that could be one number, each run a list of groups. */
function chains(text: string, setAside: Uint8Array): Group[][] {
  const out: Group[][] = [];
  let chain: Group[] = [];
  const close = () => {
    if (chain.length) out.push(chain);
    chain = [];
  };
  for (const m of text.matchAll(DIGITS)) {
    const start = m.index!;
    const end = start + m[0].length;
    const glued = LETTER.test(text[start - 1] ?? '') || LETTER.test(text[end] ?? '');
    let aside = false;
    for (let i = start; i < end && !aside; i++) aside = setAside[i] === 1;
    if (glued || aside) {
      close();
      continue;
    }
    const prev = chain[chain.length - 1];
    if (prev) {
      const gap = text.slice(prev.end, start);
      let gapAside = false;
      for (let i = prev.end; i < start && !gapAside; i++) gapAside = setAside[i] === 1;
      if (gapAside || !GAP.test(gap)) close();
    }
    chain.push({ start, end, digits: asciiDigits(m[0]) });
  }
  close();
  return out;
}

/** Where a number starting at `groupStart` really starts: with its + and opening bracket. */
function prefixStart(text: string, groupStart: number): { start: number; plus: boolean } {
  const before = text.slice(Math.max(0, groupStart - 4), groupStart);
  const m = /\(?\+[ \u00A0]?$|\($/.exec(before);
  return m ? { start: groupStart - m[0].length, plus: m[0].includes('+') } : { start: groupStart, plus: false };
}

/** Whether groups i..j of a run are a phone number; the span if so. */
function phoneAt(text: string, groups: Group[], i: number, j: number): { start: number; end: number } | undefined {
  const { start, plus } = prefixStart(text, groups[i]!.start);
  const end = groups[j]!.end;
  const digits = groups
    .slice(i, j + 1)
    .map((g) => g.digits)
    .join('');
  const international = plus || digits.startsWith('00');
  const n = international && !plus ? digits.length - 2 : digits.length;
  let phone: boolean;
  if (international) phone = n >= 8 && n <= 15;
  else if (digits.startsWith('0')) phone = n >= 8 && n <= 11;
  else if (/^38[13]/.test(digits) && n >= 11 && n <= 12) phone = true;
  else phone = n >= 6 && n <= 11 && PHONE_WORD.test(text.slice(Math.max(0, start - 40), start));
  if (!phone) return undefined;
  if (UNIT_AFTER.test(text.slice(end, end + 12))) return undefined;
  if (!plus && CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 6), start))) return undefined;
  // A case or document number: "0123-456/2024", "br. 04-351/2023".
  if (j > i && text.slice(groups[j - 1]!.end, groups[j]!.start).includes('/') && /^(?:19|20)\d{2}$/.test(groups[j]!.digits)) return undefined;
  return { start, end };
}

/** Every email address and phone number in a text, in order, not overlapping. */
export function findContacts(text: string): ContactSpan[] {
  const spans: ContactSpan[] = [];
  const taken = new Uint8Array(text.length);
  const take = (kind: ContactKind, start: number, end: number) => {
    for (let i = start; i < end; i++) if (taken[i]) return;
    spans.push({ kind, start, end });
    taken.fill(1, start, end);
  };
  for (const re of [EMAIL, EMAIL_IN_WORDS]) for (const m of text.matchAll(re)) take('email', m.index!, m.index! + m[0].length);

  const setAside = new Uint8Array(text.length);
  setAside.set(taken);
  for (const re of SET_ASIDE) for (const m of text.matchAll(re)) setAside.fill(1, m.index!, m.index! + m[0].length);
  for (const groups of chains(text, setAside)) {
    let i = 0;
    while (i < groups.length) {
      let found: { start: number; end: number } | undefined;
      let last = i;
      // The longest number from here first (at most eight groups: +383 (0) 44 12 34 56 …).
      for (let j = Math.min(groups.length - 1, i + 7); j >= i && !found; j--) {
        found = phoneAt(text, groups, i, j);
        last = j;
      }
      if (found) {
        take('phone', found.start, found.end);
        i = last + 1;
      } else i++;
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The marks for a text: Albanian, or Serbian in the script the text (without what is masked) is written in. */
function masksFor(text: string, locale: Locale) {
  if (locale === 'sq') return MASKS.sq;
  const cyr = text.match(/[\u0400-\u04FF]/g)?.length ?? 0;
  const lat = text.match(/[a-zčćžšđ]/gi)?.length ?? 0;
  if (cyr === lat) return locale === 'sr-latn' ? MASKS['sr-latn'] : MASKS['sr-cyrl'];
  return cyr > lat ? MASKS['sr-cyrl'] : MASKS['sr-latn'];
}

/**
 * The text with every email address and phone number replaced by a mark in the text's language
 * (`locale`: the locale the citizen wrote in).
 */
export function maskContacts(text: string, locale: Locale): string {
  const spans = findContacts(text);
  if (!spans.length) return text;
  let rest = '';
  let from = 0;
  for (const s of spans) {
    rest += text.slice(from, s.start);
    from = s.end;
  }
  const masks = masksFor(rest + text.slice(from), locale);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + masks[s.kind];
    at = s.end;
  }
  return out + text.slice(at);
}
