/**
 * Secrets, set once per stage with `npx sst secret set <Name> <value> --stage <stage>` and read
 * by the functions through SST's Resource (functions/config.ts). Email itself goes out through
 * Resend; its sending domain is verified there (docs/deploy.md), not created here.
 */
export const resendApiKey = new sst.Secret('ResendApiKey');
/** Salt of the hashed IP addresses and emails in rate-limit keys. */
export const hashSalt = new sst.Secret('HashSalt');
/** A GitHub token allowed to start the publish workflow (Actions: write on this repository only). */
export const githubDispatchToken = new sst.Secret('GithubDispatchToken');

/**
 * Sent by CloudFront to the functions in a header, so requests straight to the function URL
 * (which could forge the client address the rate limit counts) are refused. Nobody types it.
 */
export const originSecret = new random.RandomPassword('OriginSecret', { length: 40, special: false });

export const all = [resendApiKey, hashSalt, githubDispatchToken];
