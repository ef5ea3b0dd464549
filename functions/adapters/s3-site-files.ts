import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateInvalidationCommand, type CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { randomUUID } from 'node:crypto';
import type { SiteFile, SiteFiles } from '../../core/archive/publish.ts';

/**
 * What the publish workflow sets on pages, feeds and the search index (.github/workflows/publish.yml):
 * browsers revalidate, CloudFront is told by an invalidation.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** Paths under one folder beyond which they become one wildcard (a wildcard is billed as one path). */
export const WILDCARD_ABOVE = 30;

/**
 * At most this many paths in one invalidation: beyond it, folders are made wildcards from fewer
 * paths up (15, 7, 3, then every folder with two), down to one wildcard per locale. CloudFront
 * bills $0.005 a path beyond 1,000 a month, and a staff answer touches dozens of list pages
 * (docs/deploy.md, "The fast publish path").
 */
export const MAX_PATHS = 15;

export interface S3SiteFilesOptions {
  s3: S3Client;
  /** The sites bucket (infra/sites.ts siteBucket): every site under `<id>/`. */
  bucket: string;
  /** The site's id, its folder in the bucket. */
  site: string;
  /** The site's distribution; without either, `invalidate` does nothing. */
  cloudfront?: CloudFrontClient | undefined;
  distributionId?: string | undefined;
  /** PUTs at once (default 8): a Lambda of 512 MB keeps a few sockets busy without queuing. */
  concurrency?: number;
  wildcardAbove?: number;
  maxPaths?: number;
  log?: (line: string) => void;
}

const notFound = (e: unknown) =>
  e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * The URL paths CloudFront caches a site file under. The viewer-request function of infra/sites.ts
 * turns `/sr/x/` into `/sr/x/index.html` before the cache is looked up, and a page is linked as
 * `/sr/x/`: both are named. Folders holding more than `wildcardAbove` of the paths (a list's
 * pages, for instance) become one `/folder/*`, the deepest such folder first, so a publish that
 * shifts a long list costs one path rather than hundreds. More than `maxPaths` in all: the same
 * with a lower threshold, until they fit (`/*` if even one wildcard per top folder does not).
 */
export function invalidationPaths(files: readonly string[], wildcardAbove = WILDCARD_ABOVE, maxPaths = MAX_PATHS): string[] {
  let above = wildcardAbove;
  let out = collapse(files, above);
  while (out.length > maxPaths && above > 1) {
    above = Math.floor(above / 2);
    out = collapse(files, above);
  }
  return out.length > maxPaths ? ['/*'] : out;
}

function collapse(files: readonly string[], wildcardAbove: number): string[] {
  const urls = new Set<string>();
  for (const f of files) {
    const path = `/${f.replace(/^\/+/, '')}`;
    if (path === '/index.html' || path.endsWith('/index.html')) urls.add(path.slice(0, -'index.html'.length));
    urls.add(path);
  }
  const paths = [...urls];
  // The folders a path is under, itself included when it is one ("/sr/archive/reports/" is under
  // "/sr/", "/sr/archive/" and "/sr/archive/reports/": a wildcard of that folder matches it).
  const foldersOf = (p: string) => {
    const parts = p.split('/');
    const out: string[] = [];
    for (let i = 1; i < parts.length - 1; i++) out.push(`${parts.slice(0, i + 1).join('/')}/`);
    return out;
  };
  const count = new Map<string, number>();
  for (const p of paths) for (const f of foldersOf(p)) count.set(f, (count.get(f) ?? 0) + 1);
  const depth = (f: string) => f.split('/').length;
  const deepestFirst = [...count.keys()].sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : 1));
  const collapsed = new Set<string>();
  for (const folder of deepestFirst) {
    const n = count.get(folder)!;
    if (n <= wildcardAbove) continue;
    collapsed.add(folder);
    // Its paths are one wildcard now, for every folder above it.
    for (const above of foldersOf(folder)) if (above !== folder) count.set(above, count.get(above)! - (n - 1));
  }
  const under = (p: string, self: boolean) => foldersOf(p).some((f) => (self || f !== p) && collapsed.has(f));
  return [...paths.filter((p) => !under(p, true)), ...[...collapsed].filter((f) => !under(f, false)).map((f) => `${f}*`)].sort();
}

/**
 * A site's served tree in the sites bucket, for the fast publish path in AWS
 * (functions/domain/fast-publish.ts through core/archive/publish.ts). An S3 PUT replaces an
 * object in one step, so CloudFront and readers get the old bytes or the new, never a part;
 * objects get the Content-Type and the Cache-Control the publish workflow gives pages.
 */
export class S3SiteFiles implements SiteFiles {
  private readonly o: S3SiteFilesOptions;

  constructor(o: S3SiteFilesOptions) {
    this.o = o;
  }

  private key(path: string) {
    return `${this.o.site}/${path.replace(/^\/+/, '')}`;
  }

  async readText(path: string): Promise<string | undefined> {
    try {
      const r = await this.o.s3.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: this.key(path) }));
      return await r.Body!.transformToString('utf-8');
    } catch (e) {
      if (notFound(e)) return undefined;
      throw e;
    }
  }

  async write(files: readonly SiteFile[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const f = files[next++]!;
        await this.o.s3.send(
          new PutObjectCommand({ Bucket: this.o.bucket, Key: this.key(f.path), Body: typeof f.body === 'string' ? Buffer.from(f.body, 'utf8') : f.body, ContentType: f.contentType, CacheControl: PAGE_CACHE_CONTROL }),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency ?? 8, files.length) }, worker));
  }

  async remove(paths: readonly string[]): Promise<void> {
    // DeleteObjects takes up to 1,000 keys; a missing key counts as deleted.
    for (let i = 0; i < paths.length; i += 1000) {
      const batch = paths.slice(i, i + 1000);
      const r = await this.o.s3.send(new DeleteObjectsCommand({ Bucket: this.o.bucket, Delete: { Objects: batch.map((p) => ({ Key: this.key(p) })), Quiet: true } }));
      if (r.Errors?.length) throw new Error(`publish: ${r.Errors.length} object(s) of ${this.o.site} not deleted, first ${r.Errors[0]!.Key}: ${r.Errors[0]!.Code ?? ''} ${r.Errors[0]!.Message ?? ''}`);
    }
  }

  async invalidate(paths: readonly string[]): Promise<void> {
    const { cloudfront, distributionId } = this.o;
    if (!cloudfront || !distributionId || !paths.length) return;
    const items = invalidationPaths(paths, this.o.wildcardAbove, this.o.maxPaths);
    const r = await cloudfront.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: { CallerReference: `fast-publish-${this.o.site}-${Date.now()}-${randomUUID()}`, Paths: { Quantity: items.length, Items: items } },
      }),
    );
    this.o.log?.(`publish: ${this.o.site}: invalidation ${r.Invalidation?.Id ?? '?'} of ${items.length} path(s)`);
  }
}
