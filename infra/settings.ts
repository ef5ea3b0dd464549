/**
 * Per-stage settings. `production` serves the municipalities' own domains and mails their real
 * inboxes; every other stage (`staging`, a developer's own) serves `<stage>.<domain>` and sends
 * all of its mail to one address, so no municipal inbox or citizen ever gets a test email.
 *
 * Deploy-time inputs come from the environment of `sst deploy` (SST loads `.env`; in GitHub
 * Actions they are repository variables):
 * - STAGING_MAIL_TO   every stage but production: where all its mail goes (required there)
 * - MAIL_FROM         sender; its domain must be verified in Resend
 * - GITHUB_REPOSITORY owner/name of the repository whose publish workflow builds the sites
 * - DISPATCH_REF      the branch the workflow runs on (default main)
 * - RESERVED_CONCURRENCY=off  deploy without the functions' reserved concurrency
 *                     (infra/permissions.ts), for an account whose Lambda concurrency quota is
 *                     still a new account's 10 (docs/deploy.md); leaves reads able to starve intake
 */
import { municipalities } from '../core/municipalities/index.ts';
import type { Municipality } from '../core/municipalities/schema.ts';

export const stage = $app.stage;
export const isProduction = stage === 'production';

/** The site's host name in this stage. */
export function siteHost(m: Municipality): string {
  return isProduction ? m.domain : `${stage}.${m.domain}`;
}

/** The same, as the functions' SITE_ORIGIN_TEMPLATE ("{domain}" is each municipality's domain). */
export const siteOriginTemplate = isProduction ? 'https://{domain}' : `https://${stage}.{domain}`;

export const sites = municipalities.map((m) => ({ id: m.id, domain: m.domain, host: siteHost(m) }));

function required(name: string, why: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`Set ${name} before deploying stage "${stage}": ${why}`);
  return value;
}

export const mail = {
  from: process.env.MAIL_FROM?.trim() || 'E-opštine <no-reply@e-opstine.org>',
  /** Never undefined outside production: a stage without it refuses to deploy. */
  redirectTo: isProduction ? undefined : required('STAGING_MAIL_TO', 'every email of a non-production stage goes to that one address'),
};

export const publishing = {
  repository: required('GITHUB_REPOSITORY', 'the owner/name of the repository whose publish workflow builds the sites'),
  workflow: 'publish.yml',
  ref: process.env.DISPATCH_REF?.trim() || 'main',
};

/** How often the overdue sweep runs (reminders go out at most this long after a deadline). */
export const sweepSchedule = 'rate(15 minutes)';

/** Short-lived stages keep less: no point-in-time backups, logs for a week. */
export const retention = {
  pointInTimeRecovery: isProduction,
  logs: isProduction ? ('3 months' as const) : ('1 week' as const),
};

/**
 * Whether each function gets its reserved concurrency (infra/permissions.ts). AWS refuses a
 * reservation that leaves the account fewer than 100 unreserved, so a new account (quota 10)
 * cannot deploy with it until the quota is raised.
 */
export const reserveConcurrency = process.env.RESERVED_CONCURRENCY?.trim().toLowerCase() !== 'off';
