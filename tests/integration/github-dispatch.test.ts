// The AWS publisher (a workflow_dispatch to GitHub's REST API) against a local HTTP server on
// 127.0.0.1 that plays GitHub; then wired into the real local stack, where a GitHub outage must
// delay a site's rebuild but never lose it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitHubDispatchPublisher, DispatchError } from '../../functions/adapters/github-dispatch.ts';
import { startStack } from '../../scripts/local/stack.mjs';
import { mails, replyLink, type Stack } from '../helpers/stack.ts';
import type { Config } from '../../functions/config.ts';

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: unknown }

/** A stand-in for api.github.com: records each request and answers with the next queued status (204 when none). */
function fakeGitHub() {
  const seen: Seen[] = [];
  const answers: number[] = [];
  let server: Server;
  return {
    seen,
    answers,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    start: () =>
      new Promise<void>((resolve) => {
        server = createServer((req, res) => {
          let raw = '';
          req.on('data', (c: Buffer) => (raw += c.toString()));
          req.on('end', () => {
            seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: raw ? JSON.parse(raw) : undefined });
            const status = answers.shift() ?? 204;
            if (status === 204) res.writeHead(204).end();
            else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: status === 401 ? 'Bad credentials' : 'Server Error' }));
          });
        });
        server.listen(0, '127.0.0.1', () => resolve());
      }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const github = fakeGitHub();
beforeAll(() => github.start());
afterAll(() => github.stop());

const settings = (over: Partial<ConstructorParameters<typeof GitHubDispatchPublisher>[0]> = {}) => ({
  apiUrl: github.url(),
  repository: 'e-opstine/platform',
  workflow: 'publish.yml',
  ref: 'main',
  stage: 'staging',
  token: 'github_pat_test',
  ...over,
});

describe('GitHubDispatchPublisher', () => {
  it('dispatches the publish workflow naming the municipality and the stage', async () => {
    github.seen.length = 0;
    await new GitHubDispatchPublisher(settings()).requestBuild('leposavic', new Date('2026-03-04T10:00:00Z'));
    expect(github.seen).toHaveLength(1);
    const [req] = github.seen;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/repos/e-opstine/platform/actions/workflows/publish.yml/dispatches');
    expect(req!.headers.authorization).toBe('Bearer github_pat_test');
    expect(req!.headers.accept).toBe('application/vnd.github+json');
    expect(req!.headers['x-github-api-version']).toBe('2022-11-28');
    expect(req!.body).toEqual({ ref: 'main', inputs: { municipality: 'leposavic', stage: 'staging', changed_at: '2026-03-04T10:00:00.000Z' } });
  });

  it('throws on every kind of failure, so the stream batch is retried', async () => {
    const p = new GitHubDispatchPublisher(settings());
    github.answers.push(500);
    await expect(p.requestBuild('zvecan', new Date())).rejects.toThrow(/GitHub answered 500/);
    github.answers.push(401);
    const denied = await p.requestBuild('zvecan', new Date()).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(DispatchError);
    expect(String(denied)).toContain('Bad credentials');
    expect(String(denied)).not.toContain('github_pat_test');
    // Nothing listens on this port.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(new GitHubDispatchPublisher(settings({ apiUrl: `http://127.0.0.1:${port}` })).requestBuild('zvecan', new Date())).rejects.toThrow(/GitHub unreachable/);
    await expect(new GitHubDispatchPublisher(settings({ token: undefined })).requestBuild('zvecan', new Date())).rejects.toThrow(/GithubDispatchToken/);
  });
});

