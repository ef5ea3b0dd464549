import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { schemas, type CollectionName } from './schemas.ts';
import { sourceLangs, type SourceLang } from '../../core/locales.ts';

/** A Markdown file read from content/, validated but not yet rendered. */
export interface SourceFile<T = Record<string, unknown>> {
  collection: CollectionName;
  slug: string;
  lang: SourceLang;
  /** Path relative to the repository root, for error messages. */
  file: string;
  data: T;
  body: string;
}

export class ContentError extends Error {
  override name = 'ContentError';
}

const FILE_NAME = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]+)\.md$/;

function splitFrontmatter(text: string, file: string): { yaml: string; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new ContentError(`${file}: the file must start with frontmatter between two lines of ---`);
  return { yaml: m[1]!, body: m[2]! };
}

/** Formats zod issues as "file: field `x`: message" lines an editor can act on. */
export function describeIssues(file: string, issues: z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      const field = i.path.length ? i.path.join('.') : '(frontmatter)';
      const message = i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}: check the spelling or remove them` : i.message;
      return `${file}: field \`${field}\`: ${message}`;
    })
    .join('\n');
}

/** Reads and validates one collection folder (content/<site>/<collection>/). */
export function readCollection(root: string, folder: string, collection: CollectionName): SourceFile[] {
  const dir = join(root, folder, collection);
  if (!existsSync(dir)) return [];
  const schema = schemas[collection];
  const out: SourceFile[] = [];
  const errors: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.md')) continue;
    const file = relative(root, join(dir, name)).replaceAll('\\', '/');
    const fileRel = `content/${file}`;
    const m = FILE_NAME.exec(name);
    if (!m || !(sourceLangs as readonly string[]).includes(m[2]!)) {
      errors.push(`${fileRel}: name the file <slug>.<lang>.md with a lowercase ASCII slug and lang sr or sq, for example budget-2027.sr.md`);
      continue;
    }
    try {
      const { yaml, body } = splitFrontmatter(readFileSync(join(dir, name), 'utf8'), fileRel);
      let raw: unknown;
      try {
        raw = parseYaml(yaml, { schema: 'core' });
      } catch (e) {
        throw new ContentError(`${fileRel}: the frontmatter is not valid YAML (${(e as Error).message.split('\n')[0]}). Put text containing a colon in quotes.`);
      }
      const parsed = schema.safeParse(raw ?? {});
      if (!parsed.success) throw new ContentError(describeIssues(fileRel, parsed.error.issues));
      out.push({ collection, slug: m[1]!, lang: m[2] as SourceLang, file: fileRel, data: parsed.data as Record<string, unknown>, body });
    } catch (e) {
      if (e instanceof ContentError) errors.push(e.message);
      else throw e;
    }
  }
  if (errors.length) throw new ContentError(`Content errors in ${collection}:\n${errors.join('\n')}`);
  return out.filter((f) => !(f.data as { draft?: boolean }).draft);
}
