// Bundles the functions with esbuild: `local` for npm start (every function in one module,
// functions/local.ts; dependencies stay in node_modules), `lambda` for AWS (one minified bundle per
// function, from its entry file, holding only what that function runs; sharp's native binary and
// the AWS SDK come from the runtime). `node scripts/build-functions.mjs lambda --why` also prints
// what each Lambda bundle holds, by package and folder, from esbuild's metafile (kept in
// .build/lambda-meta/<name>.json).
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { municipalitiesData } from './lib/esbuild-municipalities.mjs';
import functionPlugins from './lib/function-plugins.mjs';
// The esbuild settings and plugins SST's build of the photo function uses too (infra/bundling.ts
// says why each is there); the other functions are deployed from these very bundles.
import { lambdaEsbuild } from '../infra/bundling.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Lambda functions, each from its own entry file (infra/functions.ts points at the same files):
 * `http` the citizens' side (submissions, uploads, Open311, /api/cases, status pages: the Api and
 * Reads functions), `portal` the pages behind a session or a link (staff workspace and reply links,
 * the citizen's personal link, feedback, follow and alerts).
 */
export const FUNCTIONS = ['http', 'portal', 'stream', 'photos', 'sweep'];

/** Drops stylesheet imports, also those of packages left external (leaflet/dist/leaflet.css). */
const noStylesheets = {
  name: 'no-stylesheets',
  setup(b) {
    b.onResolve({ filter: /\.css$/ }, (args) => ({ path: args.path, namespace: 'no-css' }));
    b.onLoad({ filter: /.*/, namespace: 'no-css' }, () => ({ contents: '', loader: 'empty' }));
  },
};

const DICTIONARIES = /[\\/]core[\\/]i18n[\\/](sr|sq)\.ts$/;

/**
 * The interface strings a bundle uses, and only those. core/i18n keeps one dictionary per language
 * with every area's strings (the workspace's, the archive's, the open data pages', the emails'),
 * about 190 KB minified for the three languages; a function renders a few areas. The bundle is
 * built twice: first with empty dictionaries, to collect every token of the code and data it holds
 * that could name a key (`form.error.required`) or begin one (`staff.` of `staff.${code}`, the
 * `form.` that formStrings lists, `documents.count` of plural's `documents.count.one`: a prefix
 * has a dot in it; every key built at run time in functions/ and core/ starts with a literal
 * `area.`), then with the dictionaries (core/i18n/sr.ts, sq.ts) cut to the keys those tokens name
 * or begin. A token is any run of letters, digits, dots, dashes and underscores, so a key is kept
 * however the code spells it (quoted, in a template, in the municipalities' data). What it cannot
 * see is a key put together from a bare word at run time (`${area}.title`): no code does that
 * today, and tests/integration/bundle.test.ts renders the bundles' pages against the app with
 * every string, so a page that needs a dropped key fails there (a missing key throws in t()).
 * @param {Set<string> | undefined} tokens undefined: the first build (empty dictionaries)
 * @returns {import('esbuild').Plugin}
 */
function usedStrings(tokens) {
  const kept = (key) => {
    if (tokens.has(key)) return true;
    // A prefix counts from its first dot on (`staff.`, `form.error`): a bare word (`email`,
    // `site`) is as likely a property name of the code as a key's first part.
    for (let i = key.indexOf('.'); i > 0; i = key.indexOf('.', i + 1)) if (tokens.has(key.slice(0, i + 1)) || (key.lastIndexOf('.', i - 1) > 0 && tokens.has(key.slice(0, i)))) return true;
    return false;
  };
  return {
    name: 'used-strings',
    setup(b) {
      b.onLoad({ filter: DICTIONARIES }, async (args) => {
        const mod = await import(pathToFileURL(args.path).href);
        const out = [];
        for (const [name, value] of Object.entries(mod)) {
          if (!value || typeof value !== 'object' || Object.values(value).some((v) => typeof v !== 'string')) return undefined;
          out.push(`export const ${name} = ${JSON.stringify(tokens ? Object.fromEntries(Object.entries(value).filter(([k]) => kept(k))) : {})};`);
        }
        return { contents: out.join('\n'), loader: 'js' };
      });
    },
  };
}

/**
 * The bundles cut to the strings they use: the HTTP functions, whose every page
 * tests/integration/bundle.test.ts renders from the bundle and compares with the app's. The stream
 * and the sweep (emails, and the archive pages the fast publish path renders) keep every string
 * until a test does the same for them.
 */
export const USED_STRINGS_ONLY = ['http', 'portal'];

/** Every token of a bundle's code that could name or begin an interface string's key. */
const tokensOf = (code) => new Set(code.match(/[A-Za-z0-9_.-]+/g) ?? []);

/**
 * @param {'local' | 'lambda'} target
 * @param {{ bundleSdk?: boolean }} [options] bundleSdk: put the AWS SDK v3 into the Lambda bundles
 *   rather than use the runtime's (to measure both ways; the deployed functions use the runtime's)
 * @returns {Promise<{ outfile?: string, bytes?: number, bundles: { name: string, outfile: string, bytes: number, gzipBytes: number }[] }>}
 *   lambda: one bundle per function, `.build/lambda/<name>/index.mjs`; local: `.build/functions-local.mjs`
 *   (also as outfile and bytes). Sizes in bytes; gzip at zlib's default level.
 */
export async function buildFunctions(target = 'local', { bundleSdk = false } = {}) {
  const lambda = target === 'lambda';
  const outdir = `${root}.build/lambda`;
  const outfile = `${root}.build/functions-local.mjs`;
  // Beside the bundles, not in their folders: infra/functions.ts deploys each folder as it is.
  const metaDir = `${root}.build/lambda-meta`;
  // A function removed or renamed must not leave its old bundle behind.
  if (lambda) await rm(outdir, { recursive: true, force: true });
  const options = {
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
    external: lambda ? ['sharp', ...(bundleSdk ? [] : ['@aws-sdk/*']), 'leaflet'] : [],
    ...(lambda ? lambdaEsbuild : {}),
    metafile: lambda,
    // ESM bundles that use require() (some SDK internals) need it defined.
    banner: lambda ? { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } : {},
    logLevel: 'warning',
    legalComments: 'none',
    // The forms import Leaflet's stylesheet for the browser; the server has no use for it.
    loader: { '.css': 'empty' },
    // The municipalities' YAML, read now: a function has no content/ folder to read at run time.
    plugins: [noStylesheets, municipalitiesData(), ...(lambda ? functionPlugins : [])],
  };
  let result;
  if (lambda) {
    // Each function on its own (its own strings), in parallel; first with empty dictionaries
    // (USED_STRINGS_ONLY), then cut to what that build names.
    const entries = Object.entries(options.entryPoints);
    const results = await Promise.all(
      entries.map(async ([out, entry]) => {
        const one = { ...options, entryPoints: { [out]: entry }, write: false, metafile: false, logLevel: 'silent' };
        if (!USED_STRINGS_ONLY.includes(out.split('/')[0])) return build({ ...one, write: true, metafile: true, logLevel: options.logLevel });
        const first = await build({ ...one, plugins: [usedStrings(undefined), ...options.plugins] });
        const tokens = tokensOf(first.outputFiles.map((f) => f.text).join('\n'));
        return build({ ...one, write: true, metafile: true, logLevel: options.logLevel, plugins: [usedStrings(tokens), ...options.plugins] });
      }),
    );
    result = { metafile: { outputs: Object.assign({}, ...results.map((r) => r.metafile.outputs)) } };
  } else {
    result = await build(options);
  }
  if (lambda && result.metafile) {
    // What each bundle holds, for `--why` and the tests: its inputs and their bytes in the output.
    for (const [file, out] of Object.entries(result.metafile.outputs)) {
      const name = FUNCTIONS.find((n) => file.endsWith(`lambda/${n}/index.mjs`));
      if (name) await mkdir(metaDir, { recursive: true });
        await writeFile(`${metaDir}/${name}.json`, JSON.stringify({ bytes: out.bytes, inputs: Object.fromEntries(Object.entries(out.inputs).map(([k, v]) => [k, v.bytesInOutput])) }));
    }
  }
  const sizes = async (name, file) => {
    const code = await readFile(file);
    return { name, outfile: file, bytes: code.length, gzipBytes: gzipSync(code).length };
  };
  if (lambda) return { bundles: await Promise.all(FUNCTIONS.map((name) => sizes(name, `${outdir}/${name}/index.mjs`))) };
  const local = await sizes('local', outfile);
  return { outfile, bytes: local.bytes, bundles: [local] };
}

/**
 * What a Lambda bundle holds, from its metafile (.build/lambda-meta/<name>.json): bytes in the output by npm package
 * (`react-dom`, `zod`, `@aws-sdk/client-dynamodb`) or by our folder (`core/i18n`, `functions/web`),
 * largest first.
 * @param {string} name a function of FUNCTIONS, built for lambda
 * @returns {Promise<{ bytes: number, inputs: Record<string, number>, groups: [string, number][] }>}
 */
export async function bundleHoldings(name) {
  const meta = JSON.parse(await readFile(`${root}.build/lambda-meta/${name}.json`, 'utf8'));
  const groups = new Map();
  for (const [file, bytes] of Object.entries(meta.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    // Our own files by their first two folders; the municipalities' data by its plugin's name.
    const group = pkg ? pkg[1] : file.includes(':') ? file.slice(0, file.indexOf(':')) : file.split('/').slice(0, 2).join('/');
    groups.set(group, (groups.get(group) ?? 0) + bytes);
  }
  return { ...meta, groups: [...groups].sort((a, b) => b[1] - a[1]) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? 'local';
  const args = process.argv.slice(3);
  const { bundles } = await buildFunctions(/** @type {'local' | 'lambda'} */ (target), { bundleSdk: args.includes('--sdk') });
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  for (const b of bundles) {
    console.log(`${b.name}: ${b.outfile.slice(root.length)}, ${kb(b.bytes)}${target === 'lambda' ? ' minified' : ''}, ${kb(b.gzipBytes)} gzip`);
    if (target === 'lambda' && args.includes('--why')) {
      for (const [group, bytes] of (await bundleHoldings(b.name)).groups.slice(0, 12)) console.log(`  ${kb(bytes).padStart(10)}  ${group}`);
    }
  }
}
