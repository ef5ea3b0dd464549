/**
 * The fast publish path: when a case's public record changes, its archive pages (three locales),
 * every list page, the feeds and the archive's sitemap are rendered again from the municipality's
 * public records and the files whose bytes changed are written into the served site, without a
 * site build. Locally the rebuild worker calls it into dist/<id> (scripts/local/rebuilder.mjs); in
 * AWS the stream function calls it into the sites bucket and invalidates those paths in CloudFront
 * (functions/adapters/s3-site-files.ts). The full build stays the backstop: it renders the same
 * pages with the same code (core/archive/render.ts), and everything else (statistics, open data,
 * the archive's front page and map).
 */
import { publishArchive, type PublishResult, type SiteFiles } from '../../core/archive/publish.ts';
import { publicCaseSchema, type PublicCase } from '../../core/cases/public.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { CaseStore } from './ports.ts';

export interface FastPublishPorts {
  store: Pick<CaseStore, 'listPublic'>;
  /** The served files of a municipality's site. */
  files: (municipality: string) => SiteFiles | Promise<SiteFiles>;
  /** The site's origin as its build has it (Astro's `site`): feeds and the sitemap are absolute. */
  siteUrl?: (m: Municipality) => string;
  now: () => Date;
  log?: (line: string) => void;
}

/** What the site build uses when SITE_URL is not set (astro.config.mjs). */
export const defaultSiteUrl = (m: Municipality) => `https://${m.domain}`;

/** Every public record of a municipality, checked as the site build's loader checks them (sites/content/archive-loader.ts). */
export async function publicRecords(store: Pick<CaseStore, 'listPublic'>, municipality: string, log?: (line: string) => void): Promise<PublicCase[]> {
  const out: PublicCase[] = [];
  for await (const page of store.listPublic(municipality)) {
    for (const raw of page) {
      const parsed = publicCaseSchema.safeParse(raw);
      if (parsed.success) out.push(parsed.data);
      // The build stops on an invalid record; the fast path leaves it out and says so.
      else log?.(`publish: public record ${(raw as { code?: string }).code ?? '?'} of ${municipality} is invalid, left out`);
    }
  }
  return out;
}

/** Publishes the pages of `codes` (and every list, feed and the sitemap) of one municipality's site. */
export async function fastPublish(ports: FastPublishPorts, municipality: string, codes: Iterable<string>): Promise<PublishResult & { cases: number; readMs: number }> {
  const started = performance.now();
  const m = getMunicipality(municipality);
  const cases = await publicRecords(ports.store, municipality, ports.log);
  const readMs = Math.round(performance.now() - started);
  const files = await ports.files(municipality);
  const result = await publishArchive({ files, cases, context: { municipality: m, site: (ports.siteUrl ?? defaultSiteUrl)(m), now: ports.now() }, only: new Set(codes) });
  return { ...result, cases: cases.length, readMs };
}
