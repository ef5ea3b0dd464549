// npm run seed:demo [-- --remove]
// Fills the local archive (DynamoDB Local on .data/dynamodb, table e-opstine) with the demo cases
// of scripts/lib/cases-gen.mjs: historical System 48h reports and questions to the mayor, marked
// as demo data, whose totals reproduce the report's figures up to the end of 2020. Running it
// again changes nothing; demo cases the generator no longer makes are taken out. `--remove`
// deletes every demo case and leaves real ones alone.
//
// When `npm start` is running, its DynamoDB Local holds the data directory: the cases are then
// written through it (the running sites show them after npm start is restarted, since demo cases
// do not trigger rebuilds). Otherwise this starts DynamoDB Local on .data/dynamodb itself and
// stops it at the end.
//
// `npm start` calls seedDemoIfEmpty(store) with its own CaseStore on a fresh data directory.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoCases, DEMO_FIGURES } from './lib/cases-gen.mjs';
import { computeStats } from '../sites/lib/stats.ts';
import { getMunicipality } from '../core/municipalities/index.ts';

/**
 * @typedef {import('../core/cases/public.ts').PublicCase} PublicCase
 * @typedef {object} PublicStore the part of CaseStore (functions/domain/ports.ts) used here
 * @property {(record: PublicCase, digest: string) => Promise<boolean>} putPublic writes unless unchanged; true when it wrote
 * @property {(municipality: string) => AsyncIterable<PublicCase[]>} listPublic
 * @property {(municipality: string, code: string) => Promise<boolean>} deletePublic
 *
 * @typedef {object} SeedResult
 * @property {string} municipality
 * @property {number} questions
 * @property {number} answered questions answered
 * @property {number} notInCompetence questions not within the mayor's competence
 * @property {number} reports reports
 * @property {number} reportsAnswered reports answered or resolved (all of them)
 * @property {number} written records written (new or changed)
 * @property {number} unchanged records already there as generated
 * @property {number} removed demo records no longer generated, deleted
 */

const TABLE = 'e-opstine';
/** Municipalities with demo figures, in the report's order. */
export const demoMunicipalities = /** @type {string[]} */ (Object.keys(DEMO_FIGURES));

/** The digest putPublic compares: the same as digestOf in functions/domain/projection.ts (a unit test checks). */
export function demoDigest(/** @type {PublicCase} */ record) {
  return createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 22);
}

