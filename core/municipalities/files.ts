/**
 * Reads the municipalities' YAML files from content/: the shared category catalogue and holiday
 * lists, and every content/<id>/municipality.yaml. Parsed, not yet validated (resolve.ts does).
 *
 * The only module of the registry that touches the file system. A bundle that cannot read
 * content/ at run time (the Lambda functions) replaces it with the same data, read when the
 * bundle is made: see scripts/lib/esbuild-municipalities.mjs. Keep its one export's name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { MunicipalityDataError, type MunicipalitySources } from './resolve.ts';

/** The file whose presence marks a folder as content/ (and the folders of content/ that are not municipalities). */
const MARKER = join('shared', 'categories.yaml');
export const MUNICIPALITY_FILE = 'municipality.yaml';

/**
 * content/ of the repository, or CONTENT_DIR (a test points a build at another tree). Found
 * upwards from this file, not at a fixed `../../content`: Vite bundles this module into the
 * Astro build's chunks (dist/<id>/.prerender/ or .astro/) and SST into .sst/, all of them inside
 * the repository; the working directory is the last resort.
 */
export function contentRoot(): string {
  if (process.env.CONTENT_DIR) return resolve(process.env.CONTENT_DIR);
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'content', MARKER))) return join(dir, 'content');
    if (dirname(dir) === dir) break;
  }
  const cwd = join(process.cwd(), 'content');
  if (existsSync(join(cwd, MARKER))) return cwd;
  throw new MunicipalityDataError(`Cannot find the content/ folder (with ${MARKER}) above ${fileURLToPath(import.meta.url)} or in ${process.cwd()}; set CONTENT_DIR.`);
}

/** Reads one YAML file; `undefined` when it does not exist. */
function readYaml(root: string, path: string): unknown {
  const full = join(root, path);
  if (!existsSync(full)) return undefined;
  try {
    // The core schema: dates stay text (YYYY-MM-DD), as the schemas expect.
    return parseYaml(readFileSync(full, 'utf8'), { schema: 'core' }) ?? {};
  } catch (e) {
    const first = (e as Error).message.split('\n')[0];
    throw new MunicipalityDataError(`content/${path}: not valid YAML (${first}). Indent with spaces, and put text containing ": " or starting with # in quotes.`);
  }
}

/** Every municipality's file under `root`, in folder-name order, with the shared files. */
export function readMunicipalitySources(root: string = contentRoot()): MunicipalitySources {
  const municipalities: MunicipalitySources['municipalities'] = [];
  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory() || entry.name === 'shared') continue;
    const path = `${entry.name}/${MUNICIPALITY_FILE}`;
    const data = readYaml(root, path);
    if (data !== undefined) municipalities.push({ id: entry.name, file: `content/${path}`, data });
  }
  return {
    categories: { file: 'content/shared/categories.yaml', data: readYaml(root, 'shared/categories.yaml') ?? [] },
    holidays: { file: 'content/shared/holidays.yaml', data: readYaml(root, 'shared/holidays.yaml') ?? {} },
    municipalities,
  };
}
