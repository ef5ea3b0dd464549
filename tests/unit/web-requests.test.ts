// The web layer's decisions before a body is read (functions/web/requests.ts): same-site posts,
// JSON media types, the reader's language, local redirects. The same rules run end to end in
// tests/integration/security-web.test.ts and tests/e2e/cross-site.test.ts.
import { describe, it, expect } from 'vitest';
import { acceptLanguageLocale, fromOwnSite, isLocalPath, mediaType, pathLocale, sendsJson } from '../../functions/web/requests.ts';

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe('fromOwnSite', () => {
  const host = 'zvecan.localhost:4321';
  const cases: [string, Record<string, string>, boolean][] = [
    ['same-origin', { 'sec-fetch-site': 'same-origin' }, true],
    ['same-origin in capitals', { 'sec-fetch-site': 'Same-Origin' }, true],
    ['cross-site', { 'sec-fetch-site': 'cross-site' }, false],
    ['same-site', { 'sec-fetch-site': 'same-site' }, false],
    ['an unknown value', { 'sec-fetch-site': 'maybe' }, false],
    ['none without Origin', { 'sec-fetch-site': 'none' }, true],
    ['none with our Origin', { 'sec-fetch-site': 'none', origin: `http://${host}` }, true],
    ['none with a foreign Origin', { 'sec-fetch-site': 'none', origin: 'http://evil.example' }, false],
    ['neither header (curl)', {}, true],
    ['our Origin', { origin: `http://${host}` }, true],
    ['our Origin over https', { origin: `https://${host}` }, true],
    ['Origin: null', { origin: 'null' }, false],
    ['a foreign Origin', { origin: 'http://evil.example' }, false],
    ['our name under a foreign domain', { origin: 'http://zvecan.localhost.evil.example:4321' }, false],
    ['another port', { origin: 'http://zvecan.localhost:4322' }, false],
    ['no port', { origin: 'http://zvecan.localhost' }, false],
    ['user info', { origin: `http://evil@${host}` }, false],
    ['a path', { origin: `http://${host}/` }, false],
    ['capitals (no browser sends them)', { origin: `http://ZVECAN.localhost:4321` }, false],
    ['a file: origin', { origin: 'file://' }, false],
    ['a javascript: origin', { origin: 'javascript:alert(1)' }, false],
    ['an empty Origin', { origin: '' }, false],
  ];
  it.each(cases)('%s → %s', (_name, h, ok) => {
    expect(fromOwnSite(headers({ host, ...h }))).toBe(ok);
  });

  it('compares with the Host the request came for, default ports included', () => {
    expect(fromOwnSite(headers({ host: 'ezvecan.com', origin: 'https://ezvecan.com' }))).toBe(true);
    expect(fromOwnSite(headers({ host: 'ezvecan.com:443', origin: 'https://ezvecan.com' }))).toBe(true);
    expect(fromOwnSite(headers({ host: 'EZVECAN.com', origin: 'https://ezvecan.com' }))).toBe(true);
    expect(fromOwnSite(headers({ host: 'eleposavic.com', origin: 'https://ezvecan.com' }))).toBe(false);
    expect(fromOwnSite(headers({ host: 'ezvecan.com/x', origin: 'https://ezvecan.com' }))).toBe(false);
    expect(fromOwnSite(headers({ origin: 'https://ezvecan.com' }))).toBe(false);
  });
});

describe('JSON bodies', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['text/plain', false],
    ['text/plain; x=application/json', false],
    ['application/jsonp', false],
    ['application/x-www-form-urlencoded', false],
    ['', false],
  ])('%s → %s', (type, json) => {
    expect(sendsJson(headers(type ? { 'content-type': type } : {}))).toBe(json);
  });
  it('strips parameters from a media type', () => expect(mediaType(' Text/Plain ; charset=utf-8')).toBe('text/plain'));
});

describe('the reader’s language', () => {
  it.each([
    ['sq-AL,sq;q=0.9,en;q=0.8', 'sq'],
    ['en;q=0.9,sr-Latn-RS;q=0.8,sq;q=0.1', 'sr-latn'],
    ['sr-RS', 'sr'],
    ['sr-Cyrl', 'sr'],
    ['de, en', undefined],
    ['sq;q=0, sr;q=0.5', 'sr'],
    ['*', undefined],
    ['', undefined],
    [`${'xx;q=0.9,'.repeat(5000)}sq`, undefined],
  ])('Accept-Language %s → %s', (header, locale) => {
    expect(acceptLanguageLocale(header)).toBe(locale);
  });
  it.each([
    ['/sq/system-48h/report/', 'sq'],
    ['http://zvecan.localhost:4321/sr-latn/ask-the-mayor/ask/', 'sr-latn'],
    ['http://evil.example/en/', undefined],
    ['not a url %%', undefined],
  ])('a Referer %s → %s', (url, locale) => {
    expect(pathLocale(url)).toBe(locale);
  });
});

describe('local redirects', () => {
  it.each(['/sr/status/K7QM-3XTD/', '/sq/status/K7QM-3XTD/?new=1', '/'])('allows %s', (p) => expect(isLocalPath(p)).toBe(true));
  it.each(['//evil.example/', '/\\evil.example', '\\/evil.example', 'https://evil.example/', '/sr/\r\nSet-Cookie: a=b', '/sr/\u0000', '/sr/ x', '/sr/\\x', '', 'sr/', '/sr/\u00e9'])('refuses %j', (p) => expect(isLocalPath(p)).toBe(false));
});
