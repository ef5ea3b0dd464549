/**
 * The four sites: one bucket holding each built site under `<id>/` (uploaded by the publish
 * workflow, .github/workflows/publish.yml), and one CloudFront distribution per municipality
 * on its own domain that serves
 * - the static site from `<id>/` (directory URLs map to index.html; a missing page gets 404.html),
 * - `/api/*` from the Api function's URL (submissions, uploads), uncached;
 * - from the Portal function's URL (functions/portal.ts), uncached: `/<locale>/staff/*` (the staff
 *   workspace, with the staff session cookie and nothing else of the viewer's cookies:
 *   staffRequests below), the staff reply links `/api/reply/*`, the citizen's personal link,
 *   "was it fixed?", follow and alerts (`/api/follow`, `/api/alerts`, `/api/subscriptions/*`,
 *   `/api/unsubscribe/*` before `/api/*`);
 * - `/open311/v2/requests*`, `/api/cases/*` and `/<locale>/status/*` from the Reads function's
 *   URL (infra/functions.ts); Open311 lists cached as the function says (Cache-Control), the rest
 *   uncached. Both get the site's domain and the client's address in headers (functions/http.ts,
 *   functions/web/cloudfront.ts),
 * - `/media/*` from the uploads bucket's `public/` prefix (published photos only).
 *
 * Domains are expected in Route 53 (hosted zone per domain; certificates and records are made
 * here). For a domain hosted elsewhere, set CERT_ARN_<ID> (e.g. CERT_ARN_ZUBIN_POTOK) to a
 * validated us-east-1 certificate and add the DNS records by hand (docs/deploy.md).
 */
import { api, portal, reads, subscribePublisher } from './functions.ts';
import { uploads } from './uploads.ts';
import { originSecret } from './secrets.ts';
import { isProduction, sites, stage } from './settings.ts';
import { cloudFrontHeaders } from '../core/security/headers.ts';
import { readAllowedHashes } from '../core/security/allowlist.ts';
import { getMunicipality } from '../core/municipalities/index.ts';
import { REQUEST_PARAMS } from '../core/cases/open311.ts';

// AWS-managed CloudFront policies (fixed IDs, the same in every account).
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

/**
 * Paths the functions answer, in CloudFront's order (the first pattern that matches wins);
 * everything else is the static site. `/api/cases/*` must come before `/api/*`.
 */
export const functionPaths = [
  { pathPattern: '/open311/v2/requests*', origin: 'reads', cached: true },
  { pathPattern: '/api/cases/*', origin: 'reads', cached: false },
  // The Portal function's part of /api/* (functions/portal.ts): staff reply links, follow, alerts
  // and their confirmation and unsubscribe links. Before `/api/*`.
  { pathPattern: '/api/reply/*', origin: 'portal', cached: false },
  { pathPattern: '/api/follow', origin: 'portal', cached: false },
  { pathPattern: '/api/alerts', origin: 'portal', cached: false },
  { pathPattern: '/api/subscriptions/*', origin: 'portal', cached: false },
  { pathPattern: '/api/unsubscribe/*', origin: 'portal', cached: false },
  // Submissions and uploads (functions/http.ts).
  { pathPattern: '/api/*', origin: 'api', cached: false },
  // The staff workspace: before `/*/status/*`, whose leading `*` could otherwise take `/sr/staff/status/…`.
  { pathPattern: '/*/staff/*', origin: 'portal', cached: false, cookies: true },
  // "Was it fixed?" answers (functions/web/feedback.ts): a click counts by its Sec-Fetch-* headers.
  { pathPattern: '/*/feedback/*', origin: 'portal', cached: false, clicks: true },
  // The email alerts' form and its messages (functions/web/subscriptions.ts).
  { pathPattern: '/*/alerts/*', origin: 'portal', cached: false },
  // The citizen's personal link (functions/web/citizen.ts).
  { pathPattern: '/*/my-case/*', origin: 'portal', cached: false },
  { pathPattern: '/*/status/*', origin: 'reads', cached: false },
] as const;

const account = aws.getCallerIdentityOutput({}).accountId;

export const siteBucket = new sst.aws.Bucket('Sites', {
  policy: [
    {
      actions: ['s3:GetObject'],
      principals: [{ type: 'service', identifiers: ['cloudfront.amazonaws.com'] }],
      paths: ['*'],
      // This account's distributions only (OAC signs as the CloudFront service).
      conditions: [{ test: 'StringLike', variable: 'AWS:SourceArn', values: [$interpolate`arn:aws:cloudfront::${account}:distribution/*`] }],
    },
  ],
});

