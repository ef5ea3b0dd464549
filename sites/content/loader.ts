import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { localeKeys, localeInfo, type Locale, type SourceLang } from '../../core/locales.ts';
import { transliterateHtml, toScript } from '../../core/text/translit.ts';
import { contentTokens, municipality } from '../lib/site.ts';
import { readCollection, type SourceFile } from './source.ts';
import type { CollectionName } from './schemas.ts';

/** content/ of the repository; CONTENT_DIR points a test build at a fixture copy. */
const contentRoot = process.env.CONTENT_DIR ?? fileURLToPath(new URL('../../content/', import.meta.url));

/** Fields that hold dates, codes or addresses: never transliterated. */
const VERBATIM = new Set(['href', 'date', 'start', 'end', 'opens', 'closes', 'updated', 'deadline', 'asOf', 'type', 'commentsTo', 'draft', 'order', 'format']);

function mapStrings(value: unknown, fn: (s: string) => string, key = ''): unknown {
  if (typeof value === 'string') return VERBATIM.has(key) ? value : fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn, k)]));
  }
  return value;
}

function fillTokens(text: string, locale: Locale): string {
  const tokens = contentTokens(locale);
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => tokens[name] ?? m);
}

/** Prefixes root-relative links with the locale: /news/x/ → /sq/news/x/ */
function localiseLinks(html: string, locale: Locale): string {
  return html.replace(/href="\/(?!\/)([^"]*)"/g, (m, rest: string) =>
    localeKeys.some((l) => rest === l || rest.startsWith(`${l}/`)) ? m : `href="/${locale}/${rest}"`,
  );
}

/** The language a reader of this locale would rather read when the item is missing in theirs. */
function fallbackOrder(locale: Locale): SourceLang[] {
  return localeInfo(locale).source === 'sq' ? ['sq', 'sr'] : ['sr', 'sq'];
}

/**
 * Loads one collection for the municipality being built (plus content/shared) and stores one
 * entry per locale and slug: Serbian is rendered once and transliterated into the locale's
 * script; a missing translation is filled from the other language and marked as a fallback.
 */
export function municipalityLoader(collection: CollectionName): Loader {
  return {
    name: 'e-opstine-content',
    async load({ store, renderMarkdown, generateDigest, logger }) {
      const files = [
        ...readCollection(contentRoot, 'shared', collection),
        ...readCollection(contentRoot, municipality.id, collection),
      ];
      const bySlug = new Map<string, Map<SourceLang, SourceFile>>();
      for (const f of files) {
        const langs = bySlug.get(f.slug) ?? new Map<SourceLang, SourceFile>();
        langs.set(f.lang, f); // a municipality's own file overrides a shared one of the same slug
        bySlug.set(f.slug, langs);
      }
      store.clear();
      for (const [slug, langs] of bySlug) {
        const rendered = new Map<string, Awaited<ReturnType<typeof renderMarkdown>>>();
        for (const locale of localeKeys) {
          const lang = fallbackOrder(locale).find((l) => langs.has(l))!;
          const file = langs.get(lang)!;
          const info = localeInfo(locale);
          // The script this locale's text ends up in, when the text is Serbian.
          // An Albanian reader shown Serbian text gets it in Latin letters, like the Albanian alphabet.
          const script = info.source === 'sr' ? info.script : 'latn';
          const textLocale: Locale = lang === 'sq' ? 'sq' : script === 'latn' ? 'sr-latn' : 'sr';
          const cacheKey = `${file.file}:${textLocale}`;
          let html = rendered.get(cacheKey);
          if (!html) {
            html = await renderMarkdown(fillTokens(file.body, textLocale));
            rendered.set(cacheKey, html);
          }
          const convert = (s: string) => (lang === 'sr' ? toScript(fillTokens(s, textLocale), script) : fillTokens(s, textLocale));
          const data: Record<string, unknown> = {
            ...(mapStrings(file.data, convert) as Record<string, unknown>),
            slug,
            locale,
            lang: localeInfo(textLocale).lang,
            fallback: lang !== info.source,
            translations: localeKeys.filter((l) => langs.has(localeInfo(l).source)),
            file: file.file,
          };
          const finish = (h: string) => localiseLinks(lang === 'sr' ? transliterateHtml(h, script) : h, locale);
          // A consultation's outcome report is Markdown in frontmatter: rendered like the body.
          const outcome = (file.data as { outcome?: string }).outcome;
          if (outcome) data.outcomeHtml = finish((await renderMarkdown(fillTokens(outcome, textLocale))).html);
          store.set({
            id: `${locale}/${slug}`,
            data,
            digest: generateDigest(`${file.file}:${locale}:${file.body}:${JSON.stringify(file.data)}`),
            rendered: { html: finish(html.html), metadata: html.metadata ?? {} },
            filePath: file.file,
          });
        }
      }
      logger.info(`${collection}: ${bySlug.size} item(s) × ${localeKeys.length} locales`);
    },
  };
}
