// npm start runs the functions from an esbuild bundle, not from the TypeScript the other tests
// import: build it and check it loads and answers, so a bundling mistake fails here, not for users.
// The Lambda bundles are built one per function: each must hold what its function runs and
// nothing of the others (the HTTP function no sharp, no stream and no sweep code, none of the
// Portal's workspace, links and subscriptions), and the citizens' HTTP function stays under its
// size floor. Each bundle carries only the interface strings its code names
// (scripts/build-functions.mjs usedStrings): the HTTP and Portal bundles are run here against the
// local services and must answer every page exactly as the app with every string does.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions, bundleHoldings, FUNCTIONS } from '../../scripts/build-functions.mjs';
import { startTestStack, type Stack } from '../helpers/stack.ts';
import { createApp, createCoreApp } from '../../functions/web/app.ts';
import type { UrlEvent } from '../../functions/web/cloudfront.ts';
import { localeKeys } from '../../core/locales.ts';
import { t } from '../../core/i18n/index.ts';

/** The floor of issue 14: the citizens' HTTP function (Api and Reads) at most 400 KB minified. */
const HTTP_FLOOR_BYTES = 400 * 1024;

/** An import of sharp, static or dynamic, as esbuild writes it (minified or not). */
const SHARP_IMPORT = /from\s*["']sharp["']|import\s*\(\s*["']sharp["']\s*\)|require\(\s*["']sharp["']\s*\)/;
/** Strings only the stream's code has: its log lines and the keys of the emails it sends. */
const STREAM_CODE = ['stream: ', ' public record ', 'staff-new:', 'staff-follow-up:'];
const SWEEP_CODE = ['sweep: ', 'overdue-escalation:', 'resolution-escalation:'];
/** The GitHub publisher: only the functions that ask for site builds. */
const PUBLISHER_CODE = ['dispatch: ', 'e-opstine-publisher'];