const access = new aws.cloudfront.OriginAccessControl('BucketAccess', {
  description: `E-opstine ${stage}: CloudFront reads the sites and published photos`,
  originAccessControlOriginType: 's3',
  signingBehavior: 'always',
  signingProtocol: 'sigv4',
});

/** Astro builds directory pages (/sr/news/ → sr/news/index.html); S3 has no index documents. */
const siteRequest = new aws.cloudfront.Function('SiteRequest', {
  runtime: 'cloudfront-js-2.0',
  comment: 'Directory URLs to index.html',
  publish: true,
  code: `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) request.uri = uri + 'index.html';
  else if (uri.split('/').pop().indexOf('.') === -1) request.uri = uri + '/index.html';
  return request;
}`,
});

/** /media/<code>/<file> is public/<code>/<file> in the uploads bucket (the origin path adds public/). */
const mediaRequest = new aws.cloudfront.Function('MediaRequest', {
  runtime: 'cloudfront-js-2.0',
  comment: 'Strip /media',
  publish: true,
  code: `function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\\/media\\//, '/');
  return request;
}`,
});

/** What the API gets: the headers the app reads, the client address, every query string, no cookies. */
const apiRequests = new aws.cloudfront.OriginRequestPolicy('ApiRequests', {
  comment: `E-opstine ${stage} API requests`,
  cookiesConfig: { cookieBehavior: 'none' },
  headersConfig: {
    headerBehavior: 'whitelist',
    // Not Host: a function URL answers only to its own host name (x-site-host carries the site).
    headers: { items: ['accept', 'accept-language', 'content-type', 'origin', 'referer', 'user-agent', 'cloudfront-viewer-address'] },
  },
  queryStringsConfig: { queryStringBehavior: 'all' },
});

/**
 * What the "was it fixed?" links get: the same as the API, and the Sec-Fetch-* headers that tell a
 * person's click in a browser (Sec-Fetch-User: ?1, Sec-Fetch-Mode: navigate) from a mail
 * scanner's prefetch, which must not count as an answer (functions/web/feedback.ts).
 */
