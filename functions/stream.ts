/**
 * Entry of the stream function, subscribed to the table's stream (infra/functions.ts): every
 * email, the public projection, and publishing (the fast path into the sites bucket, then
 * GitHub's workflow_dispatch of the full build). It holds the table, the mailer and the
 * publisher; photos are another function's (photos.ts). A thrown error makes Lambda retry the
 * batch.
 */
import { loadConfig } from './config.ts';
import { DynamoCaseStore } from './adapters/dynamo.ts';
import { MediaUrls } from './adapters/media.ts';
import { ResendMailer } from './adapters/mail.ts';
import { GitHubDispatchPublisher } from './adapters/github-dispatch.ts';
import { createStreamHandler } from './handlers/stream.ts';
import { S3Client } from '@aws-sdk/client-s3';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3SiteFiles } from './adapters/s3-site-files.ts';
import { fastPublish } from './domain/fast-publish.ts';
import { FastPathPublisher } from './domain/fast-publisher.ts';
import type { Publisher } from './domain/ports.ts';

const config = loadConfig();
const log = (line: string) => console.log(line);
const store = new DynamoCaseStore(config);

/**
 * The Publish subscription's publisher: the fast path into the sites bucket and the changed
 * paths invalidated (functions/domain/fast-publisher.ts), then the build as the backstop. The
 * Stream subscription has no SITES_BUCKET (and never sees a public record): the build only.
 */
function publisherOf(): Publisher {
  const dispatch = new GitHubDispatchPublisher(config.dispatch, { log });
  const sites = config.sites;
  if (!sites) return dispatch;
  const s3 = new S3Client({
    region: config.region,
    maxAttempts: 3,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
    // As functions/adapters/storage.ts: s3rver checks no checksums; AWS accepts requests without them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  // CloudFront's API lives in us-east-1 whatever the region of the rest.
  const cloudfront = new CloudFrontClient({ region: 'us-east-1', maxAttempts: 3 });
  const ports = {
    store,
    files: (m: string) => new S3SiteFiles({ s3, bucket: sites.bucket, site: m, cloudfront, distributionId: sites.distributions[m], ...(sites.maxPaths ? { maxPaths: sites.maxPaths } : {}), log }),
    // The origin the CI build gets as SITE_URL (https://<host>): feeds and the sitemap are absolute.
    siteUrl: (m: { id: string; domain: string }) => config.siteOriginTemplate.replace('{id}', m.id).replace('{domain}', m.domain),
    now: () => new Date(),
    log,
  };
  return new FastPathPublisher((m, codes) => fastPublish(ports, m, codes), dispatch, log);
}

export const handler = createStreamHandler({
  config,
  store,
  storage: new MediaUrls(config.mediaBaseUrl),
  mailer: new ResendMailer(config),
  publisher: publisherOf(),
  now: () => new Date(),
  log,
});