describe('the functions bundles', () => {
  it('the local bundle loads in Node and its app answers', async () => {
    const { outfile } = await buildFunctions('local');
    const mod = (await import(`${outfile}?t=${Date.now()}`)) as typeof import('../../functions/local.ts');
    const platform = mod.createPlatform(mod.loadConfig({ AWS_EC2_METADATA_DISABLED: 'true' }), { log: () => {} });
    const r = await platform.app.request('/api/health');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true });
    expect(typeof platform.streamHandler).toBe('function');
    expect(typeof platform.photoHandler).toBe('function');
    expect(typeof mod.createSweep(platform, () => {})).toBe('function');
  }, 60_000);

  describe('the Lambda bundles, one per function', () => {
    const code: Record<string, string> = {};
    let built: Awaited<ReturnType<typeof buildFunctions>>['bundles'] = [];
    beforeAll(async () => {
      built = (await buildFunctions('lambda')).bundles;
      for (const b of built) code[b.name] = await readFile(b.outfile, 'utf8');
    }, 60_000);

    it('builds every function into .build/lambda/<name>/index.mjs, each exporting its handler', () => {
      expect(built.map((b) => b.name)).toEqual(FUNCTIONS);
      expect(FUNCTIONS).toEqual(['http', 'portal', 'stream', 'photos', 'sweep']);
      for (const b of built) {
        expect(b.outfile).toMatch(new RegExp(`\\.build/lambda/${b.name}/index\\.mjs$`));
        expect(code[b.name]).toMatch(/export\s*\{[^}]*\bhandler\b/);
        expect(b.bytes).toBe(Buffer.byteLength(code[b.name]!));
        expect(b.gzipBytes).toBeGreaterThan(0);
        expect(b.gzipBytes).toBeLessThan(b.bytes);
        // No stylesheet or map code anywhere.
        expect(code[b.name]).not.toContain('.leaflet-container');
      }
    });

    it(`the citizens' HTTP bundle is at most ${HTTP_FLOOR_BYTES / 1024} KB minified`, () => {
      const http = built.find((b) => b.name === 'http')!;
      expect(http.bytes).toBeLessThanOrEqual(HTTP_FLOOR_BYTES);
    });

    it('the HTTP bundle holds none of the Portal: no workspace, links, subscriptions or response templates', async () => {
      const { inputs } = await bundleHoldings('http');
      const portalOnly = [
        'functions/web/workspace-pages.ts', 'functions/web/workspace-case.ts', 'functions/web/workspace-case-pages.ts', 'functions/web/citizen.ts', 'functions/web/citizen-pages.ts',
        'functions/web/feedback.ts', 'functions/domain/workspace.ts', 'functions/domain/staff-auth.ts', 'functions/domain/inbox.ts', 'functions/domain/citizen.ts', 'functions/domain/feedback.ts',
        'functions/domain/subscriptions.ts', 'core/responses/index.ts',
      ];
      // A module the core imports one small thing from (workspaceHeaders, isOneClickPath, a
      // top-level constant) brings only that: a few hundred bytes, never its pages.
      const bytesOf = (all: Record<string, number>, file: string) => Object.entries(all).filter(([i]) => i.endsWith(file)).reduce((n, [, b]) => n + b, 0);
      for (const file of portalOnly) expect(bytesOf(inputs, file), file).toBeLessThan(600);
      // The Portal has them (the same app, every route).
      const portal = (await bundleHoldings('portal')).inputs;
      for (const file of ['functions/web/workspace-pages.ts', 'functions/web/workspace-case-pages.ts', 'functions/web/citizen.ts', 'functions/domain/subscriptions.ts']) expect(bytesOf(portal, file), file).toBeGreaterThan(2000);
      // The workspace's strings stay out too.
      expect(code.http).not.toContain('"workspace.audit.title"');
      expect(code.portal).toContain('"workspace.audit.title"');
    });

    it('no bundle holds a development build, a second React server renderer or zod\'s locales', async () => {
      for (const name of FUNCTIONS) {
        const inputs = Object.keys((await bundleHoldings(name)).inputs);
        expect(inputs.filter((i) => /\.development\.js$/.test(i)), name).toEqual([]);
        expect(inputs.filter((i) => /react-dom-server\.node/.test(i)), name).toEqual([]);
        expect(inputs.filter((i) => /zod\/v4\/locales\/(?!en\.js)/.test(i)), name).toEqual([]);
      }
      // Cyrillic as UTF-8, not as \\uXXXX escapes (three times the bytes).
      for (const name of ['http', 'portal', 'stream', 'sweep']) expect(code[name], name).toContain(t('sr', 'error.notFound'));
    });

    it('the HTTP bundle holds the app and none of sharp, the stream, the photos or the sweep', () => {
      const http = code.http!;
      expect(http).toContain('x-origin-verify');
      expect(http).toContain('/api/health');
      expect(http).not.toMatch(SHARP_IMPORT);
      for (const s of [...STREAM_CODE, ...SWEEP_CODE, ...PUBLISHER_CODE]) expect(http, s).not.toContain(s);
      // The mailer is not there either: the HTTP function sends no email.
      expect(http).not.toContain('invalid_idempotent_request');
    });

    it('the Portal bundle holds the app with every route, and none of sharp, the stream, the photos or the sweep', () => {
      const portal = code.portal!;
      expect(portal).toContain('x-origin-verify');
      expect(portal).not.toMatch(SHARP_IMPORT);
      for (const s of [...STREAM_CODE, ...SWEEP_CODE, ...PUBLISHER_CODE]) expect(portal, s).not.toContain(s);
      expect(portal).not.toContain('invalid_idempotent_request');
    });

    it('sharp only in the photo bundle, which holds no mailer, publisher, stream or sweep code', () => {
      expect(code.photos).toMatch(SHARP_IMPORT);
      for (const name of ['http', 'portal', 'stream', 'sweep']) expect(code[name], name).not.toMatch(SHARP_IMPORT);
      for (const s of [...STREAM_CODE, ...SWEEP_CODE, ...PUBLISHER_CODE, 'invalid_idempotent_request']) expect(code.photos, s).not.toContain(s);
    });

    it('the stream bundle sends email and asks for builds, without the sweep or the web app', () => {
      for (const s of [...STREAM_CODE, ...PUBLISHER_CODE]) expect(code.stream, s).toContain(s);
      for (const s of SWEEP_CODE) expect(code.stream, s).not.toContain(s);
      expect(code.stream).not.toContain('x-origin-verify');
      expect(code.stream).not.toContain('/api/health');
    });

    it('the sweep bundle holds the sweep, without the stream or the web app', () => {
      for (const s of SWEEP_CODE) expect(code.sweep, s).toContain(s);
      for (const s of STREAM_CODE) expect(code.sweep, s).not.toContain(s);
      expect(code.sweep).not.toContain('x-origin-verify');
      expect(code.sweep).not.toContain('/api/health');
    });
  });
});

