/**
 * The open-data files of the archive: every public case as JSON, CSV and (reports with a place)
 * GeoJSON; the statistics page's figures and the platform page's comparison as JSON and CSV.
 * Built from the public projection only, in the language each case was written in.
 */
import type { PublicCase } from '../../core/cases/public.ts';
import { channels } from '../../core/cases/model.ts';
import { stateOf } from './build-now.ts';
import { ageBands, type PlatformRow, type Stats, type Summary } from './stats.ts';

/**
 * The columns of cases.csv and the fields of cases.json. New columns go at the end, so a
 * spreadsheet or script written for the earlier files keeps reading them.
 */
export const CSV_COLUMNS = [
  'code', 'kind', 'category', 'status', 'created_at', 'first_answered_at', 'deadline_at', 'deadline_state',
  'address', 'lat', 'lng', 'text', 'answer', 'referral', 'name', 'photo_urls', 'url', 'demo',
  'channel', 'planned_at', 'resolution_due_at', 'resolved_at', 'duplicate_of', 'answer_sr', 'answer_sq',
] as const;

/** One row per case; `site` is the site's origin, for absolute links. */
export function openDataRow(c: PublicCase, site: URL): Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null> {
  const largest = (p: PublicCase['photos'][number]) => p.variants.reduce((a, b) => (a.w >= b.w ? a : b)).url;
  return {
    code: c.code,
    kind: c.kind,
    category: c.category ?? null,
    status: c.status,
    created_at: c.createdAt,
    first_answered_at: c.firstAnsweredAt ?? null,
    deadline_at: c.deadlineAt,
    deadline_state: stateOf(c),
    address: c.address ?? null,
    lat: c.lat ?? null,
    lng: c.lng ?? null,
    text: c.text,
    answer: c.answer ?? null,
    referral: c.referral ?? null,
    name: c.name ?? null,
    photo_urls: c.photos.map((p) => new URL(largest(p), site).href).join(' '),
    url: new URL(`/sr-latn/archive/case/${c.code}/`, site).href,
    demo: !!c.demo,
    // The web forms are the channel when none is named.
    channel: c.channel ?? 'web',
    planned_at: c.plannedAt ?? null,
    resolution_due_at: c.resolutionDueAt ?? null,
    resolved_at: c.resolvedAt ?? null,
    duplicate_of: c.duplicateOf ?? null,
    answer_sr: c.answers?.sr ?? null,
    answer_sq: c.answers?.sq ?? null,
  };
}

/**
 * A CSV cell: quoted when needed, and a leading = + - @ (or tab/CR) prefixed with an apostrophe
 * so a spreadsheet never runs a citizen's text as a formula.
 */
export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV: a header line, then one line per row, with a byte-order mark. */
function csv<K extends string>(columns: readonly K[], rows: Iterable<Record<K, string | number | boolean | null>>): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((k) => csvCell(row[k])).join(','));
  // A byte-order mark so spreadsheet programs read Cyrillic and Albanian letters as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function toCsv(cases: PublicCase[], site: URL): string {
  return csv(CSV_COLUMNS, (function* () {
    for (const c of cases) yield openDataRow(c, site);
  })());
}

// ---------------------------------------------------------------------------------------------
// The statistics page's figures: /open-data/statistics.json and .csv

/** The columns of statistics.csv: which group of cases, then its figures (sites/lib/stats.ts defines each). */
export const STATS_COLUMNS = [
  'mechanism', 'group', 'key',
  'total', 'answered', 'not_in_competence', 'forwarded', 'open', 'responded', 'response_rate',
  'first_answer_median_hours', 'first_answer_p90_hours', 'deadline_met', 'deadline_missed', 'deadline_open', 'deadline_overdue', 'within_deadline',
  'resolved', 'resolution_median_hours', 'resolution_p90_hours', 'resolved_in_time', 'resolved_late', 'within_resolution_deadline',
  ...ageBands.map((b) => `open_${b.replace('-', '_')}_days` as const),
  ...channels.map((ch) => `channel_${ch}` as const),
  // "Was it fixed?": per question, the answers, the yeses and yes / answers.
  'solved_answers', 'solved_yes', 'solved_share', 'satisfied_answers', 'satisfied_yes', 'satisfied_share',
] as const;
type StatsColumn = (typeof STATS_COLUMNS)[number];

