/**
 * Every function in one process over one set of adapters, for the local stack
 * (scripts/local/stack.mjs: `npm start`, the integration and browser tests). In AWS each function
 * has its own entry file and builds only what it uses: http.ts, stream.ts, photos.ts, sweep.ts.
 */
import { loadConfig, type Config } from './config.ts';
import { DynamoCaseStore } from './adapters/dynamo.ts';
import { S3PhotoStorage } from './adapters/storage.ts';
import { ResendMailer } from './adapters/mail.ts';
import { SharpImages } from './adapters/images.ts';
import type { Publisher } from './domain/ports.ts';
import type { Ports } from './domain/service.ts';
import { createApp } from './web/app.ts';
import { createStreamHandler } from './handlers/stream.ts';
import { createPhotoHandler } from './handlers/photos.ts';
import { createSweepHandler, type SweepReport } from './handlers/sweep.ts';
import { FsSiteFiles } from './adapters/fs-site-files.ts';
import { fastPublish, defaultSiteUrl } from './domain/fast-publish.ts';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';

/** For the tests and tools that change data without wanting a build. */
export const noPublisher: Publisher = { requestBuild: async () => {} };

export interface PlatformOptions {
  log?: (line: string) => void;
  /** The clock every part reads (the sweep test walks it past deadlines). */
  now?: () => Date;
  /** Locally the rebuild worker; none by default. */
  publisher?: Publisher;
}

/**
 * Builds the adapters once and the handlers over them: the HTTP app, the stream handler and the
 * photo handler (the local stream poller calls both for each batch, photos first; see
 * scripts/local/stack.mjs).
 */
export function createPlatform(config: Config = loadConfig(), opts: PlatformOptions = {}) {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((line: string) => console.log(line));
  const ports: Ports = { config, store: new DynamoCaseStore(config), storage: new S3PhotoStorage(config), now };
  const mailer = new ResendMailer(config);
  const publisher = opts.publisher ?? noPublisher;
  return {
    config,
    ports,
    mailer,
    publisher,
    app: createApp(ports, { log }),
    streamHandler: createStreamHandler({ ...ports, mailer, publisher, log }),
    photoHandler: createPhotoHandler({ store: ports.store, storage: ports.storage, images: new SharpImages() }),
  };
}

export type Platform = ReturnType<typeof createPlatform>;

/** The overdue sweep over a built platform (the local stack runs it on a timer). */
export function createSweep(platform: Pick<Platform, 'config' | 'ports' | 'mailer' | 'publisher'>, log: (line: string) => void = (line) => console.log(line)): () => Promise<SweepReport> {
  return createSweepHandler({ config: platform.config, store: platform.ports.store, mailer: platform.mailer, now: platform.ports.now, publisher: platform.publisher, log });
}

/**
 * The fast publish path over the local sites (dist/<id>, a link to the build being served): the
 * rebuild worker calls it for the cases whose public records changed, before its full build.
 */
export function createLocalFastPublish(platform: Pick<Platform, 'ports'>, distDir: string, log: (line: string) => void = (line) => console.log(line)) {
  const ports = {
    store: platform.ports.store,
    // The build being served now, resolved once per publish: every file goes into one tree.
    files: async (m: string) => new FsSiteFiles(await realpath(join(distDir, m))),
    siteUrl: (m: Parameters<typeof defaultSiteUrl>[0]) => process.env.SITE_URL ?? defaultSiteUrl(m),
    now: platform.ports.now,
    log,
  };
  return (municipality: string, codes: Iterable<string>) => fastPublish(ports, municipality, codes);
}

export { loadConfig };
export type { SweepReport };
