import { timingSafeEqual } from 'node:crypto';
import type { LambdaEvent } from 'hono/aws-lambda';

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
 *
 * Fails closed: with no secret configured (a deploy that lost the link, say) nothing can be
 * told to have come through CloudFront, so every request is refused. Only the AWS entry
 * (functions/http.ts) calls this; the local stack has no CloudFront and serves the app directly
 * (functions/local.ts).
 */
export function viaCloudFront(event: UrlEvent, originSecret: string | undefined): UrlEvent | undefined {
  const headers = { ...event.headers };
  if (!originSecret || !sameSecret(headers['x-origin-verify'], originSecret)) return undefined;
  delete headers['x-origin-verify'];
  if (headers['x-site-host']) headers.host = headers['x-site-host'];
  const viewer = headers['cloudfront-viewer-address'];
  // "203.0.113.7:51234" or "2001:db8::7:51234": the port follows the last colon.
  if (viewer) headers['x-forwarded-for'] = viewer.slice(0, viewer.lastIndexOf(':') > 0 ? viewer.lastIndexOf(':') : undefined);
  return { ...event, headers };
}
