/**
 * The uploads bucket. Browsers POST photos into `incoming/` (presigned, see
 * functions/adapters/storage.ts); the stream handler re-encodes them into `private/` and copies
 * the ones staff publish to `public/`, which each site's CloudFront serves at `/media/*`.
 *
 * - Lifecycle (infra/lifecycle.ts, from the periods the privacy pages state): `incoming/` expires
 *   after a day (an upload is processed within seconds of its case, or belongs to a form that was
 *   never sent); `private/` after the retention backstop, in case the sweep never removed it.
 * - Only CloudFront distributions of this account may read, and only `public/*`; `private/` is
 *   reached by the functions' role alone (and staff through short-lived signed links).
 */
import { sites } from './settings.ts';
import { uploadLifecycle } from './lifecycle.ts';

const account = aws.getCallerIdentityOutput({}).accountId;

export const uploads = new sst.aws.Bucket('Uploads', {
  lifecycle: uploadLifecycle,
  cors: {
    // The presigned POST goes from the sites' pages straight to the bucket.
    allowOrigins: sites.flatMap((s) => [`https://${s.host}`, `https://www.${s.host}`]),
    allowMethods: ['POST'],
    allowHeaders: ['*'],
    maxAge: '1 hour',
  },
  policy: [
    {
      actions: ['s3:GetObject'],
      principals: [{ type: 'service', identifiers: ['cloudfront.amazonaws.com'] }],
      paths: ['public/*'],
      conditions: [{ test: 'StringLike', variable: 'AWS:SourceArn', values: [$interpolate`arn:aws:cloudfront::${account}:distribution/*`] }],
    },
  ],
});
