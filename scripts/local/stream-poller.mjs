// The local stand-in for Lambda's DynamoDB event source mapping: reads the table's stream on
// DynamoDB Local and calls the same handler Lambda would (stack.mjs passes the photo and stream
// handlers, one after the other), with an event of the same shape.
// Like the mapping, it delivers each shard's records in order, retries a failed batch (the same
// records, never skipping ahead) until the handler succeeds, and only then moves on.
//
// It records its place per shard (the last sequence number handled) in memory and, when given a
// checkpoint file, on disk, so `npm start` does not replay old records after a restart.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { localClientConfig } from './aws.mjs';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/**
 * An attribute value as Lambda delivers it in JSON: like DynamoDB's, but binary as base64 text.
 * @typedef {{ S?: string, N?: string, B?: string, SS?: string[], NS?: string[], BS?: string[], M?: Record<string, StreamAttributeValue>, L?: StreamAttributeValue[], NULL?: boolean, BOOL?: boolean }} StreamAttributeValue
 */

/**
 * One record of a DynamoDB stream event, shaped like Lambda's (aws-lambda's DynamoDBRecord).
 * @typedef {object} StreamRecord
 * @property {string} eventID
 * @property {'INSERT' | 'MODIFY' | 'REMOVE'} eventName
 * @property {string} eventVersion
 * @property {'aws:dynamodb'} eventSource
 * @property {string} eventSourceARN the stream's ARN
 * @property {string} awsRegion as the stream reports it ("ddblocal" on DynamoDB Local)
 * @property {{ type: string, principalId: string }} [userIdentity] present on deletions made by TTL
 * @property {{
 *   Keys: Record<string, StreamAttributeValue>,
 *   NewImage?: Record<string, StreamAttributeValue>,
 *   OldImage?: Record<string, StreamAttributeValue>,
 *   SequenceNumber: string,
 *   SizeBytes?: number,
 *   ApproximateCreationDateTime?: number,
 *   StreamViewType: string,
 * }} dynamodb ApproximateCreationDateTime in seconds since the epoch, as Lambda gives it
 */

/** @typedef {{ Records: StreamRecord[] }} StreamEvent */

/**
 * @typedef {object} StreamPoller
 * @property {() => Promise<void>} stop stops polling; waits for a handler call under way to finish (its batch is checkpointed if it succeeds)
 * @property {() => Promise<void>} idle resolves once every record written before the call has been handled; rejects if the poller stops first
 * @property {() => Promise<void>} pause hands the handler nothing more until resume(); resolves once a handler call under way
 *   has finished (a batch that was failing stops being retried, and is delivered again after resume). For tests that must
 *   act between a write and its handling.
 * @property {() => void} resume polls again at once after pause()
 */

/**
 * @typedef {object} StreamPollerOptions
 * @property {string} endpoint DynamoDB Local, e.g. http://127.0.0.1:8000
 * @property {string} tableName
 * @property {(event: StreamEvent) => unknown} handler awaited; a throw (or rejection) makes the same batch be delivered again
 * @property {number} [intervalMs] pause between polls when there is nothing new (default 250)
 * @property {string} [checkpointFile] JSON file keeping each shard's position across restarts
 * @property {number} [batchSize] records per handler call at most (default 100, Lambda's default)
 * @property {(line: string) => void} [log] where the one-line failure reports go (default console.warn)
 */

/**
 * Starts polling the table's stream. Resolves once the checkpoint file (if any) is read; the
 * first poll runs at once.
 *
 * @param {StreamPollerOptions} options
 * @returns {Promise<StreamPoller>}
 */