/** One group's figures as a row of statistics.csv. */
function summaryRow(mechanism: string, group: string, key: string, s: Summary): Record<StatsColumn, string | number | null> {
  const row: Record<string, string | number | null> = {
    mechanism, group, key,
    total: s.total, answered: s.answered, not_in_competence: s.notInCompetence, forwarded: s.forwarded, open: s.open, responded: s.responded, response_rate: s.responseRate,
    first_answer_median_hours: s.firstAnswerHours.median, first_answer_p90_hours: s.firstAnswerHours.p90,
    deadline_met: s.deadline.met, deadline_missed: s.deadline.missed, deadline_open: s.deadline.open, deadline_overdue: s.deadline.overdue, within_deadline: s.withinDeadline,
    resolved: s.resolved, resolution_median_hours: s.resolutionHours.median, resolution_p90_hours: s.resolutionHours.p90,
    resolved_in_time: s.resolution.met, resolved_late: s.resolution.missed, within_resolution_deadline: s.withinResolutionDeadline,
  };
  for (const b of ageBands) row[`open_${b.replace('-', '_')}_days`] = s.openByAge[b];
  for (const ch of channels) row[`channel_${ch}`] = s.byChannel[ch];
  for (const q of ['solved', 'satisfied'] as const) {
    row[`${q}_answers`] = s.feedback[q].answers;
    row[`${q}_yes`] = s.feedback[q].yes;
    row[`${q}_share`] = s.feedback[q].share;
  }
  return row as Record<StatsColumn, string | number | null>;
}

/**
 * statistics.csv: one row per group of cases: every case together (mechanism `all`), then each
 * mechanism (`report`, `question`) as a whole (group `total`), by category and by month.
 */
export function statisticsCsv(stats: Stats): string {
  const rows = [summaryRow('all', 'total', '', stats.all)];
  for (const kind of ['report', 'question'] as const) {
    const m = stats[kind];
    rows.push(summaryRow(kind, 'total', '', m));
    for (const c of m.byCategory) rows.push(summaryRow(kind, 'category', c.category, c.stats));
    for (const x of m.byMonth) rows.push(summaryRow(kind, 'month', x.month, x.stats));
  }
  return csv(STATS_COLUMNS, rows);
}

/** statistics.json: the figures as computed (sites/lib/stats.ts), with the municipality and the instant they are for. */
export function statisticsJson(municipality: string, stats: Stats): string {
  return JSON.stringify({ municipality, ...stats });
}

// ---------------------------------------------------------------------------------------------
// The platform page: /open-data/platform.json and .csv

export const PLATFORM_COLUMNS = ['municipality', 'cases', 'responded', 'response_rate', 'within_deadline', 'resolved', 'resolution_median_hours', 'within_resolution_deadline'] as const;

/** The platform page's rows, with the instant they are for (ISO). */
export function platformJson(now: string, rows: readonly PlatformRow[]): string {
  return JSON.stringify({ now, municipalities: rows });
}

export function platformCsv(rows: readonly PlatformRow[]): string {
  return csv(PLATFORM_COLUMNS, rows.map((r) => ({
    municipality: r.municipality, cases: r.cases, responded: r.responded, response_rate: r.responseRate, within_deadline: r.withinDeadline,
    resolved: r.resolved, resolution_median_hours: r.resolutionMedianHours, within_resolution_deadline: r.withinResolutionDeadline,
  })));
}

/** Reports that have a place, as GeoJSON points for the map. */
export function toGeoJson(cases: PublicCase[]) {
  return {
    type: 'FeatureCollection',
    features: cases
      .filter((c) => c.kind === 'report' && c.lat !== undefined && c.lng !== undefined)
      .map((c) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
        properties: { code: c.code, category: c.category, status: c.status, state: stateOf(c), createdAt: c.createdAt },
      })),
  };
}
