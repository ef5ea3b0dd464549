/**
 * The platform page's figures: every municipality of the platform side by side, from each one's
 * public records (read through the archive's own source, sites/content/archive-loader.ts) at this
 * build's "now". The municipality being built takes its cases from its archive collection, so its
 * row is exactly what its own statistics page counts.
 */
import { municipalities } from '../../core/municipalities/index.ts';
import { publicCasesOf } from '../content/archive-loader.ts';
import { allCases, buildNow } from './archive.ts';
import { municipality } from './site.ts';
import { platformRow, type PlatformRow } from './stats.ts';

export interface Platform {
  /** The instant the figures are for (ISO). */
  now: string;
  /** One row per municipality, in the registry's order. */
  rows: PlatformRow[];
}

let cached: Promise<Platform> | undefined;
export function platform(): Promise<Platform> {
  cached ??= (async () => {
    const rows = await Promise.all(
      municipalities.map(async (m) => platformRow(m.id, m.id === municipality.id ? await allCases() : await publicCasesOf(m.id), buildNow)),
    );
    return { now: buildNow.toISOString(), rows };
  })();
  return cached;
}
