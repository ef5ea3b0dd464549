import { Resource } from 'sst/resource';
import { personalDataRetention } from '../core/cases/retention.ts';

/**
 * Settings of the functions, read once from the environment. Locally `scripts/local/` sets
 * them to the local services; in AWS, SST sets them (secrets through Resource).
 */
export interface Config {
  tableName: string;
  bucket: string;
  region: string;
  /** Local endpoints; absent in AWS. */
  dynamoEndpoint?: string | undefined;
  s3Endpoint?: string | undefined;
  /** Public URL prefix of the processed photos (the CDN, or s3rver locally), without trailing slash. */
  mediaBaseUrl: string;
  resendApiKey: string;
  /** Read by the Resend SDK itself when it is constructed; kept here to pass it on. */
  resendBaseUrl?: string | undefined;
  mailFrom: string;
  /** Staging sends every email to this one address instead of municipal inboxes and citizens. */
  mailRedirectTo?: string | undefined;
  /** Site origin per municipality: "{id}" and "{domain}" are replaced. */
  siteOriginTemplate: string;
  /** Where built sites live locally, for the page shell; otherwise fetched from the site. */
  sitesDist?: string | undefined;
  /**
   * How long a staff reply link works. Short, because a forwarded email carries it: an open case
   * whose link expired gets a fresh one from the sweep (functions/handlers/sweep.ts).
   */
  tokenTtlDays: number;
  /** How long personal data is kept after a case closes (the privacy page states the default, core/cases/retention.ts). */
  contactRetentionDays: number;
  /** How many days after a case closes as resolved or answered the citizen is asked "was it fixed?" (functions/domain/feedback.ts). */
  feedbackAfterDays: number;
  /** Salt for hashing IP addresses, emails and phone numbers in rate-limit keys. */
  hashSalt: string;
  /** Key the reply links' tokens are derived from (functions/domain/tokens.ts). */
  linkSecret: string;
  /**
   * Submissions per hour: per client address, per mailbox and per phone line (each however it is
   * typed: core/text/contact.ts). A report gives an email, a phone or both and counts against each.
   */
  rateLimits: { perIpPerHour: number; perEmailPerHour: number; perPhonePerHour: number };
  /** The overdue sweep: how long after the deadline (running clock hours) a supervisor hears, and how far back it looks. */
  overdue: { escalateAfterHours: number; lookbackDays: number };
  /** Where the AWS publisher dispatches the site build (GitHub Actions' workflow_dispatch). */
  dispatch: { apiUrl: string; repository?: string | undefined; workflow: string; ref: string; stage: string; token?: string | undefined };
  /**
   * The fast publish path in AWS (functions/domain/fast-publisher.ts): the sites bucket (each site
   * under `<id>/`) and each municipality's CloudFront distribution id, from SITES_BUCKET and
   * SITE_DISTRIBUTIONS (JSON: {"zvecan":"E2…",…}), set on the Publish function by
   * infra/functions.ts. Absent: only the build is asked for. `maxPaths`: the most paths one
   * invalidation names (INVALIDATION_MAX_PATHS, default 15; fewer means wider wildcards:
   * functions/adapters/s3-site-files.ts invalidationPaths).
   */
  sites?: { bucket: string; distributions: Record<string, string>; maxPaths?: number | undefined } | undefined;
  /**
   * CloudFront sends this in a header; the HTTP function refuses requests without it (direct
   * calls to the function URL), and every request when it is not set (functions/web/cloudfront.ts).
   * The `OriginSecret` secret, linked to the HTTP functions only; ORIGIN_SECRET in tests.
   */
  originSecret?: string | undefined;
  /**
   * Whether the staff session cookie is Secure (and so named with the `__Host-` prefix): on
   * whenever the sites are served over HTTPS (the site origin template says so: AWS), off for the
   * local stack's plain HTTP. STAFF_COOKIE_SECURE=true|false overrides it.
   */
  secureCookies: boolean;
}

