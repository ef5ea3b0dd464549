/**
 * Turns the response templates editors write (content/shared/responses/<id>.md, and
 * content/<municipality>/responses/<id>.md, which adds templates or replaces a shared one of the
 * same id) into validated ResponseTemplate objects, per municipality.
 *
 * Pure: no file system, so it runs the same in core/responses/index.ts, in the bundler plugin that
 * inlines the templates into the Lambda bundles, and in the unit tests. Every mistake in every
 * file is reported at once, as "<file>: field <name>: <what to write>", like the municipalities'
 * data (core/municipalities/resolve.ts).
 */
import { z } from 'zod';
import { outcomes, type Outcome } from '../cases/statuses.ts';
import { cleanMultiLine, cleanSingleLine, problemIn } from '../text/hygiene.ts';

/** One answer staff can start from: chosen in the workspace, then edited before it is sent. */
export interface ResponseTemplate {
  /** Stable and URL-safe: the file's name without `.md`, such as "lighting.in_progress" or "question.answered.1". */
  id: string;
  /** A category code, "question" for Ask the Mayor, or "*" for any report. */
  category: string;
  outcome: Outcome;
  /** What the select shows. Serbian as written (either script). */
  title: { sr: string; sq: string };
  /** The answer's plain text, one per language. Serbian as written (either script): the view derives the reader's script. */
  text: { sr: string; sq: string };
}

/** One Markdown file as read from content/ (or inlined into a bundle): its fields parsed, its body as written. */
export interface ResponseSource {
  /** The path an editor knows it by: content/shared/responses/lighting.in_progress.md */
  file: string;
  /** The file's name, `<id>.md`. */
  name: string;
  /** The YAML between the --- lines, parsed; undefined when it could not be (see `problem`). */
  data: unknown;
  body: string;
  /** Why the file could not be split or its YAML parsed, in an editor's words. */
  problem?: string | undefined;
}

/** Everything the templates are built from. */
export interface ResponseSources {
  shared: ResponseSource[];
  /** One per content/<id>/ folder that has a responses/ folder with Markdown in it. */
  municipalities: { id: string; files: ResponseSource[] }[];
}

/** The category codes a template may name: the shared catalogue's, and each municipality's own list. */
export interface KnownCategories {
  catalogue: readonly string[];
  municipalities: readonly { id: string; categories: readonly string[] }[];
}

/** The templates each municipality offers, shared ones replaced by its own of the same id. */
export interface ResolvedResponses {
  shared: readonly ResponseTemplate[];
  byMunicipality: ReadonlyMap<string, readonly ResponseTemplate[]>;
}

export class ResponseDataError extends Error {
  override name = 'ResponseDataError';
}

/** Ask the Mayor's templates. */
export const QUESTION = 'question';
/** A template for a report of any category. */
export const ANY_CATEGORY = '*';

/** The answer field takes at most this much (functions/domain/service.ts replySchema); a template must fit. */
export const MAX_TEXT = 4000;
export const MAX_TITLE = 120;

const ID = /^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)*$/;
const MAX_ID = 80;

/**
 * Values the platform fills in from the municipality's own file (content/<id>/municipality.yaml),
 * written {{email}}: the same names the Markdown pages use (content/README.md).
 */
export const TOKENS = ['name', 'officialName', 'nameLocative', 'platformName', 'email', 'hours'] as const;
export type Token = (typeof TOKENS)[number];
export const TOKEN = /\{\{\s*(\w+)\s*\}\}/g;

/** Text an editor wrote in square brackets for staff to fill in: "[датум]", "[emri i institucionit]". */
const PLACEHOLDER = /\[[^[\]\n]+\]/g;

/** The blanks staff still have to fill in a text: every "[…]", in order. */
export function placeholders(text: string): string[] {
  return text.match(PLACEHOLDER) ?? [];
}

const title = z
  .string('must be text: the short name staff pick the template by')
  .overwrite(cleanSingleLine)
  .trim()
  .min(1, 'must not be empty: write the short name staff pick the template by')
  .max(MAX_TITLE, `must be at most ${MAX_TITLE} characters: it is the name in a list; the answer itself goes below the --- lines`)
  .refine((s) => !/[\r\n]/.test(s), 'must be one line')
  .refine((s) => problemIn(s, 'single') === undefined, 'has an invisible or control character: retype it');