describe('the stream handler with the GitHub publisher', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      port: 0,
      mail: 'separate',
      log: () => {},
      loadPlatform: async () => {
        const platform = await import('../../functions/local.ts');
        return {
          loadConfig: platform.loadConfig,
          // As functions/stream.ts and functions/sweep.ts wire it in AWS.
          createPlatform: (config: Config, opts: Parameters<typeof platform.createPlatform>[1] = {}) =>
            platform.createPlatform(config, { ...opts, publisher: new GitHubDispatchPublisher(config.dispatch, { timeoutMs: 2000 }) }),
        };
      },
      env: { RATE_PER_IP_PER_HOUR: '10000', RATE_PER_EMAIL_PER_HOUR: '10000', GITHUB_API_URL: github.url(), DISPATCH_REPOSITORY: 'e-opstine/platform', DISPATCH_STAGE: 'staging', GITHUB_DISPATCH_TOKEN: 'github_pat_test' },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('keeps retrying the batch while GitHub fails, then dispatches the build', async () => {
    const r = await fetch(stack.apiUrl('/api/questions'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zubin-potok.localhost' },
      body: JSON.stringify({ municipality: 'zubin-potok', locale: 'sr', question: 'Када ће бити асфалтиран пут до села?', email: 'put@example.org', consent: true }),
    });
    const { code } = (await r.json()) as { code: string };
    await stack.poller.idle();
    const staff = (await mails(stack)).find((m) => m.subject.includes(code) && !m.to.includes('put@example.org'))!;
    github.seen.length = 0;
    // GitHub fails twice; the poller retries the batch (as Lambda would) until the third call.
    github.answers.push(502, 503);
    const answered = await fetch(stack.apiUrl(replyLink(staff).replace(/^http:\/\/[^/]+/, '')), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zubin-potok.localhost' },
      body: new URLSearchParams({ outcome: 'answered', publicText: 'Када ће бити асфалтиран пут до села?', answer: 'Радови почињу у априлу.' }),
      redirect: 'manual',
    });
    expect(answered.status).toBe(303);
    await stack.poller.idle();
    const dispatches = github.seen.filter((s) => (s.body as { inputs?: { municipality?: string } })?.inputs?.municipality === 'zubin-potok');
    expect(dispatches.length).toBe(3);
    expect(dispatches.map((s) => s.body)).toEqual(Array(3).fill({ ref: 'main', inputs: { municipality: 'zubin-potok', stage: 'staging', changed_at: expect.any(String) } }));
    // The citizen's email went out once, although the batch ran three times.
    expect((await mails(stack)).filter((m) => m.to.includes('put@example.org') && m.subject.includes(code) && !/Примили/.test(m.subject))).toHaveLength(1);
    answeredCode = code;
  }, 60_000);

  let answeredCode = '';
  it('runs the Lambda entries (http.ts, stream.ts, photos.ts, sweep.ts) against the same services', async () => {
    // Each entry reads its settings from the environment when imported, as in a Lambda container.
    // (How viaCloudFront treats the headers: tests/unit/via-cloudfront.test.ts.)
    const saved = { ...process.env };
    Object.assign(process.env, {
      TABLE_NAME: 'e-opstine', BUCKET: stack.s3.bucket, DYNAMODB_ENDPOINT: stack.dynamo.endpoint, S3_ENDPOINT: stack.s3.endpoint,
      RESEND_BASE_URL: 'http://127.0.0.1:9', SITES_DIST: '/nonexistent', SITE_ORIGIN_TEMPLATE: 'http://{id}.localhost',
      GITHUB_API_URL: github.url(), DISPATCH_REPOSITORY: 'e-opstine/platform', GITHUB_DISPATCH_TOKEN: 'github_pat_test', ORIGIN_SECRET: 'from-cloudfront-only',
    });
    try {
      const http = await import('../../functions/http.ts');
      const event = (headers: Record<string, string>) =>
        ({
          version: '2.0', routeKey: '$default', rawPath: `/api/cases/${answeredCode}`, rawQueryString: '', isBase64Encoded: false,
          headers: { host: 'abc123.lambda-url.eu-central-1.on.aws', 'x-forwarded-for': '198.51.100.1', ...headers },
          requestContext: { domainName: 'abc123.lambda-url.eu-central-1.on.aws', http: { method: 'GET', path: `/api/cases/${answeredCode}`, protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'Amazon CloudFront' } },
        }) as unknown as import('../../functions/http.ts').UrlEvent;
      const viaCdn = { 'x-origin-verify': 'from-cloudfront-only', 'x-site-host': 'ezubinpotok.com', 'cloudfront-viewer-address': '2001:db8::7:51234' };

      expect((await http.handler(event({}))).statusCode).toBe(403);
      const ok = await http.handler(event(viaCdn));
      expect(ok.statusCode).toBe(200);
      expect(JSON.parse(ok.body)).toMatchObject({ code: answeredCode, status: 'answered' });

      // The other entries run against the same services.
      await (await import('../../functions/stream.ts')).handler({ Records: [] });
      await (await import('../../functions/photos.ts')).handler({ Records: [] });
      expect(await (await import('../../functions/sweep.ts')).handler()).toMatchObject({ sent: [], failed: [] });
    } finally {
      process.env = saved;
    }
  });
});
