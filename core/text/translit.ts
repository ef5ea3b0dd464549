/**
 * Serbian transliteration. Cyrillic → Latin is exact (one letter to one or two letters).
 * Latin → Cyrillic is not: "nj" is usually њ but is two letters in konjunkcija, and foreign
 * names, acronyms, addresses and URLs must stay Latin. The exceptions below cover those.
 */

const CYR_TO_LAT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i', ј: 'j',
  к: 'k', л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't',
  ћ: 'ć', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'č', џ: 'dž', ш: 'š',
};

const LAT_TO_CYR: Record<string, string> = Object.fromEntries(
  Object.entries(CYR_TO_LAT).map(([c, l]) => [l, c]),
);

/**
 * Words whose "lj", "nj" or "dž" are two letters, as stems with "|" where the letters split.
 * A word matches when it starts with the stem (case-insensitive).
 */
export const SPLIT_DIGRAPH_STEMS = [
  'nad|ž', 'od|ž', 'pod|ž', 'pred|ž', // nadživeti, odžaliti, podžupan, predžetveni
  'in|jek', 'in|jun', 'kon|jug', 'kon|jun', 'kon|jek', 'van|jez', 'tan|jug', 'sin|jek',
  'dis|jun', 'ad|jekt', 'in|jekc',
];

/** Words and names kept in Latin letters inside Cyrillic text. */
export const KEEP_LATIN = new Set([
  'covid-19', 'covid', 'osce', 'pax', 'un-habitat', 'open311', 'openstreetmap', 'leaflet',
  'pagefind', 'rss', 'pdf', 'jpeg', 'png', 'webp', 'heic', 'ics', 'csv', 'json', 'xml', 'geojson',
  'e-mail', 'email', 'wcag', 'nsi', 'eed', 'olc', 'rbf', 'sida', 'cbm', 'ezvecan', 'esevernamitrovica',
  'eleposavic', 'ezubinpotok', 'github', 'google', 'viber', 'whatsapp', 'facebook',
]);

const URLISH = /^(?:[a-z][a-z0-9+.-]*:\/\/\S+|www\.\S+|\S+@\S+\.\S+|\S+\.(?:com|org|net|rs|eu|int|gov)(?:\/\S*)?)$/i;
const FOREIGN_LETTERS = /[qwxy]/i;
/** Product names such as JavaScript or OpenStreetMap: a capital after a small letter. */
const CAMEL_CASE = /\p{Ll}\p{Lu}/u;

function isUpper(ch: string | undefined): boolean {
  return !!ch && ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** Serbian Cyrillic capitals whose Latin is one letter: Б → B (the lower case is CYR_TO_LAT). */
const CYR_CAPITAL_TO_LAT = new Map<string, string>();
for (const [cyr, lat] of Object.entries(CYR_TO_LAT)) if (lat.length === 1) CYR_CAPITAL_TO_LAT.set(cyr.toUpperCase(), lat.toUpperCase());

/**
 * A character that Cyrillic → Latin may change: the Cyrillic block, where every Serbian letter of
 * either case lies (tests/unit/translit.test.ts checks that no other character lower-cases to one).
 */
const MAY_BE_CYRILLIC = /[\u0400-\u04FF]/;

/** Serbian Cyrillic to Latin. Exact; keeps everything that is not a Serbian Cyrillic letter. */
export function toLatin(text: string): string {
  if (!MAY_BE_CYRILLIC.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (code < 0x400 || code > 0x4ff) {
      out += ch;
      continue;
    }
    const small = CYR_TO_LAT[ch];
    if (small !== undefined) {
      out += small;
      continue;
    }
    const capital = CYR_CAPITAL_TO_LAT.get(ch);
    if (capital !== undefined) {
      out += capital;
      continue;
    }
    const lat = CYR_TO_LAT[ch.toLowerCase()];
    if (lat === undefined) {
      out += ch;
      continue;
    }
    // Љ in "ЉУДИ" is LJ, in "Људи" is Lj: look at the neighbours.
    const next = text[i + 1];
    const prev = text[i - 1];
    const allCaps = isUpper(next) || (next === undefined || !/\p{L}/u.test(next) ? isUpper(prev) : false);
    out += allCaps ? lat.toUpperCase() : lat[0]!.toUpperCase() + lat.slice(1);
  }
  return out;
}

/** The split-digraph stems without their "|", with where the letters split. */
const STEMS = SPLIT_DIGRAPH_STEMS.map((s) => ({ whole: s.replace('|', ''), cut: s.indexOf('|') }));

function wordToCyrillic(word: string, checked = false): string {
  // `checked`: the caller has already tested this very word against KEEP_LATIN, URLISH and
  // FOREIGN_LETTERS (toCyrillic, for a word without hyphens).
  const lower = word.toLowerCase();
  if (!checked && (KEEP_LATIN.has(lower) || FOREIGN_LETTERS.test(word) || URLISH.test(word))) return word;
  if (CAMEL_CASE.test(word)) return word;
  const stem = STEMS.find((s) => lower.startsWith(s.whole));
  if (stem) return wordToCyrillic(word.slice(0, stem.cut)) + lettersToCyrillic(word.slice(stem.cut));
  return lettersToCyrillic(word);
}

/**
 * Latin letters to Cyrillic ones, either case: a→а, A→А, č→ч, Č→Ч. A character found here is
 * what the letter-by-letter rule makes of it (its lower case looked up in LAT_TO_CYR, upper-cased
 * again when it was a capital); tests/unit/translit.test.ts checks the table against that rule
 * for every character.
 */
const LETTER_TO_CYR = new Map<string, string>();
for (const [lat, cyr] of Object.entries(LAT_TO_CYR)) {
  if (lat.length !== 1) continue;
  LETTER_TO_CYR.set(lat, cyr);
  LETTER_TO_CYR.set(lat.toUpperCase(), cyr.toUpperCase());
}

/** The letter-by-letter rule for a character outside LETTER_TO_CYR (rare: the Kelvin sign is a K). */
function otherToCyrillic(ch: string): string {
  const cyr = LAT_TO_CYR[ch.toLowerCase()];
  return cyr === undefined ? ch : isUpper(ch) ? cyr.toUpperCase() : cyr;
}

/** The digraph that starts at word[i] (lj, nj, dž in any case), as a Cyrillic letter, or undefined. */
function digraphAt(word: string, i: number): string | undefined {
  const first = word.charCodeAt(i);
  const second = word[i + 1];
  let cyr: string | undefined;
  // l L n N: followed by j or J; d D: by ž or Ž.
  if (first === 0x6c || first === 0x4c) cyr = second === 'j' || second === 'J' ? 'љ' : undefined;
  else if (first === 0x6e || first === 0x4e) cyr = second === 'j' || second === 'J' ? 'њ' : undefined;
  else if (first === 0x64 || first === 0x44) cyr = second === 'ž' || second === 'Ž' ? 'џ' : undefined;
  if (cyr === undefined) return undefined;
  return first < 0x60 ? cyr.toUpperCase() : cyr;
}

function lettersToCyrillic(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const two = i + 1 < word.length ? digraphAt(word, i) : undefined;
    if (two !== undefined) {
      out += two;
      i++;
      continue;
    }
    const ch = word[i]!;
    const cyr = LETTER_TO_CYR.get(ch);
    out += cyr !== undefined ? cyr : ch.charCodeAt(0) < 0x80 ? ch : otherToCyrillic(ch);
  }
  return out;
}

