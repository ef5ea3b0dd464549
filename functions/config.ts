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
  tokenTtlDays: number;
  contactRetentionDays: number;
  /** Salt for hashing IP addresses and emails in rate-limit keys. */
  hashSalt: string;
  rateLimits: { perIpPerHour: number; perEmailPerHour: number };
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
    resendApiKey: env.RESEND_API_KEY ?? 're_local',
    resendBaseUrl: env.RESEND_BASE_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'E-opštine <no-reply@e-opstine.org>',
    mailRedirectTo: env.MAIL_REDIRECT_TO || undefined,
    siteOriginTemplate: env.SITE_ORIGIN_TEMPLATE ?? 'https://{domain}',
    sitesDist: env.SITES_DIST || undefined,
    tokenTtlDays: num(env, 'TOKEN_TTL_DAYS', 14),
    contactRetentionDays: num(env, 'CONTACT_RETENTION_DAYS', 730),
    hashSalt: env.HASH_SALT ?? 'local-salt',
    rateLimits: { perIpPerHour: num(env, 'RATE_PER_IP_PER_HOUR', 20), perEmailPerHour: num(env, 'RATE_PER_EMAIL_PER_HOUR', 10) },
  };
}
