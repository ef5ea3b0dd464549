/**
 * Reads the response templates' Markdown from content/: every content/shared/responses/*.md and
 * every content/<id>/responses/*.md. Each file is split into its front matter (parsed YAML) and
 * its body; nothing is validated here (resolve.ts does, and names the file and the field).
 *
 * The only module of the templates that touches the file system, and it reads only when asked
 * (index.ts asks once, on first use), so importing core/responses/ reads nothing. A bundle that
 * cannot read content/ at run time (our Lambda bundles) replaces this module with the same data,
 * read when the bundle is made: see scripts/lib/esbuild-municipalities.mjs. Keep its one export's
 * name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { contentRoot } from '../municipalities/files.ts';
import type { ResponseSources, ResponseSource } from './resolve.ts';

/** The folder, inside content/shared/ and inside each content/<id>/, that holds the templates. */
export const RESPONSES_DIR = 'responses';

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

/** One file, split: a YAML mistake becomes `problem` so every file's mistakes are listed at once. */
function readOne(root: string, folder: string, name: string): ResponseSource {
  const file = `content/${folder}/${RESPONSES_DIR}/${name}`;
  const text = readFileSync(join(root, folder, RESPONSES_DIR, name), 'utf8');
  const m = FRONT_MATTER.exec(text);
  if (!m) return { file, name, data: undefined, body: text, problem: 'must start with its fields (category, outcome, title) between two lines of ---: see the example in content/README.md' };
  try {
    // The core schema, as for the municipalities: no surprising types (dates stay text).
    return { file, name, data: parseYaml(m[1]!, { schema: 'core' }) ?? {}, body: m[2]! };
  } catch (e) {
    // A bare * is YAML's reference mark, the likeliest slip in a generic template.
    if (/^category:[ \t]*\*[ \t]*(#.*)?$/m.test(m[1]!)) return { file, name, data: undefined, body: m[2]!, problem: 'field category: write the * in quotes, category: "*" (in YAML a bare * means something else)' };
    const first = (e as Error).message.split('\n')[0];
    return { file, name, data: undefined, body: m[2]!, problem: `the fields between the --- lines are not valid YAML (${first}). Indent with spaces, and put text containing ": " or starting with # in quotes` };
  }
}

/** Every Markdown file in content/<folder>/responses/, in name order. */
function readFolder(root: string, folder: string): ResponseSource[] {
  const dir = join(root, folder, RESPONSES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => e.name)
    .sort()
    .map((name) => readOne(root, folder, name));
}

/** The shared templates and each municipality folder's own (folders without templates are left out). */
export function readResponseSources(root: string = contentRoot()): ResponseSources {
  const municipalities: ResponseSources['municipalities'] = [];
  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory() || entry.name === 'shared') continue;
    const files = readFolder(root, entry.name);
    if (files.length) municipalities.push({ id: entry.name, files });
  }
  return { shared: readFolder(root, 'shared'), municipalities };
}