/**
 * A character that Latin → Cyrillic may change: a letter of Serbian Latin in either case, or one
 * whose lower case is one (the Kelvin sign). Text without any is returned as it is, unread word by
 * word; tests/unit/translit.test.ts checks this class against every character.
 */
const MAY_CHANGE = /[a-zA-ZčćžšđČĆŽŠĐ\u212A]/;

/** Words: runs of letters, digits and the joiners - . @ / : that URLs and addresses use. */
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}\-.@/:_+]*[\p{L}\p{N}/])?/gu;

/**
 * Serbian Latin to Cyrillic. Words are runs of letters, digits and the joiners - . @ / : that
 * URLs and addresses use, so "www.ezvecan.com" and "COVID-19" are judged whole.
 */
export function toCyrillic(text: string): string {
  if (!MAY_CHANGE.test(text)) return text;
  return text.replace(WORD, (word) => {
    if (KEEP_LATIN.has(word.toLowerCase()) || URLISH.test(word)) return word;
    // A word with foreign letters anywhere stays Latin whole ("Wi-Fi"); other hyphenated words
    // are judged part by part ("E-opština" → "Е-општина").
    if (FOREIGN_LETTERS.test(word)) return word;
    if (!word.includes('-')) return wordToCyrillic(word, true);
    return word.split(/(-)/).map((part) => (part === '-' ? part : wordToCyrillic(part))).join('');
  });
}

const CYRILLIC = /[\u0400-\u04FF]/g;
const LATIN_SR = /[a-zčćžšđ]/gi;

/** Which script a Serbian text is written in, by counting letters. */
export function detectScript(text: string): 'cyrl' | 'latn' {
  const cyr = text.match(CYRILLIC)?.length ?? 0;
  const lat = text.match(LATIN_SR)?.length ?? 0;
  return cyr >= lat ? 'cyrl' : 'latn';
}

/** Converts Serbian text to the wanted script, whichever script it was written in. */
export function toScript(text: string, script: 'cyrl' | 'latn'): string {
  return script === 'latn' ? toLatin(text) : toCyrillic(text);
}

const SKIP_ELEMENTS = new Set(['code', 'pre', 'script', 'style', 'kbd', 'samp']);

/**
 * Transliterates the text of an HTML fragment, leaving tags, attributes (except alt and
 * title), entities and code untouched.
 */
export function transliterateHtml(html: string, script: 'cyrl' | 'latn'): string {
  let skipDepth = 0;
  return html.replace(/(<[^>]*>)|([^<]+)/g, (_m, tag: string | undefined, text: string | undefined) => {
    if (tag) {
      const name = /^<\/?\s*([a-z0-9-]+)/i.exec(tag)?.[1]?.toLowerCase();
      if (name && SKIP_ELEMENTS.has(name)) {
        if (tag.startsWith('</')) skipDepth = Math.max(0, skipDepth - 1);
        else if (!tag.endsWith('/>')) skipDepth++;
      }
      return tag.replace(/\b(alt|title)="([^"]*)"/g, (_a, attr: string, value: string) => `${attr}="${toScript(value, script)}"`);
    }
    if (skipDepth > 0) return text!;
    // Leave entities such as &amp; alone.
    return text!.replace(/(&[#a-z0-9]+;)|([^&]+)/gi, (_e, entity: string | undefined, plain: string | undefined) =>
      entity ?? toScript(plain!, script),
    );
  });
}
