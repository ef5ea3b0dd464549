// Cold starts of the Lambda functions: for each function, a fresh `node` process imports its
// bundle (.build/lambda/<name>/index.mjs, as `npm run build:functions -- lambda` makes it) and
// calls its handler once with a realistic event, against the local services (DynamoDB Local,
// s3rver, the mail sink: scripts/local/stack.mjs). Measured per run:
//   - total: from spawning the process to the handler's first response, on the parent's clock
//     (Node's own start-up, loading the bundle, building the adapters, the first invocation);
//   - load: the child's clock from its process start (performance.timeOrigin) to the bundle
//     imported (Node start-up and the bundle's module scope: config, adapters, the app);
//   - first: the first invocation alone (what a cold request waits for beyond the load).
// The median of `runs` runs each. In Lambda the runtime's own start-up differs (it is Node
// plus the runtime client, on a slower vCPU share for 512 MB–1 GB), so the figures compare the
// bundles with each other and against themselves over time, not with AWS's Init Duration.
// Used by scripts/bench.mjs (section `coldstart`), or alone:
//   node scripts/lib/bench-coldstart.mjs [runs]     (add --sdk to compare a bundled AWS SDK)
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { buildFunctions, FUNCTIONS } from '../build-functions.mjs';
import { startStack } from '../local/stack.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ORIGIN_SECRET = 'bench-origin-secret';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A function URL event (payload 2.0) as CloudFront forwards it to the HTTP functions (functions/web/cloudfront.ts). */
function urlEvent(method, path, { body, headers = {} } = {}) {
  const [rawPath, rawQueryString = ''] = path.split('?');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: {
      host: 'abcdefgh.lambda-url.eu-central-1.on.aws',
      'x-origin-verify': ORIGIN_SECRET,
      'x-site-host': 'ezvecan.com',
      'cloudfront-viewer-address': '198.51.100.7:50000',
      'user-agent': 'bench-coldstart',
      ...(body ? { 'content-type': 'application/json' } : {}),
      accept: 'application/json',
      ...headers,
    },
    requestContext: {
      accountId: 'anonymous', apiId: 'abcdefgh', domainName: 'abcdefgh.lambda-url.eu-central-1.on.aws', domainPrefix: 'abcdefgh',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'bench-coldstart' },
      requestId: 'bench', routeKey: '$default', stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now(),
    },
    ...(body ? { body, isBase64Encoded: false } : { isBase64Encoded: false }),
  };
}

/** A DynamoDB stream record of a written item, as Lambda delivers it (new and old images). */
const streamRecord = (item, old) => ({
  eventID: `bench-${Math.random().toString(36).slice(2)}`,
  eventName: old ? 'MODIFY' : 'INSERT',
  eventSource: 'aws:dynamodb',
  awsRegion: 'eu-central-1',
  dynamodb: {
    Keys: marshall({ pk: item.pk, sk: item.sk }),
    NewImage: marshall(item, { removeUndefinedValues: true }),
    ...(old ? { OldImage: marshall(old, { removeUndefinedValues: true }) } : {}),
    StreamViewType: 'NEW_AND_OLD_IMAGES',
    SequenceNumber: String(Date.now()),
  },
});

