/**
 * What the web layer decides about a request before it reads the body: whether a state-changing
 * request comes from the site itself, what kind of body it sends, which language to answer in,
 * and redirects that cannot leave the site. Pure functions of the request's headers, so they are
 * the same in Lambda and locally.
 */
import type { Context } from 'hono';
import { isLocale, type Locale } from '../../core/locales.ts';

/** A request's header by name (Hono's `c.req.header`). */
export type HeaderOf = (name: string) => string | undefined;

/** The media type of a Content-Type without its parameters: "text/plain; x=application/json" → "text/plain". */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Whether the body is JSON. Only the exact media type counts: a cross-site page can send
 * "text/plain; x=application/json" (or any JSON-shaped text/plain) without a CORS preflight, but
 * not "application/json" itself, and we never answer a preflight.
 */
export function sendsJson(header: HeaderOf): boolean {
  return mediaType(header('content-type')) === 'application/json';
}

/** A client that asks for JSON answers (the forms' JavaScript, API clients); browsers navigating ask for HTML. */
export function acceptsJson(header: HeaderOf): boolean {
  return mediaType(header('accept')).startsWith('application/json');
}

/** The host a URL or a Host header names, normalised by the URL parser (case, default port); undefined when it is not a bare host. */
function hostOf(scheme: string, host: string): string | undefined {
  try {
    const u = new URL(`${scheme}//${host}`);
    // A Host header is a host and an optional port, nothing more.
    if (u.username || u.password || u.pathname !== '/' || u.search || u.hash) return undefined;
    return u.host;
  } catch {
    return undefined;
  }
}

/**
 * Whether a state-changing request was sent by a page of the site it is for (finding 1 of issue
 * 11: cross-site form posts created and withdrew cases).
 *
 * - `Sec-Fetch-Site` (every current browser): only `same-origin` passes. `same-site` is refused
 *   too: another host under the same registrable domain is not this site.
 * - `none` means the person started the request from the browser itself (address bar, bookmark,
 *   a reload that resubmits a form): no page can cause it, so it is no cross-site threat, but it
 *   earns no trust either, and the Origin rule below still applies.
 * - Without Sec-Fetch-Site (older browsers, curl): `Origin` must name the host the request came
 *   for (in AWS the site's host, which functions/web/cloudfront.ts puts in Host; locally
 *   `<id>.localhost:<port>`). `Origin: null` (sandboxed frames, data: pages) is refused.
 * - With neither header the request passes. Browsers send Origin on every cross-origin POST (and
 *   Sec-Fetch-Site since 2020-2023), so a request with neither did not come from another site's
 *   page in a browser: it is an API client (curl, the tests) acting on its own behalf, which a
 *   same-site rule cannot and need not stop. CSRF needs a victim's browser; that browser sends
 *   at least Origin.
 */
export function fromOwnSite(header: HeaderOf): boolean {
  const fetchSite = header('sec-fetch-site')?.trim().toLowerCase();
  if (fetchSite === 'same-origin') return true;
  if (fetchSite !== undefined && fetchSite !== 'none') return false; // cross-site, same-site, or unknown
  const origin = header('origin')?.trim();
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" and anything else that is no origin
  }
  // A browser sends an origin serialised: scheme, host, port, nothing else, in lower case.
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin) return false;
  const host = header('host');
  if (!host) return false;
  const own = hostOf(url.protocol, host);
  return own !== undefined && own === url.host;
}

const localeRange = (tag: string): Locale | undefined => {
  const t = tag.toLowerCase();
  if (t === 'sq' || t.startsWith('sq-')) return 'sq';
  if (t === 'sr-latn' || t.startsWith('sr-latn-')) return 'sr-latn';
  if (t === 'sr' || t.startsWith('sr-')) return 'sr';
  return undefined;
};

/** The first of our locales an Accept-Language header asks for, by weight ("sq-AL,sq;q=0.9,en;q=0.8" → sq). */
export function acceptLanguageLocale(header: string | undefined): Locale | undefined {
  const ranges = (header ?? '')
    .split(',')
    .slice(0, 20) // a header is a handful of languages; never sort an attacker's thousands
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    const l = localeRange(r.tag);
    if (l) return l;
  }
  return undefined;
}

/** The locale of a site page's URL: "/sq/system-48h/report/" → sq. */
export function pathLocale(url: string | undefined): Locale | undefined {
  if (!url) return undefined;
  try {
    const first = new URL(url, 'http://x').pathname.split('/')[1] ?? '';
    return isLocale(first) ? first : undefined;
  } catch {
    return undefined;
  }
}

/** `?lang=` on the request (the forms post to `/api/reports?lang=<locale>`), when it is one of ours. */
export function langParam(c: Context): Locale | undefined {
  const l = c.req.query('lang');
  return l !== undefined && isLocale(l) ? l : undefined;
}

/**
 * The language to answer a form post in before its body is read (a body too large to read, a
 * cross-site refusal): the `lang` on the form's action URL, else the page it was posted from
 * (the Referer's first path segment), else the municipality's own language.
 */
export function pageLocale(c: Context, fallback: Locale): Locale {
  return langParam(c) ?? pathLocale(c.req.header('referer')) ?? fallback;
}

/** The language of a JSON answer before the body is read: `lang`, else Accept-Language, else Serbian. */
export function jsonLocale(c: Context): Locale {
  return langParam(c) ?? acceptLanguageLocale(c.req.header('accept-language')) ?? 'sr';
}

/**
 * Whether a redirect target stays on this site: a path that starts with exactly one "/" (a
 * second "/" or a "\" makes browsers read the rest as another host), in printable ASCII (no
 * CR/LF to split the header, no spaces, no backslashes anywhere).
 */
export function isLocalPath(path: string): boolean {
  return /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(path);
}

/**
 * The only way the app redirects (finding 6 of issue 11: a decoded path segment went into
 * Location). Callers build the target from validated parts; this refuses anything else, so a
 * mistake there shows up as a logged error instead of an open redirect.
 */
export function localRedirect(c: Context, path: string, status: 301 | 302 | 303) {
  if (!isLocalPath(path)) throw new Error(`refused a redirect off the site: ${JSON.stringify(path.slice(0, 80))}`);
  return c.redirect(path, status);
}
