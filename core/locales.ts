/**
 * The one locale registry. Routes, the language switcher, sitemap, tests and the content
 * loader all import this list; nothing else may spell out a locale.
 */
export const locales = [
  { key: 'sr', lang: 'sr-Cyrl', label: 'Српски', short: 'СР', source: 'sr', script: 'cyrl', ogLocale: 'sr_RS' },
  { key: 'sr-latn', lang: 'sr-Latn', label: 'Srpski', short: 'SR', source: 'sr', script: 'latn', ogLocale: 'sr_RS' },
  { key: 'sq', lang: 'sq', label: 'Shqip', short: 'SQ', source: 'sq', script: 'latn', ogLocale: 'sq_AL' },
] as const;

export type Locale = (typeof locales)[number]['key'];
/** A language content is written in: Serbian (either script) or Albanian. */
export type SourceLang = (typeof locales)[number]['source'];

export const localeKeys = locales.map((l) => l.key) as Locale[];
/** The same keys as a non-empty tuple, as zod's `z.enum` takes them (schemas derive their locales from here). */
export const localeEnum = localeKeys as [Locale, ...Locale[]];
export const sourceLangs: readonly SourceLang[] = ['sr', 'sq'];

export function localeInfo(key: Locale) {
  const found = locales.find((l) => l.key === key);
  if (!found) throw new Error(`Unknown locale "${key}". Known: ${localeKeys.join(', ')}`);
  return found;
}

export function isLocale(value: string): value is Locale {
  return (localeKeys as string[]).includes(value);
}

/** getStaticPaths() for a page that exists once per locale. */
export function localePaths() {
  return localeKeys.map((locale) => ({ params: { locale } }));
}

/** A path inside the site for a locale: href('sq', 'news/') → /sq/news/ */
export function href(locale: Locale, path = ''): string {
  const clean = path.replace(/^\/+/, '');
  return `/${locale}/${clean}`;
}

/** An editor's link in the page's locale: "/documents/x/" → "/sq/documents/x/"; others unchanged. */
export function localHref(locale: Locale, link: string): string {
  return link.startsWith('/') && !link.startsWith('//') ? href(locale, link) : link;
}

/** The same page in another locale: swaps the first path segment. */
export function switchLocale(pathname: string, to: Locale): string {
  const rest = pathname.replace(/^\/[^/]+\/?/, '');
  return `/${to}/${rest}`;
}
