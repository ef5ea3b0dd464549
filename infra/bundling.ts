/**
 * esbuild settings of the Lambda bundles, shared by SST's build of the functions
 * (infra/functions.ts `nodejs.esbuild`) and ours (scripts/build-functions.mjs, which
 * `npm run build:functions -- lambda`, the bench and tests/integration/bundle.test.ts measure),
 * so what is measured is what is deployed. The plugins both use are
 * scripts/lib/function-plugins.mjs. No SST global here: scripts and tests import it as is.
 */
export const lambdaEsbuild = {
  /**
   * esbuild's default writes every non-ASCII character as `\uXXXX`: six bytes for each letter of
   * the Serbian Cyrillic strings, two in UTF-8. Node reads UTF-8 source.
   */
  charset: 'utf8',
  /**
   * React's packages (and others) choose their production or development build by NODE_ENV at
   * run time; unreplaced, both are bundled. Lambda sets no NODE_ENV.
   */
  define: { 'process.env.NODE_ENV': '"production"' },
} as const;

/** The plugins file, relative to sst.config.ts (SST's `nodejs.plugins`). */
export const lambdaPlugins = 'scripts/lib/function-plugins.mjs';
