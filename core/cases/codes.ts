import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 5/S, 2/Z). */
export const CODE_ALPHABET = '346789ABCDEFGHJKMNPQRTUVWXY';

/** A tracking code such as "K7QM-3XTD": 8 characters, about 38 bits, easy to read aloud. */
export function trackingCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/**
 * Cyrillic capitals that look like a letter of the code: what a reader of "K7QM-3XTD" types with a
 * Serbian Cyrillic keyboard switched on, letter by look (А В Е К М Н Р С Т Х У). О is left out:
 * neither O nor 0 is in the alphabet, so there is nothing it could have meant.
 */
const CYRILLIC_BY_LOOK: Record<string, string> = { А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y' };

/**
 * The Serbian Cyrillic keyboard's letters by the key they sit on: a code typed key by key while
 * the keyboard was on Cyrillic ("к7љм-3џтд" for "K7QM-3XTD").
 */
const CYRILLIC_BY_KEY: Record<string, string> = {
  Љ: 'Q', Њ: 'W', Е: 'E', Р: 'R', Т: 'T', З: 'Y', У: 'U', И: 'I', О: 'O', П: 'P',
  А: 'A', С: 'S', Д: 'D', Ф: 'F', Г: 'G', Х: 'H', Ј: 'J', К: 'K', Л: 'L',
  Ѕ: 'Z', Џ: 'X', Ц: 'C', В: 'V', Б: 'B', Н: 'N', М: 'M',
};

/** Spaces of every width, dashes of every length, dots, underscores, slashes and invisible characters a copy from an email may bring. */
const SEPARATORS = /[\s\u00ad\u200b-\u200d\u2060\ufeff_./\\\u2010-\u2015\u2212-]/g;

function asCode(cleaned: string): string | null {
  if (cleaned.length !== 8 || [...cleaned].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `${cleaned.slice(0, 4)}-${cleaned.slice(4)}`;
}

/**
 * Every tracking code a citizen may have meant by what they typed, the likeliest first (at most
 * two): lower case, spaces, any dash or none, and Cyrillic letters, read by their look (К, Т, Х…)
 * or, when a letter has no Latin look-alike (љ, џ, д…), by the key they sit on. Latin look-alikes
 * (O/0, I/1/L, S/5, Z/2) need no mapping: the alphabet has none of them, so they can only be a
 * mistake and the input is malformed. Empty when nothing could be a code.
 */
export function codeCandidates(input: string): string[] {
  const cleaned = input.normalize('NFC').toUpperCase().replace(SEPARATORS, '');
  if (cleaned.length !== 8) return [];
  const cyrillic = /[\u0400-\u04ff]/.test(cleaned);
  if (!cyrillic) {
    const code = asCode(cleaned);
    return code ? [code] : [];
  }
  const byLook = asCode([...cleaned].map((c) => CYRILLIC_BY_LOOK[c] ?? c).join(''));
  // Typed key by key on the Cyrillic layout, a code has no Latin letter at all.
  const byKey = /[A-Z]/.test(cleaned) ? null : asCode([...cleaned].map((c) => CYRILLIC_BY_KEY[c] ?? c).join(''));
  // A letter only the keyboard explains (Љ, Џ, Д…) says the keyboard was on Cyrillic.
  const keyFirst = [...cleaned].some((c) => /[\u0400-\u04ff]/.test(c) && !(c in CYRILLIC_BY_LOOK));
  const ordered = keyFirst ? [byKey, byLook] : [byLook, byKey];
  return [...new Set(ordered.filter((c): c is string => c !== null))];
}

/** Normalises what a citizen types to the likeliest tracking code (see codeCandidates), or null. */
export function normaliseCode(input: string): string | null {
  return codeCandidates(input)[0] ?? null;
}

/** A reply-link token: 256 random bits, URL-safe. Only its hash is ever stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A token derived from a secret and what it is for (a reply link's case, purpose and email):
 * as unguessable as a random one without the secret, and the same again when the same email
 * is retried, so a retry never sends a second, different link.
 */
export function deriveToken(secret: string, ...parts: string[]): string {
  return createHmac('sha256', secret).update(parts.join('\n')).digest('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A salted hash for rate-limit keys, so no IP address or email is stored in the clear. */
export function keyedHash(value: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${value.trim().toLowerCase()}`).digest('hex').slice(0, 32);
}
