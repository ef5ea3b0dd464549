/**
 * HTML as strings, for the views the static sites and the functions share (core/views/case.ts,
 * form.ts). Plain functions returning strings: the function renders a page in a few
 * milliseconds without a template engine, and Astro takes the result as
 * `<Fragment set:html={…} />`. Everything that did not come from our own code goes through
 * `esc` (text and attribute values alike).
 */

const needsEscape = /[&<>"']/;

/** Escapes text for HTML content and for attribute values in double quotes. */
export function esc(value: unknown): string {
  const text = String(value ?? '');
  // Most text (codes, dates, names, most sentences) has nothing to escape.
  if (!needsEscape.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Attributes from a record, escaped, each with its leading space: `attrs({ lang: 'sq', hidden:
 * true, id: undefined })` → ` lang="sq" hidden`. Undefined, null and false leave the attribute out.
 */
export function attrs(list: Record<string, string | number | boolean | undefined | null>): string {
  let out = '';
  for (const [name, value] of Object.entries(list)) {
    if (value === undefined || value === null || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${esc(value)}"`;
  }
  return out;
}

/**
 * Plain text as paragraphs, escaped: a blank line starts a new paragraph, a single line break
 * stays a line break. Citizens' and staff's text is plain text whatever it contains (`<script>`
 * is shown, not run). `pAttrs` go on every paragraph (the language of a timeline note).
 */
export function paragraphs(text: string | undefined, pAttrs: Record<string, string | undefined> = {}): string {
  if (!text) return '';
  const a = attrs(pAttrs);
  return text
    .split(/\r?\n[^\S\r\n]*\r?\n\s*/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p${a}>${esc(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}
