// Free TCP ports on loopback, for services that must be told their port before they start
// (DynamoDB Local takes `-port N` and cannot report a port it picked itself).
import { createServer } from 'node:net';

/**
 * Asks the kernel for a free port on `host` by listening on port 0, then releases it.
 * Another process could take the port between this call and its use; callers that spawn a
 * server on it should retry with a new port when the server fails to bind.
 *
 * @param {string} [host] interface to probe; everything local runs on 127.0.0.1
 * @returns {Promise<number>}
 */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

/**
 * Whether `port` can be bound on `host` right now.
 *
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
