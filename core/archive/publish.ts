/**
 * Publishing the archive: render its files (core/archive/render.ts) and write the ones whose bytes
 * changed into a site's served tree, through a `SiteFiles` port (a folder locally, the sites bucket
 * in AWS). The full build writes every file; the fast path (functions/domain/fast-publish.ts)
 * renders the changed cases' pages and every list, feed and the sitemap, and writes only what
 * differs from the manifest of what is served. The manifest (`_archive.json`: path → hash of the
 * bytes) is written last, so a publish cut short is simply redone.
 */
import { createHash } from 'node:crypto';
import type { PublicCase } from '../cases/public.ts';
import { localeKeys, type Locale } from '../locales.ts';
import { renderArchive, shellFile, type ArchiveContext, type ArchiveFile } from './render.ts';

/** The manifest of the archive's files in a served tree. */
export const MANIFEST = '_archive.json';

/** A file to write: its body as text, or already encoded (UTF-8) when its hash was taken from the bytes. */
export interface SiteFile {
  path: string;
  body: string | Uint8Array;
  contentType: string;
}

/** A site's served files, wherever they are. Paths are relative to the site's root (sr/archive/…/index.html). */
export interface SiteFiles {
  readText(path: string): Promise<string | undefined>;
  /** Writes each file so that a reader sees the old bytes or the new, never a part. */
  write(files: readonly SiteFile[]): Promise<void>;
  remove(paths: readonly string[]): Promise<void>;
  /** Tells the CDN those paths changed (AWS); nothing locally. */
  invalidate?(paths: readonly string[]): Promise<void>;
}

export interface Manifest {
  files: Record<string, string>;
}

export const hashBody = (body: string | Uint8Array) => createHash('sha256').update(body).digest('base64url').slice(0, 22);

/** The archive shell of each locale, as the site's build left it. */
export async function readShells(files: Pick<SiteFiles, 'readText'>): Promise<Record<Locale, string>> {
  const shells = {} as Record<Locale, string>;
  for (const locale of localeKeys) {
    const shell = await files.readText(shellFile(locale));
    if (!shell) throw new Error(`publish: ${shellFile(locale)} is missing: build the site first`);
    shells[locale] = shell;
  }
  return shells;
}

export interface PublishResult {
  /** Files rendered, written (new or changed bytes), removed. */
  rendered: number;
  written: string[];
  removed: string[];
  ms: { read: number; render: number; write: number; total: number };
}

const isCasePage = (path: string) => /^[^/]+\/archive\/case\/[^/]+\/index\.html$/.test(path);
const codeOf = (path: string) => path.split('/')[3]!;

/**
 * Renders the archive and writes what changed. `only`: the codes whose case pages are rendered (the
 * fast path); without it every case page is (the full build). Lists, feeds and the sitemap always
 * are, because a change to one case moves counts and pages on every list of its kind.
 */
export async function publishArchive(o: { files: SiteFiles; cases: readonly PublicCase[]; context: Omit<ArchiveContext, 'shells'>; only?: ReadonlySet<string>; clock?: () => number }): Promise<PublishResult> {
  const clock = o.clock ?? (() => performance.now());
  const t0 = clock();
  const [shells, manifestText] = await Promise.all([readShells(o.files), o.files.readText(MANIFEST)]);
  const manifest: Manifest = manifestText ? (JSON.parse(manifestText) as Manifest) : { files: {} };
  const t1 = clock();
  const { files } = renderArchive(o.cases, { ...o.context, shells }, o.only);
  const count = files.length;
  const rendered = new Set(files.map((f) => f.path));
  // The changed cases' pages first, then the lists that show them, then the rest: what the
  // citizen and staff look for is served before the thousands of lists whose counts moved.
  const links = o.only ? [...o.only].map((code) => `/archive/case/${code}/`) : [];
  const rank = (f: ArchiveFile) => (!o.only ? 0 : isCasePage(f.path) ? 0 : links.some((l) => f.body.includes(l)) ? 1 : 2);
  const changed: (SiteFile & { rank: number })[] = [];
  const hashes = new Map<string, string>();
  // Each page is encoded once, for its hash and for its write, and its text let go at once: the
  // full build of a 30,000-case archive renders hundreds of megabytes of pages.
  const texts: (ArchiveFile | undefined)[] = files;
  for (let i = 0; i < texts.length; i++) {
    const f = texts[i]!;
    texts[i] = undefined;
    const body = Buffer.from(f.body, 'utf8');
    const h = hashBody(body);
    hashes.set(f.path, h);
    if (manifest.files[f.path] !== h) changed.push({ path: f.path, contentType: f.contentType, body, rank: rank(f) });
  }
  if (o.only) changed.sort((a, b) => a.rank - b.rank);
  // What the manifest lists and this render no longer has: lists and feeds are rendered whole, so
  // any missing one is gone; a case page is gone only if its case was rendered or asked for.
  const present = new Set(o.cases.map((c) => c.code));
  const removed = Object.keys(manifest.files).filter((p) => !rendered.has(p) && (!isCasePage(p) || !o.only || (o.only.has(codeOf(p)) && !present.has(codeOf(p)))));
  const t2 = clock();
  await o.files.write(changed);
  if (removed.length) await o.files.remove(removed);
  for (const f of changed) manifest.files[f.path] = hashes.get(f.path)!;
  for (const p of removed) delete manifest.files[p];
  const sorted = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await o.files.write([{ path: MANIFEST, contentType: 'application/json', body: `${JSON.stringify({ files: sorted })}\n` }]);
  const paths = [...changed.map((f) => f.path), ...removed];
  if (paths.length && o.files.invalidate) await o.files.invalidate(paths);
  const t3 = clock();
  return { rendered: count, written: changed.map((f) => f.path), removed, ms: { read: Math.round(t1 - t0), render: Math.round(t2 - t1), write: Math.round(t3 - t2), total: Math.round(t3 - t0) } };
}