/** A function URL event as CloudFront sends it (functions/web/cloudfront.ts), for zvecan's site. */
function urlEvent(method: string, path: string, opts: { body?: string; type?: string; headers?: Record<string, string> } = {}): UrlEvent {
  const [rawPath, rawQueryString = ''] = path.split('?');
  return {
    version: '2.0', routeKey: '$default', rawPath: rawPath!, rawQueryString, isBase64Encoded: false,
    headers: {
      host: 'abcdefgh.lambda-url.eu-central-1.on.aws', 'x-origin-verify': 'bundle-test-secret', 'x-site-host': 'ezvecan.com', 'cloudfront-viewer-address': '198.51.100.9:40000',
      ...(opts.type ? { 'content-type': opts.type } : {}), ...opts.headers,
    },
    requestContext: {
      accountId: 'anonymous', apiId: 'abcdefgh', domainName: 'abcdefgh.lambda-url.eu-central-1.on.aws', domainPrefix: 'abcdefgh',
      http: { method, path: rawPath!, protocol: 'HTTP/1.1', sourceIp: '198.51.100.9', userAgent: 'test' },
      requestId: 'test', routeKey: '$default', stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now(),
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  } as unknown as UrlEvent;
}

type Answer = { status: number; body: string };
type LambdaResult = { statusCode: number; body?: string; isBase64Encoded?: boolean };
/** What changes from one rendering to the next whatever the strings: times, keys, tokens. */
const comparable = (body: string) => body.replace(/\d+/g, '#').replace(/[A-Za-z0-9_-]{20,}/g, '…');

describe('the HTTP and Portal Lambda bundles, run against the local services', () => {
  let stack: Stack;
  let shells: string;
  const handlers: Record<string, (event: UrlEvent) => Promise<LambdaResult>> = {};
  let code = '';
  const saved = { ...process.env };

  beforeAll(async () => {
    stack = await startTestStack();
    // Each page in a layout: a shell per locale, as each site builds /<locale>/page-shell/.
    shells = await mkdtemp(join(tmpdir(), 'bundle-shells-'));
    for (const l of localeKeys) {
      await mkdir(join(shells, 'zvecan', l, 'page-shell'), { recursive: true });
      await writeFile(join(shells, 'zvecan', l, 'page-shell', 'index.html'), `<!doctype html><html lang="${l}"><head><title>%%TITLE%%</title></head><body><eopstine-content></eopstine-content></body></html>`);
    }
    const config = stack.platform.config;
    // What infra/functions.ts sets in AWS, pointed at the local services (read when a bundle loads).
    Object.assign(process.env, {
      TABLE_NAME: config.tableName, BUCKET: config.bucket, AWS_REGION: config.region, DYNAMODB_ENDPOINT: config.dynamoEndpoint, S3_ENDPOINT: config.s3Endpoint,
      MEDIA_BASE_URL: '/media', SITE_ORIGIN_TEMPLATE: config.siteOriginTemplate, SITES_DIST: shells, ORIGIN_SECRET: 'bundle-test-secret', AWS_EC2_METADATA_DISABLED: 'true',
      RATE_PER_IP_PER_HOUR: '10000', RATE_PER_EMAIL_PER_HOUR: '10000', RATE_PER_PHONE_PER_HOUR: '10000',
    });
    const { bundles } = await buildFunctions('lambda');
    for (const name of ['http', 'portal']) {
      const mod = (await import(`${bundles.find((b) => b.name === name)!.outfile}?t=${Date.now()}`)) as { handler: (e: UrlEvent) => Promise<LambdaResult> };
      handlers[name] = mod.handler;
    }
    // A published case to look at.
    const r = await stack.platform.app.request('/api/reports', {
      method: 'POST', headers: { host: 'zvecan.localhost', 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ municipality: 'zvecan', locale: 'sr', category: 'roads', description: 'Ударна рупа на путу код школе, дубока.', address: 'Главна улица 1', email: 'bundle@example.org', consent: true, idempotencyKey: 'bundle-test-key-0001' }),
    });
    code = ((await r.json()) as { code: string }).code;
    await stack.poller.idle();
  }, 120_000);

  afterAll(async () => {
    process.env = saved;
    await stack?.stop();
    if (shells) await rm(shells, { recursive: true, force: true });
  });

  /** The same request to the Lambda bundle and to the app built from the sources (every string), over the same data. */
  async function both(fn: 'http' | 'portal', method: string, path: string, opts: { body?: string; type?: string; headers?: Record<string, string> } = {}): Promise<[Answer, Answer]> {
    const lambda = await handlers[fn]!(urlEvent(method, path, opts));
    const ports = { ...stack.platform.ports, config: { ...stack.platform.config, sitesDist: shells } };
    const app = fn === 'http' ? createCoreApp(ports, { log: () => {} }) : createApp(ports, { log: () => {} });
    const local = await app.request(path, { method, headers: { host: 'ezvecan.com', 'x-forwarded-for': '198.51.100.9', ...(opts.type ? { 'content-type': opts.type } : {}), ...opts.headers }, ...(opts.body !== undefined ? { body: opts.body } : {}) });
    const body = lambda.isBase64Encoded ? Buffer.from(lambda.body ?? '', 'base64').toString('utf8') : (lambda.body ?? '');
    return [{ status: lambda.statusCode, body }, { status: local.status, body: await local.text() }];
  }

  const form = 'application/x-www-form-urlencoded';
  const json = { accept: 'application/json' };
  const sameSite = { 'sec-fetch-site': 'same-origin' };
  const pages: [string, 'http' | 'portal', string, string, { body?: string; type?: string; headers?: Record<string, string> }?][] = [];
  for (const l of localeKeys) {
    pages.push(
      ['the report form again, with errors', 'http', 'POST', `/api/reports?lang=${l}`, { body: `municipality=zvecan&locale=${l}&description=x`, type: form, headers: sameSite }],
      ['the question form again, with errors', 'http', 'POST', `/api/questions?lang=${l}`, { body: `municipality=zvecan&locale=${l}&question=x`, type: form, headers: sameSite }],
      ['a form from another site', 'http', 'POST', `/api/reports?lang=${l}`, { body: 'x=1', type: form, headers: { 'sec-fetch-site': 'cross-site' } }],
      ['a form too large', 'http', 'POST', `/api/reports?lang=${l}`, { body: `description=${'x'.repeat(300 * 1024)}`, type: form, headers: sameSite }],
      ['"find my case"', 'http', 'GET', `/${l}/status/`],
      ['"find my case", malformed', 'http', 'GET', `/${l}/status/?code=%3F%3F`],
      ['"find my case", unknown', 'http', 'GET', `/${l}/status/?code=ZV-2222-2222`],
      ['an unknown status page', 'http', 'GET', `/${l}/status/ZV-2222-2222/`],
      ['an unknown reply link', 'http', 'GET', `/api/reply/no-such-token?lang=${l}`],
      ['Open311, a bad parameter', 'http', 'GET', `/open311/v2/requests.json?start_date=never`, { headers: { 'accept-language': l } }],
      ['the staff sign-in form', 'portal', 'GET', `/${l}/staff/`],
      ['the staff sign-in, bad address', 'portal', 'POST', `/${l}/staff/sign-in/`, { body: 'email=nope', type: form, headers: sameSite }],
      ['the alerts form', 'portal', 'GET', `/${l}/alerts/`],
      ['the alerts form, errors', 'portal', 'POST', `/api/alerts?lang=${l}`, { body: `locale=${l}&email=nope&category=zzz`, type: form, headers: sameSite }],
      ['an unknown personal link', 'portal', 'GET', `/${l}/my-case/no-such-token/`],
      ['an unknown feedback link', 'portal', 'GET', `/${l}/feedback/no-such-token/solved/yes/`],
      ['an unknown confirmation link', 'portal', 'GET', `/api/subscriptions/no-such-token?lang=${l}`],
    );
  }

  it.each(pages)('%s (%s %s %s) answers as the app with every string does', async (_what, fn, method, path, opts) => {
    const [lambda, local] = await both(fn, method, path, opts);
    expect(lambda.status).toBe(local.status);
    expect(lambda.status).toBeLessThan(500);
    expect(comparable(lambda.body)).toBe(comparable(local.body));
  });

  it('the status pages of a case, its JSON and Open311, in every locale', async () => {
    for (const l of localeKeys) {
      for (const path of [`/${l}/status/${code}/`, `/${l}/status/${code}/?new=1`, `/${l}/status/${code}/?new=1&noemail=1`, `/${l}/status/${code}/?replied=1`]) {
        const [lambda, local] = await both('http', 'GET', path);
        expect(lambda.status, path).toBe(200);
        expect(comparable(lambda.body), path).toBe(comparable(local.body));
        expect(lambda.body).toContain(t(l, 'case.status'));
      }
    }
    for (const path of [`/api/cases/${code}`, '/open311/v2/requests.json', '/open311/v2/requests.xml', `/open311/v2/requests/${code}.json`]) {
      const [lambda, local] = await both('http', 'GET', path, { headers: json });
      expect(lambda.status, path).toBe(200);
      expect(comparable(lambda.body), path).toBe(comparable(local.body));
    }
  });

  it('a submission and a follow request through the bundles', async () => {
    const body = JSON.stringify({ municipality: 'zvecan', locale: 'sq', category: 'roads', description: 'Gropë e thellë në rrugë pranë shkollës.', address: 'Rruga kryesore', email: 'bundle2@example.org', consent: true, idempotencyKey: 'bundle-test-key-0002' });
    const made = await handlers.http!(urlEvent('POST', '/api/reports', { body, type: 'application/json', headers: { ...json, ...sameSite } }));
    expect(made.statusCode).toBe(201);
    const follow = await handlers.portal!(urlEvent('POST', '/api/follow', { body: JSON.stringify({ code, email: 'follower@example.org', locale: 'sr' }), type: 'application/json', headers: { ...json, ...sameSite } }));
    expect(follow.statusCode).toBe(202);
  });
});