export async function startStreamPoller({ endpoint, tableName, handler, intervalMs = 250, checkpointFile, batchSize = 100, log = console.warn }) {
  const checkpointPath = checkpointFile === undefined ? null : resolve(checkpointFile);
  /**
   * Position per shard: the last sequence number handled, and whether the shard is closed and
   * fully read. Belongs to one stream; a new stream (the table was recreated) starts afresh.
   * @type {{ streamArn: string | null, shards: Record<string, { sequenceNumber?: string, done?: boolean }> }}
   */
  let checkpoint = { streamArn: null, shards: {} };
  if (checkpointPath) {
    try {
      checkpoint = JSON.parse(await readFile(checkpointPath, 'utf8'));
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'ENOENT') {
        throw new Error(`Stream checkpoint ${checkpointPath} is unreadable (${/** @type {Error} */ (e).message}); delete it to start from the oldest record`);
      }
    }
  }

  const dynamodb = new DynamoDBClient(localClientConfig(endpoint));
  const streams = new DynamoDBStreamsClient(localClientConfig(endpoint));
  const abort = new AbortController();
  const { signal } = abort;
  /** Shard iterators to continue from, per shard (not saved: they expire; the checkpoint does not). */
  const iterators = new Map();

  let stopped = false;
  // idle(): a poll cycle that *started* after the call and completed with every shard read to
  // its end has seen every record written before the call.
  let cyclesStarted = 0;
  let cyclesCompleted = 0;
  /** @type {{ target: number, resolve: () => void, reject: (e: Error) => void }[]} */
  let idleWaiters = [];
  /** @type {() => void} */
  let wake = () => {};
  /** @type {() => void} ends whatever pause is under way, retry backoffs too (for pause()) */
  let cutShort = () => {};
  /** Set while paused: resume() resolves it. @type {{ promise: Promise<void>, resolve: () => void } | null} */
  let held = null;
  /** Resolves when the poll cycle under way ends. @type {Promise<void>} */
  let cycleEnded = Promise.resolve();
  let lastLoopError = '';

  /** @param {import('@aws-sdk/client-dynamodb-streams').Shard} shard */
  const shardDone = (shard) => Boolean(shard.ShardId && checkpoint.shards[shard.ShardId]?.done);

  async function saveCheckpoint() {
    if (!checkpointPath) return;
    await mkdir(dirname(checkpointPath), { recursive: true });
    const tmp = `${checkpointPath}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(checkpoint, null, 2));
    await rename(tmp, checkpointPath);
  }

  /**
   * Waits `ms`, or less when stop() (or, if wakeable, idle()) interrupts. Resolves false once stopped.
   * @param {number} ms
   * @param {boolean} wakeable
   * @returns {Promise<boolean>}
   */
  function pause(ms, wakeable) {
    return new Promise((res) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        res(!stopped);
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      if (wakeable) wake = done;
      cutShort = done;
    });
  }

  /** @returns {Promise<string | undefined>} the table's current stream, if the table and its stream exist */
  async function currentStreamArn() {
    try {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: signal });
      return Table?.StreamSpecification?.StreamEnabled ? Table.LatestStreamArn : undefined;
    } catch (e) {
      if (/** @type {Error} */ (e).name === 'ResourceNotFoundException') return undefined;
      throw e;
    }
  }

  /** @param {string} streamArn */
  async function listShards(streamArn) {
    /** @type {import('@aws-sdk/client-dynamodb-streams').Shard[]} */
    const shards = [];
    /** @type {string | undefined} */
    let start;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }), { abortSignal: signal });
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  /**
   * @param {string} streamArn
   * @param {string} shardId
   * @returns {Promise<string | undefined>}
   */
  async function iteratorFor(streamArn, shardId) {
    const known = iterators.get(shardId);
    if (known) return known;
    const after = checkpoint.shards[shardId]?.sequenceNumber;
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand(
        after
          ? { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' },
      ),
      { abortSignal: signal },
    );
    return ShardIterator;
  }

  /**
   * Calls the handler with the batch until it succeeds, backing off 0.5 s, 1 s, 2 s … 10 s.
   * Logs one line per failure, without record contents (they hold personal data).
   *
   * @param {StreamEvent} event
   * @param {string} shardId
   * @returns {Promise<boolean>} false if stopped before the handler succeeded
   */
  async function deliver(event, shardId) {
    let delay = FIRST_RETRY_MS;
    for (let attempt = 1; ; attempt++) {
      if (held) return false; // paused: the batch stays unacknowledged
      try {
        // A fresh copy each time, so a handler that changed the event sees the original on retry.
        await handler(structuredClone(event));
        return true;
      } catch (e) {
        log(
          `stream poller: handler failed on a batch of ${event.Records.length} record(s) from ${tableName} ${shardId} ` +
            `(attempt ${attempt}): ${describeError(e)}; retrying the same batch in ${delay / 1000} s`,
        );
        if (!(await pause(delay, false))) return false;
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  /**
   * Reads one shard up to its current end, handing each batch to the handler.
   * @param {string} streamArn
   * @param {string} shardId
   * @returns {Promise<number>} records handled
   */
  async function drainShard(streamArn, shardId) {
    let handled = 0;
    while (!stopped && !held) {
      const iterator = await iteratorFor(streamArn, shardId);
      if (!iterator) break;
      /** @type {import('@aws-sdk/client-dynamodb-streams').GetRecordsCommandOutput} */
      let page;
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }), { abortSignal: signal });
      } catch (e) {
        const name = /** @type {Error} */ (e).name;
        if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
          // Start again from the checkpoint (or, if that was trimmed away, the oldest record left).
          iterators.delete(shardId);
          if (name === 'TrimmedDataAccessException') {
            log(`stream poller: records of ${tableName} ${shardId} after the checkpoint were trimmed (older than 24 h); continuing from the oldest left`);
            delete checkpoint.shards[shardId]?.sequenceNumber;
          }
          continue;
        }
        throw e;
      }
      const records = page.Records ?? [];
      if (records.length) {
        const event = { Records: records.map((r) => toLambdaRecord(r, streamArn)) };
        if (!(await deliver(event, shardId))) return handled; // stopped: the batch stays unacknowledged
        const last = records.at(-1)?.dynamodb?.SequenceNumber;
        checkpoint.shards[shardId] = { ...checkpoint.shards[shardId], ...(last ? { sequenceNumber: last } : {}) };
        handled += records.length;
      }
      if (page.NextShardIterator) {
        iterators.set(shardId, page.NextShardIterator);
      } else {
        // No next iterator: the shard is closed and read to the end; its children take over.
        iterators.delete(shardId);
        checkpoint.shards[shardId] = { ...checkpoint.shards[shardId], done: true };
      }
      if (records.length || !page.NextShardIterator) await saveCheckpoint();
      if (!records.length || !page.NextShardIterator) break;
    }
    return handled;
  }

  /** One cycle: every shard read to its current end, parents before children. */
  async function pollOnce() {
    const streamArn = await currentStreamArn();
    if (!streamArn) return;
    if (checkpoint.streamArn !== streamArn) {
      checkpoint = { streamArn, shards: {} };
      iterators.clear();
    }
    const shards = await listShards(streamArn);
    const ids = new Set(shards.map((s) => s.ShardId));
    for (let progress = true; progress && !stopped; ) {
      progress = false;
      for (const shard of shards) {
        if (stopped || held) return;
        if (!shard.ShardId || shardDone(shard)) continue;
        // A child shard's records come after its parent's; wait until the parent is read out.
        // A parent no longer listed has been trimmed away and holds nothing more.
        const parent = shard.ParentShardId;
        if (parent && ids.has(parent) && !checkpoint.shards[parent]?.done) continue;
        const handled = await drainShard(streamArn, shard.ShardId);
        if (handled > 0 || shardDone(shard)) progress = true;
      }
    }
  }

  async function loop() {
    while (!stopped) {
      if (held) {
        const { promise } = held;
        await new Promise((res) => {
          void promise.then(res);
          signal.addEventListener('abort', res, { once: true });
        });
        continue;
      }
      const cycle = ++cyclesStarted;
      let ok = false;
      /** @type {() => void} */
      let endCycle = () => {};
      cycleEnded = new Promise((res) => (endCycle = res));
      try {
        await pollOnce();
        if (stopped) break;
        if (held) continue; // cut short by pause(): not every shard was read
        cyclesCompleted = cycle;
        if (lastLoopError) log(`stream poller: ${tableName} stream readable again`);
        lastLoopError = '';
        const ready = idleWaiters.filter((w) => w.target <= cyclesCompleted);
        idleWaiters = idleWaiters.filter((w) => w.target > cyclesCompleted);
        for (const w of ready) w.resolve();
        ok = true;
      } catch (e) {
        if (stopped) break;
        // DynamoDB Local down or restarting: say so once, not every 250 ms.
        const line = `stream poller: reading the ${tableName} stream failed: ${describeError(e)}; retrying`;
        if (line !== lastLoopError) log(line);
        lastLoopError = line;
      } finally {
        endCycle();
      }
      if (held) continue;
      // Someone called idle() during this cycle: run the next cycle at once rather than wait.
      if (!(ok && idleWaiters.length)) await pause(intervalMs, true);
    }
  }

  const running = loop();

  /** @type {Promise<void> | null} */
  let stopping = null;
  return {
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        abort.abort(); // ends pauses and AWS calls under way; a handler call is awaited, not cut off
        await running;
        dynamodb.destroy();
        streams.destroy();
        for (const w of idleWaiters) w.reject(new Error('stream poller stopped'));
        idleWaiters = [];
      })()),
    idle: () => {
      if (stopped) return Promise.reject(new Error('stream poller stopped'));
      return new Promise((res, rej) => {
        idleWaiters.push({ target: cyclesStarted + 1, resolve: res, reject: rej });
        wake();
      });
    },
    pause: () => {
      if (!held) {
        /** @type {() => void} */
        let resolve = () => {};
        const promise = new Promise((res) => (resolve = () => res(undefined)));
        held = { promise: /** @type {Promise<void>} */ (promise), resolve };
      }
      cutShort();
      return cycleEnded;
    },
    resume: () => {
      const was = held;
      held = null;
      was?.resolve();
    },
  };
}

/**
 * Error name and the first line of its message, cut short: enough to act on, and no place for
 * record contents to spill into the log.
 * @param {unknown} e
 */
function describeError(e) {
  const err = /** @type {{ name?: unknown, message?: unknown }} */ (e ?? {});
  const name = typeof err.name === 'string' ? err.name : 'Error';
  const message = typeof err.message === 'string' ? (err.message.split('\n')[0] ?? '').slice(0, 200) : String(e).slice(0, 200);
  return `${name}: ${message}`;
}

/**
 * A GetRecords record (as the SDK returns it) → the record Lambda would deliver.
 * @param {import('@aws-sdk/client-dynamodb-streams')._Record} r
 * @param {string} streamArn
 * @returns {StreamRecord}
 */
function toLambdaRecord(r, streamArn) {
  const d = r.dynamodb ?? {};
  /** @type {StreamRecord['dynamodb']} */
  const dynamodb = {
    Keys: toJsonImage(d.Keys) ?? {},
    SequenceNumber: d.SequenceNumber ?? '',
    StreamViewType: d.StreamViewType ?? '',
  };
  const newImage = toJsonImage(d.NewImage);
  const oldImage = toJsonImage(d.OldImage);
  if (newImage) dynamodb.NewImage = newImage;
  if (oldImage) dynamodb.OldImage = oldImage;
  if (d.SizeBytes !== undefined) dynamodb.SizeBytes = d.SizeBytes;
  // The SDK parses it into a Date; Lambda passes seconds since the epoch.
  if (d.ApproximateCreationDateTime) dynamodb.ApproximateCreationDateTime = Math.floor(d.ApproximateCreationDateTime.getTime() / 1000);
  /** @type {StreamRecord} */
  const record = {
    eventID: r.eventID ?? '',
    eventName: /** @type {StreamRecord['eventName']} */ (r.eventName),
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: r.awsRegion ?? '',
    dynamodb,
    eventSourceARN: streamArn,
  };
  if (r.userIdentity?.Type && r.userIdentity.PrincipalId) record.userIdentity = { type: r.userIdentity.Type, principalId: r.userIdentity.PrincipalId };
  return record;
}

/**
 * @param {Record<string, import('@aws-sdk/client-dynamodb-streams').AttributeValue> | undefined} image
 * @returns {Record<string, StreamAttributeValue> | undefined}
 */
function toJsonImage(image) {
  if (!image) return undefined;
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toJsonValue(v)]));
}

/**
 * Binary (Uint8Array from the SDK) becomes base64 text, as in the JSON Lambda receives.
 * @param {import('@aws-sdk/client-dynamodb-streams').AttributeValue} v
 * @returns {StreamAttributeValue}
 */
function toJsonValue(v) {
  if (v.B !== undefined) return { B: Buffer.from(v.B).toString('base64') };
  if (v.BS !== undefined) return { BS: v.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (v.M !== undefined) return { M: toJsonImage(v.M) ?? {} };
  if (v.L !== undefined) return { L: v.L.map(toJsonValue) };
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.SS !== undefined) return { SS: v.SS };
  if (v.NS !== undefined) return { NS: v.NS };
  if (v.NULL !== undefined) return { NULL: v.NULL };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  return {};
}
