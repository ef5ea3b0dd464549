/**
 * The security headers of every response, static and live: the one definition that CloudFront's
 * response headers policy (infra/sites.ts) and the local server (scripts/serve.mjs, which plays
 * CloudFront's part for `npm start` and the tests) both apply, overriding whatever the origin sent.
 *
 * The Content-Security-Policy allows no inline script or style except by hash: the sites inline
 * every stylesheet (astro.config.mjs, `inlineStylesheets: 'always'`) and Astro inlines the
 * islands' bootstrap, so each site's hashes come from its build (core/security/inline.ts finds
 * them; the committed core/security/csp/<id>.json is what a deploy puts in the header). Style
 * attributes (`style="…"`) are refused altogether (no 'unsafe-hashes'); what scripts set through
 * the CSSOM (Leaflet positioning tiles, React's `style` prop after hydration) is not inline markup
 * and is not affected.
 *
 * Pure data and functions: no file system, usable from infra, the scripts and the functions.
 */

/** What a site's pages carry inline, as CSP source expressions ('sha256-…'). */
export interface InlineHashes {
  scripts: readonly string[];
  styles: readonly string[];
}

export interface SecurityHeaderOptions {
  /** The site's inline scripts and styles. */
  hashes: InlineHashes;
  /**
   * Where the photos live (S3; s3rver locally): the browser POSTs uploads there with a presigned
   * form, and the staff page shows private photos from presigned URLs.
   */
  storageOrigins?: readonly string[];
  /** The map tiles' URL templates (municipality.map.tileUrl), for the report form and the archive map. */
  tileUrls?: readonly string[];
  /**
   * Served over HTTPS only (AWS): adds Strict-Transport-Security and upgrade-insecure-requests.
   * Never locally: HSTS on http://*.localhost means nothing, and a browser that kept it for
   * `localhost` would refuse every other local plain-HTTP tool.
   */
  https: boolean;
}

/**
 * The browser's default, said out loud: other sites see only our origin, never a path (a staff
 * link's token, a tracking code); our own pages see the full URL. Not `no-referrer`: with it a
 * browser sends `Origin: null` on a form POST, and the same-site check of the POST endpoints
 * needs the real origin.
 */
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';
/** For browsers that predate `frame-ancestors`. */
export const FRAME_OPTIONS = 'DENY';
/** Two years, as hstspreload.org asks; not includeSubDomains: other services of a municipality's domain are not ours to force onto HTTPS. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/**
 * Powerful features: none but geolocation, kept for the report form to place the pin where the
 * citizen stands (MapPicker.tsx does not ask yet), and only on the site's own pages.
 * `<input type="file" capture>` opens the phone's camera app whatever `camera` says: photos keep
 * working. Only names Chromium knows (an unknown one is logged as an error on every page).
 */
export const PERMISSIONS_POLICY = [
  'geolocation=(self)',
  'camera=()',
  'microphone=()',
  'display-capture=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'midi=()',
  'accelerometer=()',
  'gyroscope=()',
  'magnetometer=()',
  'browsing-topics=()',
].join(', ');

/**
 * A tile URL template's origin as a CSP source: https://tile.openstreetmap.org/{z}/{x}/{y}.png →
 * https://tile.openstreetmap.org; a subdomain placeholder ({s}.tile.example.org) becomes a wildcard.
 */