/**
 * A secret SST links to the function (`sst.Secret`, read through Resource). Nothing is linked
 * locally or in the tests, so then the environment variable is used instead.
 */
function linked(name: string): string | undefined {
  const resources = Resource as unknown as Record<string, { value?: unknown } | undefined>;
  if (!(name in resources)) return undefined;
  const value = resources[name]?.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function siteSettings(env: NodeJS.ProcessEnv): Config['sites'] {
  const bucket = env.SITES_BUCKET?.trim();
  if (!bucket) return undefined;
  let distributions: unknown = {};
  try {
    distributions = JSON.parse(env.SITE_DISTRIBUTIONS || '{}');
  } catch {
    throw new Error(`SITE_DISTRIBUTIONS must be a JSON object of municipality → distribution id, got "${env.SITE_DISTRIBUTIONS}"`);
  }
  if (typeof distributions !== 'object' || distributions === null || Array.isArray(distributions) || Object.values(distributions).some((v) => typeof v !== 'string')) {
    throw new Error(`SITE_DISTRIBUTIONS must be a JSON object of municipality → distribution id, got "${env.SITE_DISTRIBUTIONS}"`);
  }
  return { bucket, distributions: distributions as Record<string, string>, ...(env.INVALIDATION_MAX_PATHS ? { maxPaths: num(env, 'INVALIDATION_MAX_PATHS', 15) } : {}) };
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    tableName: env.TABLE_NAME ?? 'e-opstine',
    bucket: env.BUCKET ?? 'e-opstine-uploads',
    region: env.AWS_REGION ?? 'eu-central-1',
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    s3Endpoint: env.S3_ENDPOINT || undefined,
    mediaBaseUrl: (env.MEDIA_BASE_URL ?? '/media').replace(/\/$/, ''),
    resendApiKey: linked('ResendApiKey') ?? env.RESEND_API_KEY ?? 're_local',
    resendBaseUrl: env.RESEND_BASE_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'E-opštine <no-reply@e-opstine.org>',
    mailRedirectTo: env.MAIL_REDIRECT_TO || undefined,
    siteOriginTemplate: env.SITE_ORIGIN_TEMPLATE ?? 'https://{domain}',
    sitesDist: env.SITES_DIST || undefined,
    tokenTtlDays: num(env, 'TOKEN_TTL_DAYS', 7),
    contactRetentionDays: num(env, 'CONTACT_RETENTION_DAYS', personalDataRetention.afterClosureDays),
    feedbackAfterDays: num(env, 'FEEDBACK_AFTER_DAYS', 7),
    hashSalt: linked('HashSalt') ?? env.HASH_SALT ?? 'local-salt',
    linkSecret: linked('LinkSecret') ?? env.LINK_SECRET ?? 'local-link-secret',
    rateLimits: {
      perIpPerHour: num(env, 'RATE_PER_IP_PER_HOUR', 20),
      perEmailPerHour: num(env, 'RATE_PER_EMAIL_PER_HOUR', 10),
      perPhonePerHour: num(env, 'RATE_PER_PHONE_PER_HOUR', 10),
    },
    overdue: { escalateAfterHours: num(env, 'ESCALATE_AFTER_HOURS', 24), lookbackDays: num(env, 'SWEEP_LOOKBACK_DAYS', 30) },
    dispatch: {
      apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, ''),
      repository: env.DISPATCH_REPOSITORY || undefined,
      workflow: env.DISPATCH_WORKFLOW || 'publish.yml',
      ref: env.DISPATCH_REF || 'main',
      stage: env.DISPATCH_STAGE || 'production',
      token: linked('GithubDispatchToken') ?? (env.GITHUB_DISPATCH_TOKEN || undefined),
    },
    sites: siteSettings(env),
    originSecret: linked('OriginSecret') ?? (env.ORIGIN_SECRET || undefined),
    secureCookies: env.STAFF_COOKIE_SECURE ? env.STAFF_COOKIE_SECURE === 'true' : (env.SITE_ORIGIN_TEMPLATE ?? 'https://{domain}').startsWith('https:'),
  };
}
