/**
 * The committed inline hashes of each site: core/security/csp/<id>.json, written by
 * `CSP_HASHES=write node scripts/build-site.mjs <id>` (or `CSP_HASHES=write npm run build`).
 * A deploy puts them into CloudFront's Content-Security-Policy (infra/sites.ts); the sites are
 * published later and often (every case change), so a build checks that its pages need nothing
 * more (scripts/build-site.mjs; `CSP_HASHES=check` makes that fatal, as the publish workflow
 * should). Only code changes the hashes (a component's CSS, Astro's version, a municipality's
 * colours), never the archive's data: nothing data-driven is inline.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InlineHashes } from './headers.ts';

const FOLDER = join('core', 'security', 'csp');

/**
 * core/security/csp/ of the repository. Found upwards from this file, as content/ is
 * (core/municipalities/files.ts): SST bundles this module into .sst/, inside the repository.
 */
export function allowlistDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, FOLDER))) return join(dir, FOLDER);
    if (dirname(dir) === dir) break;
  }
  return join(process.cwd(), FOLDER);
}

function isHashList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((h) => typeof h === 'string' && /^'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'$/.test(h));
}

/** A site's committed hashes; `undefined` when the site has none yet. */
export function readAllowedHashes(site: string, dir = allowlistDir()): InlineHashes | undefined {
  const file = join(dir, `${site}.json`);
  if (!existsSync(file)) return undefined;
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (!isHashList(data.scripts) || !isHashList(data.styles)) throw new Error(`${file}: "scripts" and "styles" must be lists of 'sha256-…' sources`);
  return { scripts: data.scripts, styles: data.styles };
}

export function writeAllowedHashes(site: string, hashes: InlineHashes, dir = allowlistDir()): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${site}.json`);
  writeFileSync(file, `${JSON.stringify({ scripts: [...hashes.scripts].sort(), styles: [...hashes.styles].sort() }, null, 2)}\n`);
  return file;
}
