/**
 * What each function may do, as plain data: the table's actions (and on which of its indexes),
 * the uploads bucket's actions (and under which prefix), the secrets linked to it, and its share
 * of the account's concurrency. infra/functions.ts turns this into IAM statements and links;
 * `npm run check:infra` (infra/check.mjs) and tests/unit/infra-permissions.test.ts check the rules
 * below (leastPrivilegeViolations), so a widened grant fails the check before it is deployed.
 *
 * No SST global is used here, so tests import it as is.
 *
 * Nothing is given through SST's `link` but secrets: linking the table or a bucket grants
 * `dynamodb:*` / `s3:*` on all of it. The functions find the table and the bucket by name in
 * their environment (TABLE_NAME, BUCKET; functions/config.ts).
 *
 * The rules:
 * - the API (the public function that takes submissions) and the Portal (the staff workspace and
 *   reply links, personal links, feedback, subscriptions) delete nothing and hold neither the
 *   Resend key nor the GitHub token;
 * - the reads function (Open311 lists, /api/cases, the live status pages) only reads, and only
 *   the table and the public index (never gsi1, which lists private case items);
 * - the photo function, which decodes files strangers sent, holds no secret at all;
 * - only the functions that send email hold the Resend key (the stream, the sweep);
 * - only the functions that ask for site builds hold the GitHub token (the stream's Publish
 *   subscription, and the sweep, which asks for a build when cases become overdue);
 * - only the functions behind CloudFront hold the origin secret, and the salt only the API and
 *   the Portal (the rate limits of sign-in requests and subscriptions are keyed with it);
 * - only the Publish function (the fast publish path: functions/domain/fast-publisher.ts) reads
 *   the public records (Query of `PUBLIC#` partitions only, by dynamodb:LeadingKeys), writes the
 *   sites bucket (each site's `<id>/*`, never the bucket as a whole) and invalidates the
 *   distributions;
 * - no wildcard action, no Scan, no whole-bucket resource anywhere.
 */

export const functionNames = ['api', 'reads', 'portal', 'stream', 'publish', 'photos', 'sweep'] as const;
export type FunctionName = (typeof functionNames)[number];

/** The secrets of infra/secrets.ts, by their names (also the names functions/config.ts reads through Resource). */
export const secretNames = ['ResendApiKey', 'HashSalt', 'GithubDispatchToken', 'OriginSecret', 'LinkSecret'] as const;
export type SecretName = (typeof secretNames)[number];

/**
 * What a grant applies to: the table's items, one of its indexes, objects under a prefix of the
 * uploads bucket, the queue that keeps stream records that failed for good.
 */
export type Target = 'table' | 'index/gsi1' | 'index/public-by-date' | 'index/open-by-due' | 'uploads/incoming/*' | 'uploads/private/*' | 'uploads/public/*' | 'failures' | SiteTarget;

/**
 * The sites bucket's folder of every site, one resource per site (`<bucket>/<id>/*`), and the
 * sites' CloudFront distributions (infra/sites.ts).
 */
export type SiteTarget = 'sites/<id>/*' | 'distributions';

export interface Grant {
  /** Why the function needs it: the calls that use it. */
  why: string;
  actions: readonly string[];
  on: readonly Target[];
  /** Only items whose partition key matches one of these (IAM's dynamodb:LeadingKeys, e.g. `PUBLIC#*`). */
  leadingKeys?: readonly string[];
}

export interface FunctionAccess {
  grants: readonly Grant[];
  secrets: readonly SecretName[];
  /**
   * Reserved concurrency: at most this many at once, and this many always available. Reads and
   * submissions have their own reserves, so a flood of cheap GETs is throttled in the reads
   * function while intake, email and the sweep keep theirs.
   */
  reserved: number;
}

const PARK_FAILED: Grant = { why: 'the event source mapping parks a record that keeps failing in the queue, with this role', actions: ['sqs:SendMessage'], on: ['failures'] };

