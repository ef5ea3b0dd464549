/**
 * Text hygiene: what a form field may contain, for every text a citizen or a member of staff
 * types (core/cases/forms.ts builds the zod schemas from it; the browser forms import those, so
 * this module stays small and plain: no lookbehind, no dependencies).
 *
 * Every text is NFC-normalised, so "š" typed as s + U+030C and "š" typed as one character are
 * the same text (searching, masking, rate-limit keys and the archive all compare strings).
 *
 * Refused everywhere, each with its own translated message (`form.error.<problem>`):
 * - bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
 *   U+200E/U+200F and U+061C marks): they reorder what staff and the public see ("U+202E" turns
 *   "gpj.exe" into "exe.jpg"). Serbian and Albanian text never needs them;
 * - C0 controls (tab and line feed are allowed in multi-line fields; carriage returns are turned
 *   into line feeds first) and DEL, C1 controls (U+0080–U+009F, U+0085 and U+009B among them);
 * - lone surrogates (half of a character: JSON can carry "\ud800", no browser sends one) and
 *   noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF);
 * - more than MAX_COMBINING_MARKS combining marks on one base character ("Zalgo" text that
 *   draws over the lines around it; Serbian and Albanian need at most one after NFC).
 *
 * Single-line fields (name, address, email, phone, referral) also refuse every invisible
 * formatting character (zero-width space and joiners, word joiner, BOM, soft hyphen, tag
 * characters…) and Unicode line and paragraph separators: a name has no use for them, and they
 * make two names look alike or hide a phone number from the masking.
 *
 * Multi-line fields (a description, a question, staff wording) accept emoji, so:
 * - a zero-width joiner is kept between two emoji (👨‍👩‍👧, 🏳️‍🌈), a zero-width non-joiner
 *   between two letters, tag characters after a black flag (🏴 subdivision flags);
 * - every other invisible formatting character is removed, not refused: a citizen cannot see
 *   it to take it out (it usually comes with text pasted from elsewhere), and removing it
 *   changes nothing anyone sees, only what the masking and the search read;
 * - Unicode line and paragraph separators become line feeds.
 */

export type TextProblem = 'bidiControl' | 'controlCharacter' | 'invisibleCharacter' | 'brokenCharacter' | 'tooManyMarks';

/** Combining marks allowed on one base character (after NFC). */
export const MAX_COMBINING_MARKS = 4;

/** Bidirectional embeddings, overrides, isolates and marks. */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/** C0 controls but tab and line feed, DEL, C1 controls. */
const CONTROL_MULTI = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** The same with tab and line feed: a single line has no use for them. */
const CONTROL_SINGLE = /[\u0000-\u001F\u007F-\u009F]/;
/** Noncharacters of the Basic Multilingual Plane (and the ends of every plane, below). */
const NONCHARACTER = /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;
/**
 * Invisible characters: format characters (Cf: zero-width space, joiners, word joiner, BOM,
 * soft hyphen, invisible operators, tag characters, interlinear annotation…) other than the
 * bidi controls above, and the Hangul fillers that render as nothing.
 */
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0]/u;
/** Line and paragraph separators (line breaks that are not C0). */
const SEPARATORS = /[\u2028\u2029]/;

const ZWNJ = 0x200c;
const ZWJ = 0x200d;
const BLACK_FLAG = 0x1f3f4;
const isTag = (cp: number) => cp >= 0xe0020 && cp <= 0xe007f;
const MARK = /\p{M}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
/** An emoji, or what follows one in a sequence (variation selector, skin tone, keycap). */
const EMOJI_PART = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3]/u;

/** Whether the string has a lone surrogate (half of a UTF-16 pair). */
export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** The longest run of combining marks on one base character. */
export function longestMarkRun(s: string): number {
  let run = 0;
  let longest = 0;
  for (const ch of s) {
    if (MARK.test(ch)) longest = Math.max(longest, ++run);
    else run = 0;
  }
  return longest;
}

/**
 * Removes the invisible characters that carry no meaning in running text (see the top of this
 * file), keeping the joiners and tags that build emoji and the non-joiner between letters.
 */
export function stripInvisible(s: string): string {
  if (!INVISIBLE.test(s)) return s;
  const chars = Array.from(s);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cp = ch.codePointAt(0)!;
    if (BIDI.test(ch) || !INVISIBLE.test(ch)) {
      // Bidi controls are refused, not removed: problemIn() still sees them.
      out.push(ch);
      continue;
    }
    const before = out[out.length - 1] ?? '';
    const after = chars[i + 1] ?? '';
    const keep =
      (cp === ZWJ && EMOJI_PART.test(before) && EMOJI_PART.test(after)) ||
      (cp === ZWNJ && LETTER_OR_MARK.test(before) && LETTER_OR_MARK.test(after)) ||
      (isTag(cp) && (before.codePointAt(0) === BLACK_FLAG || isTag(before.codePointAt(0) ?? 0))) ||
      // The cancel tag ends a tag sequence.
      (cp === 0xe007f && isTag(before.codePointAt(0) ?? 0));
    if (keep) out.push(ch);
  }
  return out.join('');
}

/** A multi-line text as stored: line breaks as LF, invisible formatting removed, NFC. */
export function cleanMultiLine(s: string): string {
  return stripInvisible(s.replace(/\r\n?|[\u2028\u2029]/g, '\n')).normalize('NFC');
}

/** A single-line text as stored: NFC (anything else in it is refused, not changed). */
export function cleanSingleLine(s: string): string {
  return s.normalize('NFC');
}

/**
 * What is wrong with a text, after cleaning, or undefined. Checked in this order, so a text
 * with several problems gets the message about the most serious one.
 */
export function problemIn(s: string, kind: 'single' | 'multi'): TextProblem | undefined {
  if (hasLoneSurrogate(s) || NONCHARACTER.test(s)) return 'brokenCharacter';
  if (BIDI.test(s)) return 'bidiControl';
  if ((kind === 'single' ? CONTROL_SINGLE : CONTROL_MULTI).test(s)) return 'controlCharacter';
  if (kind === 'single' && (INVISIBLE.test(s) || SEPARATORS.test(s))) return 'invisibleCharacter';
  if (longestMarkRun(s) > MAX_COMBINING_MARKS) return 'tooManyMarks';
  return undefined;
}
