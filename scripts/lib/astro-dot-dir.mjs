// Gives each Astro build its own `.astro/` folder, so that site builds running at the same time
// cannot corrupt each other. Preloaded into a build process before Astro itself:
//   node --import ./scripts/lib/astro-dot-dir-hook.mjs scripts/build-site.mjs <id>
// (scripts/build-all.mjs does this for every child build it starts: `npm run build` and the
// benchmark's builds; scripts/lib/bench-profile.mjs too).
//
// What Astro 7.3 shares between builds of the same project, read in node_modules/astro/dist:
// 1. `<root>/.astro/` (settings.dotAstroDir, core/config/settings.js; no option moves it). The
//    content sync of `astro build` writes `content-assets.mjs` and `content-modules.mjs` there
//    (the Vite build then imports them through the `astro:content` virtual modules), plus
//    `collections/*.schema.json`, `content.d.ts` and `types.d.ts`. The two `.mjs` files go
//    through ONE fixed temporary name (`content-assets.mjs.tmp`, then a rename:
//    content/mutable-data-store.js #writeFileAtomic), and a build with a cold cache writes
//    `content-assets.mjs` twice with different text. Two cold builds at once write the same
//    temporary file: the second rename finds it gone (ENOENT, Astro's UnknownFilesystemError:
//    the build dies at once, in content sync), or a half-written file is renamed into place and
//    a Vite build imports it. (The content store, data-store.json, is already per site: it is in
//    cacheDir, which astro.config.mjs sets per site and per OUT_DIR.)
// 2. `<cwd>/.astro/.prerender/` (core/build/common.js getOutDirWithinCwd): when outDir is outside
//    the working directory (an OUT_DIR under /tmp), the prerender bundle is written there
//    instead of `<outDir>/.prerender/`, its chunks are imported while pages are generated, and the
//    folder is deleted (`rm -rf`) when the build ends: one build deletes the other's chunks.
//
// What this does: a module hook rewrites those two lines of Astro's source as it is loaded.
// `dotAstroDir` becomes `<cacheDir>/dot-astro/` (or ASTRO_DOT_DIR, relative to the project root,
// when set); the prerender fallback becomes `<cwd>/.astro/out/<hash of outDir>/` (it must stay
// under the project, where the bundle's imports of node_modules resolve; removed at exit when
// empty). The hook throws when Astro's source no longer has either line, rather than silently
// sharing the folders again. `astro check` and `astro sync` (not preloaded) keep writing the
// project's own `.astro/`, which tsconfig.json includes for the editor's types.
import { registerHooks } from 'node:module';
import { createHash } from 'node:crypto';
import { rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PATCHES = [
  {
    module: /\/astro\/dist\/core\/config\/settings\.js$/,
    original: 'const dotAstroDir = new URL(".astro/", config.root);',
    replacement: 'const dotAstroDir = globalThis.__perBuildAstro ? globalThis.__perBuildAstro.dotAstroDir(config) : new URL(".astro/", config.root);',
  },
  {
    module: /\/astro\/dist\/core\/build\/common\.js$/,
    original: 'return new URL(FALLBACK_OUT_DIR_NAME, pathToFileURL(process.cwd() + npath.sep));',
    replacement: 'return globalThis.__perBuildAstro ? globalThis.__perBuildAstro.outDirFallback(outDir) : new URL(FALLBACK_OUT_DIR_NAME, pathToFileURL(process.cwd() + npath.sep));',
  },
];

/** The `.astro/` folder of a build: ASTRO_DOT_DIR (relative to the project root) or `<cacheDir>/dot-astro/`. */
export function dotAstroDir(config) {
  if (process.env.ASTRO_DOT_DIR) return new URL(process.env.ASTRO_DOT_DIR.replace(/\/?$/, '/'), config.root);
  const cache = String(config.cacheDir);
  return new URL('dot-astro/', cache.endsWith('/') ? cache : `${cache}/`);
}

/** `<cwd>/.astro/out/<hash of outDir>`: one folder per output folder. */
export const fallbackDir = (outDir, cwd = process.cwd()) => join(cwd, '.astro', 'out', createHash('sha256').update(String(outDir)).digest('hex').slice(0, 12));

const fallbacks = new Set();
/** Where the prerender bundle of a build whose outDir is outside the working directory goes. */
export function outDirFallback(outDir) {
  const dir = fallbackDir(outDir);
  fallbacks.add(dir);
  return pathToFileURL(`${dir}/`);
}

/** `source` of a patched module with its line replaced; throws when the line is not there once. */
export function patchSource(url, source) {
  const patch = PATCHES.find((p) => p.module.test(url));
  if (!patch) return source;
  const count = source.split(patch.original).length - 1;
  if (count !== 1) {
    throw new Error(`scripts/lib/astro-dot-dir.mjs: ${fileURLToPath(url)} has ${count} copies of \`${patch.original}\` (expected 1): this Astro version places .astro/ differently; update the hook, or parallel builds share .astro/ again`);
  }
  return source.replace(patch.original, patch.replacement);
}

/** Installs the hook in this process: before Astro is imported (astro-dot-dir-hook.mjs does it). */
export function register() {
  if (globalThis.__perBuildAstro) return; // once per process (preloaded and imported: one hook)
  globalThis.__perBuildAstro = { dotAstroDir, outDirFallback };
  registerHooks({
    load(url, context, nextLoad) {
      const result = nextLoad(url, context);
      if (!PATCHES.some((p) => p.module.test(url))) return result;
      return { ...result, source: patchSource(url, String(result.source)) };
    },
  });
  process.on('exit', removeFallbacks);
}

function removeFallbacks() {
  // Astro removes the .prerender folder inside; remove ours when nothing else is left in it.
  for (const dir of fallbacks) {
    try {
      if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
    } catch {
      // Already gone.
    }
  }
}
