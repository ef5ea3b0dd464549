// The fast publish path in AWS (issue 14, "the same in AWS"), against s3rver and a local stand-in
// for CloudFront's CreateInvalidation endpoint. One site is built from the fixture archive and
// uploaded to the sites bucket under `zvecan/`, as the publish workflow does; one case is then
// answered, and core/archive/publish.ts writes that case's pages and the changed lists through
// S3SiteFiles (functions/adapters/s3-site-files.ts), then invalidates the changed paths with the
// real @aws-sdk/client-cloudfront pointed at the stand-in. A second full build from the changed
// archive, with the same BUILD_NOW, is the reference: every object the fast path wrote must equal
// that build's file byte for byte. Nothing leaves 127.0.0.1: explicit endpoints and credentials,
// and no instance metadata lookup (scripts/local/aws.mjs).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { startS3, type S3Handle } from '../../scripts/local/s3.mjs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/local/aws.mjs';
import { publishArchive, MANIFEST, type PublishResult } from '../../core/archive/publish.ts';
import { S3SiteFiles, PAGE_CACHE_CONTROL, MAX_PATHS, invalidationPaths } from '../../functions/adapters/s3-site-files.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { buildSiteFrom } from '../helpers/build-sites.ts';
import type { PublicCase } from '../../core/cases/public.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SITE = 'zvecan';
const BUCKET = 'e-opstine-sites';
const DISTRIBUTION = 'E2FASTPUBLISH';
const NOW = '2026-11-20T10:00:00.000Z';
const CODE = 'FXRC-2345';
const ANSWER = 'Сијалица је замењена, хвала на пријави.';

const build = (dir: string, archiveFile: string) => buildSiteFrom(SITE, dir, archiveFile, NOW);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

const contentTypeOf = (path: string) =>
  path.endsWith('.html') ? 'text/html; charset=utf-8' : path.endsWith('.xml') ? 'application/xml' : path.endsWith('.json') ? 'application/json' : path.endsWith('.css') ? 'text/css' : path.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';

