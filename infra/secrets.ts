/**
 * Secrets, set once per stage with `npx sst secret set <Name> <value> --stage <stage>` and read
 * by the functions through SST's Resource (functions/config.ts). Each is linked only to the
 * functions that need it (infra/permissions.ts says which). Email itself goes out through
 * Resend; its sending domain is verified there (docs/deploy.md), not created here.
 */
import type { SecretName } from './permissions.ts';

export const resendApiKey = new sst.Secret('ResendApiKey');
/** Salt of the hashed IP addresses and emails in rate-limit keys. */
export const hashSalt = new sst.Secret('HashSalt');
/** A GitHub token allowed to start the publish workflow (Actions: write on this repository only). */
export const githubDispatchToken = new sst.Secret('GithubDispatchToken');

/**
 * Sent by CloudFront to the functions in a header (infra/sites.ts), so requests straight to the
 * function URLs (which could forge the client address the rate limit counts) are refused.
 * Generated, so nobody types it; kept as a secret like the others, so it reaches the function
 * encrypted in its bundle through Resource rather than as a plain environment variable. `sst
 * secret set OriginSecret …` replaces the generated value. Without it the function refuses
 * every request (functions/web/cloudfront.ts).
 */
export const originSecret = new sst.Secret('OriginSecret', new random.RandomPassword('OriginSecretValue', { length: 40, special: false }).result);

/**
 * Key of the staff reply links: each link's token is derived from it and the email it is sent in
 * (functions/domain/tokens.ts), so a retried stream batch sends the very same link again under
 * the same idempotency key instead of a second email with a new one. Held by the functions that
 * mail links (the stream and the sweep). Generated; replacing it leaves issued links working
 * (only their hashes are stored).
 */
export const linkSecret = new sst.Secret('LinkSecret', new random.RandomPassword('LinkSecretValue', { length: 48, special: false }).result);

export const byName: Record<SecretName, sst.Secret> = {
  ResendApiKey: resendApiKey,
  HashSalt: hashSalt,
  GithubDispatchToken: githubDispatchToken,
  OriginSecret: originSecret,
  LinkSecret: linkSecret,
};
