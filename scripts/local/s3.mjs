// S3 for the local stack: s3rver (an S3 emulator in Node) on 127.0.0.1, with the uploads bucket
// and a CORS rule so pages on http://<site>.localhost:<port> can POST photos straight to it with a
// presigned POST, as they do to S3 in AWS.
//
// s3rver checks neither signatures (V4 is accepted unverified) nor presigned-POST policies, so
// size and type limits must also be enforced by our own code (the stream handler checks every
// upload).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import S3rver from 's3rver';
// s3rver knows one access key, "S3RVER"; any other gets InvalidAccessKeyId, even though V4
// signatures are never checked. Registering ours lets every local client share LOCAL_CREDENTIALS.
import AWSAccount from 's3rver/lib/models/account.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './aws.mjs';

AWSAccount.DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);

// Any origin may GET, PUT or POST (the sites run on several *.localhost host names and ports).
// ETag and Location are exposed so the browser can read what S3 answers to an upload.
const CORS_XML = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <ExposeHeader>Location</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/**
 * @typedef {object} S3Handle
 * @property {string} endpoint e.g. http://127.0.0.1:41235 (use with forcePathStyle: true)
 * @property {number} port
 * @property {string} bucket
 * @property {string} dataDir where the objects are stored
 * @property {string} region
 * @property {{ accessKeyId: string, secretAccessKey: string }} credentials
 * @property {() => Promise<void>} stop closes every connection so the port is free at once; removes dataDir if it was a temporary one
 * @property {() => Promise<void>} start after stop(), serves again on the same port and dataDir (a temporary one comes back
 *   empty); the fault tests take storage down and bring it back this way. Does nothing while it runs.
 * @property {(listener: (event: S3ObjectEvent) => void) => () => void} onObjectEvent calls `listener` for every object
 *   written or deleted, across restarts (what the fault tests count writes by); returns a function that unsubscribes
 */

/** @typedef {{ name: string, key: string }} S3ObjectEvent name: s3rver's event name, e.g. ObjectCreated:Put, ObjectRemoved:Delete */

/**
 * Starts s3rver with `bucket` created and CORS configured. Clients need `forcePathStyle: true`
 * and `requestChecksumCalculation`/`responseChecksumValidation: 'WHEN_REQUIRED'` (s3rver
 * predates the SDK's default CRC32 checksums).
 *
 * @param {{ port?: number, dataDir?: string, bucket?: string }} [options]
 *   port: 0 (default) picks a free one. dataDir: omitted = a temporary directory removed on stop.
 * @returns {Promise<S3Handle>}
 */
export async function startS3({ port = 0, dataDir, bucket = 'e-opstine-uploads' } = {}) {
  const temporary = dataDir === undefined;
  const directory = temporary ? await mkdtemp(join(tmpdir(), 'e-opstine-s3-')) : resolve(dataDir);
  /** @type {Set<(event: S3ObjectEvent) => void>} */
  const listeners = new Set();
  /** @param {number} onPort */
  const launch = async (onPort) => {
    const server = new S3rver({
      address: '127.0.0.1',
      port: onPort,
      directory,
      silent: true, // it logs every request otherwise
      // Path-style only: with vhost buckets on, a Host like "s3.localhost" would be taken for a bucket name.
      vhostBuckets: false,
      // Creates the bucket if missing and (re)applies the CORS rule on every start.
      configureBuckets: [{ name: bucket, configs: [CORS_XML] }],
    });
    server.on('event', (/** @type {{ Records: { eventName: string, s3: { object: { key: string } } }[] }} */ e) => {
      for (const r of e.Records) for (const l of listeners) l({ name: r.eventName, key: r.s3.object.key });
    });
    /** @type {import('node:net').AddressInfo} */
    const address = await server.run();
    return { server, address };
  };
  /** @type {Awaited<ReturnType<typeof launch>>} */
  let current;
  try {
    current = await launch(port);
  } catch (e) {
    if (temporary) await rm(directory, { recursive: true, force: true });
    throw e;
  }
  const endpoint = `http://127.0.0.1:${current.address.port}`;

  /** @type {Promise<void> | null} */
  let stopping = null;
  /** @type {Promise<void> | null} */
  let starting = null;
  const stop = async () => {
    await starting?.catch(() => {}); // then stop what it started
    return (stopping ??= (async () => {
      const { server } = current;
      /** @type {import('node:http').Server} */
      const http = server.httpServer;
      const closed = server.close();
      // close() only stops accepting; keep-alive sockets (the SDK keeps them open) would hold it
      // open until they time out.
      http.closeAllConnections();
      await closed;
      if (temporary) await rm(directory, { recursive: true, force: true });
    })());
  };
  const start = () => {
    starting ??= (async () => {
      if (!stopping) return; // running
      await stopping;
      await mkdir(directory, { recursive: true });
      current = await launch(current.address.port);
      stopping = null;
    })().finally(() => (starting = null));
    return starting;
  };
  /** @param {(event: S3ObjectEvent) => void} listener */
  const onObjectEvent = (listener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };

  return { endpoint, port: current.address.port, bucket, dataDir: directory, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS }, stop, start, onObjectEvent };
}

// Standalone: `npx node scripts/local/s3.mjs [port] [dataDir]` runs it until Ctrl-C.
if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) {
  const s3 = await startS3({ port: Number(process.argv[2] ?? 4568), ...(process.argv[3] ? { dataDir: process.argv[3] } : {}) });
  console.log(`s3rver on ${s3.endpoint}, bucket ${s3.bucket}, data in ${s3.dataDir}. Ctrl-C stops.`);
  const stop = () => void s3.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
