/**
 * The functions, one entry file each (functions/<name>.ts, exporting `handler`), so each bundle
 * holds only what its function runs:
 * - `http`: the citizens' side of the Hono app behind a function URL, in two functions: `Api`
 *   takes the submissions and uploads (/api/reports, /api/questions, /api/uploads) and `Reads`
 *   answers what only reads (/open311/v2/requests*, /api/cases/*, /<locale>/status/*). Each
 *   site's CloudFront forwards each path to its function (infra/sites.ts), so all are
 *   same-origin. Apart, they have their own permissions (Reads cannot write) and their own
 *   reserved concurrency, so a flood of reads cannot take the concurrency that intake needs.
 * - `portal`: the same app's pages behind a session or a link, `Portal`: the staff workspace and
 *   reply links, the citizen's personal link, "was it fixed?", following a case and area alerts.
 *   Its own entry file, so the citizens' bundle holds none of their code, templates or strings.
 * - `stream`: the table's stream, split over two subscriptions of the same handler. One gets the
 *   cases and their timeline events (email, the public projection); the other (Publish, made by
 *   infra/sites.ts through subscribePublisher) only the public records: it renders the changed
 *   archive pages into the sites bucket (the fast publish path) and dispatches the site builds. A GitHub outage then holds back rebuilds (retried
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
import { existsSync } from 'node:fs';
import { lambdaEsbuild, lambdaPlugins } from './bundling.ts';
import { table } from './table.ts';
import { uploads } from './uploads.ts';
import * as secrets from './secrets.ts';
import { access, type FunctionName, type SiteTarget, type Target } from './permissions.ts';
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
 * What the Publish function publishes into (the fast publish path): the sites bucket and each
 * site's distribution, from infra/sites.ts, which defines them after the functions (the
 * distributions point at the HTTP functions' URLs) and so hands them to subscribePublisher below.
 */
export interface PublishTargets {
  bucketName: $util.Input<string>;
  bucketArn: $util.Input<string>;
  sites: readonly { id: string; distributionId: $util.Input<string>; distributionArn: $util.Input<string> }[];
}

/** The ARNs of what a grant applies to. */
function arnsOf(target: Target, targets?: PublishTargets): $util.Input<string>[] {
  if (target === 'sites/<id>/*' || target === 'distributions') return siteArns(target, targets);
  return [arnOf(target)];
}

/** Each site's folder of the sites bucket (never the bucket as a whole), or each site's distribution. */
function siteArns(target: SiteTarget, targets?: PublishTargets): $util.Input<string>[] {
  if (!targets) throw new Error(`infra/functions.ts: a grant on ${target} needs the sites (subscribePublisher)`);
  // 'sites/<id>/*' → <bucket ARN>/zvecan/*, … (the target names the folder, as the uploads' do).
  return targets.sites.map((s) => (target === 'distributions' ? s.distributionArn : $interpolate`${targets.bucketArn}/${target.slice('sites/'.length).replace('<id>', s.id)}`));
}

