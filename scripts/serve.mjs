// Serves the built sites by host name: http://zvecan.localhost:4321/sr/ and so on.
// http://localhost:4321/ lists the sites. Listens on loopback only.
//
// It plays CloudFront's part locally: every response (pages, files, and whatever `extra` answers:
// the API, the live pages, Open311, photos) carries the security headers of
// core/security/headers.ts, overriding the origin's, as the distribution's response headers policy
// does (infra/sites.ts). The script and style hashes are those of the build being served.
import { createServer } from 'node:http';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join, posix, sep, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { siteIds } from './lib/sites.mjs';
import { securityHeaders, securityHeaderNames } from '../core/security/headers.ts';
import { hashesOf, hashSource } from '../core/security/inline.ts';
import { getMunicipality } from '../core/municipalities/index.ts';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8', '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp',
  '.ics': 'text/calendar; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.geojson': 'application/geo+json', '.pdf': 'application/pdf', '.woff2': 'font/woff2',
  '.pf_meta': 'application/octet-stream', '.pf_index': 'application/octet-stream', '.pf_fragment': 'application/octet-stream', '.pagefind': 'application/octet-stream',
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml|geo\+json)|image\/svg)/;

/** Which site a Host header asks for: "zvecan.localhost:4321" → "zvecan"; anything else → null. */
export function siteForHost(host = '') {
  const name = host.split(':')[0].toLowerCase();
  const sub = name.endsWith('.localhost') ? name.slice(0, -'.localhost'.length) : null;
  return sub && siteIds.includes(sub) ? sub : null;
}

/**
 * A request path as a safe relative file path, or why not: 'bad' for a path that is not a
 * request path or is not valid percent-encoding (400), else the decoded, normalised path with
 * exactly one leading slash ("/sr/news"). "..", "//", "\" and "%2f" cannot leave the site's folder
 * or make the path look like another host.
 * @param {string} rawUrl the request target as received
 * @returns {{ path: string, search: string } | 'bad'}
 */
export function requestPath(rawUrl = '/') {
  if (!rawUrl.startsWith('/')) return 'bad'; // absolute-form and asterisk-form are not for us
  let url;
  try {
    // Not `new URL(rawUrl, base)`: "//evil.example/x" would be read as another host.
    url = new URL(`http://localhost${rawUrl}`);
  } catch {
    return 'bad';
  }
  let decoded;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return 'bad'; // "/%", "/%zz", "/sr/%E0%A4%A"
  }
  if (decoded.includes('\0')) return 'bad';
  // Backslashes are not separators on disk here, but browsers read "/\host" as "//host".
  const path = posix.normalize(`/${decoded.replaceAll('\\', '/')}`).replace(/^\/+/, '/');
  return { path, search: url.search };
}

/** A normalised path as a URL path for a Location header: one leading slash, every segment encoded. */
const locationOf = (path) => `/${path.split('/').filter(Boolean).map(encodeURIComponent).join('/')}`;

/**
 * The site's folder as it is now: `dist/<id>` may be a link the rebuild worker swaps to a new
 * build (scripts/local/rebuilder.mjs), so each request resolves it once and reads every file it
 * needs from that one build. A rebuild that replaces a plain folder by a link moves the folder
 * away first; the moment between the two renames is waited out.
 */
async function siteRoot(distDir, site) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await realpath(join(distDir, site));
    } catch (e) {
      if (e.code !== 'ENOENT' || attempt >= 5) return null;
      await new Promise((r) => setTimeout(r, 2 ** attempt));
    }
  }
}

async function resolveFile(root, path) {
  const file = join(root, path);
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    const s = await stat(file);
    if (!s.isDirectory()) return { file, dir: false };
    const index = join(file, 'index.html');
    await stat(index);
    return { file: index, dir: true };
  } catch {
    return null; // missing, ENAMETOOLONG, ENOTDIR...
  }
}

const INDEX_STYLE = 'body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6}';

