/**
 * Entry of the HTTP function, the citizens' side: the Hono app's core (web/app.ts createCoreApp)
 * behind each site's CloudFront, as two functions (infra/functions.ts): Api (submissions,
 * uploads) and Reads (/open311/v2/requests*, /api/cases/*, /<locale>/status/*). The workspace,
 * reply links, personal links, feedback and subscriptions are the Portal function's
 * (functions/portal.ts), so neither their code nor their templates are in this bundle. It holds
 * the table and the bucket; no mailer, no publisher, no image codec. The adapters are built once
 * per Lambda container, at module scope, and reused by every invocation.
 */
// `hono/aws-lambda` is marked deprecated in Hono 4.13: Hono 5 moves each runtime adapter into a
// package of its own (`@hono/aws-lambda`, same `handle`). That package is not published on the
// registry this project installs from yet, and the 4.x adapter is still maintained (4.12.25 fixed
// its body-limit bypass), so it stays until the switch to Hono 5: then this import and the type
// import in web/cloudfront.ts change to `@hono/aws-lambda`, nothing else.
import { handle, type LambdaContext } from 'hono/aws-lambda';
import { loadConfig } from './config.ts';
import { DynamoCaseStore } from './adapters/dynamo.ts';
import { S3PhotoStorage } from './adapters/storage.ts';
import { createCoreApp } from './web/app.ts';
import { viaCloudFront, type UrlEvent } from './web/cloudfront.ts';

const config = loadConfig();
const app = handle(createCoreApp({ config, store: new DynamoCaseStore(config), storage: new S3PhotoStorage(config), now: () => new Date() }));

// Said once per container, so a deploy without the secret is found in the logs, not guessed at.
if (!config.originSecret) console.error('http: the OriginSecret secret is not set: every request is refused (403)');

/** Only requests that came through CloudFront (viaCloudFront), as the site they came for. */
export const handler = async (event: UrlEvent, context?: LambdaContext) => {
  const trusted = viaCloudFront(event, config.originSecret);
  if (!trusted) return { statusCode: 403, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Forbidden' };
  return app(trusted, context);
};

export { viaCloudFront, type UrlEvent };
