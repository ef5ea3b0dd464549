// The hook that gives each Astro build its own .astro/ folders (scripts/lib/astro-dot-dir.mjs)
// rewrites two lines of Astro's source: they must be in the installed Astro, once each, or
// parallel builds would share the folders again without anyone noticing.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PATCHES, patchSource, dotAstroDir, fallbackDir } from '../../scripts/lib/astro-dot-dir.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const modules = {
  settings: pathToFileURL(`${root}node_modules/astro/dist/core/config/settings.js`).href,
  common: pathToFileURL(`${root}node_modules/astro/dist/core/build/common.js`).href,
};

describe("the per-build .astro/ hook against the installed Astro", () => {
  it('finds each line it rewrites exactly once and rewrites it', () => {
    for (const url of Object.values(modules)) {
      const source = readFileSync(fileURLToPath(url), 'utf8');
      const patch = PATCHES.find((p) => p.module.test(url));
      expect(patch, url).toBeDefined();
      const out = patchSource(url, source);
      expect(out).not.toContain(patch!.original);
      expect(out).toContain(patch!.replacement);
    }
  });

  it('refuses an Astro whose source has changed', () => {
    expect(() => patchSource(modules.settings, 'const dotAstroDir = somewhereElse;')).toThrow(/0 copies/);
  });

  it("puts .astro/ in the build's cache folder, and the prerender fallback per output folder", () => {
    const config = { root: new URL('file:///p/'), cacheDir: new URL('file:///p/node_modules/.astro/zvecan/') };
    expect(dotAstroDir(config).href).toBe('file:///p/node_modules/.astro/zvecan/dot-astro/');
    expect(fallbackDir('file:///tmp/a/zvecan/', '/p')).not.toBe(fallbackDir('file:///tmp/a/leposavic/', '/p'));
    expect(fallbackDir('file:///tmp/a/zvecan/', '/p')).toMatch(/^\/p\/\.astro\/out\/[0-9a-f]{12}$/);
  });
});
