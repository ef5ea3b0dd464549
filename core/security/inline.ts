/**
 * What a built page carries inline, hashed as the Content-Security-Policy needs it. The hashes
 * are taken from the HTML the browser receives, not from Astro's own accounting: that covers
 * Astro's islands bootstrap, every inlined stylesheet, `is:inline` scripts, `<style set:html>`
 * and the page shell the live pages are rendered from, whatever produced them.
 *
 * Astro 7 has a CSP of its own (`security.csp`), but for static pages it writes a
 * `<meta http-equiv>` per page, which cannot carry `frame-ancestors`, does not reach the
 * function's JSON and Open311 answers, and would be a second policy beside CloudFront's header;
 * its headers for static pages go only to adapters (`staticHeaders`), and a static site on S3
 * has none. So the sites leave it off and the build hashes what it wrote
 * (scripts/build-site.mjs).
 */
import { createHash } from 'node:crypto';
import type { InlineHashes } from './headers.ts';

/** What a page has inline: the contents of its scripts and style elements, its style and on* attributes. */
export interface InlineContent {
  scripts: string[];
  styles: string[];
  /** Values of `style="…"` attributes: refused by the policy (no 'unsafe-hashes'). */
  styleAttributes: string[];
  /** `onclick="…"` and the like: refused by the policy. */
  eventHandlers: string[];
}

/** A CSP hash source for a text: 'sha256-<base64 of the UTF-8 bytes>'. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Script types a browser runs (the rest, such as application/ld+json, are data blocks). */
const RUNNABLE = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/ecmascript', 'application/ecmascript', 'importmap', 'speculationrules']);

function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}(?:\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+)))?(?=\\s|/|$)`, 'i').exec(attrs);
  if (!m) return undefined;
  return m[1] ?? m[2] ?? m[3] ?? '';
}

/**
 * The inline content of one HTML document. Script and style elements are raw text in HTML (no
 * entities), so their text is hashed exactly as written; comments are skipped.
 */
export function inlineContent(html: string): InlineContent {
  const out: InlineContent = { scripts: [], styles: [], styleAttributes: [], eventHandlers: [] };
  const text = html.includes('<!--') ? html.replace(/<!--[\s\S]*?-->/g, '') : html;
  for (const m of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = m[1]!;
    if (attribute(attrs, 'src') !== undefined) continue;
    const type = (attribute(attrs, 'type') ?? '').trim().toLowerCase();
    if (!RUNNABLE.has(type)) continue;
    out.scripts.push(m[2]!);
  }
  for (const m of text.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) out.styles.push(m[1]!);
  // Attributes inside start tags only (not in text or scripts): every tag, then its attributes.
  const withoutRaw = text.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
  // Most pages have neither: one quick look spares the tag-by-tag scan (tens of thousands of archive pages).
  if (!/\s(?:style|on[a-z]+)\s*=/i.test(withoutRaw)) return out;
  // (Each alternative starts with a different character: no backtracking on hostile markup.)
  for (const tag of withoutRaw.matchAll(/<[a-zA-Z][^\s/>]*((?:"[^"]*"|'[^']*'|[^"'>])*)>/g)) {
    for (const a of tag[1]!.matchAll(/\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      const name = a[1]!.toLowerCase();
      const value = a[2] ?? a[3] ?? a[4] ?? '';
      if (name === 'style') out.styleAttributes.push(value);
      else if (/^on[a-z]+$/.test(name)) out.eventHandlers.push(`${name}="${value}"`);
    }
  }
  return out;
}

/** Hashes of many pages together, sorted, without repeats. */
export function hashesOf(pages: Iterable<string>): InlineHashes & { styleAttributes: string[]; eventHandlers: string[] } {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const styleAttributes = new Set<string>();
  const eventHandlers = new Set<string>();
  for (const html of pages) {
    const c = inlineContent(html);
    for (const s of c.scripts) scripts.add(hashSource(s));
    for (const s of c.styles) styles.add(hashSource(s));
    for (const s of c.styleAttributes) styleAttributes.add(s);
    for (const s of c.eventHandlers) eventHandlers.add(s);
  }
  return { scripts: [...scripts].sort(), styles: [...styles].sort(), styleAttributes: [...styleAttributes].sort(), eventHandlers: [...eventHandlers].sort() };
}

/** What `needed` has that `allowed` lacks (empty: the policy covers the pages). */
export function missingHashes(needed: InlineHashes, allowed: InlineHashes): InlineHashes {
  const has = (list: readonly string[]) => new Set(list);
  const scripts = has(allowed.scripts);
  const styles = has(allowed.styles);
  return { scripts: needed.scripts.filter((h) => !scripts.has(h)), styles: needed.styles.filter((h) => !styles.has(h)) };
}
