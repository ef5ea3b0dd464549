/**
 * The functions, all from functions/lambda.ts:
 * - `http`: the Hono app behind a function URL, which each site's CloudFront forwards /api/*,
 *   /<locale>/status/* and /open311/v2/requests* to (infra/sites.ts), so the API is same-origin.
 * - `stream`: the table's stream, split over two subscriptions of the same handler. One gets
 *   every item but the public records (photos, email, the public projection); the other only the
 *   public records, and dispatches the site builds. A GitHub outage then holds back rebuilds
 *   (retried until GitHub answers) but never email. Records that still fail after the stream's
 *   24 hours land in a queue instead of vanishing.
 * - `sweep`: reminders and escalations for overdue cases, on a schedule.
 */
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

const common = {
  runtime: 'nodejs24.x',
  architecture: 'arm64',
  link: [table, uploads, ...secrets.all],
  environment,
  logging: { retention: retention.logs },
  nodejs: {
    // sharp's native binary is installed for Lambda's platform; everything else is bundled.
    install: ['sharp'],
    // The server-rendered forms import Leaflet's stylesheet for the browser; as text it is inert
    // (SST's bundler has no "empty" loader, and the CSS loader would chase its images).
    loader: { '.css': 'text' },
  },
} satisfies Partial<sst.aws.FunctionArgs>;

export const api = new sst.aws.Function('Api', {
  ...common,
  handler: 'functions/lambda.http',
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
const streamFunction = (description: string) => ({
  ...common,
  description,
  handler: 'functions/lambda.stream',
  // Photos are re-encoded here: sharp wants memory, and a batch of photos takes a while.
  memory: '1536 MB',
  timeout: '2 minutes',
  permissions: [{ actions: ['sqs:SendMessage'], resources: [streamFailures.arn] }],
}) satisfies sst.aws.FunctionArgs;

export const streamHandler = table.subscribe(
  'Stream',
  streamFunction('Photos, email and the public projection'),
  // Every item but the public records. (REMOVE events carry no new image; only the public
  // records' removals matter, and those go to the other subscription.)
  subscription([{ dynamodb: { NewImage: { type: { S: [{ 'anything-but': ['public'] }] } } } }]),
);

export const publisher = table.subscribe(
  'Publish',
  streamFunction('Site builds when public records change'),
  subscription([{ dynamodb: { NewImage: { type: { S: ['public'] } } } }, { dynamodb: { OldImage: { type: { S: ['public'] } } } }]),
);

export const sweep = new sst.aws.CronV2('OverdueSweep', {
  schedule: sweepSchedule,
  function: { ...common, handler: 'functions/lambda.sweep', memory: '512 MB', timeout: '1 minute' },
});