function sitesIndex(port) {
  const links = siteIds.map((id) => `<li><a href="http://${id}.localhost:${port}/">${id}.localhost:${port}</a></li>`).join('');
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>E-opštine · local</title><style>${INDEX_STYLE}</style><h1>E-opštine, running locally</h1><ul>${links}</ul>`;
}

/** Every HTML file's inline content, for a build made before the build wrote _csp.json. */
async function scanHashes(root) {
  const pages = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.html')) pages.push(await readFile(join(e.parentPath, e.name), 'utf8'));
  }
  return hashesOf(pages);
}

/**
 * The inline hashes of the build in `root`: its _csp.json (scripts/build-site.mjs), remembered per
 * build and refreshed when a build in place rewrites it.
 */
function createHashCache() {
  const cache = new Map();
  return async (root) => {
    const file = join(root, '_csp.json');
    const stamp = (await stat(file).catch(() => null))?.mtimeMs ?? -1;
    const hit = cache.get(root);
    if (hit && hit.stamp === stamp) return hit.hashes;
    const hashes = (stamp >= 0 ? readFile(file, 'utf8').then((t) => JSON.parse(t)) : Promise.reject(new Error('none')))
      .then((h) => (Array.isArray(h.scripts) && Array.isArray(h.styles) ? h : Promise.reject(new Error('bad'))))
      .catch(() => scanHashes(root));
    if (cache.size > 32) cache.delete(cache.keys().next().value); // old builds
    cache.set(root, { stamp, hashes });
    hashes.catch(() => cache.delete(root));
    return hashes;
  };
}

function tileUrlOf(site) {
  try {
    return [getMunicipality(site).map.tileUrl];
  } catch {
    return [];
  }
}

/**
 * Makes the response carry `headers` whatever the handler sets, as CloudFront's response headers
 * policy does with `override: true`: they are put in place when the status line is written.
 */
function enforceHeaders(res, headers) {
  const names = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  const keep = (given) => {
    if (!given || typeof given !== 'object') return given;
    if (Array.isArray(given)) {
      if (Array.isArray(given[0])) return given.filter(([k]) => !names.has(String(k).toLowerCase()));
      const out = [];
      for (let i = 0; i + 1 < given.length; i += 2) if (!names.has(String(given[i]).toLowerCase())) out.push(given[i], given[i + 1]);
      return out;
    }
    return Object.fromEntries(Object.entries(given).filter(([k]) => !names.has(k.toLowerCase())));
  };
  const writeHead = res.writeHead;
  res.writeHead = function (statusCode, ...rest) {
    const at = typeof rest[0] === 'string' ? 1 : 0;
    rest[at] = keep(rest[at]);
    for (const name of securityHeaderNames) res.removeHeader(name);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    return writeHead.call(this, statusCode, ...rest);
  };
}

/**
 * A request handler for the built sites. `extra` may handle a request first (the API and the
 * mailbox) and return true when it did. `storageOrigins`: where the browser uploads photos and
 * staff see private ones (the local S3). `bareHeaders(path)`: paths that are not the platform's
 * (the mail sink's mailbox, a developer's tool with pages of its own) get no security headers.
 */
export function createSitesHandler({ distDir = fileURLToPath(new URL('../dist/', import.meta.url)), port = 4321, extra, storageOrigins = [], bareHeaders = () => false } = {}) {
  const hashesFor = createHashCache();
  const indexHashes = { scripts: [], styles: [hashSource(INDEX_STYLE)] };

  /**
   * What a path gets, from one build: a redirect to its directory's URL, or a file and its bytes.
   * A build swapped in while this request was on the previous one (the rebuild worker moving a
   * plain folder away, or a request slower than the old build's grace period) makes a file vanish
   * between stat and read: then the request starts again on the build now being served, at most
   * twice.
   */
  async function answer(site, root, target) {
    for (let attempt = 0; ; attempt++) {
      try {
        const found = target === 'bad' ? null : await resolveFile(root, target.path);
        // Built from the normalised path, never from the raw one: "/.//evil.example/x" must not
        // become "Location: //evil.example/x/".
        if (found?.dir && !target.path.endsWith('/')) return { location: `${locationOf(target.path)}/${target.search}` };
        const status = found ? 200 : target === 'bad' ? 400 : 404;
        const file = found?.file ?? join(root, '404.html');
        const body = await readFile(file);
        if (status === 404 && attempt < 2 && (await siteRoot(distDir, site)) !== root) throw Object.assign(new Error('swapped'), { code: 'ENOENT' });
        return { status, file, body };
      } catch (e) {
        if (e.code !== 'ENOENT' || attempt >= 2) throw e;
        const now = await siteRoot(distDir, site);
        if (!now || now === root) throw e;
        root = now;
      }
    }
  }

  return async (req, res) => {
    try {
      const site = siteForHost(req.headers.host);
      const root = site ? await siteRoot(distDir, site) : null;
      const rawPath = (req.url ?? '/').split('?')[0];
      if (!bareHeaders(rawPath)) {
        // (A plain folder moved away by a swap mid-scan: the build now served has the same hashes.)
        const hashes = root ? await hashesFor(root).catch(async () => hashesFor((await siteRoot(distDir, site)) ?? root)) : indexHashes;
        enforceHeaders(res, securityHeaders({ hashes, storageOrigins, tileUrls: site ? tileUrlOf(site) : [], https: false }));
      }
      if (extra && (await extra(req, res))) return;
      if (!site) {
        res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(sitesIndex(port));
        return;
      }
      if (!root) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5' }).end(`${site} is not built yet`);
        return;
      }
      const found = await answer(site, root, requestPath(req.url));
      if (found.location) {
        res.writeHead(301, { Location: found.location }).end();
        return;
      }
      let { status, file, body } = found;
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
      if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && body.length > 512) {
        body = gzipSync(body);
        headers['Content-Encoding'] = 'gzip';
        headers.Vary = 'Accept-Encoding';
      }
      headers['Content-Length'] = body.length;
      res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      console.error('serve:', e.message);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal error');
    }
  };
}

/**
 * Starts the static server; resolves with the server once it listens.
 * @param {{ port?: number, host?: string, distDir?: string, extra?: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<boolean>, storageOrigins?: string[], bareHeaders?: (path: string) => boolean }} [o]
 * @returns {Promise<import('node:http').Server>}
 */
export function serveSites({ port = Number(process.env.PORT ?? 4321), host = '127.0.0.1', distDir, extra, storageOrigins, bareHeaders } = {}) {
  const server = createServer(createSitesHandler({ distDir, port, extra, storageOrigins, bareHeaders }));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serveSites();
  const { port } = server.address();
  console.log(`Serving the sites:\n${siteIds.map((id) => `  http://${id}.localhost:${port}/`).join('\n')}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
