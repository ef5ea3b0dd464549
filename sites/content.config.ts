import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { shapes, collectionNames, type CollectionName } from './content/schemas.ts';
import { municipalityLoader } from './content/loader.ts';
import { localeKeys } from './i18n/locales.ts';

/** What the loader adds to every entry: which locale it is for and where its text came from. */
const entryMeta = {
  slug: z.string(),
  locale: z.enum(localeKeys as [string, ...string[]]),
  /** BCP-47 tag of the text itself (differs from the page's when the text is a fallback). */
  lang: z.string(),
  fallback: z.boolean(),
  translations: z.array(z.string()),
  file: z.string(),
  /** Consultations: the outcome report rendered from Markdown. */
  outcomeHtml: z.string().optional(),
};

function collection<N extends CollectionName>(name: N) {
  return defineCollection({ loader: municipalityLoader(name), schema: shapes[name].extend(entryMeta) });
}

export const collections = {
  news: collection('news'),
  events: collection('events'),
  documents: collection('documents'),
  consultations: collection('consultations'),
  info: collection('info'),
  pages: collection('pages'),
} satisfies Record<(typeof collectionNames)[number], unknown>;
