// The security headers (core/security/headers.ts) on every kind of response the local stack
// gives, as CloudFront gives them in AWS: static pages, 404 and 400, the directory redirect,
// static JSON and Open311 files, the live status page, the form error page, the staff page, the
// JSON API, Open311 requests, photos. Every HTML page's inline scripts and styles are allowed by
// the Content-Security-Policy it came with. And the definition itself: CloudFront's policy says
// the same as the local server, fits CloudFront's limit, and allows nothing inline.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request } from 'node:http';
import { startTestStack, type Stack } from '../helpers/stack.ts';
import { siteIds } from '../helpers/dist.ts';
import { securityHeaders, cloudFrontHeaders, contentSecurityPolicy, tileOrigin, CLOUDFRONT_CSP_MAX_LENGTH, PERMISSIONS_POLICY, REFERRER_POLICY, type SecurityHeaderOptions } from '../../core/security/headers.ts';
import { inlineContent, hashSource } from '../../core/security/inline.ts';
import { readAllowedHashes } from '../../core/security/allowlist.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';

let stack: Stack;
beforeAll(async () => {
  // DIST_DIR=<folder>: another build than dist/ (e.g. one made into /tmp).
  stack = await startTestStack(process.env.DIST_DIR ? { distDir: process.env.DIST_DIR } : {});
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A request to the stack as the site's browser sends it (same-origin, the site's Host). */
function call(method: string, path: string, o: { body?: string; type?: string; accept?: string } = {}): Promise<Answer> {
  const origin = `http://zvecan.localhost:${stack.port}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: stack.port,
        method,
        path,
        headers: {
          host: `zvecan.localhost:${stack.port}`,
          ...(o.accept ? { accept: o.accept } : {}),
          ...(o.body !== undefined ? { 'content-type': o.type ?? 'application/json', origin, 'sec-fetch-site': 'same-origin', referer: `${origin}/sr/` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

function expectSecurityHeaders(r: Answer, what: string) {
  const csp = String(r.headers['content-security-policy'] ?? '');
  expect(csp, what).toMatch(/^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+; style-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+; /);
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("base-uri 'none'");
  expect(csp, what).toContain("form-action 'self'");
  expect(csp, what).toContain(`connect-src 'self' ${new URL(stack.s3.endpoint).origin}`);
  expect(csp, what).toMatch(/img-src 'self' data: blob: https:\/\/tile\.openstreetmap\.org http:\/\/127\.0\.0\.1:\d+/);
  expect(csp, what).not.toMatch(/'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|\*/);
  expect(r.headers['x-content-type-options'], what).toBe('nosniff');
  expect(r.headers['x-frame-options'], what).toBe('DENY');
  expect(r.headers['referrer-policy'], what).toBe(REFERRER_POLICY);
  expect(r.headers['permissions-policy'], what).toBe(PERMISSIONS_POLICY);
  expect(r.headers['permissions-policy'], what).toMatch(/geolocation=\(self\).*camera=\(\).*microphone=\(\)/);
  expect(r.headers['cross-origin-opener-policy'], what).toBe('same-origin');
  // Plain HTTP on *.localhost: no HSTS.
  expect(r.headers['strict-transport-security'], what).toBeUndefined();
  // An HTML page runs and shows only what its policy allows.
  if (String(r.headers['content-type']).startsWith('text/html') && r.body) {
    const inline = inlineContent(r.body);
    for (const s of inline.scripts) expect(csp, `${what}: inline script ${s.slice(0, 60)}`).toContain(hashSource(s));
    for (const s of inline.styles) expect(csp, `${what}: inline style ${s.slice(0, 60)}`).toContain(hashSource(s));
    expect(inline.styleAttributes, what).toEqual([]);
    expect(inline.eventHandlers, what).toEqual([]);
  }
}

describe('every response carries the security headers', () => {
  let created: Answer;
  beforeAll(async () => {
    created = await call('POST', '/api/questions', {
      body: JSON.stringify({ municipality: 'zvecan', locale: 'sr', question: 'Када ће бити поправљена улица поред школе?', email: 'zaglavlja@example.org', consent: true, idempotencyKey: 'security-headers-key-01' }),
      accept: 'application/json',
    });
  });

  const token = 'A'.repeat(43);
  // [what, method, path, expected status, body?]
  const cases: [string, string, string, number, { body: string; type: string }?][] = [
    ['a static page', 'GET', '/sr/', 200],
    ['the report form page (an island)', 'GET', '/sq/system-48h/report/', 200],
    ['the archive map page', 'GET', '/sr/archive/map/', 200],
    ['the search page', 'GET', '/sr-latn/search/', 200],
    ['the statistics page (charts)', 'GET', '/sr/archive/statistics/', 200],
    ['the site root', 'GET', '/', 200],
    ['a missing page (404)', 'GET', '/sr/no-such-page/', 404],
    ['bad percent-encoding (400)', 'GET', '/sr/%E0%A4%A', 400],
    ['a directory redirect (301)', 'GET', '/sr', 301],
    ['a static JSON file', 'GET', '/open-data/cases.json', 200],
    ['a static Open311 file', 'GET', '/open311/v2/discovery.json', 200],
    ['a HEAD request', 'HEAD', '/sr/', 200],
    ['a missing case, live (404 page)', 'GET', '/sr/status/ZZZZ-ZZZZ/', 404],
    ['the form error page (400)', 'POST', '/api/questions', 400, { body: 'municipality=zvecan&locale=sr&question=', type: 'application/x-www-form-urlencoded' }],
    ['the staff page with a dead link', 'GET', `/api/reply/${token}`, 404],
    ['the JSON API: health', 'GET', '/api/health', 200],
    ['the JSON API: a missing case', 'GET', '/api/cases/ZZZZ-ZZZZ', 404],
    ['the JSON API: refused input', 'POST', '/api/questions', 400, { body: '{"municipality":"zvecan"}', type: 'application/json' }],
    ['the JSON API: an unknown route', 'GET', '/api/nothing', 404],
    ['Open311 requests (JSON)', 'GET', '/open311/v2/requests.json', 200],
    ['Open311 requests (XML)', 'GET', '/open311/v2/requests.xml', 200],
    ['a missing photo', 'GET', '/media/nothing/none.webp', 404],
    ['bad percent-encoding under /media (400)', 'GET', '/media/%', 400],
  ];
  it.each(cases)('%s: %s %s → %i', async (what, method, path, status, body) => {
    const r = await call(method, path, body ? { ...body, accept: body.type === 'application/json' ? 'application/json' : 'text/html' } : {});
    expect(r.status).toBe(status);
    expectSecurityHeaders(r, what);
  });

  it('a new case (JSON, 201), its live status page, and its JSON', async () => {
    expect(created.status).toBe(201);
    expectSecurityHeaders(created, 'POST /api/questions (JSON, 201)');
    const code = (JSON.parse(created.body) as { code: string }).code;
    const page = await call('GET', `/sr/status/${code}/?new=1`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(code);
    expectSecurityHeaders(page, 'the live status page');
    const json = await call('GET', `/api/cases/${code}`);
    expect(json.status).toBe(200);
    expectSecurityHeaders(json, 'GET /api/cases/<code>');
  });

  it('override what a handler sets, as CloudFront does', async () => {
    // The app sets its own Referrer-Policy on /api/*; the one definition wins.
    const r = await call('GET', '/api/health');
    expect(r.headers['referrer-policy']).toBe(REFERRER_POLICY);
    expect([r.headers['content-security-policy']].flat()).toHaveLength(1);
  });
});

describe('the definition', () => {
  const options = (site: string): SecurityHeaderOptions => ({
    hashes: readAllowedHashes(site)!,
    storageOrigins: ['https://e-opstine-production-uploadsbucket-abcdefgh.s3.eu-central-1.amazonaws.com'],
    tileUrls: [getMunicipality(site).map.tileUrl],
    https: true,
  });

  it.each(siteIds)('CloudFront’s policy for %s sets exactly the headers the local server sets, HSTS included', (site) => {
    const o = options(site);
    const cf = cloudFrontHeaders(o);
    const s = cf.securityHeadersConfig;
    const fromCloudFront: Record<string, string> = {
      'Content-Security-Policy': s.contentSecurityPolicy.contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': s.frameOptions.frameOption,
      'Referrer-Policy': s.referrerPolicy.referrerPolicy,
      'Strict-Transport-Security': `max-age=${s.strictTransportSecurity!.accessControlMaxAgeSec}`,
      ...Object.fromEntries(cf.customHeadersConfig.items.map((i) => [i.header, i.value])),
    };
    expect(fromCloudFront).toEqual(securityHeaders(o));
    // Every header overrides the origin's.
    expect([s.contentSecurityPolicy, s.contentTypeOptions, s.frameOptions, s.referrerPolicy, s.strictTransportSecurity, ...cf.customHeadersConfig.items].every((h) => h?.override === true)).toBe(true);
    expect(securityHeaders(o)['Content-Security-Policy']).toMatch(/; upgrade-insecure-requests$/);
    expect(securityHeaders({ ...o, https: false })['Strict-Transport-Security']).toBeUndefined();
  });

  it.each(siteIds)('the policy of %s fits CloudFront’s limit and allows nothing inline but its hashes', (site) => {
    const csp = contentSecurityPolicy(options(site));
    expect(csp.length).toBeLessThanOrEqual(CLOUDFRONT_CSP_MAX_LENGTH);
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    // Scripts and styles: the site itself and hashes; scripts also compile WebAssembly (search).
    expect(directives.get('script-src')!.filter((s) => !/^'sha256-/.test(s))).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('style-src')!.filter((s) => !/^'sha256-/.test(s))).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'/);
  });

  it('refuses a policy CloudFront would refuse', () => {
    const many = Array.from({ length: 40 }, (_, i) => hashSource(`style ${i}`));
    expect(() => cloudFrontHeaders({ hashes: { scripts: [], styles: many }, https: true })).toThrow(/1783/);
  });

  it.each([
    ['https://tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://tile.openstreetmap.org'],
    ['https://{s}.tile.openstreetmap.fr/hot/{z}/{x}/{y}.png', 'https://*.tile.openstreetmap.fr'],
    ['HTTPS://Tiles.Example.ORG:8443/{z}/{x}/{y}.png?key=1', 'https://tiles.example.org:8443'],
  ])('a tile URL %s is allowed as %s', (url, origin) => {
    expect(tileOrigin(url)).toBe(origin);
  });

  it.each([
    ["https://evil.example; script-src */{z}/{x}/{y}.png"],
    ['https://evil.example:80 https:/{z}'],
    ["https://tiles.example.org'/{z}"],
    ['javascript:alert(1)'],
    ['//tile.example.org/{z}/{x}/{y}.png'],
    ['https://{s}{x}.example.org/{z}'],
  ])('refuses a tile URL that would break the policy: %s', (url) => {
    expect(() => contentSecurityPolicy({ hashes: { scripts: [], styles: [] }, tileUrls: [url], https: true })).toThrow();
  });

  it.each([["https://x.example; script-src 'unsafe-inline'"], ['https://x.example,evil'], ["'unsafe-inline'"], ['*'], ['https:'], ['https://x.example/path'], ['https://x.example\nX: y']])('refuses a storage origin that would break the policy: %j', (origin) => {
    expect(() => contentSecurityPolicy({ hashes: { scripts: [], styles: [] }, storageOrigins: [origin], https: true })).toThrow();
  });

  it.each([["'unsafe-inline'"], ["'sha256-abc'; script-src *"], ['sha256-abc='], ["'nonce-abc'"], ["'self'"]])('refuses a "hash" that is not one: %j', (hash) => {
    expect(() => contentSecurityPolicy({ hashes: { scripts: [hash], styles: [] }, https: true })).toThrow();
    expect(() => contentSecurityPolicy({ hashes: { scripts: [], styles: [hash] }, https: true })).toThrow();
  });
});
