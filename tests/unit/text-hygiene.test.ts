// Text hygiene (core/text/hygiene.ts) and the form schemas built on it (core/cases/forms.ts, the
// staff reply schema in functions/domain/service.ts): NFC, and a field error with its own
// translated message for bidi controls, C0/C1 controls, invisible characters in single-line
// fields, lone surrogates and stacked combining marks.
import { describe, it, expect } from 'vitest';
import { cleanMultiLine, cleanSingleLine, hasLoneSurrogate, longestMarkRun, problemIn, stripInvisible, MAX_COMBINING_MARKS, type TextProblem } from '../../core/text/hygiene.ts';
import { reportSchema, questionSchema, fieldErrors, formErrorCodes } from '../../core/cases/forms.ts';
import { replySchema } from '../../functions/domain/service.ts';
import { formStrings } from '../../core/i18n/index.ts';
import { errorMessage } from '../../core/i18n/form-messages.ts';
import { localeKeys } from '../../core/locales.ts';

const report = {
  municipality: 'zvecan', locale: 'sr-latn', category: 'roads', description: 'Velika rupa na putu kod mosta.',
  address: 'Kralja Petra 12', email: 'ana@example.org', consent: true,
};
const question = { municipality: 'zvecan', locale: 'sq', question: 'Kur do të rregullohet ndriçimi publik?', email: 'arta@example.org', consent: true };

/** The one error of a field after parsing, or undefined. */
function errorOf(schema: typeof reportSchema | typeof questionSchema | typeof replySchema, body: Record<string, unknown>, field: string) {
  const r = schema.safeParse(body);
  return r.success ? undefined : fieldErrors(r.error.issues).find((e) => e.field === field)?.code;
}

const ZALGO = `Z${'\u0301\u0300\u0302\u0303\u0304\u0306'}algo tekst ovde`;

/** Hostile characters, what each is, and what a single-line and a multi-line field answer. */
const hostile: { name: string; ch: string; single: TextProblem | 'invalidName'; multi: TextProblem | 'kept' | 'removed' }[] = [
  { name: 'RIGHT-TO-LEFT OVERRIDE U+202E', ch: '\u202E', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'LEFT-TO-RIGHT OVERRIDE U+202D', ch: '\u202D', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'LEFT-TO-RIGHT EMBEDDING U+202A', ch: '\u202A', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'RIGHT-TO-LEFT EMBEDDING U+202B', ch: '\u202B', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'POP DIRECTIONAL FORMATTING U+202C', ch: '\u202C', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'LEFT-TO-RIGHT ISOLATE U+2066', ch: '\u2066', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'RIGHT-TO-LEFT ISOLATE U+2067', ch: '\u2067', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'FIRST STRONG ISOLATE U+2068', ch: '\u2068', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'POP DIRECTIONAL ISOLATE U+2069', ch: '\u2069', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'LEFT-TO-RIGHT MARK U+200E', ch: '\u200E', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'RIGHT-TO-LEFT MARK U+200F', ch: '\u200F', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'ARABIC LETTER MARK U+061C', ch: '\u061C', single: 'bidiControl', multi: 'bidiControl' },
  { name: 'NULL U+0000', ch: '\u0000', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'BELL U+0007', ch: '\u0007', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'BACKSPACE U+0008', ch: '\u0008', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'VERTICAL TAB U+000B', ch: '\u000B', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'FORM FEED U+000C', ch: '\u000C', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'ESCAPE U+001B', ch: '\u001B', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'DELETE U+007F', ch: '\u007F', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'TAB U+0009', ch: '\t', single: 'controlCharacter', multi: 'kept' },
  { name: 'C1 PADDING U+0080', ch: '\u0080', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'NEXT LINE U+0085', ch: '\u0085', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'CSI U+009B', ch: '\u009B', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'APC U+009F', ch: '\u009F', single: 'controlCharacter', multi: 'controlCharacter' },
  { name: 'ZERO WIDTH SPACE U+200B', ch: '\u200B', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'ZERO WIDTH NON-JOINER U+200C between digits', ch: '\u200C', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'ZERO WIDTH JOINER U+200D outside an emoji', ch: '\u200D', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'WORD JOINER U+2060', ch: '\u2060', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'INVISIBLE TIMES U+2062', ch: '\u2062', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'BYTE ORDER MARK U+FEFF', ch: '\uFEFF', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'SOFT HYPHEN U+00AD', ch: '\u00AD', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'MONGOLIAN VOWEL SEPARATOR U+180E', ch: '\u180E', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'HANGUL FILLER U+3164', ch: '\u3164', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'TAG LATIN SMALL LETTER A U+E0061 (ASCII smuggling)', ch: '\u{E0061}', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'INTERLINEAR ANNOTATION ANCHOR U+FFF9', ch: '\uFFF9', single: 'invisibleCharacter', multi: 'removed' },
  { name: 'LINE SEPARATOR U+2028', ch: '\u2028', single: 'invalidName', multi: 'kept' },
  { name: 'PARAGRAPH SEPARATOR U+2029', ch: '\u2029', single: 'invalidName', multi: 'kept' },
  { name: 'lone high surrogate U+D800', ch: '\uD800', single: 'brokenCharacter', multi: 'brokenCharacter' },
  { name: 'lone low surrogate U+DC00', ch: '\uDC00', single: 'brokenCharacter', multi: 'brokenCharacter' },
  { name: 'reversed surrogate pair', ch: '\uDE00\uD83D', single: 'brokenCharacter', multi: 'brokenCharacter' },
  { name: 'noncharacter U+FFFE', ch: '\uFFFE', single: 'brokenCharacter', multi: 'brokenCharacter' },
  { name: 'noncharacter U+FDD0', ch: '\uFDD0', single: 'brokenCharacter', multi: 'brokenCharacter' },
  { name: 'noncharacter U+1FFFF', ch: '\u{1FFFF}', single: 'brokenCharacter', multi: 'brokenCharacter' },
];

