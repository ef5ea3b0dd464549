// Resolution in what the public sees, on the sites built from tests/fixtures/archive.json (the
// global setup builds every site with it): every resolution figure of the statistics page, of the
// platform page and of their open data is RECOMPUTED here from the public case records each site
// publishes (/open-data/cases.json), with code of this file's own (not sites/lib/stats.ts), and
// compared with what the pages show, for every site in every locale. Then the case pages: the
// channel, the planned date and resolution deadline, a duplicate's pointer, answers in both
// languages.
import { describe, it, expect } from 'vitest';
import { read, siteIds } from '../helpers/dist.ts';
import { localeInfo, localeKeys, type Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import { formatDateTime, formatDaysHours } from '../../core/views/format.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { local } from '../../core/text/localize.ts';

// ---------------------------------------------------------------------------------------------
// The open data, and the figures recomputed from it

interface Row {
  code: string;
  kind: 'report' | 'question';
  status: string;
  created_at: string;
  first_answered_at: string | null;
  deadline_state: 'met' | 'missed' | 'open' | 'overdue';
  channel: string;
  resolution_due_at: string | null;
  resolved_at: string | null;
  duplicate_of: string | null;
  answer_sr: string | null;
  answer_sq: string | null;
}
const casesOf = (site: string) => JSON.parse(read(site, 'open-data/cases.json')) as Row[];
const statisticsOf = (site: string) => JSON.parse(read(site, 'open-data/statistics.json')) as { municipality: string; now: string } & Record<'report' | 'question' | 'all', Figures>;
const platformOf = (site: string) =>
  JSON.parse(read(site, 'open-data/platform.json')) as {
    now: string;
    municipalities: { municipality: string; cases: number; responded: number; responseRate: number | null; withinDeadline: number | null; resolved: number; resolutionMedianHours: number | null; withinResolutionDeadline: number | null }[];
  };

interface Figures {
  total: number;
  responded: number;
  responseRate: number | null;
  withinDeadline: number | null;
  resolved: number;
  resolutionHours: { median: number | null; p90: number | null };
  resolution: { met: number; missed: number };
  withinResolutionDeadline: number | null;
  openByAge: Record<string, number>;
  byChannel: Record<string, number>;
}

const HOUR = 3_600_000;
const bands = ['0-2', '3-7', '8-30', 'over-30'];
const channels = ['web', 'phone', 'counter', 'letter', 'email'];

/** The figures, from the open-data rows alone, as the statistics page's method text defines them. */
function recompute(rows: Row[], now: string): Figures {
  const share = (a: number, b: number) => (b ? a / b : null);
  const resolved = rows.filter((r) => r.status === 'resolved' && r.resolved_at);
  const hours = resolved.map((r) => (Date.parse(r.resolved_at!) - Date.parse(r.created_at)) / HOUR).sort((a, b) => a - b);
  const mid = hours.length / 2;
  const median = hours.length ? (hours.length % 2 ? hours[Math.floor(mid)]! : (hours[mid - 1]! + hours[mid]!) / 2) : null;
  const p90 = hours.length ? hours[Math.ceil(0.9 * hours.length) - 1]! : null;
  const judged = resolved.filter((r) => r.resolution_due_at);
  const met = judged.filter((r) => Date.parse(r.resolved_at!) <= Date.parse(r.resolution_due_at!)).length;
  const openByAge = Object.fromEntries(bands.map((b) => [b, 0]));
  for (const r of rows.filter((r) => r.status === 'received' || r.status === 'in_progress')) {
    const days = Math.max(0, Math.floor((Date.parse(now) - Date.parse(r.created_at)) / (24 * HOUR)));
    openByAge[days <= 2 ? '0-2' : days <= 7 ? '3-7' : days <= 30 ? '8-30' : 'over-30']!++;
  }
  const byChannel = Object.fromEntries(channels.map((ch) => [ch, rows.filter((r) => r.channel === ch).length]));
  const responded = rows.filter((r) => r.first_answered_at).length;
  const states = (s: Row['deadline_state']) => rows.filter((r) => r.deadline_state === s).length;
  return {
    total: rows.length,
    responded,
    responseRate: share(responded, rows.length),
    withinDeadline: share(states('met'), states('met') + states('missed') + states('overdue')),
    resolved: resolved.length,
    resolutionHours: { median, p90 },
    resolution: { met, missed: judged.length - met },
    withinResolutionDeadline: share(met, judged.length),
    openByAge,
    byChannel,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the pages

const decode = (s: string) => s.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

/** The term → value pairs of the <dl> marked data-figures="<name>". */
function figures(html: string, name: string): Map<string, string> {
  const m = new RegExp(`<dl[^>]*data-figures="${name}"[^>]*>([\\s\\S]*?)</dl>`).exec(html);
  expect(m, `figures ${name}`).not.toBeNull();
  return new Map([...m![1]!.matchAll(/<dt[^>]*>([\s\S]*?)<\/dt>\s*<dd[^>]*>([\s\S]*?)<\/dd>/g)].map((x) => [decode(x[1]!), decode(x[2]!)]));
}

/** The rows of the table with this caption: row heading → its cells' text; undefined when there is no such table. */
function table(html: string, caption: string): Map<string, string[]> | undefined {
  const at = html.indexOf(`>${caption.replace(/&/g, '&amp;')}</caption>`);
  if (at < 0) return undefined;
  const body = html.slice(at, html.indexOf('</table>', at));
  const rows = new Map<string, string[]>();
  for (const r of body.matchAll(/<tr[^>]*>\s*<th[^>]*scope="row"[^>]*>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)) rows.set(decode(r[1]!), [...r[2]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1]!)));
  return rows;
}

/** Figures as the pages write them. */
const shown = (locale: Locale) => {
  const lang = localeInfo(locale).lang;
  return {
    num: (n: number) => n.toLocaleString(lang),
    pct: (x: number | null) => (x === null ? t(locale, 'stats.none') : `${(x * 100).toLocaleString(lang, { maximumFractionDigits: 0 })} %`),
    dh: (h: number | null) => (h === null ? t(locale, 'stats.none') : formatDaysHours(h, locale)),
  };
};

const kinds = [
  { kind: 'report', title: 'archive.reports' },
  { kind: 'question', title: 'archive.questions' },
] as const;

// ---------------------------------------------------------------------------------------------

describe('the fixture gives resolution figures to compare', () => {
  it('resolved cases with and without a resolution deadline, met and missed, in at least two municipalities', () => {
    const withFigures = siteIds.filter((site) => {
      const f = recompute(casesOf(site), statisticsOf(site).now);
      return f.resolution.met > 0 || f.resolution.missed > 0;
    });
    expect(withFigures.length).toBeGreaterThanOrEqual(2);
    const all = siteIds.flatMap((site) => casesOf(site));
    const judged = all.filter((r) => r.status === 'resolved' && r.resolved_at && r.resolution_due_at);
    expect(judged.some((r) => r.resolved_at! <= r.resolution_due_at!)).toBe(true);
    expect(judged.some((r) => r.resolved_at! > r.resolution_due_at!)).toBe(true);
    for (const ch of ['phone', 'counter', 'letter']) expect(all.some((r) => r.channel === ch), ch).toBe(true);
    expect(all.some((r) => r.status === 'duplicate' && r.duplicate_of)).toBe(true);
    expect(all.some((r) => r.answer_sr && r.answer_sq)).toBe(true);
    // A resolved case from before resolution was recorded (no resolved_at) is in the archive, and left out.
    expect(all.some((r) => r.status === 'resolved' && !r.resolved_at)).toBe(true);
  });
});

describe.each(siteIds)('site %s: the statistics', (site) => {
  const rows = casesOf(site);
  const json = statisticsOf(site);
  const now = json.now;

  it('statistics.json holds the figures recomputed from cases.json', () => {
    expect(json.municipality).toBe(site);
    for (const [kind, mine] of [['report', rows.filter((r) => r.kind === 'report')], ['question', rows.filter((r) => r.kind === 'question')], ['all', rows]] as const) {
      const want = recompute(mine, now);
      const got = json[kind];
      expect([got.total, got.resolved, got.resolution, got.openByAge, got.byChannel], `${site} ${kind}`).toEqual([want.total, want.resolved, want.resolution, want.openByAge, want.byChannel]);
      for (const k of ['median', 'p90'] as const) expect(got.resolutionHours[k], `${site} ${kind} ${k}`).toBe(want.resolutionHours[k]);
      expect(got.withinResolutionDeadline).toBe(want.withinResolutionDeadline);
      expect(got.responseRate).toBe(want.responseRate);
      expect(got.withinDeadline).toBe(want.withinDeadline);
    }
  });

  it('statistics.csv has the same resolution figures', () => {
    const lines = read(site, 'open-data/statistics.csv').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const head = lines[0]!.split(',');
    const row = (mechanism: string) => {
      const cells = lines.find((l) => l.startsWith(`${mechanism},total,`))!.split(',');
      return Object.fromEntries(head.map((h, i) => [h, cells[i]]));
    };
    for (const [mechanism, mine] of [['all', rows], ['report', rows.filter((r) => r.kind === 'report')]] as const) {
      const want = recompute(mine, now);
      const r = row(mechanism);
      expect([r.total, r.resolved, r.resolved_in_time, r.resolved_late].map(Number)).toEqual([want.total, want.resolved, want.resolution.met, want.resolution.missed]);
      expect(r.within_resolution_deadline === '' ? null : Number(r.within_resolution_deadline)).toBe(want.withinResolutionDeadline);
      expect(r.resolution_median_hours === '' ? null : Number(r.resolution_median_hours)).toBe(want.resolutionHours.median);
      expect(bands.map((b) => Number(r[`open_${b.replace('-', '_')}_days`]))).toEqual(bands.map((b) => want.openByAge[b]));
      expect(channels.map((ch) => Number(r[`channel_${ch}`]))).toEqual(channels.map((ch) => want.byChannel[ch]));
    }
  });

  it.each(localeKeys)('the statistics page in %s shows them', (locale) => {
    const html = read(site, `${locale}/archive/statistics/index.html`);
    const { num, pct, dh } = shown(locale);
    for (const { kind, title } of kinds) {
      const want = recompute(rows.filter((r) => r.kind === kind), now);
      const dl = figures(html, `resolution-${kind}`);
      expect([...dl.entries()], `${site} ${locale} ${kind}`).toEqual([
        [t(locale, 'resolution.stats.resolved'), num(want.resolved)],
        [t(locale, 'resolution.stats.median'), dh(want.resolutionHours.median)],
        [t(locale, 'resolution.stats.p90'), dh(want.resolutionHours.p90)],
        [t(locale, 'resolution.stats.within'), pct(want.withinResolutionDeadline)],
      ]);
      // The open cases by age and the cases by channel: a chart's data table each, when there is something to count.
      const name = t(locale, title);
      const ages = table(html, `${t(locale, 'resolution.stats.openByAge')}: ${name}`);
      const open = bands.reduce((n, b) => n + want.openByAge[b]!, 0);
      if (open === 0) expect(ages).toBeUndefined();
      else expect([...ages!.entries()]).toEqual(bands.map((b) => [t(locale, `resolution.stats.age.${b}` as StringKey), [num(want.openByAge[b]!)]]));
      const byChannel = table(html, `${t(locale, 'resolution.stats.byChannel')}: ${name}`);
      if (want.total === 0) expect(byChannel).toBeUndefined();
      else expect([...byChannel!.entries()]).toEqual(channels.map((ch) => [t(locale, `resolution.channelName.${ch}` as StringKey), [num(want.byChannel[ch]!)]]));
    }
    expect(html).toContain(`href="/${locale}/platform/"`);
    expect(html).toContain('href="/open-data/statistics.json"');
  });
});

describe('the platform page: every municipality side by side', () => {
  const recomputed = new Map(siteIds.map((site) => [site, recompute(casesOf(site), statisticsOf(site).now)]));

  it.each(siteIds)('%s publishes platform.json with every municipality’s figures, recomputed from each site’s cases.json', (site) => {
    const p = platformOf(site);
    expect(p.now).toBe(statisticsOf(site).now);
    expect(p.municipalities.map((r) => r.municipality).sort()).toEqual([...siteIds].sort());
    for (const r of p.municipalities) {
      const want = recomputed.get(r.municipality)!;
      expect(r, `${site}: ${r.municipality}`).toEqual({
        municipality: r.municipality,
        cases: want.total,
        responded: want.responded,
        responseRate: want.responseRate,
        withinDeadline: want.withinDeadline,
        resolved: want.resolved,
        resolutionMedianHours: want.resolutionHours.median,
        withinResolutionDeadline: want.withinResolutionDeadline,
      });
    }
    // The CSV says the same, row for row.
    const csv = read(site, 'open-data/platform.csv').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(csv[0]).toBe('municipality,cases,responded,response_rate,within_deadline,resolved,resolution_median_hours,within_resolution_deadline');
    for (const r of p.municipalities) {
      const cells = csv.find((l) => l.startsWith(`${r.municipality},`))!.split(',');
      expect(Number(cells[1])).toBe(r.cases);
      expect(cells[6] === '' ? null : Number(cells[6])).toBe(r.resolutionMedianHours);
    }
  });

  it('at least two municipalities have a median time to resolution and a share within the resolution deadline', () => {
    const rows = platformOf('zvecan').municipalities.filter((r) => r.resolutionMedianHours !== null && r.withinResolutionDeadline !== null);
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  it.each(siteIds.flatMap((site) => localeKeys.map((locale) => [site, locale] as const)))('%s /%s/platform/ shows the recomputed figures, with its date', (site, locale) => {
    const html = read(site, `${locale}/platform/index.html`);
    const { num, pct, dh } = shown(locale);
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toMatch(/<meta name="description" content="[^"]+"/);
    // "Figures as of <the build's now>", in the municipality's time zone.
    const now = platformOf(site).now;
    expect(decode(html)).toContain(t(locale, 'resolution.platform.asOf', { date: formatDateTime(now, locale, getMunicipality(site).clock.timeZone) }));
    // A table with a caption, column and row headings.
    expect(html).toMatch(/<caption[^>]*>[^<]+<\/caption>/);
    expect(html.match(/<th[^>]*scope="col"/g)).toHaveLength(6);
    const rows = table(html, t(locale, 'resolution.platform.caption'))!;
    expect(rows.size).toBe(siteIds.length);
    for (const id of siteIds) {
      const want = recomputed.get(id)!;
      const heading = [...rows.keys()].find((k) => k.startsWith(local(getMunicipality(id).name, locale)));
      expect(heading, `${site} ${locale}: a row for ${id}`).toBeDefined();
      expect(rows.get(heading!), `${site} ${locale} ${id}`).toEqual([num(want.total), pct(want.responseRate), pct(want.withinDeadline), dh(want.resolutionHours.median), pct(want.withinResolutionDeadline)]);
      // The site's own row says so.
      expect(heading!.includes(t(locale, 'resolution.platform.this')), `${site} ${id}`).toBe(id === site);
    }
    expect(html).toContain('href="/open-data/platform.json"');
  });

  it('is linked from the statistics page and the open-data page of every site', () => {
    for (const site of siteIds) {
      for (const locale of localeKeys) {
        expect(read(site, `${locale}/open-data/index.html`), `${site} ${locale}`).toContain(`href="/${locale}/platform/"`);
        expect(read(site, `${locale}/open-data/index.html`)).toContain('href="/open-data/platform.csv"');
      }
    }
  });
});

describe('the case pages', () => {
  const page = (site: string, locale: Locale, code: string) => read(site, `${locale}/archive/case/${code}/index.html`);
  /** The case's facts: term → value. */
  const facts = (site: string, locale: Locale, code: string) => {
    const dl = /<dl class="facts case-facts">([\s\S]*?)<\/dl>/.exec(page(site, locale, code))![1]!;
    return new Map([...dl.matchAll(/<dt>([\s\S]*?)<\/dt><dd>([\s\S]*?)<\/dd>/g)].map((x) => [decode(x[1]!), decode(x[2]!)]));
  };

  it('say how a case arrived when staff registered it, and nothing for the web forms', () => {
    expect(facts('zvecan', 'sr', 'FXRF-2345').get(t('sr', 'resolution.channel'))).toBe(t('sr', 'resolution.channel.phone'));
    expect(facts('severna-mitrovica', 'sq', 'FXSC-2345').get(t('sq', 'resolution.channel'))).toBe(t('sq', 'resolution.channel.letter'));
    expect(facts('zvecan', 'sr', 'FXRB-2345').has(t('sr', 'resolution.channel'))).toBe(false);
  });

  it('show the planned date and the resolution deadline of a case in progress, and when a resolved one was resolved', () => {
    const progress = facts('leposavic', 'sr-latn', 'FXLB-2345');
    expect(progress.get(t('sr-latn', 'resolution.plannedAt'))).toBe('10. avgust 2026.');
    expect(progress.get(t('sr-latn', 'resolution.dueAt'))).toMatch(/^Rok za rešavanje (teče|je istekao) · Rok: 15\. avgust 2026\. 00:00$/);
    const late = facts('zvecan', 'sr-latn', 'FXRF-2345');
    // Resolved 25 September 10:00Z, 24 days 2.5 hours after it arrived; its deadline was 15 September.
    expect(late.get(t('sr-latn', 'resolution.resolvedAt'))).toBe('25. septembar 2026. 12:00, 24 dana 3 sata od podnošenja');
    expect(late.get(t('sr-latn', 'resolution.dueAt'))).toBe('Rešeno posle roka · Rok: 15. septembar 2026. 14:00');
    expect(late.has(t('sr-latn', 'resolution.plannedAt'))).toBe(false);
    expect(facts('leposavic', 'sq', 'FXLA-2345').get(t('sq', 'resolution.dueAt'))).toMatch(/^Zgjidhur brenda afatit · /);
    // The planned date stays in the timeline.
    expect(decode(page('zvecan', 'sr-latn', 'FXRF-2345'))).toContain('Planirano za 8. septembar 2026.');
  });

  it('point a duplicate to the original’s page', () => {
    for (const locale of localeKeys) {
      const html = page('zvecan', locale, 'FXRG-2345');
      expect(html).toContain('data-testid="duplicate-notice"');
      expect(html).toContain(`href="/${locale}/archive/case/FXRA-2345/"`);
      expect(html).toContain('badge--duplicate');
    }
  });

  it('show the answer in the reader’s language first and offer the other', () => {
    const sr = page('zvecan', 'sr', 'FXRF-2345');
    expect(sr).toMatch(/<div class="prose" lang="sr-Cyrl"><p>Расвета поново ради у целој улици\.<\/p><\/div><details class="answer-other" lang="sq"><summary>Përgjigjja në shqip<\/summary>/);
    const sq = page('zvecan', 'sq', 'FXRF-2345');
    expect(sq).toMatch(/<div class="prose" lang="sq"><p>Ndriçimi punon përsëri në gjithë rrugën\.<\/p><\/div><details class="answer-other" lang="sr-Latn"><summary>Odgovor na srpskom<\/summary><div class="prose" lang="sr-Latn"><p>Rasveta ponovo radi u celoj ulici\.<\/p>/);
    // An answer written in Albanian only is shown as written to every reader.
    for (const locale of localeKeys) {
      const html = page('zvecan', locale, 'FXQC-2345');
      expect(html).toContain('<div class="prose" lang="sq"><p>Punimet fillojnë në dhjetor.</p></div>');
      expect(html).not.toContain('<details');
    }
  });
});
