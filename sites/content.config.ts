import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { shapes, type CollectionName } from './content/schemas.ts';
import { municipalityLoader } from './content/loader.ts';
import { archiveLoader } from './content/archive-loader.ts';
import { localeKeys } from '../core/locales.ts';

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

// Spelled out per collection (not mapped over the names) so each keeps its own data type.
export const collections = {
  news: defineCollection({ loader: municipalityLoader('news'), schema: shapes.news.extend(entryMeta) }),
  events: defineCollection({ loader: municipalityLoader('events'), schema: shapes.events.extend(entryMeta) }),
  documents: defineCollection({ loader: municipalityLoader('documents'), schema: shapes.documents.extend(entryMeta) }),
  consultations: defineCollection({ loader: municipalityLoader('consultations'), schema: shapes.consultations.extend(entryMeta) }),
  info: defineCollection({ loader: municipalityLoader('info'), schema: shapes.info.extend(entryMeta) }),
  pages: defineCollection({ loader: municipalityLoader('pages'), schema: shapes.pages.extend(entryMeta) }),
  /** The public archive: validated by the projection's own schema in the loader. */
  cases: defineCollection({ loader: archiveLoader() }),
} satisfies Record<CollectionName | 'cases', unknown>;
