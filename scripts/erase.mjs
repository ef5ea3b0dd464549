// npm run erase -- <code> [--yes]
// Erases a case's personal data at the citizen's request (functions/domain/erase.ts): the contact
// details, the citizen's text and the public wording (replaced by "removed at the citizen's
// request" in the case's language), the name, the address and map point, every photo (the upload,
// the private and the public copies), with an `erased` event on the case; then rewrites the case's
// public record. The case itself stays in the archive with its status, dates and answer.
//
// Against the local stack's data in .data/: when `npm start` is running, through its DynamoDB
// Local (found by the pid file scripts/local/dynamodb.mjs writes), and its stream poller then
// asks for the site's rebuild within seconds; otherwise this starts DynamoDB Local on
// .data/dynamodb itself, and `npm start` rebuilds the sites when it next starts. Photos are
// deleted through an s3rver of its own on .data/s3 (s3rver keeps objects as files, so it can share
// the directory with npm start's). DYNAMODB_ENDPOINT, S3_ENDPOINT, TABLE_NAME and BUCKET point it
// at other local services instead (the integration tests do).
//
// It asks to type the code again unless --yes is given (required when not run in a terminal).
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));


async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || !args.some((a) => !a.startsWith('--'))) {
    console.log('npm run erase -- <tracking code> [--yes]\n  erases the personal data of a case in the local archive (.data/); --yes skips the confirmation');
    return args.includes('--help') ? 0 : 1;
  }
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  if (!process.execArgv.includes('--experimental-transform-types')) {
    console.error('Run this as: npm run erase -- <code> (it needs node --experimental-transform-types)');
    return 1;
  }
  const { normaliseCode } = await import('../core/cases/codes.ts');
  const raw = /** @type {string} */ (args.find((a) => !a.startsWith('--')));
  const code = normaliseCode(raw);
  if (!code) {
    console.error(`"${raw.slice(0, 40)}" is not a tracking code (eight letters and digits, such as K7QM-3XTD).`);
    return 1;
  }

  const stops = [];
  try {
    let dynamoEndpoint = process.env.DYNAMODB_ENDPOINT;
    let viaNpmStart = false;
    if (!dynamoEndpoint) {
      const dataDir = resolve(root, '.data', 'dynamodb');
      const { runningDynamo } = await import('./local/dynamodb.mjs');
      const running = await runningDynamo(dataDir);
      if (running?.port) {
        dynamoEndpoint = `http://127.0.0.1:${running.port}`;
        viaNpmStart = true;
        console.log(`npm start's DynamoDB Local (pid ${running.pid}) holds .data/dynamodb: erasing through it.`);
      } else if (running) {
        console.error(`DynamoDB Local (pid ${running.pid}) is using .data/dynamodb and its port is unknown. Stop npm start and run this again.`);
        return 1;
      } else {
        const { startDynamo, ensureTable } = await import('./local/dynamodb.mjs');
        console.log('Starting DynamoDB Local on .data/dynamodb…');
        const db = await startDynamo({ dataDir });
        stops.push(() => db.stop());
        await ensureTable(db.endpoint, process.env.TABLE_NAME ?? 'e-opstine');
        dynamoEndpoint = db.endpoint;
      }
    }
    let s3Endpoint = process.env.S3_ENDPOINT;
    if (!s3Endpoint) {
      const { startS3 } = await import('./local/s3.mjs');
      const s3 = await startS3({ dataDir: resolve(root, '.data', 's3'), bucket: process.env.BUCKET ?? 'e-opstine-uploads' });
      stops.push(() => s3.stop());
      s3Endpoint = s3.endpoint;
    }

    const { loadConfig } = await import('../functions/config.ts');
    const { DynamoCaseStore } = await import('../functions/adapters/dynamo.ts');
    const { S3PhotoStorage } = await import('../functions/adapters/storage.ts');
    const { eraseCase } = await import('../functions/domain/erase.ts');
    const { project } = await import('../functions/domain/projection.ts');
    const config = loadConfig({ ...process.env, DYNAMODB_ENDPOINT: dynamoEndpoint, S3_ENDPOINT: s3Endpoint, MEDIA_BASE_URL: process.env.MEDIA_BASE_URL ?? '/media' });
    const store = new DynamoCaseStore(config);
    const storage = new S3PhotoStorage(config);
    stops.push(async () => {
      store.doc.destroy();
      storage.s3.destroy();
    });

    const r = await store.getCase(code);
    if (!r) {
      console.error(`No case ${code} in table ${config.tableName}.`);
      return 1;
    }
    if (r.erasedAt) console.log(`${code}: its personal data was erased already (${r.erasedAt}); deleting any photo copy left.`);
    else {
      console.log(`${code}: ${r.kind} in ${r.municipality}, ${r.status}, submitted ${r.createdAt}, ${r.photos.length} photo(s).`);
      if (!args.includes('--yes')) {
        if (!process.stdin.isTTY) {
          console.error('Erasure cannot be undone: add --yes to confirm when not running in a terminal.');
          return 1;
        }
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        const answer = await rl.question(`Erasure cannot be undone. Type the code (${code}) to erase: `);
        rl.close();
        if (normaliseCode(answer) !== code) {
          console.log('Nothing erased.');
          return 1;
        }
      }
    }
    const result = await eraseCase({ store, storage, now: () => new Date() }, code, { via: 'operator' });
    const projected = await project({ store, storage }, code);
    console.log(
      `${code}: ${result.erased ? 'contact details, text, name, place and photos erased' : 'nothing more to erase'}; ${result.photoKeys.length} photo object(s) deleted; public record ${projected}.`,
    );
    console.log(viaNpmStart || process.env.DYNAMODB_ENDPOINT ? 'The running stack rebuilds the site within seconds.' : 'npm start rebuilds the sites from the archive when it starts.');
    return 0;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((/** @type {Error} */ e) => console.error(`stop: ${e.message}`));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`erase failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
