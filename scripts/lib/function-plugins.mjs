// esbuild plugins for the Lambda bundles, used by scripts/build-functions.mjs and by SST's own
// build of the functions (infra/functions.ts `nodejs.plugins` points at this file; SST runs it in
// a plugin host of its own, which offers onResolve and onLoad only, with plain Node: so plain
// JavaScript here, importing nothing of ours).
import { readFile } from 'node:fs/promises';

const IMPORT_Z = /^import \{ z \} from 'zod';$/gm;

/**
 * `import { z } from 'zod'` hands esbuild zod's whole namespace object, so it keeps every schema
 * and every locale (380 KB minified); `import * as z from 'zod'` lets it keep only what is used.
 * Zod's index re-exports `z` as a namespace that esbuild cannot see through (Rollup, which builds
 * the sites, can). This rewrites that one import line in our own sources when bundling a
 * function; nothing else in them changes.
 */
export const zodNamespace = {
  name: 'zod-namespace',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = await readFile(args.path, 'utf8');
      IMPORT_Z.lastIndex = 0;
      if (!IMPORT_Z.test(source)) return undefined;
      return { contents: source.replace(IMPORT_Z, "import * as z from 'zod';"), loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
    });
  },
};

export default [zodNamespace];
