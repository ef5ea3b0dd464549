// The site ids, read from the municipality registry so scripts never keep their own list.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../core/municipalities/', import.meta.url));
const NOT_SITES = new Set(['schema.ts', 'index.ts', 'holidays.ts']);

/** Every municipality with a config file, in a stable order. */
export const siteIds = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !NOT_SITES.has(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