const frontMatter = z.strictObject(
  {
    category: z
      .string('must be a category code such as lighting, question (for Ask the Mayor) or "*" (in quotes: any report)')
      .regex(/^(\*|[a-z0-9-]+)$/, 'must be a category code such as lighting, question (for Ask the Mayor) or "*" (in quotes: any report)'),
    outcome: z.enum(outcomes, `must be one of: ${outcomes.join(', ')}`),
    title: z.strictObject(
      { sr: title, sq: title },
      { error: (i) => (i.code === 'invalid_type' ? 'must be the name in both languages, on two indented lines: sr: … (Serbian) and sq: … (Albanian)' : undefined) },
    ),
  },
  { error: (i) => (i.code === 'invalid_type' ? 'must be fields: category, outcome and title (see the example in content/README.md)' : undefined) },
);

/** A zod issue as an editor reads it. */
function explain(issue: z.core.$ZodIssue): string[] {
  const field = (path: PropertyKey[]) => (path.length ? `field ${path.map(String).join('.')}` : '(the fields)');
  if (issue.code === 'unrecognized_keys') {
    const expected = issue.path.length ? 'sr and sq' : 'category, outcome and title (with sr and sq)';
    return issue.keys.map((k) => `${field([...issue.path, k])}: unknown field: the fields are ${expected}; check the spelling (names are case-sensitive) or remove it`);
  }
  if (issue.code === 'invalid_type' && (!('input' in issue) || issue.input === undefined)) return [`${field(issue.path)}: is missing: add it; it ${issue.message}`];
  if (issue.code === 'invalid_type' && issue.input === null) return [`${field(issue.path)}: is empty: it ${issue.message}`];
  return [`${field(issue.path)}: ${issue.message}`];
}

const SECTION_NAMES: Record<string, 'sr' | 'sq'> = { sr: 'sr', sq: 'sq' };
const LANGUAGE: Record<'sr' | 'sq', string> = { sr: 'Serbian (Cyrillic or Latin)', sq: 'Albanian' };

/** The body's `## sr` and `## sq` sections, cleaned as the answer field cleans text; or what is wrong. */
function sections(body: string): { text: Partial<Record<'sr' | 'sq', string>>; errors: string[] } {
  const errors: string[] = [];
  const lines: Partial<Record<'sr' | 'sq', string[]>> = {};
  // 'other': under a heading already reported, whose lines are not reported again.
  let current: 'sr' | 'sq' | 'other' | undefined;
  let stray = false;
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const lang = heading[1] === '##' ? SECTION_NAMES[heading[2]!.toLowerCase()] : undefined;
      if (!lang) {
        errors.push(`the heading "${line.trim()}" is not a language: the answer has two parts, under a line "## sr" (Serbian) and a line "## sq" (Albanian), and no other headings (the text is sent as plain text)`);
        current = 'other';
        continue;
      }
      if (lines[lang]) errors.push(`"## ${lang}" appears twice: keep one ${LANGUAGE[lang]} part`);
      current = lang;
      lines[lang] = [];
      continue;
    }
    if (current === 'other') continue;
    if (current) lines[current]!.push(line);
    else if (line.trim()) stray = true;
  }
  if (stray) errors.push('has text before the first "## sr" or "## sq" line: move it under one of them (text outside them would not be part of the answer)');
  const text: Partial<Record<'sr' | 'sq', string>> = {};
  for (const lang of ['sr', 'sq'] as const) {
    const raw = lines[lang];
    const cleaned = raw ? cleanMultiLine(raw.map((l) => l.trimEnd()).join('\n')).trim() : '';
    if (!raw) errors.push(`has no ${LANGUAGE[lang]} text: add a line "## ${lang}" and the answer below it`);
    else if (!cleaned) errors.push(`"## ${lang}" is empty: write the ${LANGUAGE[lang]} answer below it`);
    else if (cleaned.length > MAX_TEXT) errors.push(`"## ${lang}" is ${cleaned.length} characters long; an answer may have at most ${MAX_TEXT}: shorten it`);
    else if (problemIn(cleaned, 'multi')) errors.push(`"## ${lang}" has a control or direction-changing character (often pasted from another program): retype the line it is in`);
    else text[lang] = cleaned;
    for (const [written, name] of cleaned.matchAll(TOKEN)) {
      if (!(TOKENS as readonly string[]).includes(name!)) {
        errors.push(`"## ${lang}" has ${written}, which the platform does not fill in: use one of ${TOKENS.map((t) => `{{${t}}}`).join(', ')}, or [square brackets] for what staff fill in`);
      }
    }
  }
  if (text.sr && text.sq) {
    const [sr, sq] = [placeholders(text.sr), placeholders(text.sq)];
    if (sr.length !== sq.length) {
      errors.push(
        `"## sr" has ${sr.length} blank(s) in square brackets (${sr.join(', ') || 'none'}) and "## sq" has ${sq.length} (${sq.join(', ') || 'none'}): ` +
          'each blank staff fill in must be in both languages',
      );
    }
  }
  return { text, errors };
}

