// npm start: builds the four sites and runs the whole platform locally:
//   http://<id>.localhost:$PORT (default 4321) — the sites, with the API under /api
//   http://localhost:$PORT/_mail — the mailbox where every email lands
// Data lives in .data/; `npm start -- --reset` starts from empty. Ctrl-C stops everything.
import { fileURLToPath } from 'node:url';
import { buildAll } from './build-all.mjs';
import { buildFunctions } from './build-functions.mjs';
import { startStack } from './local/stack.mjs';
import { siteIds } from './lib/sites.mjs';

process.env.AWS_EC2_METADATA_DISABLED = 'true';
const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
if (args.has('--help')) {
  console.log('npm start [-- --reset] [-- --no-build]\n  --reset     delete .data/ (cases, photos, mail) first\n  --no-build  serve the sites already in dist/');
  process.exit(0);
}

try {
  if (!args.has('--no-build')) {
    console.log('E-opštine: building the sites (this takes a minute the first time)');
    const built = await buildAll();
    console.log(`Built ${built.pages} pages in ${(built.wallMs / 1000).toFixed(1)} s.`);
  }
  await buildFunctions('local');
} catch (e) {
  console.error(`\n${e.message}\n\nFix the error above and run npm start again.`);
  process.exit(1);
}

console.log(args.has('--reset') ? 'Starting the local services with empty data…' : 'Starting the local services (data in .data/)…');
let stack;
try {
  stack = await startStack({
    port: Number(process.env.PORT ?? 4321),
    dataDir: `${root}.data`,
    reset: args.has('--reset'),
    loadPlatform: () => import(`${root}.build/functions-local.mjs`),
  });
} catch (e) {
  if (e.code === 'EADDRINUSE') console.error(`Port ${process.env.PORT ?? 4321} is in use. Stop the other server or run: PORT=4400 npm start`);
  else console.error(`Could not start the local services: ${e.message}`);
  process.exit(1);
}

console.log(`\nOpen one of the sites:\n${siteIds.map((id) => `  ${stack.url(id, '/')}`).join('\n')}\nMailbox: http://localhost:${stack.port}/_mail\n\nCtrl-C stops everything.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping (DynamoDB Local takes a few seconds)…');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
