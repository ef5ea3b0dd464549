/**
 * The functions, one entry file each (functions/<name>.ts, exporting `handler`), so each bundle
 * holds only what its function runs:
 * - `http`: the Hono app behind a function URL, in two functions: `Api` takes what changes
 *   something (/api/*: submissions, uploads, staff replies) and `Reads` answers what only reads
 *   (/open311/v2/requests*, /api/cases/*, /<locale>/status/*). Each site's CloudFront forwards
 *   each path to its function (infra/sites.ts), so both are same-origin. Apart, they have their
 *   own permissions (Reads cannot write) and their own reserved concurrency, so a flood of reads
 *   cannot take the concurrency that intake needs.
 * - `stream`: the table's stream, split over two subscriptions of the same handler. One gets the
 *   cases and their timeline events (email, the public projection); the other only the public
 *   records, and dispatches the site builds. A GitHub outage then holds back rebuilds (retried
 *   until GitHub answers) but never email.
 * - `photos`: the same stream's case items: uploaded photos checked and re-encoded with sharp, in
 *   a function of their own that reaches the table and the bucket only (no secret), since it
 *   decodes files strangers sent. The only function that carries sharp.
 * - `sweep`: reminders and escalations for overdue cases, on a schedule.
 * Stream records that still fail after the stream's 24 hours land in a queue instead of vanishing.
 *
 * What each may do is infra/permissions.ts: explicit IAM actions on the table, its indexes and
 * prefixes of the bucket (no `link` to the table or the bucket, which would grant everything),
 * and `link` only for the secrets each needs. Each has reserved concurrency.
 */
import { existsSync, readdirSync } from 'node:fs';
import { table } from './table.ts';
import { uploads } from './uploads.ts';
import * as secrets from './secrets.ts';
import { access, type FunctionName, type Target } from './permissions.ts';
import { mail, publishing, reserveConcurrency, retention, siteOriginTemplate, stage, sweepSchedule } from './settings.ts';

/** Stream records still failing when the stream drops them (after 24 h): kept 14 days for a look. */
export const streamFailures = new sst.aws.Queue('StreamFailures', {
  transform: { queue: (args) => void (args.messageRetentionSeconds = 14 * 24 * 3600) },
});

/** The settings functions/config.ts reads; secrets come through `link` and Resource, never here. */
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
  ...(mail.redirectTo ? { MAIL_REDIRECT_TO: mail.redirectTo } : {}),
};

/**
 * The municipalities' facts are editor data (content/<id>/municipality.yaml over content/shared/),
 * read by core/municipalities/files.ts at start-up, and so are the response templates
 * (content/shared/responses/, content/<id>/responses/), read by core/responses/files.ts on first
 * use. SST bundles the functions with its own esbuild, which takes no plugins (so not
 * scripts/lib/esbuild-municipalities.mjs, which our own bundles use): the files go into the
 * package instead, at the same paths, where files.ts finds them from the working directory
 * (/var/task). Paths are relative to sst.config.ts; a responses/ folder is copied whole.
 */
const municipalityFolders = readdirSync('content', { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(`content/${e.name}/municipality.yaml`))
  .map((e) => e.name);
const municipalityData = [
  'content/shared/categories.yaml',
  'content/shared/holidays.yaml',
  ...municipalityFolders.map((id) => `content/${id}/municipality.yaml`),
  ...['shared', ...municipalityFolders].map((folder) => `content/${folder}/responses`).filter((dir) => existsSync(dir)),
].map((from) => ({ from }));

/** The ARN of what a grant applies to. */
function arnOf(target: Target): $util.Input<string> {
  switch (target) {
    case 'table':
      return table.arn;
    case 'index/gsi1':
    case 'index/public-by-date':
    case 'index/open-by-due':
      return $interpolate`${table.arn}/${target}`;
    case 'uploads/incoming/*':
    case 'uploads/private/*':
    case 'uploads/public/*':
      return $interpolate`${uploads.arn}/${target.slice('uploads/'.length)}`;
    case 'failures':
      return streamFailures.arn;
  }
}

/** A function's share of infra/permissions.ts: its IAM statements, its secrets, its concurrency. */
function accessOf(fn: FunctionName) {
  const a = access[fn];
  return {
    permissions: a.grants.map((g) => ({ actions: [...g.actions], resources: g.on.map(arnOf) })),
    link: a.secrets.map((name) => secrets.byName[name]),
    ...(reserveConcurrency ? { concurrency: { reserved: a.reserved } } : {}),
  };
}

const common = {
  runtime: 'nodejs24.x',
  architecture: 'arm64',
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
  ...accessOf('api'),
  description: 'Submissions, uploads and staff replies (/api/*)',
  handler: 'functions/http.handler',
  memory: '1024 MB',
  timeout: '20 seconds',
  // Only CloudFront calls it (checked with the OriginSecret); the sites are same-origin, so no CORS.
  url: { cors: false },
});

