/**
 * Response templates: answers staff can start from, per category and outcome, in Serbian and
 * Albanian, written by editors as Markdown in content/shared/responses/ (and per municipality in
 * content/<id>/responses/, where a file of the same name replaces the shared one). The format is
 * in content/README.md.
 *
 * Read and validated once, on first use (not at import: a module that merely imports this reads
 * nothing), then kept for the life of the process. A mistake in a file throws a
 * ResponseDataError naming the file, the field and the fix; `npm run check:content` and the
 * functions' bundling report it before anyone deploys.
 */
import type { CaseKind } from '../cases/model.ts';
import type { Locale } from '../locales.ts';
import { localeInfo } from '../locales.ts';
import { municipalities } from '../municipalities/index.ts';
import { readMunicipalitySources } from '../municipalities/files.ts';
import type { Municipality } from '../municipalities/schema.ts';
import { inScript } from '../text/reader.ts';
import { readResponseSources } from './files.ts';
import { ANY_CATEGORY, QUESTION, TOKEN, resolveResponses, type ResolvedResponses, type ResponseTemplate, type Token } from './resolve.ts';

export type { ResponseTemplate } from './resolve.ts';
export { ResponseDataError, placeholders, QUESTION, ANY_CATEGORY, TOKENS } from './resolve.ts';

let loaded: ResolvedResponses | undefined;

/** Every template, read and checked once. Throws ResponseDataError with every mistake listed. */
export function loadResponses(): ResolvedResponses {
  if (loaded) return loaded;
  // The codes a template may name: the catalogue's (already validated with the registry, which
  // has loaded by now) and each municipality's own list.
  const catalogue = readMunicipalitySources().categories.data;
  loaded = resolveResponses(readResponseSources(), {
    catalogue: Array.isArray(catalogue) ? catalogue.map((c) => String((c as { code?: unknown }).code)) : [],
    municipalities: municipalities.map((m) => ({ id: m.id, categories: m.categories.map((c) => c.code) })),
  });
  return loaded;
}

/** Each municipality's templates with its own values filled in, made on first use. */
const filled = new Map<string, readonly ResponseTemplate[]>();

/** `{{email}}` and the like, from the municipality's file, in each language. */
function fill(m: Municipality, lang: 'sr' | 'sq', text: string): string {
  const values: Record<Token, string> = {
    name: m.name[lang],
    officialName: m.officialName[lang],
    nameLocative: m.nameLocative[lang],
    platformName: m.platformName[lang],
    email: m.contact.email,
    hours: m.contact.hours[lang],
  };
  return text.replace(TOKEN, (written, name: string) => values[name as Token] ?? written);
}

/** Every template a municipality offers: the shared ones, with its own added or replacing them by id. */
export function allTemplates(m: Municipality): readonly ResponseTemplate[] {
  let list = filled.get(m.id);
  if (!list) {
    const r = loadResponses();
    list = (r.byMunicipality.get(m.id) ?? r.shared).map((t) => ({
      ...t,
      title: { sr: fill(m, 'sr', t.title.sr), sq: fill(m, 'sq', t.title.sq) },
      text: { sr: fill(m, 'sr', t.text.sr), sq: fill(m, 'sq', t.text.sq) },
    }));
    filled.set(m.id, list);
  }
  return list;
}

/**
 * The templates for a case: a question gets the "question" ones only; a report those of its
 * category and the generic ("*") ones. In outcome order, a category's own before the generic.
 */
export function templatesFor(m: Municipality, kind: CaseKind, category: string | undefined): ResponseTemplate[] {
  return allTemplates(m).filter((t) => (kind === 'question' ? t.category === QUESTION : t.category === ANY_CATEGORY || (category !== undefined && t.category === category)));
}

/** A template by id, as this municipality has it (its own, or the shared one). */
export function findTemplate(m: Municipality, id: string): ResponseTemplate | undefined {
  return allTemplates(m).find((t) => t.id === id);
}

/**
 * A template as a staff member reading `locale` sees it: the title in their language, the Serbian
 * text in their script (Cyrillic for `sr`, Latin otherwise, as core/text/reader.ts does for every
 * text), the Albanian as written.
 */
export function templateIn(t: ResponseTemplate, locale: Locale): { title: string; text: { sr: string; sq: string } } {
  const script = localeInfo(locale).script;
  return {
    title: localeInfo(locale).source === 'sq' ? t.title.sq : inScript(t.title.sr, script),
    text: { sr: inScript(t.text.sr, script), sq: t.text.sq },
  };
}
