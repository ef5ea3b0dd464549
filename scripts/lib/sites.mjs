// The site ids: every content/<id>/ folder with a municipality.yaml, the files the registry
// (core/municipalities/files.ts) reads, so scripts never keep their own list. Plain JavaScript
// with no YAML parsing: CI's plan step runs this with whatever Node the runner has.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** content/ of the repository, or CONTENT_DIR (as for the registry and the content loader). */
const contentDir = process.env.CONTENT_DIR ? resolve(process.env.CONTENT_DIR) : fileURLToPath(new URL('../../content/', import.meta.url));

/** Every municipality with a municipality.yaml, in a stable order. */
export const siteIds = readdirSync(contentDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'shared' && existsSync(join(contentDir, e.name, 'municipality.yaml')))
  .map((e) => e.name)
  .sort();
