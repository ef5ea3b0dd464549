// The HTTP function's front door (functions/web/cloudfront.ts, used by functions/http.ts): only
// requests that came through a site's CloudFront, seen as the site and the client they came for.
// Pure header handling, so no services; the entry answering through the local services is in
// tests/integration/github-dispatch.test.ts.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { viaCloudFront, type UrlEvent } from '../../functions/web/cloudfront.ts';

const event = (headers: Record<string, string>) =>
  ({
    version: '2.0', routeKey: '$default', rawPath: '/api/cases/K7QM-3XTD', rawQueryString: '', isBase64Encoded: false,
    headers: { host: 'abc123.lambda-url.eu-central-1.on.aws', 'x-forwarded-for': '198.51.100.1', ...headers },
    requestContext: { domainName: 'abc123.lambda-url.eu-central-1.on.aws', http: { method: 'GET', path: '/api/cases/K7QM-3XTD', protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'Amazon CloudFront' } },
  }) as unknown as UrlEvent;

const SECRET = 'from-cloudfront-only';
const viaCdn = { 'x-origin-verify': SECRET, 'x-site-host': 'ezubinpotok.com', 'cloudfront-viewer-address': '2001:db8::7:51234' };

describe('viaCloudFront', () => {
  it('refuses a request without the origin secret, or with another one', () => {
    expect(viaCloudFront(event({}), SECRET)).toBeUndefined();
    expect(viaCloudFront(event({ ...viaCdn, 'x-origin-verify': 'guessed' }), SECRET)).toBeUndefined();
    // Same length as the secret, different bytes.
    expect(viaCloudFront(event({ ...viaCdn, 'x-origin-verify': SECRET.replace('f', 'g') }), SECRET)).toBeUndefined();
  });

  it('gives the app the site as Host and the viewer as X-Forwarded-For, and drops the secret', () => {
    const seen = viaCloudFront(event(viaCdn), SECRET)!;
    expect(seen.headers).toMatchObject({ host: 'ezubinpotok.com', 'x-forwarded-for': '2001:db8::7' });
    expect(seen.headers['x-origin-verify']).toBeUndefined();
    // Everything else passes as it came.
    expect(seen.rawPath).toBe('/api/cases/K7QM-3XTD');
    expect(seen.requestContext).toEqual(event(viaCdn).requestContext);
  });

  it('takes the port off an IPv4 viewer address too, and leaves a client-sent X-Forwarded-For no say', () => {
    const seen = viaCloudFront(event({ ...viaCdn, 'cloudfront-viewer-address': '203.0.113.7:51234', 'x-forwarded-for': '10.0.0.1' }), SECRET)!;
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.7');
  });

  it('does not change the event it was given', () => {
    const original = event(viaCdn);
    viaCloudFront(original, SECRET);
    expect(original.headers['x-origin-verify']).toBe(SECRET);
    expect(original.headers.host).toBe('abc123.lambda-url.eu-central-1.on.aws');
  });

  // Finding 10 of issue 11: the check used to be skipped when the secret was unset.
  it.each([
    ['no headers', {}],
    ['CloudFront\'s other headers', { 'x-site-host': 'ezvecan.com', 'cloudfront-viewer-address': '203.0.113.7:51234' }],
    ['an empty secret header', { ...viaCdn, 'x-origin-verify': '' }],
    ['the secret header of some other stage', viaCdn],
    ['the header named "undefined"', { ...viaCdn, 'x-origin-verify': 'undefined' }],
  ])('fails closed: with no secret configured it refuses everything (%s)', (_name, headers) => {
    for (const missing of [undefined, '']) expect(viaCloudFront(event(headers), missing)).toBeUndefined();
  });
});

describe('the HTTP entry (functions/http.ts)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('answers 403 to a request that did not come through CloudFront, before touching the table', async () => {
    // The entry reads its settings when loaded, as in a Lambda container. Nothing listens on
    // this endpoint: a request that reached the table would fail with 503, not 403.
    vi.stubEnv('ORIGIN_SECRET', SECRET);
    vi.stubEnv('DYNAMODB_ENDPOINT', 'http://127.0.0.1:9');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const { handler } = await import('../../functions/http.ts');
    for (const headers of [{}, { ...viaCdn, 'x-origin-verify': 'guessed' }]) {
      const r = await handler(event(headers));
      expect(r.statusCode).toBe(403);
      expect(r.body).toBe('Forbidden');
    }
  });

  it('reads the origin secret through Resource (the linked OriginSecret) before any environment variable', async () => {
    // Where SST's Resource keeps what is linked to the function (decrypted from the bundle in AWS).
    const links = ((globalThis as { __SST_RESOURCE_RAW__?: Record<string, unknown> }).__SST_RESOURCE_RAW__ ??= {});
    links.OriginSecret = { type: 'sst.sst.Secret', value: SECRET };
    try {
      vi.stubEnv('ORIGIN_SECRET', 'not-this-one');
      const { loadConfig } = await import('../../functions/config.ts');
      expect(loadConfig().originSecret).toBe(SECRET);
    } finally {
      delete links.OriginSecret;
    }
  });

  it('refuses every request when the origin secret is not set (no OriginSecret linked, no ORIGIN_SECRET), and says so once', async () => {
    vi.stubEnv('ORIGIN_SECRET', '');
    vi.stubEnv('DYNAMODB_ENDPOINT', 'http://127.0.0.1:9');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { handler } = await import('../../functions/http.ts');
    expect(said.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining('OriginSecret')]);
    said.mockRestore();
    // Whatever the request carries: with nothing to compare against, nothing passes.
    for (const headers of [{}, viaCdn, { ...viaCdn, 'x-origin-verify': '' }, { 'x-site-host': 'ezvecan.com' }]) {
      const r = await handler(event(headers));
      expect(r.statusCode).toBe(403);
      expect(r.body).toBe('Forbidden');
    }
  });
});
