// npm start runs the functions from an esbuild bundle, not from the TypeScript the other tests
// import: build it and check it loads and answers, so a bundling mistake fails here, not for users.
import { describe, it, expect } from 'vitest';
import { buildFunctions } from '../../scripts/build-functions.mjs';

describe('the functions bundles', () => {
  it('the local bundle loads in Node and its app answers', async () => {
    const { outfile } = await buildFunctions('local');
    const mod = (await import(`${outfile}?t=${Date.now()}`)) as typeof import('../../functions/platform.ts');
    const platform = mod.createPlatform(mod.loadConfig({ AWS_EC2_METADATA_DISABLED: 'true' }), { log: () => {} });
    const r = await platform.app.request('/api/health');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true });
  }, 60_000);

  it('the Lambda bundle builds with both entry points and no stylesheet or map code', async () => {
    const { outfile, bytes } = await buildFunctions('lambda');
    const { readFile } = await import('node:fs/promises');
    const code = await readFile(outfile, 'utf8');
    expect(code).toMatch(/export\s*\{[^}]*\bhttp\b/);
    expect(code).toMatch(/export\s*\{[^}]*\bstream\b/);
    expect(code).not.toContain('.leaflet-container');
    expect(bytes).toBeGreaterThan(100_000);
  }, 60_000);
});
