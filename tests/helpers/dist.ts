import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
export const siteIds = ['leposavic', 'severna-mitrovica', 'zubin-potok', 'zvecan'];

/** Every .html file of a site, as paths relative to the site's folder. */
export function htmlFiles(site: string): string[] {
  const root = join(distDir, site);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html') && !relative(root, e.parentPath).startsWith('pagefind'))
    .map((e) => relative(root, join(e.parentPath, e.name)).replaceAll('\\', '/'));
}

export function read(site: string, file: string): string {
  return readFileSync(join(distDir, site, file), 'utf8');
}

/** Whether a root-relative URL path is served by a file in the site's folder. */
export function resolves(site: string, urlPath: string): boolean {
  const clean = decodeURIComponent(urlPath.split(/[?#]/)[0]!);
  const file = join(distDir, site, clean);
  if (!existsSync(file)) return false;
  return statSync(file).isDirectory() ? existsSync(join(file, 'index.html')) : true;
}

/** The URL path of a built file: sr/news/x/index.html → /sr/news/x/ */
export function urlOf(file: string): string {
  return `/${file.replace(/index\.html$/, '')}`;
}