describe('the hygiene rules', () => {
  it.each(hostile)('$name: single line $single, multi-line $multi', ({ ch, single, multi }) => {
    // Between digits, where a hidden character would split a phone number.
    const text = `Kralja Petra 1${ch}2 i 044 123${ch}456`;
    const s = cleanSingleLine(text);
    expect(/[\r\n\u2028\u2029]/.test(s) ? 'invalidName' : problemIn(s, 'single')).toBe(single);
    const m = cleanMultiLine(text);
    const p = problemIn(m, 'multi');
    if (multi === 'kept') {
      expect(p).toBeUndefined();
      expect(m.length).toBeGreaterThanOrEqual(text.length - 1);
    } else if (multi === 'removed') {
      expect(p).toBeUndefined();
      expect(m).toBe('Kralja Petra 12 i 044 123456');
    } else expect(p).toBe(multi);
  });

  it('turns CR LF, CR and the Unicode separators into LF in multi-line text', () => {
    expect(cleanMultiLine('a\r\nb\rc\u2028d\u2029e')).toBe('a\nb\nc\nd\ne');
  });

  it('keeps what emoji and scripts need in multi-line text', () => {
    const kept = [
      '👨\u200D👩\u200D👧 porodica', // family: ZWJ between emoji
      '🏳\uFE0F\u200D🌈 zastava', // rainbow flag: VS16 then ZWJ
      '👩🏽\u200D⚕\uFE0F lekarka', // skin tone then ZWJ
      '❤\uFE0F\u200D🔥',
      '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} Škotska', // a subdivision flag: tags after the black flag
      'می\u200Cخواهم', // Persian: ZWNJ between letters
      '1\uFE0F\u20E3 keycap',
    ];
    for (const t of kept) {
      expect(stripInvisible(t), t).toBe(t);
      expect(problemIn(cleanMultiLine(t), 'multi'), t).toBeUndefined();
    }
    // The same joiners outside those places are removed.
    expect(stripInvisible('a\u200Db')).toBe('ab');
    expect(stripInvisible('0\u200C4\u200C4')).toBe('044');
    expect(stripInvisible('x\u{E0041}\u{E0042}y')).toBe('xy');
  });

  it('NFC-normalises, so a letter and its decomposed form are one text', () => {
    const cases: [string, string][] = [
      ['C\u0301', 'Ć'], ['c\u030C', 'č'], ['s\u030C', 'š'], ['z\u030C', 'ž'], ['S\u030C', 'Š'], ['e\u0308', 'ë'], ['c\u0327', 'ç'],
      ['E\u0308', 'Ë'], ['C\u0327', 'Ç'], ['\u0418\u0306', 'Й'], ['\u0435\u0308', 'ё'], ['Zvec\u0327an', 'Zveçan'], ['Zve\u0308c\u0327an', 'Zvëçan'],
      ['\u212B', 'Å'], // ANGSTROM SIGN is its letter after NFC
    ];
    for (const [input, nfc] of cases) {
      expect(cleanSingleLine(input)).toBe(nfc);
      expect(cleanMultiLine(input)).toBe(nfc);
    }
  });

  it('counts combining marks on one base character', () => {
    expect(longestMarkRun('Čćžšđ ë ç')).toBe(0);
    expect(longestMarkRun('a\u0301')).toBe(1);
    expect(longestMarkRun(`a${'\u0301'.repeat(MAX_COMBINING_MARKS)}`)).toBe(MAX_COMBINING_MARKS);
    expect(problemIn(`a${'\u0301\u0302\u0303\u0304'}`, 'multi')).toBeUndefined();
    expect(problemIn(`a${'\u0301\u0302\u0303\u0304\u0306'}`, 'multi')).toBe('tooManyMarks');
    expect(problemIn(ZALGO, 'single')).toBe('tooManyMarks');
    // Vietnamese stacks two; a keycap emoji carries two marks.
    expect(problemIn('Nguyễn Thị', 'single')).toBeUndefined();
    expect(problemIn('1\uFE0F\u20E3', 'multi')).toBeUndefined();
  });

  it('finds lone surrogates and nothing else', () => {
    expect(hasLoneSurrogate('😀 ok')).toBe(false);
    expect(hasLoneSurrogate('ok \uD83D')).toBe(true);
    expect(hasLoneSurrogate('\uDE00 ok')).toBe(true);
    expect(hasLoneSurrogate('')).toBe(false);
  });

  it('accepts ordinary Serbian, Albanian and mixed text', () => {
    const fine = [
      'Рупа на путу испред поште, већ три недеље.',
      'Rupa na putu ispred pošte, već tri nedelje — hitno!',
      'Kontejnerët te tregu nuk janë zbrazur; ç’po ndodh?',
      'Ulica „Kralja Petra I” br. 12/3, 38227 Zvečan',
      'Cena: 1.500,00 € (≈ 117.000 din.) — 50 % popusta',
      'Adresa: https://www.ezvecan.com/sr/ i www.example.org/a?b=c&d=e',
      'Emoji 😀👍🏽🇷🇸🇽🇰 i « navodnici » и ‹ › ',
      'Non-breaking\u00A0space and thin\u2009space',
    ];
    for (const t of fine) {
      expect(problemIn(cleanSingleLine(t), 'single'), t).toBeUndefined();
      expect(problemIn(cleanMultiLine(t), 'multi'), t).toBeUndefined();
    }
  });
});

