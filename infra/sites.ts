/**
 * The four sites: one bucket holding each built site under `<id>/` (uploaded by the publish
 * workflow, .github/workflows/publish.yml), and one CloudFront distribution per municipality
 * on its own domain that serves
 * - the static site from `<id>/` (directory URLs map to index.html; a missing page gets 404.html),
 * - `/api/*`, `/<locale>/status/*` and `/open311/v2/requests*` from the function URL, uncached,
 *   with the site's domain and the client's address in headers (functions/http.ts, functions/web/cloudfront.ts),
 * - `/media/*` from the uploads bucket's `public/` prefix (published photos only).
 *
 * Domains are expected in Route 53 (hosted zone per domain; certificates and records are made
 * here). For a domain hosted elsewhere, set CERT_ARN_<ID> (e.g. CERT_ARN_ZUBIN_POTOK) to a
 * validated us-east-1 certificate and add the DNS records by hand (docs/deploy.md).
 */
import { api } from './functions.ts';
import { uploads } from './uploads.ts';
import { originSecret } from './secrets.ts';
import { isProduction, sites, stage } from './settings.ts';

// AWS-managed CloudFront policies (fixed IDs, the same in every account).
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const SECURITY_HEADERS = '67f7725c-6f97-4210-82d7-5512b31e9d03';

/** Paths the functions answer; everything else is the static site. */
export const apiPaths = ['/api/*', '/*/status/*', '/open311/v2/requests*'];

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

const apiHost = api.url.apply((url) => new URL(url).host);

const pascal = (id: string) => id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

export const distributions = sites.map((site) => {
  const cert = process.env[`CERT_ARN_${site.id.toUpperCase().replace(/-/g, '_')}`];
  const cdn = new sst.aws.Cdn(`Site${pascal(site.id)}`, {
    comment: `E-opstine ${site.id} (${stage})`,
    domain: { name: site.host, redirects: isProduction ? [`www.${site.host}`] : [], ...(cert ? { dns: false as const, cert } : {}) },
    origins: [
      { originId: 'site', domainName: siteBucket.nodes.bucket.bucketRegionalDomainName, originPath: `/${site.id}`, originAccessControlId: access.id },
      { originId: 'media', domainName: uploads.nodes.bucket.bucketRegionalDomainName, originPath: '/public', originAccessControlId: access.id },
      {
        originId: 'api',
        domainName: apiHost,
        customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'], originReadTimeout: 30 },
        customHeaders: [
          { name: 'x-origin-verify', value: originSecret.result },
          // The municipality by its production domain, whatever host name this stage uses.
          { name: 'x-site-host', value: site.domain },
        ],
      },
    ],
    defaultRootObject: 'index.html',
    defaultCacheBehavior: {
      targetOriginId: 'site',
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      cachePolicyId: CACHING_OPTIMIZED,
      responseHeadersPolicyId: SECURITY_HEADERS,
      functionAssociations: [{ eventType: 'viewer-request', functionArn: siteRequest.arn }],
    },
    orderedCacheBehaviors: [
      ...apiPaths.map((pathPattern) => ({
        pathPattern,
        targetOriginId: 'api',
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: CACHING_DISABLED,
        originRequestPolicyId: apiRequests.id,
      })),
      {
        pathPattern: '/media/*',
        targetOriginId: 'media',
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        compress: false,
        cachePolicyId: CACHING_OPTIMIZED,
        functionAssociations: [{ eventType: 'viewer-request', functionArn: mediaRequest.arn }],
      },
    ],
    // Without s3:ListBucket, S3 answers 403 for a missing key: show the site's 404 page.
    customErrorResponses: [{ errorCode: 403, responseCode: 404, responsePagePath: '/404.html', errorCachingMinTtl: 60 }],
  });
  return { ...site, cdn };
});