/** The ARN of what a grant applies to. */
function arnOf(target: Exclude<Target, SiteTarget>): $util.Input<string> {
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
function accessOf(fn: FunctionName, targets?: PublishTargets) {
  const a = access[fn];
  return {
    permissions: a.grants.map((g) => ({
      actions: [...g.actions],
      resources: g.on.flatMap((t) => arnsOf(t, targets)),
      ...(g.leadingKeys ? { conditions: [{ test: 'ForAllValues:StringLike', variable: 'dynamodb:LeadingKeys', values: [...g.leadingKeys] }] } : {}),
    })),
    link: a.secrets.map((name) => secrets.byName[name]),
    ...(reserveConcurrency ? { concurrency: { reserved: a.reserved } } : {}),
  };
}

/**
 * The runtime, pinned: `nodejs24.x` brings the AWS SDK v3 that the bundles leave out (`@aws-sdk/*`
 * is external in scripts/build-functions.mjs), so the SDK that runs is the runtime's, not the
 * lockfile's. AWS updates it within the major version (a newer 3.x, same API); our calls are
 * plain DynamoDB and S3 commands the SDK has had for years, and the local stack and the tests run
 * the lockfile's. Bundling the SDK instead adds about 900 KB to each bundle and 200–250 ms to a
 * cold start (docs/benchmarks.md, the coldstart section). A runtime major (nodejs26.x) is changed
 * here, deliberately, with a run of the tests.
 */
export const RUNTIME = 'nodejs24.x';

/**
 * The bundles that are deployed are the ones `npm run build:functions -- lambda` makes, measured
 * by the bench and checked by tests/integration/bundle.test.ts (sizes, and that each bundle's
 * pages render): `.build/lambda/<name>/index.mjs`, holding the municipalities' data, the response
 * templates and the interface strings the function uses. Run it before `sst deploy`.
 */
function prebuilt(name: 'http' | 'portal' | 'stream' | 'sweep') {
  const bundle = `.build/lambda/${name}`;
  if (!existsSync(`${bundle}/index.mjs`)) throw new Error(`${bundle}/index.mjs is missing: run \`npm run build:functions -- lambda\` before deploying.`);
  return { bundle, handler: 'index.handler' };
}

const common = {
  runtime: RUNTIME,
  architecture: 'arm64',
  environment,
  logging: { retention: retention.logs },
} satisfies Partial<sst.aws.FunctionArgs>;

export const api = new sst.aws.Function('Api', {
  ...common,
  ...accessOf('api'),
  description: 'Submissions and uploads (/api/*)',
  ...prebuilt('http'),
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
  ...prebuilt('http'),
  memory: '1024 MB',
  timeout: '20 seconds',
  url: { cors: false },
});

/**
 * The staff workspace and reply links, the citizen's personal link, feedback, follow and alerts
 * (functions/portal.ts). The table (and its open-by-due index for the inbox) and the bucket's
 * private photos for the staff pages; deletes nothing; no mailer (sign-in links and
 * confirmations are mailed by the stream).
 */
export const portal = new sst.aws.Function('Portal', {
  ...common,
  ...accessOf('portal'),
  description: 'Staff workspace, reply and personal links, feedback, subscriptions',
  ...prebuilt('portal'),
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
const streamFunction = (fn: 'stream' | 'publish', description: string, targets?: PublishTargets) => ({
  ...common,
  // The fast publish path's settings (functions/config.ts `sites`): the Publish function's only.
  ...(targets
    ? { environment: { ...environment, SITES_BUCKET: targets.bucketName, SITE_DISTRIBUTIONS: $jsonStringify(Object.fromEntries(targets.sites.map((s) => [s.id, s.distributionId]))) } }
    : {}),
  // Lambda's event source mapping parks a failed record in the queue with the function's own role
  // (in infra/permissions.ts with the rest).
  ...accessOf(fn, targets),
  description,
  ...prebuilt('stream'),
  // Email, public records and build requests: network waits, little memory. A batch of 25 with
  // Resend retrying can take a while. Publish renders the archive's lists (the fast path: CPU
  // bound, one thread), so it gets a whole vCPU, which Lambda gives at 1,769 MB.
  memory: targets ? '1769 MB' : '512 MB',
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

/**
 * The public records' subscription: the fast publish path (the changed archive pages rendered
 * into the sites bucket, their paths invalidated: functions/domain/fast-publisher.ts), then the
 * build as the backstop. Called by infra/sites.ts once the bucket and the distributions exist:
 * they cannot be imported here, since the distributions need the HTTP functions' URLs (sites.ts
 * imports this module). There is no cycle between the resources themselves: the distributions
 * depend on Api, Reads and Portal, the Publish function on the distributions.
 */
export function subscribePublisher(targets: PublishTargets) {
  return table.subscribe(
    'Publish',
    // The GitHub token, no Resend key: it publishes and asks for builds, never mails.
    streamFunction('publish', 'Archive pages published and site builds when public records change', targets),
    subscription([{ dynamodb: { NewImage: { type: { S: ['public'] } } } }, { dynamodb: { OldImage: { type: { S: ['public'] } } } }]),
  );
}

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
    // Bundled by SST, as sharp's native binary must be installed for Lambda's platform, with the
    // same esbuild settings and plugins as ours (infra/bundling.ts).
    handler: 'functions/photos.handler',
    ...accessOf('photos'),
    environment: { TABLE_NAME: table.name, BUCKET: uploads.name, MEDIA_BASE_URL: '/media' },
    // sharp's native binary is installed for Lambda's platform; everything else is bundled.
    nodejs: { install: ['sharp'], esbuild: { ...lambdaEsbuild, define: { ...lambdaEsbuild.define } }, plugins: lambdaPlugins },
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
  function: { ...common, ...accessOf('sweep'), ...prebuilt('sweep'), memory: '512 MB', timeout: '1 minute' },
});
