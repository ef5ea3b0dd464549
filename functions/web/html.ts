import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { localeInfo, type Locale } from '../../core/locales.ts';
import { esc } from '../../core/views/html.ts';

/** The site origin for a municipality: https://ezvecan.com, or http://zvecan.localhost:4321 locally. */
export function siteOrigin(config: Config, m: Municipality): string {
  return config.siteOriginTemplate.replace('{id}', m.id).replace('{domain}', m.domain);
}

const shells = new Map<string, { html: string; at: number }>();
const SHELL_TTL_MS = 5 * 60_000;

/** The site's layout for a locale (built as /<locale>/page-shell/), cached for a few minutes. */
async function loadShell(config: Config, m: Municipality, locale: Locale): Promise<string | undefined> {
  const key = `${m.id}/${locale}`;
  const cached = shells.get(key);
  if (cached && Date.now() - cached.at < SHELL_TTL_MS) return cached.html;
  try {
    const html = config.sitesDist
      ? await readFile(join(config.sitesDist, m.id, locale, 'page-shell', 'index.html'), 'utf8')
      : await (await fetch(`${siteOrigin(config, m)}/${locale}/page-shell/`, { signal: AbortSignal.timeout(3000) })).text();
    if (!html.includes('<eopstine-content></eopstine-content>')) return undefined;
    shells.set(key, { html, at: Date.now() });
    return html;
  } catch {
    return undefined;
  }
}

/**
 * A full page in the site's layout. `path` is the page's path after the locale, so the language
 * switcher and alternates lead to the same live page in the other languages.
 */
export async function renderPage(config: Config, m: Municipality, locale: Locale, opts: { title: string; body: string; path: string; noindex?: boolean }): Promise<string> {
  const shell = await loadShell(config, m, locale);
  const path = opts.path.replace(/^\/+/, '');
  if (!shell) {
    // The site is unreachable: a plain page still works.
    return `<!doctype html><html lang="${localeInfo(locale).lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(opts.title)}</title></head><body><main id="main">${opts.body}</main></body></html>`;
  }
  let html = shell
    // Replacement functions, not strings: user text may contain "$&" and the like.
    .replaceAll('%%TITLE%%', () => esc(opts.title))
    .replaceAll('/page-shell/', () => `/${path}`)
    .replace('<eopstine-content></eopstine-content>', () => opts.body);
  if (opts.noindex !== false) html = html.replace('<head>', '<head><meta name="robots" content="noindex">');
  return html;
}
