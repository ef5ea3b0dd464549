import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 5/S, 2/Z). */
export const CODE_ALPHABET = '346789ABCDEFGHJKMNPQRTUVWXY';

/** A tracking code such as "K7QM-3XTD": 8 characters, about 38 bits, easy to read aloud. */
export function trackingCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Normalises what a citizen types: lower case, spaces, a missing dash. */
export function normaliseCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '');
  if (cleaned.length !== 8 || [...cleaned].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `${cleaned.slice(0, 4)}-${cleaned.slice(4)}`;
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
