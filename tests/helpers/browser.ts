import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveSites } from '../../scripts/serve.mjs';

/** Debian's chromium; CHROMIUM_PATH overrides. The CI script installs it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the network on this closed machine. */
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/** Serves dist/ on a free loopback port; returns the base URL maker and a stop function. */
export async function startSites(): Promise<{ url: (site: string, path?: string) => string; stop: () => Promise<void> }> {
  const server: Server = await serveSites({ port: 0 });
  const { port } = server.address() as AddressInfo;
  return {
    url: (site, path = '/') => `http://${site}.localhost:${port}${path}`,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
