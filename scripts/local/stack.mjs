// The whole platform on one machine: DynamoDB Local, s3rver, the mail sink, the Hono app under
// /api on the sites' own origin, the stream poller (the stream and photo handlers), the overdue
// sweep on a timer, and the built sites by host name.
// Used by `npm start` and by the integration and browser tests (on free ports, in memory).
import { rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { startDynamo, ensureTable } from './dynamodb.mjs';
import { startS3 } from './s3.mjs';
import { createMailSink, startMailSink } from './mail-sink.mjs';
import { startStreamPoller } from './stream-poller.mjs';
import { serveSites } from '../serve.mjs';
import { createRebuilder } from './rebuilder.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
// The live status pages and the staff workspace, which the function serves (CloudFront routes them the same way: infra/sites.ts).
const LIVE_PAGE = /^\/(sr|sr-latn|sq)\/(status|staff|feedback|alerts|my-case)\//;

/**
 * @param {object} o
 * @param {number} [o.port] the sites' port; 0 picks a free one
 * @param {string} [o.dataDir] keep data there (.data/ for npm start); omitted = in memory
 * @param {boolean} [o.reset] wipe dataDir first
 * @param {string} [o.distDir] built sites
 * @param {() => Promise<{ createPlatform: Function, loadConfig: Function, createSweep?: Function }>} o.loadPlatform the functions module
 *   (functions/local.ts, or its bundle: every function over one set of adapters)
 * @param {'mounted' | 'separate'} [o.mail] mounted: the sink answers under /_mail on the sites' port;
 *   separate: on its own port, so a test can stop and restart it
 * @param {(line: string) => void} [o.log]
 * @param {Record<string, string>} [o.env] extra settings for the functions (see functions/config.ts)
 * @param {boolean | { debounceMs?: number, onBuilt?: (site: string, result: object) => void }} [o.rebuild] rebuild a site when its public data changes
 *   (the rebuild worker; off: the stream handler's requests are ignored)
 */
export async function startStack({ port = 4321, dataDir, reset = false, distDir = join(root, 'dist'), loadPlatform, mail = 'mounted', log = console.log, env = {}, rebuild = false }) {
  if (dataDir && reset) await rm(dataDir, { recursive: true, force: true });
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const stops = [];
  // Once only, however often it is called (Ctrl-C during a failing start calls it twice).
  let stopping;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const stop of stops.reverse()) await stop().catch((e) => log(`stop: ${e.message}`));
      stops.length = 0;
    })());
  try {
    const dynamo = await startDynamo(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {});
    stops.push(() => dynamo.stop());
    const s3 = await startS3(dataDir ? { dataDir: join(dataDir, 's3') } : {});
    stops.push(() => s3.stop());
    const tableName = 'e-opstine';
    await ensureTable(dynamo.endpoint, tableName);

    const sink = createMailSink(dataDir ? { dataDir: join(dataDir, 'mail') } : {});
    let mailServer;
    if (mail === 'separate') {
      mailServer = await startMailSink({ sink });
      stops.push(() => mailServer.stop());
    }

    let handleApi = null;
    let platform = null;
    const server = await serveSites({
      port,
      distDir,
      // The pages upload photos to the local S3 and show staff its private photos (CSP connect-src, img-src).
      storageOrigins: [new URL(s3.endpoint).origin],
      // The mounted mailbox is a developer's tool with its own inline page, not the platform.
      bareHeaders: (path) => mail === 'mounted' && path.startsWith('/_mail'),
      extra: async (req, res) => {
        const path = (req.url ?? '/').split('?')[0];
        if (mail === 'mounted' && path.startsWith('/_mail')) return sink.handle(req, res);
        if (path.startsWith('/media/') && platform) {
          let key;
          try {
            key = `public/${decodeURIComponent(path.slice('/media/'.length))}`;
          } catch {
            res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request');
            return true; // not percent-encoding: "/media/%"
          }
          if (key.includes('..') || /[\0-\x1f\\]/.test(key)) return false;
          try {
            const body = await platform.ports.storage.read(key);
            res.writeHead(200, { 'Content-Type': 'image/webp', 'Cache-Control': 'public, max-age=3600', 'Content-Length': body.length }).end(body);
          } catch {
            res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
          }
          return true;
        }
        if (handleApi && (path.startsWith('/api/') || LIVE_PAGE.test(path) || path.startsWith('/open311/v2/requests'))) {
          // CloudFront passes the client's address the same way.
          req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? 'unknown';
          await handleApi(req, res);
          return true;
        }
        return false;
      },
    });
    stops.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    const actualPort = server.address().port;

    const { createPlatform, loadConfig, createSweep, createLocalFastPublish } = await loadPlatform();
    const config = loadConfig({
      ...process.env,
      TABLE_NAME: tableName,
      BUCKET: s3.bucket,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      S3_ENDPOINT: s3.endpoint,
      MEDIA_BASE_URL: '/media',
      RESEND_API_KEY: 're_local',
      RESEND_BASE_URL: mail === 'separate' ? mailServer.url : `http://127.0.0.1:${actualPort}/_mail/api`,
      MAIL_FROM: 'E-opštine <no-reply@e-opstine.local>',
      SITE_ORIGIN_TEMPLATE: `http://{id}.localhost:${actualPort}`,
      SITES_DIST: distDir,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    });
    // The build reads the public projection from this table, as CI does from the real one.
    const rebuilder = rebuild
      ? createRebuilder({
          distDir,
          log,
          // The fast path publishes a changed case's pages before the full build (functions/local.ts).
          fastPublish: (site, codes) => fastPublishLocal(site, codes),
          ...(typeof rebuild === 'object' ? rebuild : {}),
          env: { ARCHIVE_SOURCE: 'dynamodb', TABLE_NAME: tableName, DYNAMODB_ENDPOINT: dynamo.endpoint, AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: config.region },
        })
      : undefined;
    if (rebuilder) stops.push(() => rebuilder.stop());
    platform = createPlatform(config, { log, ...(rebuilder ? { publisher: rebuilder } : {}) });
    // A test's own composition may leave the fast path out: the rebuild worker then only builds.
    const fastPublishLocal = createLocalFastPublish ? createLocalFastPublish(platform, distDir, log) : async () => ({ written: [], removed: [], rendered: 0, ms: { total: 0 } });
    handleApi = getRequestListener(platform.app.fetch);

    // In AWS the photo function and the stream function are separate subscribers of the table's
    // stream (infra/functions.ts). Here one poller hands each batch to both, photos first, as the
    // single stream handler did before they were split: a new case's photos are processed before
    // its emails go out and its public record is written, and a batch that fails in either is
    // delivered again to both (each is idempotent).
    const { photoHandler, streamHandler } = platform;
    const poller = await startStreamPoller({
      endpoint: dynamo.endpoint,
      tableName,
      handler: async (event) => {
        await photoHandler(event);
        await streamHandler(event);
      },
      intervalMs: 200,
      log,
      ...(dataDir ? { checkpointFile: join(dataDir, 'stream-checkpoint.json') } : {}),
    });
    stops.splice(stops.length - 1, 0, () => poller.stop()); // stop the poller before the server

    // The overdue sweep, which a schedule runs in AWS: here once a minute, one run at a time, when
    // the functions module has it. stop() waits for a run in progress.
    const sweep = createSweep ? createSweep(platform, log) : undefined;
    let sweeping = Promise.resolve();
    const sweepTimer = sweep && setInterval(() => (sweeping = sweeping.then(sweep).catch((e) => log(e.message))), 60_000).unref();
    if (sweepTimer) stops.push(async () => { clearInterval(sweepTimer); await sweeping; });

    return {
      port: actualPort,
      url: (site, path = '/') => `http://${site}.localhost:${actualPort}${path}`,
      apiUrl: (path) => `http://127.0.0.1:${actualPort}${path}`,
      mailboxUrl: mail === 'separate' ? mailServer.mailboxUrl : `http://localhost:${actualPort}/_mail`,
      sink,
      mail: {
        /** Takes the mail sink offline (separate mode): sends fail until start(). */
        stop: async () => mailServer?.stop(),
        start: async () => {
          const again = await startMailSink({ port: mailServer.port, sink });
          mailServer = again;
          stops.push(() => again.stop());
        },
      },
      dynamo,
      s3,
      platform,
      poller,
      rebuilder,
      /** Runs the overdue sweep now (undefined when the functions module has none). */
      sweep,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