/** CloudFront's CreateInvalidation (POST /2020-05-31/distribution/<id>/invalidation), as far as the SDK needs it. */
interface Invalidation {
  distribution: string;
  callerReference: string;
  quantity: number;
  paths: string[];
}
function fakeCloudFront(seen: Invalidation[]): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const m = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) {
        res.writeHead(404, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchResource</Code><Message>not here</Message></Error></ErrorResponse>');
        return;
      }
      const one = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body)?.[1] ?? '';
      const inv: Invalidation = { distribution: decodeURIComponent(m[1]!), callerReference: one('CallerReference'), quantity: Number(one('Quantity')), paths: [...body.matchAll(/<Path>([^<]*)<\/Path>/g)].map((x) => x[1]!) };
      seen.push(inv);
      const id = `I${seen.length}`;
      res
        .writeHead(201, { 'content-type': 'text/xml', location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${inv.distribution}/invalidation/${id}` })
        .end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>${id}</Id><Status>InProgress</Status><CreateTime>${new Date().toISOString()}</CreateTime>` +
            `<InvalidationBatch><Paths><Quantity>${inv.quantity}</Quantity><Items>${inv.paths.map((p) => `<Path>${p}</Path>`).join('')}</Items></Paths><CallerReference>${inv.callerReference}</CallerReference></InvalidationBatch></Invalidation>`,
        );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

describe('the fast publish path into the sites bucket (s3rver) with a CloudFront invalidation', () => {
  let tmp: string;
  let first: string;
  let full: string;
  let s3handle: S3Handle;
  let s3: S3Client;
  let cf: { server: Server; endpoint: string };
  let files: S3SiteFiles;
  let result: PublishResult;
  let next: (PublicCase & { municipality: string })[];
  const invalidations: Invalidation[] = [];
  /** Keys written or deleted during the fast publish, from s3rver's own events. */
  const events: { name: string; key: string }[] = [];
  const context = () => {
    const m = getMunicipality(SITE);
    return { municipality: m, site: `https://${m.domain}`, now: new Date(NOW) };
  };
  const body = async (key: string) => {
    const r = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await r.Body!.transformToByteArray());
  };

  beforeAll(async () => {
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    tmp = await mkdtemp(join(tmpdir(), 'fast-publish-s3-'));
    const fixture = JSON.parse(await readFile(join(root, 'tests/fixtures/archive.json'), 'utf8')) as (PublicCase & { municipality: string })[];
    const firstFile = join(tmp, 'first.json');
    await writeFile(firstFile, JSON.stringify(fixture));
    // The changed archive: one received report answered.
    next = fixture.map((c) =>
      c.code === CODE
        ? { ...c, status: 'answered' as const, firstAnsweredAt: '2026-11-19T09:00:00.000Z', updatedAt: '2026-11-19T09:00:00.000Z', answer: ANSWER, timeline: [...c.timeline, { at: '2026-11-19T09:00:00.000Z', status: 'answered' as const }] }
        : c,
    );
    const secondFile = join(tmp, 'second.json');
    await writeFile(secondFile, JSON.stringify(next));
    // Both builds at once would share two cores with s3rver; one after the other is as fast.
    first = await build(join(tmp, 'a'), firstFile);
    full = await build(join(tmp, 'b'), secondFile);

    s3handle = await startS3({ bucket: BUCKET });
    s3 = new S3Client({ endpoint: s3handle.endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS }, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    // The first build uploaded as the workflow does: every file under <id>/.
    const paths = await filesUnder(first);
    let i = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (i < paths.length) {
          const p = paths[i++]!;
          await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${SITE}/${p}`, Body: await readFile(join(first, p)), ContentType: contentTypeOf(p), CacheControl: PAGE_CACHE_CONTROL }));
        }
      }),
    );

    cf = await fakeCloudFront(invalidations);
    const cloudfront = new CloudFrontClient({ endpoint: cf.endpoint, region: 'us-east-1', credentials: { ...LOCAL_CREDENTIALS }, maxAttempts: 1 });
    files = new S3SiteFiles({ s3, bucket: BUCKET, site: SITE, cloudfront, distributionId: DISTRIBUTION });
    const off = s3handle.onObjectEvent((e) => events.push(e));
    result = await publishArchive({ files, cases: next.filter((c) => c.municipality === SITE), context: context(), only: new Set([CODE]) });
    off();
    console.log(`fast publish to s3rver: ${result.rendered} rendered, ${result.written.length} written, ${result.removed.length} removed; ms ${JSON.stringify(result.ms)}`);
  }, 300_000);

  afterAll(async () => {
    await new Promise((r) => (cf ? cf.server.close(r) : r(undefined)));
    await s3handle?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('writes objects byte for byte equal to the full build of the changed archive, the manifest last', async () => {
    const written = events.filter((e) => e.name.startsWith('ObjectCreated')).map((e) => e.key);
    expect(written.length).toBeGreaterThan(3);
    expect(written.every((k) => k.startsWith(`${SITE}/`))).toBe(true);
    expect(written.at(-1)).toBe(`${SITE}/${MANIFEST}`);
    expect(new Set(written)).toEqual(new Set([...result.written, MANIFEST].map((p) => `${SITE}/${p}`)));
    const differing: string[] = [];
    for (const key of written) {
      const [a, b] = await Promise.all([body(key), readFile(join(full, key.slice(SITE.length + 1)))]);
      if (!a.equals(b)) differing.push(key);
    }
    expect(differing).toEqual([]);
    // And so the bucket's archive is the full build's: its manifest agrees with the reference's.
    expect(JSON.parse((await body(`${SITE}/${MANIFEST}`)).toString('utf8'))).toEqual(JSON.parse(await readFile(join(full, MANIFEST), 'utf8')));
    const answered = (await body(`${SITE}/sr/archive/case/${CODE}/index.html`)).toString('utf8');
    expect(answered).toContain(ANSWER);
  });

  it('rewrites the changed case in every locale and no other case page', async () => {
    for (const locale of ['sr', 'sr-latn', 'sq']) expect(result.written).toContain(`${locale}/archive/case/${CODE}/index.html`);
    const keys = events.filter((e) => e.name.startsWith('ObjectCreated')).map((e) => e.key);
    expect(keys.filter((k) => k.includes('/archive/case/') && !k.includes(`/${CODE}/`))).toEqual([]);
    // Lists the change did not touch kept their objects: the questions' lists, for one.
    expect(keys.filter((k) => k.includes('/archive/questions/'))).toEqual([]);
  });

  it('deletes from the bucket the lists the full build no longer has (the answered report was the only received one of its kind)', async () => {
    expect(result.removed.length).toBeGreaterThan(0);
    expect(result.removed.filter((p) => p.includes('/archive/case/'))).toEqual([]);
    const reference = new Set(await filesUnder(full));
    for (const p of result.removed) {
      expect(reference.has(p), p).toBe(false);
      expect(await files.readText(p), p).toBeUndefined();
    }
  });

  it('gives the objects the type and the Cache-Control the publish workflow gives pages', async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${SITE}/sq/archive/case/${CODE}/index.html` }));
    expect(head.ContentType).toBe('text/html; charset=utf-8');
    expect(head.CacheControl).toBe(PAGE_CACHE_CONTROL);
    const feed = result.written.find((p) => p.endsWith('.xml'));
    if (feed) expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${SITE}/${feed}` }))).ContentType).toMatch(/xml/);
  });

  it('invalidates the changed paths, once, on the site\'s distribution', () => {
    expect(invalidations).toHaveLength(1);
    const inv = invalidations[0]!;
    expect(inv.distribution).toBe(DISTRIBUTION);
    expect(inv.callerReference).toMatch(/^fast-publish-zvecan-\d+-[0-9a-f-]{36}$/);
    expect(inv.quantity).toBe(inv.paths.length);
    // Every written or removed page is covered (named, or under a wildcard), and the manifest is not a page.
    const covered = (url: string) => inv.paths.some((p) => p === url || (p.endsWith('*') && url.startsWith(p.slice(0, -1))));
    for (const locale of ['sr', 'sr-latn', 'sq']) {
      expect(covered(`/${locale}/archive/case/${CODE}/`)).toBe(true);
      expect(covered(`/${locale}/archive/case/${CODE}/index.html`)).toBe(true);
    }
    expect(inv.paths).not.toContain('/*');
    for (const p of [...result.written, ...result.removed]) expect(covered(`/${p}`), p).toBe(true);
    expect(inv.paths).not.toContain(`/${MANIFEST}`);
    expect(inv.paths).toEqual(invalidationPaths([...result.written, ...result.removed]));
    expect(inv.paths.length).toBeLessThanOrEqual(MAX_PATHS);
    console.log(`invalidation: ${inv.paths.join(' ')}`);
  });

  it('publishing the same archive again writes no page and invalidates nothing', async () => {
    const before = invalidations.length;
    const again = await publishArchive({ files, cases: next.filter((c) => c.municipality === SITE), context: context(), only: new Set([CODE]) });
    expect(again.written).toEqual([]);
    expect(invalidations.length).toBe(before);
  });

  it('reads a missing object as nothing, and deletes objects in one request', async () => {
    expect(await files.readText('sr/archive/case/NONE-0000/index.html')).toBeUndefined();
    await files.write([
      { path: 'sr/archive/case/GONE-2345/index.html', contentType: 'text/html; charset=utf-8', body: '<p>gone</p>' },
      { path: 'sq/archive/case/GONE-2345/index.html', contentType: 'text/html; charset=utf-8', body: '<p>gone</p>' },
    ]);
    expect(await files.readText('sq/archive/case/GONE-2345/index.html')).toBe('<p>gone</p>');
    await files.remove(['sr/archive/case/GONE-2345/index.html', 'sq/archive/case/GONE-2345/index.html', 'sr/archive/case/NEVER-2345/index.html']);
    expect(await files.readText('sr/archive/case/GONE-2345/index.html')).toBeUndefined();
    expect(await files.readText('sq/archive/case/GONE-2345/index.html')).toBeUndefined();
  });
});
