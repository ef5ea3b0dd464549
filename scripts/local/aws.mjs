// Settings every AWS SDK client of the local stack shares. Importing this module also stops the
// SDK from ever asking the EC2 instance metadata service (169.254.169.254) for credentials or a
// region: locally nothing may leave loopback, and that lookup is a network call that hangs for
// seconds when there is no metadata service.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

/** The region every local client uses. DynamoDB Local and s3rver accept any region. */
export const LOCAL_REGION = 'eu-central-1';

/**
 * Dummy credentials. DynamoDB Local accepts any; s3rver accepts only keys it knows, so `startS3`
 * registers this pair with it.
 */
export const LOCAL_CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' });

/**
 * Client options for a local endpoint, for any `@aws-sdk/client-*` constructor.
 *
 * @param {string} endpoint e.g. http://127.0.0.1:8000
 * @returns {{ endpoint: string, region: string, credentials: { accessKeyId: string, secretAccessKey: string } }}
 */
export function localClientConfig(endpoint) {
  return { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
}
