// The local server (scripts/serve.mjs with the stack's routes, scripts/local/stack.mjs) against
// hostile request paths: bad percent-encoding answers 400, nothing answers 5xx, and no redirect
// leaves the site; and the rebuild worker's swap (scripts/local/rebuilder.mjs): while a site is
// swapped again and again, every request for a page that exists gets it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { connect } from 'node:net';
import { request, Agent } from 'node:http';
import { cp, lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestStack, type Stack } from '../helpers/stack.ts';
import { distDir } from '../helpers/dist.ts';
import { serveSites, requestPath } from '../../scripts/serve.mjs';
import { createRebuilder } from '../../scripts/local/rebuilder.mjs';

/** One request as bytes on the wire (no client library normalises the path first). */
function raw(port: number, target: string, { method = 'GET', host = 'zvecan.localhost' } = {}): Promise<{ status: number; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const head = Buffer.concat(chunks).toString('latin1').split('\r\n\r\n')[0]!;
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0), headers });
    });
    socket.write(Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 'latin1'));
  });
}

/** A Location that stays on the site: a path with one leading slash, no scheme, no host. */
const onSite = (location: string) => /^\/(?![/\\])/.test(location) && !/[\r\n\\]/.test(location);

let stack: Stack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

describe('hostile request paths', () => {
  // [target, the statuses it may get]
  const cases: [string, number[]][] = [
    // Not percent-encoding, or not UTF-8 once decoded: 400.
    ['/%', [400]],
    ['/%zz', [400]],
    ['/%2', [400]],
    ['/sr/%E0%A4%A', [400]],
    ['/sr/%E0%A4', [400]],
    ['/sr/%C0%AF', [400]],
    ['/sr/%ED%A0%80', [400]],
    ['/sr/%FF', [400]],
    ['/sr/news/%', [400]],
    ['/sr/%%30', [400]],
    ['/media/%', [400]],
    ['/media/%zz', [400]],
    ['/media/abc/%E0%A4%A', [400]],
    ['/sr/%00', [400]],
    ['/%00/sr/', [400]],
    ['/media/x%00y.webp', [400, 404]],
    // Paths that try to look like another host: never a Location off the site.
    ['/.//evil.example/', [404]],
    ['/.//evil.example', [404]],
    ['//evil.example', [404]],
    ['//evil.example/', [404]],
    ['///evil.example/', [404]],
    ['/\\evil.example', [404]],
    ['/\\/evil.example/', [404]],
    ['/%5Cevil.example', [404]],
    ['/%2F%2Fevil.example', [404]],
    ['/.//sr', [301]],
    ['//sr', [301]],
    ['/\\sr', [301]],
    ['/%2F%2Fsr', [301]],
    ['/.//evil.example/..%2Fsr', [301]],
    ['//evil.example/%2e%2e/sr', [301]],
    ['/\\evil.example/%2e%2e/sr', [301]],
    ['/%2F%2Fevil.example%2F..%2Fsr', [301]],
    ['/%5C%5Cevil.example%2F..%2Fsr', [301]],
    ['/sr/..%2F..%2F..%2F%2Fevil.example%2F..%2Fsq', [301]],
    ['/sr?next=//evil.example', [301]],
    ['/sr/news?%0d%0aLocation:%20//evil.example', [301]],
    // Out of the site's folder: not found.
    ['/..%2f..%2fetc/passwd', [404]],
    ['/../../etc/passwd', [404]],
    ['/%2e%2e/%2e%2e/etc/passwd', [404]],
    ['/sr/../../../etc/passwd', [404]],
    ['/..%5c..%5cetc/passwd', [404]],
    ['/%2e%2e/zvecan/sr/', [404]],
    ['/%2e%2e/.builds/', [404]],
    ['/%2e%2e/leposavic/sr/', [404]],
    ['/media/..%2f..%2fetc/passwd', [404]],
    ['/media/%2e%2e/%2e%2e/etc/passwd', [404]],
    ['/media/..\\..\\etc\\passwd', [404]],
    ['/media/', [404]],
    ['/media/nothing-here.webp', [404]],
    // Header injection through the path: no header of its own.
    ['/sr/%0d%0aSet-Cookie:%20x=1', [404]],
    ['/sr%0d%0aLocation:%20//evil.example', [404]],
    ['/sr/news%0aX-Injected:%201/', [404]],
    // Odd but harmless.
    ['/sr/index.html/', [404]],
    ['/sr/./', [200]],
    ['/sr/news%2F', [200]],
    ['/sr/%6Eews/', [200]],
    [`/${'a'.repeat(300)}`, [404]],
    [`/${'a'.repeat(5000)}`, [404, 414, 431]],
    [`/${'a/'.repeat(2000)}`, [404, 414, 431]],
    [`/sr/${'%2e%2e%2f'.repeat(500)}etc/passwd`, [404]],
    [`/media/${'a'.repeat(3000)}`, [404, 414, 431]],
    // Not a path at all.
    ['http://evil.example/', [400]],
    ['*', [400]],
    ['evil.example', [400]],
  ];
  const named = cases.map(([target, statuses]) => [target.length > 60 ? `${target.slice(0, 30)}… (${target.length} characters)` : target, statuses, target] as const);
  it.each(named)('%s → %j, never 5xx, never off-site', async (_name, statuses, target) => {
    const r = await raw(stack.port, target);
    expect(statuses).toContain(r.status);
    expect(r.status).toBeLessThan(500);
    if (r.headers.location !== undefined) expect(onSite(r.headers.location), r.headers.location).toBe(true);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.headers['x-injected']).toBeUndefined();
    if (r.status === 301) expect(r.headers.location).toMatch(/^\/(sr|sq|sr\/news)\/(\?.*)?$/);
  });

  it.each(['/%', '/sr/%E0%A4%A', '/media/%', '/.//sr'])('HEAD %s is answered the same way', async (target) => {
    const r = await raw(stack.port, target, { method: 'HEAD' });
    expect(r.status).toBe(target === '/.//sr' ? 301 : 400);
  });

  it('a raw NUL or a space in the request line is refused before any handler, with 400', async () => {
    for (const target of ['/\0', '/sr/\0x', '/a b']) expect((await raw(stack.port, target)).status).toBe(400);
  });

  it('requestPath() normalises to one leading slash and refuses what is not percent-encoding', () => {
    expect(requestPath('/.//evil.example/')).toEqual({ path: '/evil.example/', search: '' });
    expect(requestPath('//evil.example/%2e%2e/sr')).toEqual({ path: '/sr', search: '' });
    expect(requestPath('/%5C%5Cevil.example')).toEqual({ path: '/evil.example', search: '' });
    expect(requestPath('/sr/?q=1')).toEqual({ path: '/sr/', search: '?q=1' });
    for (const bad of ['/%', '/%E0%A4%A', '/%00', 'http://x/', '', '*']) expect(requestPath(bad)).toBe('bad');
  });
});

