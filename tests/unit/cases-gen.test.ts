import { describe, it, expect } from 'vitest';
import { demoCases, syntheticCases, DEMO_FIGURES, DEMO_END, seededRandom } from '../../scripts/lib/cases-gen.mjs';
import { reports, questions, questionsOutside } from '../../scripts/demo/texts.mjs';
import { demoDigest, seedDemo, removeDemo, seedDemoIfEmpty } from '../../scripts/seed-demo.mjs';
import { publicCaseSchema, deadlineState, type PublicCase } from '../../core/cases/public.ts';
import { deadlineFrom, dayStart, dayOfDate } from '../../core/time.ts';
import { resolutionDeadline } from '../../core/cases/resolution.ts';
import { CODE_ALPHABET } from '../../core/cases/codes.ts';
import { digestOf } from '../../functions/domain/projection.ts';
import { detectScript } from '../../core/text/translit.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';

const ids = Object.keys(DEMO_FIGURES);
const demo = Object.fromEntries(ids.map((id) => [id, demoCases(id)])) as Record<string, PublicCase[]>;
const allDemo = Object.values(demo).flat();
const CODE = new RegExp(`^[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`);

/** The instant a local date begins in Belgrade (all four municipalities' time zone). */
const localMidnight = (date: string, timeZone: string) => dayStart(dayOfDate(date), timeZone);

describe('demo cases', () => {
  it('pass the public schema, are marked demo and have unique codes from the tracking alphabet', () => {
    for (const c of allDemo) {
      expect(publicCaseSchema.parse(c)).toEqual(c);
      expect(c.demo).toBe(true);
      expect(c.code).toMatch(CODE);
      expect(c.photos).toEqual([]);
    }
    expect(new Set(allDemo.map((c) => c.code)).size).toBe(allDemo.length);
  });

  it('only answered questions or not within competence (with a referral), only answered reports', () => {
    for (const c of allDemo) {
      if (c.kind === 'question') {
        expect(['answered', 'not_in_competence']).toContain(c.status);
        if (c.status === 'not_in_competence') expect(c.referral).toBeTruthy();
        else expect(c.answer).toBeTruthy();
        expect(c.category).toBeUndefined();
        expect([c.address, c.lat, c.lng]).toEqual([undefined, undefined, undefined]);
      } else {
        expect(['answered', 'resolved']).toContain(c.status);
        expect(c.answer).toBeTruthy();
        expect(getMunicipality(c.municipality).categories.map((k) => k.code)).toContain(c.category);
      }
    }
  });

  it('deadlines follow the municipality’s clock and the timeline is consistent', () => {
    for (const c of allDemo) {
      const m = getMunicipality(c.municipality);
      expect(c.deadlineAt).toBe(deadlineFrom(new Date(c.createdAt), m.clock).toISOString());
      expect(c.timeline[0]).toEqual({ at: c.createdAt, status: 'received' });
      expect(c.firstAnsweredAt).toBe(c.timeline[1]?.at);
      expect(c.firstAnsweredAt! >= c.createdAt).toBe(true);
      expect(c.timeline.map((e) => e.at)).toEqual(c.timeline.map((e) => e.at).sort());
      const last = c.timeline.at(-1)!;
      expect([c.status, c.updatedAt, c.answer, c.referral]).toEqual([last.status, last.at, last.answer, last.referral]);
    }
  });

  it('most first answers come within the deadline, some late', () => {
    const states = allDemo.map((c) => deadlineState(c, new Date('2021-01-01T00:00:00Z')));
    const met = states.filter((s) => s === 'met').length / states.length;
    expect(states.every((s) => s === 'met' || s === 'missed')).toBe(true);
    expect(met).toBeGreaterThan(0.75);
    expect(met).toBeLessThan(0.95);
  });

  it('fall between each site’s launch and the end of 2020, Albanian only after albanianSince', () => {
    for (const id of ids) {
      const m = getMunicipality(id);
      const launch = new Date(localMidnight(m.launched, m.clock.timeZone)).toISOString();
      const end = new Date(localMidnight('2021-01-01', m.clock.timeZone)).toISOString();
      const albanian = new Date(localMidnight(m.albanianSince, m.clock.timeZone)).toISOString();
      for (const c of demo[id]!) {
        expect(c.createdAt >= launch).toBe(true);
        expect(c.updatedAt < end).toBe(true);
        if (c.lang === 'sq') expect(c.createdAt >= albanian).toBe(true);
      }
    }
    expect(DEMO_END).toBe('2020-12-31');
    const langs = new Set(allDemo.map((c) => c.lang));
    expect([...langs].sort()).toEqual(['sq', 'sr', 'sr-latn']);
  });

  it('Serbian texts are in the script of their locale; reports are on the map', () => {
    for (const c of allDemo) {
      if (c.lang === 'sr') expect(detectScript(c.text)).toBe('cyrl');
      if (c.lang === 'sr-latn') expect(detectScript(c.text)).toBe('latn');
      if (c.lat !== undefined) {
        const [[south, west], [north, east]] = getMunicipality(c.municipality).map.bounds;
        expect(c.lat).toBeGreaterThanOrEqual(south);
        expect(c.lat).toBeLessThanOrEqual(north);
        expect(c.lng).toBeGreaterThanOrEqual(west);
        expect(c.lng).toBeLessThanOrEqual(east);
      }
    }
    const reportsWithPlace = allDemo.filter((c) => c.kind === 'report' && c.lat !== undefined).length;
    expect(reportsWithPlace / allDemo.filter((c) => c.kind === 'report').length).toBeGreaterThan(0.7);
  });

  it('look written by different people: varied texts, a name on about one in five', () => {
    expect(new Set(allDemo.map((c) => c.text)).size).toBeGreaterThan(allDemo.length * 0.95);
    const named = allDemo.filter((c) => c.name).length / allDemo.length;
    expect(named).toBeGreaterThan(0.08);
    expect(named).toBeLessThan(0.35);
    expect(reports.length).toBeGreaterThanOrEqual(40);
    expect(questions.length + questionsOutside.length).toBeGreaterThanOrEqual(30);
  });

  it('are the same on every run', () => {
    expect(demoCases('zvecan')).toEqual(demo.zvecan);
  });

  it('are written with the digest the stream handler uses', () => {
    for (const c of allDemo.slice(0, 10)) expect(demoDigest(c)).toBe(digestOf(c));
  });
});

