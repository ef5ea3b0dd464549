import { timingSafeEqual } from 'node:crypto';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createPlatform, loadConfig } from './platform.ts';
import { GitHubDispatchPublisher } from './adapters/github-dispatch.ts';
import { createSweep } from './sweep.ts';

// Built once per Lambda container, reused by every invocation. In AWS a changed public record
// dispatches the site's CI build (the local stack rebuilds in place instead).
const config = loadConfig();
const platform = createPlatform(config, { publisher: new GitHubDispatchPublisher(config.dispatch) });
const app = handle(platform.app);

/** A Lambda function URL event (payload 2.0), as CloudFront forwards it. */
export type UrlEvent = Extract<LambdaEvent, { rawPath: string }>;

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Requests reach the function through a site's CloudFront distribution, which (see
 * infra/sites.ts) adds `x-origin-verify` (a secret only CloudFront knows), `x-site-host` (the
 * municipality's domain; the function URL needs its own Host header) and
 * `cloudfront-viewer-address` (the client's address, which the client cannot forge, unlike the
 * first entry of X-Forwarded-For). Returns the event as the app expects it (Host = the site,
 * X-Forwarded-For = the client), or undefined for a request that did not come through
 * CloudFront, which would otherwise dodge the rate limit by forging its address.
 */
export function viaCloudFront(event: UrlEvent, originSecret: string | undefined): UrlEvent | undefined {
  const headers = { ...event.headers };
  if (originSecret && !sameSecret(headers['x-origin-verify'], originSecret)) return undefined;
  delete headers['x-origin-verify'];
  if (headers['x-site-host']) headers.host = headers['x-site-host'];
  const viewer = headers['cloudfront-viewer-address'];
  // "203.0.113.7:51234" or "2001:db8::7:51234": the port follows the last colon.
  if (viewer) headers['x-forwarded-for'] = viewer.slice(0, viewer.lastIndexOf(':') > 0 ? viewer.lastIndexOf(':') : undefined);
  return { ...event, headers };
}

/** The HTTP API behind each site's CloudFront: /api/*, /<locale>/status/*, /open311/v2/requests*. */
export const http = async (event: UrlEvent, context?: LambdaContext) => {
  const trusted = viaCloudFront(event, config.originSecret);
  if (!trusted) return { statusCode: 403, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Forbidden' };
  return app(trusted, context);
};

/** The DynamoDB stream subscriber: photos, email, public records, site builds. A thrown error makes Lambda retry the batch. */
export const stream = platform.streamHandler;

/** The scheduled overdue sweep (EventBridge Scheduler, infra/functions.ts): reminders and escalations. */
export const sweep = createSweep(platform);
