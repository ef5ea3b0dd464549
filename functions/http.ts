/**
 * Entry of the HTTP function: the Hono app behind each site's CloudFront (/api/*,
 * /<locale>/status/*, /open311/v2/requests*). It holds the table and the bucket; no mailer,
 * no publisher, no image codec. The adapters are built once per Lambda container, at module
 * scope, and reused by every invocation.
 */
import { handle, type LambdaContext } from 'hono/aws-lambda';
import { loadConfig } from './config.ts';
import { DynamoCaseStore } from './adapters/dynamo.ts';
import { S3PhotoStorage } from './adapters/storage.ts';
import { createApp } from './web/app.ts';
import { viaCloudFront, type UrlEvent } from './web/cloudfront.ts';

const config = loadConfig();
const app = handle(createApp({ config, store: new DynamoCaseStore(config), storage: new S3PhotoStorage(config), now: () => new Date() }));

/** Only requests that came through CloudFront (viaCloudFront), as the site they came for. */
export const handler = async (event: UrlEvent, context?: LambdaContext) => {
  const trusted = viaCloudFront(event, config.originSecret);
  if (!trusted) return { statusCode: 403, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Forbidden' };
  return app(trusted, context);
};

export { viaCloudFront, type UrlEvent };
