import type { Locale } from '../../core/locales.ts';
import { href } from './site.ts';

/** The built page for a type and year filter: /sr/documents/type/budget/2026/ and so on. */
export function documentsPath(locale: Locale, type?: string, year?: string): string {
  if (type && year) return href(locale, `documents/type/${type}/${year}/`);
  if (type) return href(locale, `documents/type/${type}/`);
  if (year) return href(locale, `documents/year/${year}/`);
  return href(locale, 'documents/');
}