describe('the rebuild worker swaps a site in atomically', () => {
  const pages = ['sr/index.html', 'sq/index.html', 'sr/news/index.html', 'sr/archive/index.html', 'sr/archive/map/index.html', '404.html', 'favicon.svg', 'open-data/cases.json'];
  let dir: string;
  let server: Server;
  let port: number;
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eopstine-swap-'));
    // A plain folder, as `npm run build` leaves it: the first swap turns it into a link. The
    // "build" copies a few pages of the built site: many swaps in a few seconds.
    for (const file of pages) {
      await cp(join(distDir, 'zvecan', file), join(dir, 'dist', 'zvecan', file));
      await cp(join(distDir, 'zvecan', file), join(dir, 'source', file));
    }
    server = await serveSites({ port: 0, distDir: join(dir, 'dist') });
    port = (server.address() as AddressInfo).port;
  }, 60_000);
  afterAll(async () => {
    agent.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const get = (path: string) =>
    new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path, agent, headers: { host: 'zvecan.localhost', 'accept-encoding': 'gzip' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(-1));
      req.end();
    });

  it('answers every request as it should (200, or 301 to the directory) while the site is swapped 12 times', async () => {
    // Directory URLs, files, and a path whose answer is a redirect to its directory's URL.
    const paths = ['/sr/', '/sq/', '/sr/news/', '/sr/archive/', '/404.html', '/favicon.svg', '/sr/archive/map/', '/open-data/cases.json', '/sr/news'];
    const logs: string[] = [];
    const rebuilder = createRebuilder({
      distDir: join(dir, 'dist'),
      env: {},
      log: (l: string) => logs.push(l),
      graceMs: 300,
      build: async (_site: string, { outDir }: { outDir: string }) => {
        await cp(join(dir, 'source'), outDir, { recursive: true });
        return { pages: 1 };
      },
    });
    let swapping = true;
    const wrong = new Map<string, number>();
    let requests = 0;
    const loop = async (i: number) => {
      for (let n = 0; swapping || n < 20; n++) {
        const path = paths[(i + n) % paths.length]!;
        const status = await get(path);
        if (status !== (path === '/sr/news' ? 301 : 200)) wrong.set(`${path} ${status}`, (wrong.get(`${path} ${status}`) ?? 0) + 1);
        requests++;
      }
    };
    const loops = Array.from({ length: 20 }, (_, i) => loop(i));
    for (let swap = 0; swap < 12; swap++) {
      await rebuilder.buildAll(['zvecan']);
      await new Promise((r) => setTimeout(r, 40));
    }
    swapping = false;
    await Promise.all(loops);
    await rebuilder.stop();
    expect(Object.fromEntries(wrong)).toEqual({});
    expect(requests).toBeGreaterThan(2000);
    expect(logs.filter((l) => l.includes('published'))).toHaveLength(12);
    // dist/zvecan is now a link into .builds/, and the replaced builds are gone.
    expect((await lstat(join(dir, 'dist', 'zvecan'))).isSymbolicLink()).toBe(true);
    expect((await readdir(join(dir, 'dist', '.builds'))).filter((n) => n.startsWith('zvecan-'))).toHaveLength(1);
  }, 120_000);
});