export function tileOrigin(template: string): string {
  const m = /^(https?):\/\/([^/?#]+)/i.exec(template.trim());
  if (!m) throw new Error(`map.tileUrl must be an absolute http(s) URL: ${template}`);
  const host = m[2]!.toLowerCase().replace(/^\{[a-z]+\}\./, '*.');
  if (!/^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/.test(host)) throw new Error(`map.tileUrl's host cannot go into a Content-Security-Policy: ${template}`);
  return `${m[1]!.toLowerCase()}://${host}`;
}

/** A hash source, and nothing else ('unsafe-inline' passed as a "hash" would open everything). */
function checkHash(s: string): string {
  if (!/^'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'$/.test(s)) throw new Error(`not a CSP hash source: ${JSON.stringify(s)}`);
  return s;
}

/** An origin, and nothing else: no path, no keyword, nothing that ends the directive. */
function checkOrigin(s: string): string {
  if (!/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(s)) throw new Error(`not an http(s) origin: ${JSON.stringify(s)}`);
  return s;
}

const unique = (list: readonly string[]) => [...new Set(list)];

/** The directives, in order; each with its sources (an empty list is a directive without sources). */
export function cspDirectives(o: SecurityHeaderOptions): [string, string[]][] {
  const storage = unique((o.storageOrigins ?? []).map(checkOrigin));
  const tiles = unique((o.tileUrls ?? []).map(tileOrigin));
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    // 'wasm-unsafe-eval': Pagefind's search runs WebAssembly (it allows compiling WASM only, not eval()).
    ['script-src', ["'self'", "'wasm-unsafe-eval'", ...unique(o.hashes.scripts).map(checkHash)]],
    ['style-src', ["'self'", ...unique(o.hashes.styles).map(checkHash)]],
    // data: Leaflet's small icons, inlined into its stylesheet by the build; blob: the form's photo previews.
    ['img-src', ["'self'", 'data:', 'blob:', ...tiles, ...storage]],
    ['connect-src', ["'self'", ...storage]],
    ['font-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  if (o.https) directives.push(['upgrade-insecure-requests', []]);
  return directives;
}

export function contentSecurityPolicy(o: SecurityHeaderOptions): string {
  return cspDirectives(o)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * Every header, by name, as a response carries it. CloudFront writes the same values from
 * `cloudFrontHeaders` (tests/integration/security-headers.test.ts checks that the two agree).
 */
export function securityHeaders(o: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(o),
    ...(o.https ? { 'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_SECONDS}` } : {}),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': FRAME_OPTIONS,
    'Referrer-Policy': REFERRER_POLICY,
    'Permissions-Policy': PERMISSIONS_POLICY,
    // A page we open (an OpenStreetMap link) gets no handle on ours, nor one that opens us.
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** Names of the headers `securityHeaders` may set, lower case (the local server overrides these). */
export const securityHeaderNames = ['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy'];

/**
 * CloudFront refuses a Content-Security-Policy longer than this in a response headers policy
 * (TooLongCSPInResponseHeadersPolicy): a site needs fewer than about 25 inline hashes.
 */
export const CLOUDFRONT_CSP_MAX_LENGTH = 1783;

/**
 * The same headers as the `securityHeadersConfig` and `customHeadersConfig` of an
 * aws.cloudfront.ResponseHeadersPolicy. CloudFront has its own fields for its known security
 * headers and takes the rest as custom headers; every one overrides what the origin sent, so the
 * live pages carry exactly what the static pages carry.
 */
export function cloudFrontHeaders(o: SecurityHeaderOptions) {
  const csp = contentSecurityPolicy(o);
  if (csp.length > CLOUDFRONT_CSP_MAX_LENGTH) {
    throw new Error(`The Content-Security-Policy is ${csp.length} characters; CloudFront takes at most ${CLOUDFRONT_CSP_MAX_LENGTH}. Fewer inline scripts or styles are needed (see core/security/csp/).`);
  }
  const all = securityHeaders(o);
  const own = new Set(['Content-Security-Policy', 'Strict-Transport-Security', 'X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy']);
  return {
    securityHeadersConfig: {
      contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: FRAME_OPTIONS, override: true },
      referrerPolicy: { referrerPolicy: REFERRER_POLICY, override: true },
      ...(o.https ? { strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: false, preload: false, override: true } } : {}),
    },
    customHeadersConfig: {
      items: Object.entries(all)
        .filter(([name]) => !own.has(name))
        .map(([header, value]) => ({ header, value, override: true })),
    },
  };
}