describe('the citizen forms refuse hostile text with a field error', () => {
  const singleFields: [string, Record<string, unknown>][] = [
    ['name', report],
    ['address', report],
    ['email', report],
    ['phone', { ...report, email: '' }],
  ];
  const bad: [string, string, string][] = [
    // [what, value, expected code]; each put into every single-line field
    ['an override in the middle', 'Ana\u202Egpj.exe', 'bidiControl'],
    ['an isolate', '\u2067Ana', 'bidiControl'],
    ['a left-to-right mark', 'Ana\u200E', 'bidiControl'],
    ['a C1 control NEL', 'Ana\u0085Bcc', 'controlCharacter'],
    ['a C1 control CSI', 'Ana\u009B31m', 'controlCharacter'],
    ['a NUL', 'Ana\u0000', 'controlCharacter'],
    ['a tab', 'Ana\tPetrović', 'controlCharacter'],
    ['a zero-width space', 'Ana\u200BPetrović', 'invisibleCharacter'],
    ['a zero-width joiner', 'Ana\u200DPetrović', 'invisibleCharacter'],
    ['a word joiner', 'Ana\u2060', 'invisibleCharacter'],
    ['a byte order mark inside', 'An\uFEFFa', 'invisibleCharacter'],
    ['a lone surrogate', 'Ana\uD800', 'brokenCharacter'],
    ['Zalgo', ZALGO, 'tooManyMarks'],
  ];
  for (const [field, body] of singleFields) {
    for (const [what, value, code] of bad) {
      // Email and phone take only ASCII: a tab, NEL and friends are refused there by the same rules.
      it(`${field}: ${what} → ${code}`, () => {
        expect(errorOf(reportSchema, { ...body, [field]: value }, field)).toBe(code);
      });
    }
  }
  it('a line break in the email or phone is a format error, as a header injection is no address', () => {
    expect(errorOf(reportSchema, { ...report, email: 'a@example.org\r\nBcc: x@example.org' }, 'email')).toBe('invalidEmail');
    expect(errorOf(reportSchema, { ...report, email: '', phone: '044 123\n456' }, 'phone')).toBe('invalidPhone');
    expect(errorOf(reportSchema, { ...report, name: 'Ana\r\nBcc: x' }, 'name')).toBe('invalidName');
    expect(errorOf(reportSchema, { ...report, name: 'Ana\u2028Bcc: x' }, 'name')).toBe('invalidName');
  });

  const multi: [string, string, string][] = [
    ['an override', 'Rupa na putu \u202Etxt.exe kod mosta', 'bidiControl'],
    ['an isolate', 'Rupa na putu \u2066kod mosta\u2069 opet', 'bidiControl'],
    ['a right-to-left mark', 'Rupa na putu\u200F kod mosta', 'bidiControl'],
    ['a C1 control', 'Rupa na putu \u009B kod mosta', 'controlCharacter'],
    ['a NUL', 'Rupa na putu \u0000 kod mosta', 'controlCharacter'],
    ['an escape sequence', 'Rupa na putu \u001B[31m kod mosta', 'controlCharacter'],
    ['a lone surrogate', 'Rupa na putu \uD800 kod mosta', 'brokenCharacter'],
    ['Zalgo', `Rupa ${ZALGO} kod mosta`, 'tooManyMarks'],
  ];
  for (const [what, value, code] of multi) {
    it(`description: ${what} → ${code}`, () => expect(errorOf(reportSchema, { ...report, description: value }, 'description')).toBe(code));
    it(`question: ${what} → ${code}`, () => expect(errorOf(questionSchema, { ...question, question: value }, 'question')).toBe(code));
  }

  it('stores multi-line text NFC, with LF line breaks, invisible characters removed and emoji kept', () => {
    const r = reportSchema.parse({ ...report, description: ' Rupa\r\nkod mos\u200Bta, c\u030Cesto 👨\u200D👩\u200D👧 \r\n', name: 'Zvonko Z\u030Civkovic\u0301', address: 'Kralja Petra 12' });
    expect(r.description).toBe('Rupa\nkod mosta, često 👨\u200D👩\u200D👧');
    expect(r.name).toBe('Zvonko Živković');
    expect(r.description.normalize('NFC')).toBe(r.description);
    const q = questionSchema.parse({ ...question, question: 'Kur do te\u0308 rregullohet ndric\u0327imi?' });
    expect(q.question).toBe('Kur do të rregullohet ndriçimi?');
  });

  it('a text of invisible characters only is empty', () => {
    expect(errorOf(reportSchema, { ...report, description: '\u200B\u200B\u2060\uFEFF' }, 'description')).toBe('required');
  });
});

