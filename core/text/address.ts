/**
 * One key per street address, however it was typed: "ул. Краља Петра бр. 12", "Kralja Petra 12",
 * "KRALJA-PETRA, 12" and "Ulica kralja Petra 12" are one place. Used to find an open report at the
 * same address when a report comes without a map point (the form without JavaScript): the public
 * wording of both addresses, compared as keys (core/cases/nearby.ts sameAddressOpen).
 *
 * The key: Serbian Cyrillic turned Latin (core/text/translit.ts), lower case, without diacritics
 * (č ć → c, š → s, ž → z, đ → dj; the Albanian ë → e, ç → c), punctuation and dashes as spaces,
 * the words that only say "street", "square's number" and the like left out ("ul.", "ulica",
 * "улица", "rr.", "rruga", "bul.", "bulevar", "br.", "broj", "nr.", "numri"), a house number kept
 * with its letter ("12 a" and "12a"), spaces collapsed. Word order and grammatical case are kept:
 * "Kralja Petra" and "Petra Kralja" are not made one.
 */
import { toLatin } from './translit.ts';

/** Words that name the kind of street or a number's label, not the place (Serbian and Albanian). */
const FILLER = new Set([
  'ul', 'ulica', 'ulice', 'ulici', 'rr', 'rruga', 'rruges', 'rrugen',
  'bul', 'bulevar', 'bulevara', 'bulevaru', 'blv', 'bulevardi',
  'br', 'broj', 'nr', 'numri',
]);

/** The shortest key that counts as an address: "1" or "a" alone says nothing about a place. */
const MIN_KEY = 3;

/** The comparable key of an address; '' when nothing of it names a place. */
export function addressKey(address: string | undefined | null): string {
  if (!address) return '';
  const latin = toLatin(address.normalize('NFC'))
    .toLowerCase()
    .replace(/đ/g, 'dj')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    // Punctuation, dashes, quotes and symbols separate words; letters and digits are the address.
    .replace(/[^\p{L}\p{N}]+/gu, ' ');
  const words = latin.split(' ').filter((w) => w !== '' && !FILLER.has(w));
  const key = words.join(' ').replace(/(\d) (?=\p{L}(?: |$))/gu, '$1');
  return key.replace(/ /g, '').length >= MIN_KEY ? key : '';
}

/** Whether two addresses name the same place as typed (both must say something). */
export function sameAddress(a: string | undefined | null, b: string | undefined | null): boolean {
  const ka = addressKey(a);
  return ka !== '' && ka === addressKey(b);
}