/** Runs fn over items, `limit` at a time. */
async function each(/** @type {readonly any[]} */ items, /** @type {number} */ limit, /** @type {(item: any) => Promise<void>} */ fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** Every public record of a municipality. */
async function listAll(/** @type {PublicStore} */ store, /** @type {string} */ municipality) {
  /** @type {PublicCase[]} */
  const out = [];
  for await (const page of store.listPublic(municipality)) out.push(...page);
  return out;
}

/**
 * Writes the demo cases of each municipality through `store` (a CaseStore), deleting demo cases
 * the generator no longer makes, so that repeated runs leave exactly the generated set.
 * @param {PublicStore} store
 * @param {{ municipalities?: readonly string[] }} [options]
 * @returns {Promise<SeedResult[]>}
 */
export async function seedDemo(store, { municipalities = demoMunicipalities } = {}) {
  /** @type {SeedResult[]} */
  const results = [];
  for (const municipality of municipalities) {
    const cases = demoCases(municipality);
    const codes = new Set(cases.map((c) => c.code));
    const stale = (await listAll(store, municipality)).filter((c) => c.demo && !codes.has(c.code));
    await each(stale, 8, async (c) => void (await store.deletePublic(municipality, c.code)));
    let written = 0;
    await each(cases, 8, async (c) => {
      if (await store.putPublic(c, demoDigest(c))) written++;
    });
    const stats = computeStats(cases, getMunicipality(municipality), new Date('2021-01-01T00:00:00Z'));
    results.push({
      municipality,
      questions: stats.question.total,
      answered: stats.question.answered,
      notInCompetence: stats.question.notInCompetence,
      reports: stats.report.total,
      reportsAnswered: stats.report.answered,
      written,
      unchanged: cases.length - written,
      removed: stale.length,
    });
  }
  return results;
}

/**
 * Deletes every demo case (records with `demo: true`) and nothing else.
 * @param {PublicStore} store
 * @param {{ municipalities?: readonly string[] }} [options]
 * @returns {Promise<{ municipality: string, removed: number }[]>}
 */
export async function removeDemo(store, { municipalities = demoMunicipalities } = {}) {
  const results = [];
  for (const municipality of municipalities) {
    const demo = (await listAll(store, municipality)).filter((c) => c.demo);
    await each(demo, 8, async (c) => void (await store.deletePublic(municipality, c.code)));
    results.push({ municipality, removed: demo.length });
  }
  return results;
}

/**
 * Seeds the demo cases when the archive has no public case at all (a fresh data directory);
 * returns how many were written, 0 when the archive was not empty.
 * @param {PublicStore} store
 * @returns {Promise<number>}
 */
export async function seedDemoIfEmpty(store) {
  for (const municipality of demoMunicipalities) {
    for await (const page of store.listPublic(municipality)) if (page.length) return 0;
  }
  const results = await seedDemo(store);
  return results.reduce((n, r) => n + r.written, 0);
}

/** A table of the results, one line per municipality. */
export function formatResults(/** @type {SeedResult[]} */ results) {
  const head = ['municipality', 'questions', 'answered', 'not in competence', 'reports', 'reports answered', 'written', 'unchanged', 'removed'];
  const rows = results.map((r) => [r.municipality, r.questions, r.answered, r.notInCompetence, r.reports, r.reportsAnswered, r.written, r.unchanged, r.removed].map(String));
  const total = (/** @type {keyof SeedResult} */ k) => String(results.reduce((n, r) => n + Number(r[k]), 0));
  rows.push(['total', total('questions'), total('answered'), total('notInCompetence'), total('reports'), total('reportsAnswered'), total('written'), total('unchanged'), total('removed')]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => /** @type {string} */ (r[i]).length)));
  const line = (/** @type {string[]} */ cells) => cells.map((c, i) => (i === 0 ? c.padEnd(/** @type {number} */ (widths[i])) : c.padStart(/** @type {number} */ (widths[i])))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Command line


async function main() {
  const remove = process.argv.includes('--remove');
  if (process.argv.includes('--help')) {
    console.log('npm run seed:demo [-- --remove]\n  writes the demo cases into the local archive (.data/); --remove deletes them');
    return 0;
  }
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  // DynamoCaseStore (functions/adapters/dynamo.ts) uses TypeScript parameter properties, which Node's
  // default type stripping refuses; the npm script runs Node with --experimental-transform-types.
  if (!process.execArgv.includes('--experimental-transform-types')) {
    console.error('Run this as: npm run seed:demo (it needs node --experimental-transform-types)');
    return 1;
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dataDir = resolve(root, '.data', 'dynamodb');
  const { startDynamo, ensureTable, runningDynamo } = await import('./local/dynamodb.mjs');
  const { LOCAL_REGION } = await import('./local/aws.mjs');
  const { DynamoCaseStore } = await import('../functions/adapters/dynamo.ts');

  const running = await runningDynamo(dataDir);
  /** @type {{ stop: () => Promise<void> } | null} */
  let own = null;
  let endpoint;
  if (running) {
    if (!running.port) {
      console.error(`DynamoDB Local (pid ${running.pid}) is using .data/dynamodb, probably for npm start, and its port is unknown.\nStop npm start (Ctrl-C) and run npm run seed:demo again.`);
      return 1;
    }
    endpoint = `http://127.0.0.1:${running.port}`;
    console.log(`npm start's DynamoDB Local (pid ${running.pid}) holds .data/dynamodb: writing through it on ${endpoint}.`);
  } else {
    console.log('Starting DynamoDB Local on .data/dynamodb…');
    const db = await startDynamo({ dataDir });
    own = db;
    endpoint = db.endpoint;
  }
  try {
    await ensureTable(endpoint, TABLE);
    const store = new DynamoCaseStore(/** @type {any} */ ({ tableName: TABLE, region: LOCAL_REGION, dynamoEndpoint: endpoint }));
    if (remove) {
      const results = await removeDemo(store);
      for (const r of results) console.log(`  ${r.municipality.padEnd(18)} ${r.removed} demo cases removed`);
      console.log(`Removed ${results.reduce((n, r) => n + r.removed, 0)} demo cases; real cases were left alone.`);
    } else {
      const results = await seedDemo(store);
      console.log(`Demo cases (historical, marked as demo data) in table ${TABLE}:\n${formatResults(results)}`);
    }
    console.log(running ? 'Restart npm start to rebuild the sites with this change.' : 'npm start builds the sites from the archive.');
    store.doc.destroy();
  } finally {
    if (own) {
      console.log('Stopping DynamoDB Local…');
      await own.stop();
    }
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`seed:demo failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
