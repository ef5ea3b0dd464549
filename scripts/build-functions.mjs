// Bundles the functions with esbuild: `local` for npm start (dependencies stay in node_modules),
// `lambda` for AWS (everything but sharp's native binary inside one minified file).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { stat } from 'node:fs/promises';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Drops stylesheet imports, also those of packages left external (leaflet/dist/leaflet.css). */
const noStylesheets = {
  name: 'no-stylesheets',
  setup(b) {
    b.onResolve({ filter: /\.css$/ }, (args) => ({ path: args.path, namespace: 'no-css' }));
    b.onLoad({ filter: /.*/, namespace: 'no-css' }, () => ({ contents: '', loader: 'empty' }));
  },
};

export async function buildFunctions(target = 'local') {
  const lambda = target === 'lambda';
  const outfile = `${root}.build/${lambda ? 'lambda/index.mjs' : 'functions-local.mjs'}`;
  await build({
    // Lambda: lambda.ts (http, stream, sweep). Locally: the platform plus the overdue sweep, which
    // the local stack runs on a timer.
    ...(lambda
      ? { entryPoints: [`${root}functions/lambda.ts`] }
      : { stdin: { contents: "export * from './functions/platform.ts';\nexport { createSweep } from './functions/sweep.ts';\n", resolveDir: root, loader: 'ts', sourcefile: 'functions-local.ts' } }),
    outfile,
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
    plugins: [noStylesheets],
  });
  return { outfile, bytes: (await stat(outfile)).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? 'local';
  const r = await buildFunctions(target);
  console.log(`${target}: ${r.outfile} (${(r.bytes / 1024).toFixed(0)} KB)`);
}
