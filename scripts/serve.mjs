// Serves the built sites by host name: http://zvecan.localhost:4321/sr/ and so on.
// http://localhost:4321/ lists the sites. Listens on loopback only.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { siteIds } from './lib/sites.mjs';

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

async function resolveFile(siteDir, pathname) {
  const safe = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(siteDir, safe);
  if (!file.startsWith(siteDir)) return null;
  try {
    const s = await stat(file);
    if (s.isDirectory()) file = join(file, 'index.html');
    await stat(file);
    return file;
  } catch {
    return null;
  }
}

function sitesIndex(port) {
  const links = siteIds.map((id) => `<li><a href="http://${id}.localhost:${port}/">${id}.localhost:${port}</a></li>`).join('');
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>E-opštine · local</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6}</style><h1>E-opštine, running locally</h1><ul>${links}</ul>`;
}

/**
 * A request handler for the built sites. `extra` may handle a request first (the API and the
 * mailbox, later) and return true when it did.
 */
export function createSitesHandler({ distDir = fileURLToPath(new URL('../dist/', import.meta.url)), port = 4321, extra } = {}) {
  return async (req, res) => {
    try {
      if (extra && (await extra(req, res))) return;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const site = siteForHost(req.headers.host);
      if (!site) {
        res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(sitesIndex(port));
        return;
      }
      const siteDir = join(distDir, site);
      let file = await resolveFile(siteDir, url.pathname);
      let status = 200;
      if (file && !url.pathname.endsWith('/') && file.endsWith('index.html') && !url.pathname.endsWith('.html')) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      if (!file) {
        file = join(siteDir, '404.html');
        status = 404;
      }
      let body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
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

/** Starts the static server; resolves with the server once it listens. */
export function serveSites({ port = Number(process.env.PORT ?? 4321), host = '127.0.0.1', distDir, extra } = {}) {
  const server = createServer(createSitesHandler({ distDir, port, extra }));
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
