/**
 * The functions, one entry file each (functions/<name>.ts, exporting `handler`), so each bundle
 * holds only what its function runs:
 * - `http`: the Hono app behind a function URL, which each site's CloudFront forwards /api/*,
 *   /<locale>/status/* and /open311/v2/requests* to (infra/sites.ts), so the API is same-origin.
 * - `stream`: the table's stream, split over two subscriptions of the same handler. One gets the
 *   cases and their timeline events (email, the public projection); the other only the public
 *   records, and dispatches the site builds. A GitHub outage then holds back rebuilds (retried
 *   until GitHub answers) but never email.
 * - `photos`: the same stream's case items: uploaded photos checked and re-encoded with sharp, in
 *   a function of their own that is linked to the table and the bucket only (no secret), since it
 *   decodes files strangers sent. The only function that carries sharp.
 * - `sweep`: reminders and escalations for overdue cases, on a schedule.
 * Stream records that still fail after the stream's 24 hours land in a queue instead of vanishing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { table } from './table.ts';
import { uploads } from './uploads.ts';
import * as secrets from './secrets.ts';
import { mail, publishing, retention, siteOriginTemplate, stage, sweepSchedule } from './settings.ts';

/** Stream records still failing when the stream drops them (after 24 h): kept 14 days for a look. */
export const streamFailures = new sst.aws.Queue('StreamFailures', {
  transform: { queue: (args) => void (args.messageRetentionSeconds = 14 * 24 * 3600) },
});

/** The settings functions/config.ts reads; secrets come through `link` and Resource. */
const environment: Record<string, $util.Input<string>> = {
  TABLE_NAME: table.name,
  BUCKET: uploads.name,
  MEDIA_BASE_URL: '/media',
  MAIL_FROM: mail.from,
  SITE_ORIGIN_TEMPLATE: siteOriginTemplate,
  DISPATCH_REPOSITORY: publishing.repository,
  DISPATCH_WORKFLOW: publishing.workflow,
  DISPATCH_REF: publishing.ref,
  DISPATCH_STAGE: stage,
  ORIGIN_SECRET: secrets.originSecret.result,
  ...(mail.redirectTo ? { MAIL_REDIRECT_TO: mail.redirectTo } : {}),
};

/**
 * The municipalities' facts are editor data (content/<id>/municipality.yaml over content/shared/),
 * read by core/municipalities/files.ts at start-up. SST bundles the functions with its own esbuild,
 * which takes no plugins (so not scripts/lib/esbuild-municipalities.mjs, which our own bundles
 * use): the YAML files go into the package instead, at the same paths, where files.ts finds them
 * from the working directory (/var/task). Paths are relative to sst.config.ts.
 */
const municipalityData = [
  'content/shared/categories.yaml',
  'content/shared/holidays.yaml',
  ...readdirSync('content', { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(`content/${e.name}/municipality.yaml`))
    .map((e) => `content/${e.name}/municipality.yaml`),
].map((from) => ({ from }));

const common = {
  runtime: 'nodejs24.x',
  architecture: 'arm64',
  link: [table, uploads, ...secrets.all],
  environment,
  logging: { retention: retention.logs },
  copyFiles: municipalityData,
  nodejs: {
    // The server-rendered forms import Leaflet's stylesheet for the browser; as text it is inert
    // (SST's bundler has no "empty" loader, and the CSS loader would chase its images).
    loader: { '.css': 'text' },
  },
} satisfies Partial<sst.aws.FunctionArgs>;

export const api = new sst.aws.Function('Api', {
  ...common,
  handler: 'functions/http.handler',
  memory: '1024 MB',
  timeout: '20 seconds',
  // Only CloudFront calls it (checked with ORIGIN_SECRET); the sites are same-origin, so no CORS.
  url: { cors: false },
});

/**
 * A stream subscription. A failing batch is split in halves until the failing record is alone,
 * so one bad record cannot hold up everyone else's email; a record that still fails after
 * MAX_RETRIES attempts is parked in the queue (SQS, kept 14 days), from
 * which it can be replayed, and the shard moves on. An outage of Resend or GitHub shorter than
 * that delays work and loses none.
 */
const MAX_RETRIES = 200;
const subscription = (filters: Record<string, unknown>[]): sst.aws.DynamoSubscriberArgs => ({
  filters,
  transform: {
    eventSourceMapping: (args) => {
      args.batchSize = 25;
      args.maximumBatchingWindowInSeconds = 1;
      args.bisectBatchOnFunctionError = true;
      args.maximumRetryAttempts = MAX_RETRIES;
      args.destinationConfig = { onFailure: { destinationArn: streamFailures.arn } };
    },
  },
});
/** Lambda's event source mapping parks a failed record in the queue with the function's own role. */
const toFailureQueue = { actions: ['sqs:SendMessage'], resources: [streamFailures.arn] };

const streamFunction = (description: string) => ({
  ...common,
  description,
  handler: 'functions/stream.handler',
  // Email, public records and build requests: network waits, little memory. A batch of 25 with
  // Resend retrying can take a while.
  memory: '512 MB',
  timeout: '2 minutes',
  permissions: [toFailureQueue],
}) satisfies sst.aws.FunctionArgs;

// Lambda's filters see only the record's `dynamodb` key (not eventName). REMOVE events carry no
// new image, so the filters on NewImage let only writes through; the public records' removals
// (withdrawals) match the OldImage filter of the Publish subscription.
export const streamHandler = table.subscribe(
  'Stream',
  streamFunction('Email and the public projection'),
  // The cases (a change may change the public record) and their timeline events (email). The
  // other items (contacts, tokens, rate counters, idempotency and sweep records) are no
  // handler's business.
  subscription([{ dynamodb: { NewImage: { type: { S: ['case', 'event'] } } } }]),
);

export const publisher = table.subscribe(
  'Publish',
  streamFunction('Site builds when public records change'),
  subscription([{ dynamodb: { NewImage: { type: { S: ['public'] } } } }, { dynamodb: { OldImage: { type: { S: ['public'] } } } }]),
);

/**
 * The photo function: the table and the bucket, and nothing else. No secret is linked and its
 * environment names only what functions/config.ts needs for those two (not the origin secret).
 */
export const photos = table.subscribe(
  'Photos',
  {
    runtime: common.runtime,
    architecture: common.architecture,
    logging: common.logging,
    description: 'Photos: checked by their bytes, re-encoded without metadata',
    handler: 'functions/photos.handler',
    link: [table, uploads],
    environment: { TABLE_NAME: table.name, BUCKET: uploads.name, MEDIA_BASE_URL: '/media' },
    // sharp's native binary is installed for Lambda's platform; everything else is bundled.
    nodejs: { install: ['sharp'] },
    // sharp wants memory, and a batch with several photos takes a while.
    memory: '1536 MB',
    timeout: '2 minutes',
    permissions: [toFailureQueue],
  },
  // Case items written (new, replied to, a photo marked processed): the handler looks for
  // pending photos and for a publication flag that changed.
  subscription([{ dynamodb: { NewImage: { type: { S: ['case'] } } } }]),
);

export const sweep = new sst.aws.CronV2('OverdueSweep', {
  schedule: sweepSchedule,
  function: { ...common, handler: 'functions/sweep.handler', memory: '512 MB', timeout: '1 minute' },
});
