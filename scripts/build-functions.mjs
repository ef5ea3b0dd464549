// Bundles the functions with esbuild: `local` for npm start (every function in one module,
// functions/local.ts; dependencies stay in node_modules), `lambda` for AWS (one minified bundle per
// function, from its entry file, holding only what that function runs; sharp's native binary and
// the AWS SDK come from the runtime).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { readFile, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { municipalitiesData } from './lib/esbuild-municipalities.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The Lambda functions, each from its own entry file (infra/functions.ts points at the same files). */
export const FUNCTIONS = ['http', 'stream', 'photos', 'sweep'];

/** Drops stylesheet imports, also those of packages left external (leaflet/dist/leaflet.css). */
const noStylesheets = {
  name: 'no-stylesheets',
  setup(b) {
    b.onResolve({ filter: /\.css$/ }, (args) => ({ path: args.path, namespace: 'no-css' }));
    b.onLoad({ filter: /.*/, namespace: 'no-css' }, () => ({ contents: '', loader: 'empty' }));
  },
};

/**
 * @param {'local' | 'lambda'} target
 * @returns {Promise<{ outfile?: string, bytes?: number, bundles: { name: string, outfile: string, bytes: number, gzipBytes: number }[] }>}
 *   lambda: one bundle per function, `.build/lambda/<name>/index.mjs`; local: `.build/functions-local.mjs`
 *   (also as outfile and bytes). Sizes in bytes; gzip at zlib's default level.
 */
export async function buildFunctions(target = 'local') {
  const lambda = target === 'lambda';
  const outdir = `${root}.build/lambda`;
  const outfile = `${root}.build/functions-local.mjs`;
  // A function removed or renamed must not leave its old bundle behind.
  if (lambda) await rm(outdir, { recursive: true, force: true });
  await build({
    // Lambda: each function's entry file, bundled on its own (no shared chunks), so a bundle holds
    // only what its function imports. Locally: every function wired in one module, which the local
    // stack loads (the HTTP app, the stream and photo handlers, the sweep).
    ...(lambda
      ? { entryPoints: Object.fromEntries(FUNCTIONS.map((name) => [`${name}/index`, `${root}functions/${name}.ts`])), outdir, outExtension: { '.js': '.mjs' } }
      : { entryPoints: [`${root}functions/local.ts`], outfile }),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    jsx: 'automatic',
    minify: lambda,
    sourcemap: lambda ? false : 'inline',
    packages: lambda ? undefined : 'external',
    // leaflet: the map is loaded only in the browser (a dynamic import the server never runs).
    external: lambda ? ['sharp', '@aws-sdk/*', 'leaflet'] : [],
    // ESM bundles that use require() (some SDK internals) need it defined.
    banner: lambda ? { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } : {},
    logLevel: 'warning',
    legalComments: 'none',
    // The forms import Leaflet's stylesheet for the browser; the server has no use for it.
    loader: { '.css': 'empty' },
    // The municipalities' YAML, read now: a function has no content/ folder to read at run time.
    plugins: [noStylesheets, municipalitiesData()],
  });
  const sizes = async (name, file) => {
    const code = await readFile(file);
    return { name, outfile: file, bytes: code.length, gzipBytes: gzipSync(code).length };
  };
  if (lambda) return { bundles: await Promise.all(FUNCTIONS.map((name) => sizes(name, `${outdir}/${name}/index.mjs`))) };
  const local = await sizes('local', outfile);
  return { outfile, bytes: local.bytes, bundles: [local] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? 'local';
  const { bundles } = await buildFunctions(/** @type {'local' | 'lambda'} */ (target));
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  for (const b of bundles) console.log(`${b.name}: ${b.outfile.slice(root.length)}, ${kb(b.bytes)}${target === 'lambda' ? ' minified' : ''}, ${kb(b.gzipBytes)} gzip`);
}