/** One file into a template, or its mistakes (each starting with the file's path). */
function parseFile(src: ResponseSource, allowed: ReadonlySet<string>, where: string): { template?: ResponseTemplate; errors: string[] } {
  const at = (what: string) => `${src.file}: ${what}`;
  const id = src.name.replace(/\.md$/, '');
  const errors: string[] = [];
  if (!ID.test(id) || id.length > MAX_ID) {
    errors.push(
      at(`the file's name is the template's id and must be lowercase ASCII letters, digits, "-" and "_", in parts joined by dots, ending in .md, ` +
        `such as lighting.in_progress.md or question.answered.2.md`),
    );
  }
  // A file whose fields cannot be read still has its body checked: every mistake at once.
  const fields = src.problem ? undefined : frontMatter.safeParse(src.data, { reportInput: true });
  if (src.problem) errors.push(at(src.problem));
  else if (!fields!.success) errors.push(...fields!.error.issues.flatMap(explain).map(at));
  else if (!allowed.has(fields!.data.category)) {
    const codes = [...allowed].filter((c) => c !== QUESTION && c !== ANY_CATEGORY);
    errors.push(
      at(`field category: "${fields!.data.category}" is not a category ${where} (they are: ${codes.join(', ') || 'none'}); ` +
        `write one of those, ${QUESTION} for Ask the Mayor, or "*" (in quotes) for a report of any category`),
    );
  }
  const body = sections(src.body);
  errors.push(...body.errors.map(at));
  if (errors.length || !fields?.success || !body.text.sr || !body.text.sq) return { errors };
  const { category, outcome, title: t } = fields.data;
  return { template: { id, category, outcome, title: { sr: t.sr, sq: t.sq }, text: { sr: body.text.sr, sq: body.text.sq } }, errors: [] };
}

/** Order in a list: by outcome (as staff choose them), a category's own before the generic ones, then by id (numbers as numbers). */
function byOutcome(a: ResponseTemplate, b: ResponseTemplate): number {
  const o = outcomes.indexOf(a.outcome) - outcomes.indexOf(b.outcome);
  if (o) return o;
  const g = Number(a.category === ANY_CATEGORY) - Number(b.category === ANY_CATEGORY);
  return g || a.id.localeCompare(b.id, 'en', { numeric: true });
}

/**
 * Validates and combines the sources. A shared template names a category of the shared catalogue
 * (content/shared/categories.yaml); a municipality's own, one of its categories (including one
 * only it has). Throws one ResponseDataError listing every mistake.
 */
export function resolveResponses(sources: ResponseSources, known: KnownCategories): ResolvedResponses {
  const errors: string[] = [];
  const always = [QUESTION, ANY_CATEGORY];

  const shared = new Map<string, ResponseTemplate>();
  const sharedAllowed = new Set([...known.catalogue, ...always]);
  for (const src of sources.shared) {
    const r = parseFile(src, sharedAllowed, 'of content/shared/categories.yaml');
    errors.push(...r.errors);
    if (r.template) shared.set(r.template.id, r.template);
  }

  const byMunicipality = new Map<string, readonly ResponseTemplate[]>();
  for (const { id, files } of sources.municipalities) {
    const m = known.municipalities.find((x) => x.id === id);
    if (!m) {
      const first = files[0]?.file ?? `content/${id}/responses/`;
      errors.push(`${first}: there is no content/${id}/municipality.yaml, so content/${id}/responses/ belongs to no municipality: move the templates to content/shared/responses/ or to a municipality's folder`);
      continue;
    }
    const own = new Map(shared);
    const allowed = new Set([...m.categories, ...always]);
    for (const src of files) {
      const r = parseFile(src, allowed, `of content/${id}/municipality.yaml`);
      errors.push(...r.errors);
      if (r.template) own.set(r.template.id, r.template);
    }
    byMunicipality.set(id, [...own.values()].sort(byOutcome));
  }

  if (errors.length) {
    throw new ResponseDataError(`The response templates have ${errors.length === 1 ? 'a mistake' : `${errors.length} mistakes`}:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
  return { shared: [...shared.values()].sort(byOutcome), byMunicipality };
}