/** The same app for what only reads: Open311 lists, /api/cases/*, the live status pages. */
export const reads = new sst.aws.Function('Reads', {
  ...common,
  ...accessOf('reads'),
  description: 'Open311, /api/cases and the live status pages (read only)',
  handler: 'functions/http.handler',
  memory: '1024 MB',
  timeout: '20 seconds',
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
const streamFunction = (fn: 'stream' | 'publish', description: string) => ({
  ...common,
  // Lambda's event source mapping parks a failed record in the queue with the function's own role
  // (in infra/permissions.ts with the rest).
  ...accessOf(fn),
  description,
  handler: 'functions/stream.handler',
  // Email, public records and build requests: network waits, little memory. A batch of 25 with
  // Resend retrying can take a while.
  memory: '512 MB',
  timeout: '2 minutes',
}) satisfies sst.aws.FunctionArgs;

// Lambda's filters see only the record's `dynamodb` key (not eventName). REMOVE events carry no
// new image, so the filters on NewImage let only writes through; the public records' removals
// (withdrawals) match the OldImage filter of the Publish subscription.
export const streamHandler = table.subscribe(
  'Stream',
  // The Resend key, no GitHub token: it never asks for a build (public records' changes go to Publish).
  streamFunction('stream', 'Email and the public projection'),
  // The cases (a change may change the public record), their timeline events (email) and
  // requests for a staff sign-in link (the link is made and mailed here: functions/domain/
  // staff-auth.ts). The other items (contacts, tokens, sign-in links, sessions, rate counters,
  // idempotency, audit and sweep records) are no handler's business.
  // Subscriptions (a pending one gets its confirmation mailed: functions/domain/subscriptions.ts).
  subscription([{ dynamodb: { NewImage: { type: { S: ['case', 'event', 'signin-request', 'subscription'] } } } }]),
);

export const publisher = table.subscribe(
  'Publish',
  // The GitHub token, no Resend key: it only asks for builds.
  streamFunction('publish', 'Site builds when public records change'),
  subscription([{ dynamodb: { NewImage: { type: { S: ['public'] } } } }, { dynamodb: { OldImage: { type: { S: ['public'] } } } }]),
);

/**
 * The photo function: the table and the bucket, and nothing else. No secret is linked and its
 * environment names only what functions/config.ts needs for those two.
 */
export const photos = table.subscribe(
  'Photos',
  {
    runtime: common.runtime,
    architecture: common.architecture,
    logging: common.logging,
    description: 'Photos: checked by their bytes, re-encoded without metadata',
    handler: 'functions/photos.handler',
    ...accessOf('photos'),
    environment: { TABLE_NAME: table.name, BUCKET: uploads.name, MEDIA_BASE_URL: '/media' },
    // sharp's native binary is installed for Lambda's platform; everything else is bundled.
    nodejs: { install: ['sharp'] },
    // sharp wants memory, and a batch with several photos takes a while.
    memory: '1536 MB',
    timeout: '2 minutes',
  },
  // Case items written (new, replied to, a photo marked processed): the handler looks for
  // pending photos and for a publication flag that changed.
  subscription([{ dynamodb: { NewImage: { type: { S: ['case'] } } } }]),
);

export const sweep = new sst.aws.CronV2('OverdueSweep', {
  schedule: sweepSchedule,
  function: { ...common, ...accessOf('sweep'), handler: 'functions/sweep.handler', memory: '512 MB', timeout: '1 minute' },
});
