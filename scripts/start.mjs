// npm start: runs the whole platform locally and builds the four sites from their content and
// the archive (an empty archive is first filled with the demo cases):
//   http://<id>.localhost:$PORT (default 4321) — the sites, with the API under /api
//   http://localhost:$PORT/_mail — the mailbox where every email lands
// Data lives in .data/; `npm start -- --reset` starts from empty. A staff answer or any other
// public change rebuilds that municipality's site within seconds. Ctrl-C stops everything.
import { fileURLToPath } from 'node:url';
import { buildFunctions } from './build-functions.mjs';
import { startStack } from './local/stack.mjs';
import { siteIds } from './lib/sites.mjs';

process.env.AWS_EC2_METADATA_DISABLED = 'true';
const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
if (args.has('--help')) {
  console.log('npm start [-- --reset] [-- --no-build] [-- --no-demo]\n  --reset     delete .data/ (cases, photos, mail) first\n  --no-build  serve the sites already in dist/\n  --no-demo   do not fill an empty archive with the demo cases');
  process.exit(0);
}

try {
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
    rebuild: true,
  });
} catch (e) {
  if (e.code === 'EADDRINUSE') console.error(`Port ${process.env.PORT ?? 4321} is in use. Stop the other server or run: PORT=4400 npm start`);
  else console.error(`Could not start the local services: ${e.message}`);
  process.exit(1);
}

try {
  if (!args.has('--no-demo')) {
    const { seedDemoIfEmpty } = await import('./seed-demo.mjs');
    const seeded = await seedDemoIfEmpty(stack.platform.ports.store);
    if (seeded) console.log(`The archive was empty: added ${seeded} demo cases (npm run seed:demo -- --remove takes them out).`);
  }
  if (!args.has('--no-build')) {
    console.log('E-opštine: building the sites from the content and the archive (a minute the first time)');
    const started = performance.now();
    const built = await stack.rebuilder.buildAll(siteIds);
    console.log(`Built ${built.reduce((n, r) => n + r.pages, 0)} pages in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  }
} catch (e) {
  console.error(`\n${e.message}\n\nFix the error above and run npm start again.`);
  await stack.stop();
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