describe('the staff reply refuses hostile text too', () => {
  const reply = { outcome: 'answered', publicText: 'Rupa na putu kod mosta.', answer: 'Rupa je zakrpljena.' };
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['an override in the public wording', { ...reply, publicText: 'Rupa \u202Ena putu' }, 'publicText', 'bidiControl'],
    ['a C1 control in the answer', { ...reply, answer: 'Zakrpljena\u0085.' }, 'answer', 'controlCharacter'],
    ['a lone surrogate in the answer', { ...reply, answer: 'Zakrpljena \uDC00' }, 'answer', 'brokenCharacter'],
    ['a zero-width space in the referral', { outcome: 'forwarded', publicText: 'x', referral: 'JP\u200BPutevi' }, 'referral', 'invisibleCharacter'],
    ['a line break in the referral', { outcome: 'forwarded', publicText: 'x', referral: 'JP Putevi\nBcc' }, 'referral', 'invalidName'],
    ['Zalgo in the public wording', { ...reply, publicText: ZALGO }, 'publicText', 'tooManyMarks'],
  ];
  it.each(cases)('%s', (_what, body, field, code) => {
    expect(errorOf(replySchema, body, field)).toBe(code);
  });
  it('stores staff wording NFC, invisible characters removed', () => {
    const r = replySchema.parse({ ...reply, publicText: 'Rupa kod mos\u200Bta\r\nc\u030Cesto', answer: 'Zakrpljena je.' });
    expect(r.publicText).toBe('Rupa kod mosta\nčesto');
  });
});

describe('every hygiene code has its message in every language', () => {
  const codes = ['bidiControl', 'controlCharacter', 'invisibleCharacter', 'brokenCharacter', 'tooManyMarks', 'photoChoice'] as const;
  it.each(codes)('%s', (code) => {
    expect(formErrorCodes).toContain(code);
    const seen = new Set<string>();
    for (const locale of localeKeys) {
      const message = errorMessage(formStrings(locale), 'description', code);
      expect(message).not.toBe(formStrings(locale)['form.error.invalid']);
      expect(message.length).toBeGreaterThan(20);
      seen.add(message);
    }
    expect(seen.size).toBe(localeKeys.length);
  });
});
