// npm start: builds the four sites and serves them on http://<id>.localhost:$PORT (default 4321).
import { buildAll } from './build-all.mjs';
import { serveSites } from './serve.mjs';
import { siteIds } from './lib/sites.mjs';

console.log('E-opštine: building the sites (this takes a minute the first time)');
let built;
try {
  built = await buildAll();
} catch (e) {
  console.error(`\n${e.message}\n\nFix the error above and run npm start again.`);
  process.exit(1);
}
console.log(`Built ${built.pages} pages in ${(built.wallMs / 1000).toFixed(1)} s.`);

let server;
try {
  server = await serveSites();
} catch (e) {
  if (e.code === 'EADDRINUSE') {
    console.error(`Port ${process.env.PORT ?? 4321} is in use. Stop the other server or run: PORT=4400 npm start`);
    process.exit(1);
  }
  throw e;
}
const { port } = server.address();
console.log(`\nOpen one of the sites:\n${siteIds.map((id) => `  http://${id}.localhost:${port}/`).join('\n')}\n\nCtrl-C stops.`);
const stop = () => {
  console.log('\nStopping.');
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