/** Runs one cold start in a fresh process: the bundle imported, its handler called once with the event. */
function coldStart(file, event, env) {
  const driver = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
    const load = performance.now();
    const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 30000 };
    const r = await handler(JSON.parse(process.env.BENCH_EVENT), context);
    const first = performance.now() - load;
    process.stdout.write('\\n@@' + JSON.stringify({ load, first, status: r?.statusCode ?? null, failures: r?.batchItemFailures?.length ?? 0 }) + '\\n');
    process.exit(0);`;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', driver], { cwd: root, env: { ...env, BENCH_EVENT: JSON.stringify(event) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let total;
    child.stdout.on('data', (d) => {
      out += d;
      if (total === undefined && out.includes('@@') && out.trimEnd().endsWith('}')) total = performance.now() - t0;
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@'));
      if (code !== 0 || !line) return reject(new Error(`cold start of ${file} failed (exit ${code}): ${err.trim().split('\n').slice(-5).join(' | ')}`));
      resolve({ total: total ?? performance.now() - t0, ...JSON.parse(line.slice(2)) });
    });
  });
}

/**
 * @param {{ runs?: number, log?: (line: string) => void, compareSdk?: boolean }} [opts]
 *   compareSdk: also time the HTTP function built with the AWS SDK v3 inside its bundle (what
 *   deploying without the runtime's SDK would ship)
 * @param {{ variant: string, bundles: { name: string, outfile: string, bytes: number, gzipBytes: number }[] }[]} [opts.others]
 *   other builds of the same functions to time the same way (an earlier build, say)
 */
export async function benchColdStarts({ runs = 5, log = console.log, compareSdk = true, others = [] } = {}) {
  const stack = await startStack({
    port: 0,
    mail: 'separate',
    log: () => {},
    distDir: `${root}.bench/coldstart-dist`,
    loadPlatform: async () => {
      const { outfile } = await buildFunctions('local');
      return import(`${outfile}?t=${Date.now()}`);
    },
    env: { RATE_PER_IP_PER_HOUR: '1000000', RATE_PER_EMAIL_PER_HOUR: '1000000' },
  });
  try {
    const config = stack.platform.config;
    // What each function's environment holds in AWS (infra/functions.ts), pointed at the local services.
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TABLE_NAME: config.tableName,
      BUCKET: config.bucket,
      AWS_REGION: config.region,
      DYNAMODB_ENDPOINT: config.dynamoEndpoint,
      S3_ENDPOINT: config.s3Endpoint,
      MEDIA_BASE_URL: '/media',
      RESEND_API_KEY: 're_local',
      RESEND_BASE_URL: config.resendBaseUrl,
      MAIL_FROM: config.mailFrom,
      SITE_ORIGIN_TEMPLATE: config.siteOriginTemplate,
      ORIGIN_SECRET,
      RATE_PER_IP_PER_HOUR: '1000000',
      RATE_PER_EMAIL_PER_HOUR: '1000000',
      AWS_EC2_METADATA_DISABLED: 'true',
      GITHUB_API_URL: 'http://127.0.0.1:9', // no repository is set, so the publisher asks nothing
    };

    // A case to read, follow and hand to the stream: submitted through the local stack, its
    // emails sent and its public record written by the poller.
    let seq = 0;
    const report = () =>
      JSON.stringify({
        municipality: 'zvecan', locale: 'sr', category: 'roads', description: `Ударна рупа на путу, мерење хладног старта ${++seq}.`,
        address: 'Главна улица', email: `coldstart${seq}@example.org`, consent: true, idempotencyKey: `coldstart-${process.pid}-${Date.now()}-${seq}`,
      });
    const created = await stack.platform.app.request('/api/reports', { method: 'POST', headers: { host: 'zvecan.localhost', 'content-type': 'application/json', accept: 'application/json' }, body: report() });
    if (created.status !== 201) throw new Error(`coldstart: a case could not be made (${created.status} ${await created.text()})`);
    const { code } = await created.json();
    await stack.poller.idle();
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: config.dynamoEndpoint, region: config.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
    const items = (await doc.send(new QueryCommand({ TableName: config.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${code}` } }))).Items ?? [];
    const caseItem = items.find((i) => i.sk === 'CASE');
    const createdEvent = items.find((i) => String(i.sk).startsWith('EVENT#'));
    if (!caseItem || !createdEvent) throw new Error(`coldstart: case ${code} has no case or event item`);

    /** One row per function and event: what it answers first after a cold start. */
    const cases = [
      { fn: 'http', as: 'Api', what: 'POST /api/reports (JSON submission)', event: () => urlEvent('POST', '/api/reports', { body: report() }), ok: (r) => r.status === 201 },
      { fn: 'http', as: 'Reads', what: `GET /api/cases/<code>`, event: () => urlEvent('GET', `/api/cases/${code}`), ok: (r) => r.status === 200 },
      { fn: 'portal', as: 'Portal', what: 'POST /api/follow (JSON)', event: () => urlEvent('POST', '/api/follow', { body: JSON.stringify({ code, email: `follower${++seq}@example.org`, locale: 'sr' }), headers: { 'sec-fetch-site': 'same-origin' } }), ok: (r) => r.status === 202 },
      { fn: 'stream', as: 'Stream', what: 'a new case and its first event (emails, public record)', event: () => ({ Records: [streamRecord(caseItem), streamRecord(createdEvent)] }), ok: (r) => r.failures === 0 },
      { fn: 'photos', as: 'Photos', what: 'a case item without photos', event: () => ({ Records: [streamRecord(caseItem)] }), ok: (r) => r.failures === 0 },
      { fn: 'sweep', as: 'OverdueSweep', what: 'a scheduled run', event: () => ({ source: 'aws.scheduler', 'detail-type': 'Scheduled Event', time: new Date().toISOString() }), ok: () => true },
    ];

    const measure = async (variant, bundles) => {
      const rows = [];
      for (const c of cases) {
        const bundle = bundles.find((b) => b.name === c.fn);
        if (!bundle) continue;
        const samples = [];
        for (let i = 0; i < runs; i++) {
          const r = await coldStart(bundle.outfile, c.event(), env);
          if (!c.ok(r)) throw new Error(`coldstart: ${c.fn} (${c.what}) answered ${JSON.stringify(r)}`);
          samples.push(r);
        }
        const row = {
          name: c.fn, function: c.as, variant, what: c.what, runs, bytes: bundle.bytes, gzipBytes: bundle.gzipBytes,
          totalMs: median(samples.map((s) => s.total)), loadMs: median(samples.map((s) => s.load)), firstMs: median(samples.map((s) => s.first)),
        };
        log(`  ${c.as} (${variant}): ${(row.bytes / 1024).toFixed(0)} KB; cold start ${row.totalMs.toFixed(0)} ms (load ${row.loadMs.toFixed(0)}, first response ${row.firstMs.toFixed(0)}), median of ${runs}`);
        rows.push(row);
      }
      return rows;
    };

    const rows = [];
    if (compareSdk) {
      // The AWS SDK inside the bundle, as deploying without the runtime's SDK would ship it.
      const { bundles } = await buildFunctions('lambda', { bundleSdk: true });
      rows.push(...(await measure('SDK bundled', bundles.filter((b) => b.name === 'http'))));
    }
    for (const o of others) rows.push(...(await measure(o.variant, o.bundles)));
    const { bundles } = await buildFunctions('lambda');
    rows.unshift(...(await measure('runtime SDK', bundles)));
    return { runs, node: process.version, functions: FUNCTIONS, rows };
  } finally {
    await stack.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
  const r = await benchColdStarts({ runs, compareSdk: process.argv.includes('--sdk') });
  console.log(JSON.stringify(r, null, 2));
}
