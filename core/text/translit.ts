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

/** Serbian Cyrillic to Latin. Exact; keeps everything that is not a Serbian Cyrillic letter. */
export function toLatin(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const lower = ch.toLowerCase();
    const lat = CYR_TO_LAT[lower];
    if (lat === undefined) {
      out += ch;
      continue;
    }
    if (ch === lower) {
      out += lat;
    } else if (lat.length === 1) {
      out += lat.toUpperCase();
    } else {
      // Љ in "ЉУДИ" is LJ, in "Људи" is Lj: look at the neighbours.
      const next = text[i + 1];
      const prev = text[i - 1];
      const allCaps = isUpper(next) || (next === undefined || !/\p{L}/u.test(next) ? isUpper(prev) : false);
      out += allCaps ? lat.toUpperCase() : lat[0]!.toUpperCase() + lat.slice(1);
    }
  }
  return out;
}

function wordToCyrillic(word: string): string {
  const lower = word.toLowerCase();
  if (KEEP_LATIN.has(lower) || FOREIGN_LETTERS.test(word) || URLISH.test(word) || CAMEL_CASE.test(word)) return word;
  const stem = SPLIT_DIGRAPH_STEMS.find((s) => lower.startsWith(s.replace('|', '')));
  if (stem) {
    const cut = stem.indexOf('|');
    return wordToCyrillic(word.slice(0, cut)) + lettersToCyrillic(word.slice(cut));
  }
  return lettersToCyrillic(word);
}

function lettersToCyrillic(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const two = word.slice(i, i + 2);
    const twoLower = two.toLowerCase();
    if (two.length === 2 && (twoLower === 'lj' || twoLower === 'nj' || twoLower === 'dž')) {
      const cyr = LAT_TO_CYR[twoLower]!;
      out += isUpper(two[0]) ? cyr.toUpperCase() : cyr;
      i++;
      continue;
    }
    const ch = word[i]!;
    const cyr = LAT_TO_CYR[ch.toLowerCase()];
    out += cyr === undefined ? ch : isUpper(ch) ? cyr.toUpperCase() : cyr;
  }
  return out;
}

/**
 * Serbian Latin to Cyrillic. Words are runs of letters, digits and the joiners - . @ / : that
 * URLs and addresses use, so "www.ezvecan.com" and "COVID-19" are judged whole.
 */
export function toCyrillic(text: string): string {
  return text.replace(/[\p{L}\p{N}](?:[\p{L}\p{N}\-.@/:_+]*[\p{L}\p{N}/])?/gu, (word) => {
    if (URLISH.test(word) || KEEP_LATIN.has(word.toLowerCase())) return word;
    // A word with foreign letters anywhere stays Latin whole ("Wi-Fi"); other hyphenated words
    // are judged part by part ("E-opština" → "Е-општина").
    if (FOREIGN_LETTERS.test(word)) return word;
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
