import type { Localized } from '../municipalities/schema.ts';
import type { Locale } from '../locales.ts';
import { toCyrillic, toLatin } from './translit.ts';

/** Picks the text for a locale, deriving the Serbian script the locale wants. */
export function local(text: Localized, locale: Locale): string {
  if (locale === 'sq') return text.sq;
  return locale === 'sr-latn' ? toLatin(text.sr) : toCyrillic(text.sr);
}
