// npm start runs the functions from an esbuild bundle, not from the TypeScript the other tests
// import: build it and check it loads and answers, so a bundling mistake fails here, not for users.
// The Lambda bundles are built one per function: each must hold what its function runs and
// nothing of the others (the HTTP function no sharp, no stream and no sweep code).
import { describe, it, expect, beforeAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import { buildFunctions, FUNCTIONS } from '../../scripts/build-functions.mjs';

/** An import of sharp, static or dynamic, as esbuild writes it (minified or not). */
const SHARP_IMPORT = /from\s*["']sharp["']|import\s*\(\s*["']sharp["']\s*\)|require\(\s*["']sharp["']\s*\)/;
/** Strings only the stream's code has: its log lines and the keys of the emails it sends. */
const STREAM_CODE = ['stream: ', ' public record ', 'staff-new:', 'staff-follow-up:'];
const SWEEP_CODE = ['sweep: ', 'overdue-escalation:', 'resolution-escalation:'];
/** The GitHub publisher: only the functions that ask for site builds. */
const PUBLISHER_CODE = ['dispatch: ', 'e-opstine-publisher'];

describe('the functions bundles', () => {
  it('the local bundle loads in Node and its app answers', async () => {
    const { outfile } = await buildFunctions('local');
    const mod = (await import(`${outfile}?t=${Date.now()}`)) as typeof import('../../functions/local.ts');
    const platform = mod.createPlatform(mod.loadConfig({ AWS_EC2_METADATA_DISABLED: 'true' }), { log: () => {} });
    const r = await platform.app.request('/api/health');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true });
    expect(typeof platform.streamHandler).toBe('function');
    expect(typeof platform.photoHandler).toBe('function');
    expect(typeof mod.createSweep(platform, () => {})).toBe('function');
  }, 60_000);

  describe('the Lambda bundles, one per function', () => {
    const code: Record<string, string> = {};
    let built: Awaited<ReturnType<typeof buildFunctions>>['bundles'] = [];
    beforeAll(async () => {
      built = (await buildFunctions('lambda')).bundles;
      for (const b of built) code[b.name] = await readFile(b.outfile, 'utf8');
    }, 60_000);

    it('builds every function into .build/lambda/<name>/index.mjs, each exporting its handler', () => {
      expect(built.map((b) => b.name)).toEqual(FUNCTIONS);
      expect(FUNCTIONS).toEqual(['http', 'stream', 'photos', 'sweep']);
      for (const b of built) {
        expect(b.outfile).toMatch(new RegExp(`\\.build/lambda/${b.name}/index\\.mjs$`));
        expect(code[b.name]).toMatch(/export\s*\{[^}]*\bhandler\b/);
        expect(b.bytes).toBe(Buffer.byteLength(code[b.name]!));
        expect(b.gzipBytes).toBeGreaterThan(0);
        expect(b.gzipBytes).toBeLessThan(b.bytes);
        // No stylesheet or map code anywhere.
        expect(code[b.name]).not.toContain('.leaflet-container');
      }
    });

    it('the HTTP bundle holds the app and none of sharp, the stream, the photos or the sweep', () => {
      const http = code.http!;
      expect(http).toContain('x-origin-verify');
      expect(http).toContain('/api/health');
      expect(http).not.toMatch(SHARP_IMPORT);
      for (const s of [...STREAM_CODE, ...SWEEP_CODE, ...PUBLISHER_CODE]) expect(http, s).not.toContain(s);
      // The mailer is not there either: the HTTP function sends no email.
      expect(http).not.toContain('invalid_idempotent_request');
    });

    it('sharp only in the photo bundle, which holds no mailer, publisher, stream or sweep code', () => {
      expect(code.photos).toMatch(SHARP_IMPORT);
      for (const name of ['http', 'stream', 'sweep']) expect(code[name], name).not.toMatch(SHARP_IMPORT);
      for (const s of [...STREAM_CODE, ...SWEEP_CODE, ...PUBLISHER_CODE, 'invalid_idempotent_request']) expect(code.photos, s).not.toContain(s);
    });

    it('the stream bundle sends email and asks for builds, without the sweep or the web app', () => {
      for (const s of [...STREAM_CODE, ...PUBLISHER_CODE]) expect(code.stream, s).toContain(s);
      for (const s of SWEEP_CODE) expect(code.stream, s).not.toContain(s);
      expect(code.stream).not.toContain('x-origin-verify');
      expect(code.stream).not.toContain('/api/health');
    });

    it('the sweep bundle holds the sweep, without the stream or the web app', () => {
      for (const s of SWEEP_CODE) expect(code.sweep, s).toContain(s);
      for (const s of STREAM_CODE) expect(code.sweep, s).not.toContain(s);
      expect(code.sweep).not.toContain('x-origin-verify');
      expect(code.sweep).not.toContain('/api/health');
    });
  });
});