const feedbackRequests = new aws.cloudfront.OriginRequestPolicy('FeedbackRequests', {
  comment: `E-opstine ${stage} feedback link requests`,
  cookiesConfig: { cookieBehavior: 'none' },
  headersConfig: {
    headerBehavior: 'whitelist',
    headers: { items: ['accept', 'accept-language', 'content-type', 'origin', 'referer', 'user-agent', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-user', 'cloudfront-viewer-address'] },
  },
  queryStringsConfig: { queryStringBehavior: 'all' },
});

/**
 * What the staff workspace gets: the same as the API, the Sec-Fetch-Site header its same-site
 * check reads first (functions/web/requests.ts fromOwnSite), and the staff session cookie, by
 * name (functions/domain/staff-auth.ts sessionCookieName: `__Host-eop_staff` over HTTPS). No other
 * cookie reaches the function (tests/unit/infra-permissions.test.ts checks the name against the
 * functions'). The cache policy stays CachingDisabled, so nothing of it is cached.
 */
const STAFF_SESSION_COOKIE = '__Host-eop_staff';
const staffRequests = new aws.cloudfront.OriginRequestPolicy('StaffRequests', {
  comment: `E-opstine ${stage} staff workspace requests`,
  cookiesConfig: { cookieBehavior: 'whitelist', cookies: { items: [STAFF_SESSION_COOKIE] } },
  headersConfig: {
    headerBehavior: 'whitelist',
    headers: { items: ['accept', 'accept-language', 'content-type', 'origin', 'referer', 'user-agent', 'sec-fetch-site', 'cloudfront-viewer-address'] },
  },
  queryStringsConfig: { queryStringBehavior: 'all' },
});

/**
 * Open311 lists: cached for as long as the function's Cache-Control says (max-age=60 on answers
 * and "no such request"; no-store on errors, which a minimum TTL of 0 lets CloudFront honour),
 * not at all when it says nothing, and never longer than 5 minutes. The key is the standard's
 * parameters only (core/cases/open311.ts), so an extra made-up parameter cannot get past the
 * cache to the function; the origin request policy still forwards every query string.
 */
const open311Cache = new aws.cloudfront.CachePolicy('Open311Cache', {
  comment: `E-opstine ${stage} Open311 lists: the origin's max-age, keyed by the standard's parameters`,
  minTtl: 0,
  defaultTtl: 0,
  maxTtl: 300,
  parametersInCacheKeyAndForwardedToOrigin: {
    cookiesConfig: { cookieBehavior: 'none' },
    headersConfig: { headerBehavior: 'none' },
    queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: { items: [...REQUEST_PARAMS] } },
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  },
});

const hostOf = (fn: typeof api) => fn.url.apply((url) => new URL(url).host);
const functionHosts = { api: hostOf(api), reads: hostOf(reads), portal: hostOf(portal) };

const pascal = (id: string) => id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/**
 * Each site's security headers (core/security/headers.ts, the definition the local server applies
 * too), on every behaviour: static pages, the functions' live pages and JSON, Open311, photos.
 * The Content-Security-Policy allows the site's inline scripts and styles by the hashes committed
 * in core/security/csp/<id>.json (docs/deploy.md: change them, deploy, then publish), and the
 * uploads bucket, where the pages POST photos and staff see private ones.
 */
function headersPolicy(id: string) {
  const hashes = readAllowedHashes(id);
  if (!hashes) throw new Error(`No inline hashes for ${id}: run \`CSP_HASHES=write npm run build -- ${id}\` and commit core/security/csp/${id}.json before deploying.`);
  const headers = uploads.nodes.bucket.bucketRegionalDomainName.apply((host) =>
    cloudFrontHeaders({ hashes, storageOrigins: [`https://${host}`], tileUrls: [getMunicipality(id).map.tileUrl], https: true }),
  );
  return new aws.cloudfront.ResponseHeadersPolicy(`Headers${pascal(id)}`, {
    comment: `E-opstine ${id} (${stage}): security headers`,
    securityHeadersConfig: headers.securityHeadersConfig,
    customHeadersConfig: headers.customHeadersConfig,
  });
}

export const distributions = sites.map((site) => {
  const cert = process.env[`CERT_ARN_${site.id.toUpperCase().replace(/-/g, '_')}`];
  const responseHeadersPolicyId = headersPolicy(site.id).id;
  const cdn = new sst.aws.Cdn(`Site${pascal(site.id)}`, {
    comment: `E-opstine ${site.id} (${stage})`,
    domain: { name: site.host, redirects: isProduction ? [`www.${site.host}`] : [], ...(cert ? { dns: false as const, cert } : {}) },
    origins: [
      { originId: 'site', domainName: siteBucket.nodes.bucket.bucketRegionalDomainName, originPath: `/${site.id}`, originAccessControlId: access.id },
      { originId: 'media', domainName: uploads.nodes.bucket.bucketRegionalDomainName, originPath: '/public', originAccessControlId: access.id },
      ...(['api', 'reads', 'portal'] as const).map((originId) => ({
        originId,
        domainName: functionHosts[originId],
        customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'], originReadTimeout: 30 },
        customHeaders: [
          { name: 'x-origin-verify', value: originSecret.value },
          // The municipality by its production domain, whatever host name this stage uses.
          { name: 'x-site-host', value: site.domain },
        ],
      })),
    ],
    defaultRootObject: 'index.html',
    defaultCacheBehavior: {
      targetOriginId: 'site',
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      cachePolicyId: CACHING_OPTIMIZED,
      responseHeadersPolicyId,
      functionAssociations: [{ eventType: 'viewer-request', functionArn: siteRequest.arn }],
    },
    orderedCacheBehaviors: [
      ...functionPaths.map((path) => ({
        pathPattern: path.pathPattern,
        targetOriginId: path.origin,
        viewerProtocolPolicy: 'redirect-to-https',
        // All methods, so that a write to a read path gets the function's 405 rather than CloudFront's 403.
        allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: path.cached ? open311Cache.id : CACHING_DISABLED,
        originRequestPolicyId: 'cookies' in path ? staffRequests.id : 'clicks' in path ? feedbackRequests.id : apiRequests.id,
        responseHeadersPolicyId,
      })),
      {
        pathPattern: '/media/*',
        targetOriginId: 'media',
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        compress: false,
        cachePolicyId: CACHING_OPTIMIZED,
        responseHeadersPolicyId,
        functionAssociations: [{ eventType: 'viewer-request', functionArn: mediaRequest.arn }],
      },
    ],
    // Without s3:ListBucket, S3 answers 403 for a missing key: show the site's 404 page.
    customErrorResponses: [{ errorCode: 403, responseCode: 404, responsePagePath: '/404.html', errorCachingMinTtl: 60 }],
  });
  return { ...site, cdn };
});

/**
 * The Publish function (infra/functions.ts subscribePublisher): the fast publish path writes the
 * archive's changed pages into each site's folder of the bucket and invalidates them in the
 * site's distribution, so it is made here, after both, with their names, ids and ARNs.
 */
export const publisher = subscribePublisher({
  bucketName: siteBucket.name,
  bucketArn: siteBucket.arn,
  sites: distributions.map((d) => ({ id: d.id, distributionId: d.cdn.nodes.distribution.id, distributionArn: d.cdn.nodes.distribution.arn })),
});