describe('what the staff workspace records, in demo and synthetic cases', () => {
  const now = new Date('2026-05-01T10:00:00Z');
  const synthetic = ids.flatMap((municipality, i) => syntheticCases({ municipality, count: 1500, seed: 2000 + i, now }));

  for (const [name, cases] of [['demo', allDemo], ['synthetic', synthetic]] as const) {
    it(`${name}: a case put in progress has a planned date and the category’s resolution deadline from that moment`, () => {
      let n = 0;
      for (const c of cases) {
        const step = c.timeline.find((e) => e.status === 'in_progress');
        if (!step) {
          expect(c.resolutionDueAt, c.code).toBeUndefined();
          continue;
        }
        n++;
        const m = getMunicipality(c.municipality);
        expect(c.resolutionDueAt, c.code).toBe(resolutionDeadline(m, c.category, new Date(step.at)).toISOString());
        expect(step.plannedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(c.plannedAt).toBe(step.plannedAt);
        expect(step.plannedAt! > step.at.slice(0, 10)).toBe(true);
      }
      expect(n).toBeGreaterThan(cases.length * 0.1);
    });

    it(`${name}: resolved cases say when, most within the resolution deadline, some after it`, () => {
      const resolved = cases.filter((c) => c.status === 'resolved');
      for (const c of resolved) expect(c.resolvedAt, c.code).toBe(c.updatedAt);
      for (const c of cases.filter((c) => c.status !== 'resolved')) expect(c.resolvedAt).toBeUndefined();
      const judged = resolved.filter((c) => c.resolutionDueAt);
      const late = judged.filter((c) => c.resolvedAt! > c.resolutionDueAt!).length / judged.length;
      expect(late).toBeGreaterThan(0.03);
      expect(late).toBeLessThan(0.4);
    });

    it(`${name}: some cases came by phone, at the counter, by letter or email; answers in both languages once the site had Albanian`, () => {
      const channels = new Set(cases.map((c) => c.channel ?? 'web'));
      // Every channel at scale; the demo's few hundred cases have the common ones at least.
      for (const ch of channels) expect(['web', 'phone', 'counter', 'letter', 'email']).toContain(ch);
      for (const ch of name === 'synthetic' ? ['web', 'phone', 'counter', 'letter', 'email'] : ['web', 'phone', 'counter']) expect(channels.has(ch as 'web'), ch).toBe(true);
      const named = cases.filter((c) => c.channel).length / cases.length;
      expect(named).toBeGreaterThan(0.05);
      expect(named).toBeLessThan(0.25);
      const both = cases.filter((c) => c.answers?.sr && c.answers.sq);
      expect(both.length).toBeGreaterThan(0);
      for (const c of both) {
        // The answer shown first is in the citizen's language; Serbian in the citizen's script.
        expect(c.answer).toBe(c.lang === 'sq' ? c.answers!.sq : c.answers!.sr);
        if (c.lang === 'sr-latn') expect(detectScript(c.answers!.sr!)).toBe('latn');
        const m = getMunicipality(c.municipality);
        expect(c.createdAt >= new Date(localMidnight(m.albanianSince, m.clock.timeZone)).toISOString()).toBe(true);
      }
    });
  }
});

describe('seedDemo against an in-memory store', () => {
  /** The CaseStore's public-projection methods, over a Map (putPublic writes only changes). */
  function memoryStore() {
    const items = new Map<string, { digest: string; record: PublicCase }>();
    const key = (m: string, code: string) => `${m}#${code}`;
    return {
      items,
      async putPublic(record: PublicCase, digest: string) {
        if (items.get(key(record.municipality, record.code))?.digest === digest) return false;
        items.set(key(record.municipality, record.code), { digest, record });
        return true;
      },
      async *listPublic(m: string) {
        yield [...items.values()].map((i) => i.record).filter((r) => r.municipality === m);
      },
      async deletePublic(m: string, code: string) {
        return items.delete(key(m, code));
      },
    };
  }

  it('is idempotent, replaces stale demo cases, and --remove leaves real cases alone', async () => {
    const store = memoryStore();
    const real = { ...demo.zvecan![0]!, code: 'REAL-CASE', demo: undefined } as unknown as PublicCase;
    delete (real as { demo?: boolean }).demo;
    const stale = { ...demo.zvecan![1]!, code: 'STAL-E000' };
    await store.putPublic(stale, 'x');
    const first = await seedDemo(store);
    expect(first.map((r) => [r.municipality, r.questions, r.answered, r.notInCompetence, r.reports, r.reportsAnswered])).toEqual(
      ids.map((id) => [id, DEMO_FIGURES[id as keyof typeof DEMO_FIGURES].questions, DEMO_FIGURES[id as keyof typeof DEMO_FIGURES].answered, DEMO_FIGURES[id as keyof typeof DEMO_FIGURES].notInCompetence, DEMO_FIGURES[id as keyof typeof DEMO_FIGURES].reports, DEMO_FIGURES[id as keyof typeof DEMO_FIGURES].reports]),
    );
    expect(first.reduce((n, r) => n + r.written, 0)).toBe(allDemo.length);
    expect(first[0]!.removed).toBe(1);
    expect(store.items.size).toBe(allDemo.length);
    const again = await seedDemo(store);
    expect(again.reduce((n, r) => n + r.written, 0)).toBe(0);
    expect(store.items.size).toBe(allDemo.length);

    await store.putPublic(real, 'r');
    expect(await seedDemoIfEmpty(store)).toBe(0);
    const removed = await removeDemo(store);
    expect(removed.reduce((n, r) => n + r.removed, 0)).toBe(allDemo.length);
    expect([...store.items.values()].map((i) => i.record.code)).toEqual(['REAL-CASE']);

    const fresh = memoryStore();
    expect(await seedDemoIfEmpty(fresh)).toBe(allDemo.length);
  });
});

describe('synthetic cases', () => {
  const now = new Date('2026-05-01T10:00:00Z');
  const many = ids.flatMap((municipality, i) => syntheticCases({ municipality, count: 2500, seed: 1000 + i, now }));

  it('are deterministic for the same arguments and differ with the seed', () => {
    const args = { municipality: 'leposavic', count: 300, seed: 7, now };
    expect(syntheticCases(args)).toEqual(syntheticCases(args));
    expect(syntheticCases({ ...args, seed: 8 })[0]).not.toEqual(syntheticCases(args)[0]);
  });

  it('pass the public schema, are not demo, have unique codes', () => {
    for (const c of many) {
      expect(publicCaseSchema.safeParse(c).success).toBe(true);
      expect(c.demo).toBeUndefined();
    }
    for (const id of ids) {
      const codes = many.filter((c) => c.municipality === id).map((c) => c.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
  });

  it('cover every public status, open and overdue ones included, and nothing after now', () => {
    const statuses = new Set(many.map((c) => c.status));
    expect([...statuses].sort()).toEqual(['answered', 'duplicate', 'forwarded', 'in_progress', 'not_in_competence', 'received', 'resolved']);
    const states = new Set(many.map((c) => deadlineState(c, now)));
    expect([...states].sort()).toEqual(['met', 'missed', 'open', 'overdue']);
    for (const c of many) expect(c.updatedAt <= now.toISOString()).toBe(true);
    const years = new Set(many.map((c) => c.createdAt.slice(0, 4)));
    expect(years.has('2019') && years.has('2026')).toBe(true);
  });

  it('duplicates point to an earlier report of the same municipality', () => {
    const dups = many.filter((c) => c.status === 'duplicate');
    expect(dups.length).toBeGreaterThan(20);
    for (const d of dups) {
      const original = many.find((c) => c.code === d.duplicateOf && c.municipality === d.municipality);
      expect(original, d.code).toBeDefined();
      expect(original!.kind).toBe('report');
      expect(original!.createdAt < d.createdAt).toBe(true);
      expect(d.timeline.at(-1)).toMatchObject({ status: 'duplicate', duplicateOf: d.duplicateOf });
    }
  });

  it('have deadlines equal to deadlineFrom (a sample)', () => {
    const rand = seededRandom('sample');
    for (let i = 0; i < 300; i++) {
      const c = many[Math.floor(rand() * many.length)]!;
      expect(c.deadlineAt).toBe(deadlineFrom(new Date(c.createdAt), getMunicipality(c.municipality).clock).toISOString());
    }
  });
});