export const access: Record<FunctionName, FunctionAccess> = {
  api: {
    grants: [
      {
        why: 'submissions (one transaction: idempotency record, case, contact, first event; ConditionCheckItem for conditions inside transactions), rate-limit counters (UpdateItem), upload checks (GetItem)',
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
        on: ['table'],
      },
      // A presigned POST carries this role's signature: the browser can do no more than the role.
      { why: 'presigned photo uploads into incoming/', actions: ['s3:PutObject'], on: ['uploads/incoming/*'] },
      { why: 'an upload\'s size and type (HeadObject)', actions: ['s3:GetObject'], on: ['uploads/incoming/*'] },
    ],
    secrets: ['HashSalt', 'OriginSecret'],
    reserved: 50,
  },
  portal: {
    grants: [
      {
        why: 'reply links and staff replies (GetItem, Query of a case\'s timeline, a transaction), the workspace (sessions, sign-in requests and links, staff settings, the audit log, its actions\' transactions), personal and feedback links, subscriptions and their links, rate-limit counters (UpdateItem)',
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
        on: ['table'],
      },
      // The staff workspace's inbox: a municipality's open cases, soonest due first. Its other items
      // (sign-in requests and links, sessions, staff settings, the audit log written with each
      // staff event) are table items the grant above covers; sessions end by expiring (an update),
      // so the API still deletes nothing.
      { why: 'the staff inbox (Query of open-by-due, the sparse index of open cases by due time)', actions: ['dynamodb:Query'], on: ['index/open-by-due'] },
      { why: 'the staff pages\' short-lived links to private photos', actions: ['s3:GetObject'], on: ['uploads/private/*'] },
    ],
    secrets: ['HashSalt', 'OriginSecret'],
    reserved: 20,
  },
  reads: {
    grants: [
      {
        why: 'the live status page and /api/cases (GetItem of the case, Query of its timeline), Open311 (Query of public-by-date, BatchGetItem of ids)',
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        on: ['table', 'index/public-by-date'],
      },
    ],
    secrets: ['OriginSecret'],
    reserved: 50,
  },
  stream: {
    grants: [
      {
        why: 'email for new cases and events (GetItem of the case, its contact and live link; reply links: a transaction of PutItem; markLinkSent: UpdateItem), the contact\'s expiry and retention (UpdateItem, PutItem of a due item), the public projection (Query of the timeline, PutItem, DeleteItem when a case is withdrawn)',
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        on: ['table'],
      },
      PARK_FAILED,
    ],
    secrets: ['ResendApiKey', 'LinkSecret'],
    reserved: 5,
  },
  publish: {
    // Public records' changes arrive in the stream record itself; the fast publish path
    // (functions/domain/fast-publish.ts) reads the municipality's public records, renders the
    // archive's changed pages into the sites bucket and invalidates them; then the build is asked for.
    grants: [
      { why: 'the fast publish path reads a municipality\'s public records (Query of PUBLIC#<id>, the table itself; never an index, never another partition)', actions: ['dynamodb:Query'], on: ['table'], leadingKeys: ['PUBLIC#*'] },
      {
        why: 'the fast publish path: the archive shells and the manifest (GetObject), the changed pages (PutObject), pages gone (DeleteObjects, which needs DeleteObject), in each site\'s folder',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        on: ['sites/<id>/*'],
      },
      { why: 'the fast publish path: the changed paths invalidated in the site\'s distribution', actions: ['cloudfront:CreateInvalidation'], on: ['distributions'] },
      PARK_FAILED,
    ],
    secrets: ['GithubDispatchToken'],
    reserved: 5,
  },
  photos: {
    grants: [
      { why: 'the case\'s photo list (GetItem), each photo marked processed and whether its public copies exist (UpdateItem)', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], on: ['table'] },
      {
        why: 'reading uploads, and private copies when staff publish a photo later; whether a public copy is there when the private one went with the personal data (functions/domain/photos.ts copyToPublic)',
        actions: ['s3:GetObject'],
        on: ['uploads/incoming/*', 'uploads/private/*', 'uploads/public/*'],
      },
      { why: 'writing the re-encoded copies', actions: ['s3:PutObject'], on: ['uploads/private/*', 'uploads/public/*'] },
      {
        why: 'taking a photo out of public view when staff unpublish it; every copy of a photo taken off a case (erasure, the end of retention: functions/domain/photos.ts)',
        actions: ['s3:DeleteObject'],
        on: ['uploads/incoming/*', 'uploads/private/*', 'uploads/public/*'],
      },
      PARK_FAILED,
    ],
    secrets: [],
    reserved: 5,
  },
  sweep: {
    grants: [
      {
        why: 'overdue cases (Query of gsi1), cases past their resolution deadline (Query of open-by-due, soonest due first), notice claims (PutItem, UpdateItem, DeleteItem of its own SWEEP# record to give a claim back), what is due (Query, DeleteItem of DUE items), fresh reply links (a transaction of PutItem), the end of retention (a transaction: UpdateItem of the case, PutItem over the contact and of the event), the case and its inbox (GetItem)',
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        on: ['table', 'index/gsi1', 'index/open-by-due'],
      },
    ],
    secrets: ['ResendApiKey', 'GithubDispatchToken', 'LinkSecret'],
    reserved: 2,
  },
};

