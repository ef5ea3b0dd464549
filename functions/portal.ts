/**
 * Entry of the Portal function: the pages behind a session or a link, from the same Hono app
 * (web/app.ts createApp, every route): the staff workspace (/<locale>/staff/*) and the staff
 * reply links (/api/reply/*), the citizen's personal link (/<locale>/my-case/*), "was it fixed?"
 * (/<locale>/feedback/*), following a case and area alerts (/<locale>/alerts/*, /api/follow,
 * /api/alerts, /api/subscriptions/*, /api/unsubscribe/*). Each site's CloudFront sends those
 * paths here (infra/sites.ts functionPaths) and the citizens' submissions and reads to the HTTP
 * function (functions/http.ts), whose bundle then carries none of this. Like it, it holds the
 * table and the bucket (private photos for the staff pages), no mailer, no publisher, no image
 * codec: sign-in links and subscription confirmations are mailed by the stream.
 */
import { handle, type LambdaContext } from 'hono/aws-lambda';
import { loadConfig } from './config.ts';
import { DynamoCaseStore } from './adapters/dynamo.ts';
import { S3PhotoStorage } from './adapters/storage.ts';
import { createApp } from './web/app.ts';
import { viaCloudFront, type UrlEvent } from './web/cloudfront.ts';

const config = loadConfig();
const app = handle(createApp({ config, store: new DynamoCaseStore(config), storage: new S3PhotoStorage(config), now: () => new Date() }));

if (!config.originSecret) console.error('portal: the OriginSecret secret is not set: every request is refused (403)');

/** Only requests that came through CloudFront (viaCloudFront), as the site they came for. */
export const handler = async (event: UrlEvent, context?: LambdaContext) => {
  const trusted = viaCloudFront(event, config.originSecret);
  if (!trusted) return { statusCode: 403, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Forbidden' };
  return app(trusted, context);
};