/** What `reserved` takes from an account's concurrency, which must keep 100 unreserved. */
export const totalReserved = (a: Record<FunctionName, FunctionAccess> = access) => functionNames.reduce((sum, fn) => sum + a[fn].reserved, 0);

/** Every way `a` breaks the rules above, as sentences; empty when it keeps them. */
export function leastPrivilegeViolations(a: Record<FunctionName, FunctionAccess> = access): string[] {
  const out: string[] = [];
  const holders = (secret: SecretName) => functionNames.filter((fn) => a[fn].secrets.includes(secret));
  const only = (secret: SecretName, allowed: readonly FunctionName[]) => {
    for (const fn of holders(secret)) if (!allowed.includes(fn)) out.push(`${fn} holds ${secret}, which only ${allowed.join(' and ')} may hold`);
  };
  for (const fn of functionNames) {
    for (const g of a[fn].grants) {
      for (const action of g.actions) {
        if (action.includes('*')) out.push(`${fn}: wildcard action ${action}`);
        if (/^dynamodb:(Scan|DeleteTable|UpdateTable|CreateTable|BatchWriteItem|PartiQL)/.test(action)) out.push(`${fn}: ${action} is never needed`);
        if (!/^(dynamodb|s3|sqs|cloudfront):[A-Za-z]+$/.test(action)) out.push(`${fn}: unexpected action ${action}`);
      }
      for (const target of g.on) {
        const service = target === 'failures' ? 'sqs' : target === 'distributions' ? 'cloudfront' : target.startsWith('uploads/') || target.startsWith('sites/') ? 's3' : 'dynamodb';
        for (const action of g.actions) if (!action.startsWith(`${service}:`)) out.push(`${fn}: ${action} granted on ${target}`);
        if ((target === 'sites/<id>/*' || target === 'distributions') && fn !== 'publish') out.push(`${fn} reaches ${target}: only publish publishes`);
      }
      if (g.leadingKeys?.some((k) => !/^[A-Z]+#/.test(k))) out.push(`${fn}: leading keys ${g.leadingKeys.join(', ')} name no partition`);
    }
    if (!(a[fn].reserved >= 1)) out.push(`${fn}: no reserved concurrency`);
  }
  const actionsOf = (fn: FunctionName) => a[fn].grants.flatMap((g) => g.actions);
  for (const fn of ['api', 'portal'] as const) for (const action of actionsOf(fn)) if (/Delete/.test(action)) out.push(`${fn} may ${action}: the public functions must not delete`);
  for (const g of a.reads.grants) {
    for (const action of g.actions) if (!/^dynamodb:(GetItem|BatchGetItem|Query)$/.test(action)) out.push(`reads may ${action}: it only reads`);
    for (const target of g.on) if (target !== 'table' && target !== 'index/public-by-date') out.push(`reads reaches ${target}`);
  }
  for (const g of a.publish.grants) if (g.on.some((t) => t === 'table' || t.startsWith('index/')) && (g.on.some((t) => t !== 'table') || g.actions.some((x) => x !== 'dynamodb:Query') || g.leadingKeys?.join() !== 'PUBLIC#*')) out.push('publish reads the table beyond the public records (Query of PUBLIC#* partitions only)');
  if (a.photos.secrets.length) out.push(`photos holds ${a.photos.secrets.join(', ')}: it decodes untrusted files and must hold no secret`);
  only('ResendApiKey', ['stream', 'sweep']);
  only('GithubDispatchToken', ['publish', 'sweep']);
  only('OriginSecret', ['api', 'reads', 'portal']);
  only('HashSalt', ['api', 'portal']);
  only('LinkSecret', ['stream', 'sweep']);
  // Behind CloudFront, a function without the origin secret would refuse every request.
  for (const fn of ['api', 'reads', 'portal'] as const) if (!a[fn].secrets.includes('OriginSecret')) out.push(`${fn} lacks OriginSecret`);
  if (totalReserved(a) > 900) out.push(`${totalReserved(a)} reserved in all: an account of 1,000 must keep 100 unreserved`);
  return out;
}
