// Area alerts and daily digests (functions/domain/subscriptions.ts): when a digest goes out on the
// municipality's local clock, across both changes of the clocks in Europe/Belgrade (the last
// Sundays of March and October), and which reports an alert covers (category, distance).
import { describe, it, expect } from 'vitest';
import { alertMatches, confirmedByAddress, DIGEST_HOUR, distanceMetres, nextDigestAt } from '../../functions/domain/subscriptions.ts';
import type { Subscription } from '../../functions/domain/ports.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { wallClock } from '../../core/time.ts';

const TZ = 'Europe/Belgrade';
const next = (iso: string) => nextDigestAt(new Date(iso), TZ).toISOString();
/** The local wall-clock time of an instant in Belgrade, as YYYY-MM-DDTHH:MM. */
const localAt = (d: Date) => new Date(wallClock(d.getTime(), TZ)).toISOString().slice(0, 16);

describe('nextDigestAt: 07:00 on the municipality clock', () => {
  it('is the municipalities’ zone and hour', () => {
    expect(DIGEST_HOUR).toBe(7);
    expect(getMunicipality('zvecan').clock.timeZone).toBe(TZ);
  });

  it('in winter (UTC+1) is 06:00 UTC, in summer (UTC+2) 05:00 UTC', () => {
    expect(next('2026-01-15T12:00:00Z')).toBe('2026-01-16T06:00:00.000Z');
    expect(next('2026-01-15T04:00:00Z')).toBe('2026-01-15T06:00:00.000Z');
    expect(next('2026-07-15T12:00:00Z')).toBe('2026-07-16T05:00:00.000Z');
    expect(next('2026-07-15T04:59:59Z')).toBe('2026-07-15T05:00:00.000Z');
  });

  it('is strictly after the instant: at 07:00 sharp it is tomorrow’s', () => {
    expect(next('2026-01-15T06:00:00Z')).toBe('2026-01-16T06:00:00.000Z');
    expect(next('2026-07-15T05:00:00Z')).toBe('2026-07-16T05:00:00.000Z');
  });

  it('follows the local date, not the UTC date, around midnight', () => {
    // 23:30 UTC on 15 July is 01:30 on 16 July in Belgrade: that morning's 07:00.
    expect(next('2026-07-15T23:30:00Z')).toBe('2026-07-16T05:00:00.000Z');
    // 22:30 UTC on 15 January is 23:30 local on the 15th: the 16th's 07:00.
    expect(next('2026-01-15T22:30:00Z')).toBe('2026-01-16T06:00:00.000Z');
  });

  it('across the change to summer time (last Sunday of March: 29 March 2026, 02:00 → 03:00)', () => {
    // Saturday evening: Sunday 07:00 is already summer time (05:00 UTC), not 06:00 UTC.
    expect(next('2026-03-28T18:00:00Z')).toBe('2026-03-29T05:00:00.000Z');
    // In the skipped hour's night and just after.
    expect(next('2026-03-29T00:30:00Z')).toBe('2026-03-29T05:00:00.000Z');
    expect(next('2026-03-29T01:30:00Z')).toBe('2026-03-29T05:00:00.000Z');
    // Sunday 06:30 local (04:30 UTC) and 07:00 local exactly.
    expect(next('2026-03-29T04:30:00Z')).toBe('2026-03-29T05:00:00.000Z');
    expect(next('2026-03-29T05:00:00Z')).toBe('2026-03-30T05:00:00.000Z');
    // The Saturday before: still winter.
    expect(next('2026-03-27T12:00:00Z')).toBe('2026-03-28T06:00:00.000Z');
  });

  it('across the change to winter time (last Sunday of October: 25 October 2026, 03:00 → 02:00)', () => {
    // Saturday evening: Sunday 07:00 is winter time again (06:00 UTC).
    expect(next('2026-10-24T18:00:00Z')).toBe('2026-10-25T06:00:00.000Z');
    // In the repeated hour (02:00–03:00 local happens twice: 00:00–01:00 and 01:00–02:00 UTC).
    expect(next('2026-10-25T00:30:00Z')).toBe('2026-10-25T06:00:00.000Z');
    expect(next('2026-10-25T01:30:00Z')).toBe('2026-10-25T06:00:00.000Z');
    // 06:30 local on Sunday is 05:30 UTC: the digest has not gone yet (under the old rule of a
    // fixed UTC hour it would have been 06:00 local on Saturday and 07:00 on Sunday).
    expect(next('2026-10-25T05:30:00Z')).toBe('2026-10-25T06:00:00.000Z');
    expect(next('2026-10-25T06:00:00Z')).toBe('2026-10-26T06:00:00.000Z');
    // The Saturday before: still summer.
    expect(next('2026-10-23T12:00:00Z')).toBe('2026-10-24T05:00:00.000Z');
  });

  it('is 07:00 local on every day of a year, and at most a day ahead', () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const end = Date.parse('2027-01-01T00:00:00Z');
    for (; t < end; t += 5 * 3_600_000 + 17 * 60_000) {
      const due = nextDigestAt(new Date(t), TZ);
      expect(localAt(due).slice(11)).toBe('07:00');
      expect(due.getTime()).toBeGreaterThan(t);
      expect(due.getTime() - t).toBeLessThanOrEqual(25 * 3_600_000);
    }
  });

  it('takes another zone and hour', () => {
    expect(nextDigestAt(new Date('2026-01-15T12:00:00Z'), 'UTC').toISOString()).toBe('2026-01-16T07:00:00.000Z');
    expect(nextDigestAt(new Date('2026-07-15T12:00:00Z'), 'America/New_York', 8).toISOString()).toBe('2026-07-16T12:00:00.000Z');
  });
});

const HERE = { lat: 42.9075, lng: 20.8406 };
/** A point `m` metres north of HERE (one degree of latitude is about 111.195 km on the sphere). */
const north = (m: number) => ({ lat: HERE.lat + m / 111_195, lng: HERE.lng });
/** A point `m` metres east of HERE. */
const east = (m: number) => ({ lat: HERE.lat, lng: HERE.lng + m / (111_195 * Math.cos((HERE.lat * Math.PI) / 180)) });

describe('distanceMetres', () => {
  it('is zero for the same point and symmetric', () => {
    expect(distanceMetres(HERE, HERE)).toBe(0);
    expect(distanceMetres(HERE, north(300))).toBeCloseTo(distanceMetres(north(300), HERE), 6);
  });

  it('measures north and east in metres', () => {
    expect(distanceMetres(HERE, north(100))).toBeCloseTo(100, 0);
    expect(distanceMetres(HERE, north(1000))).toBeCloseTo(1000, 0);
    expect(distanceMetres(HERE, east(250))).toBeCloseTo(250, 0);
    // A longitude degree is shorter at 42.9° N than a latitude degree.
    expect(distanceMetres(HERE, { lat: HERE.lat, lng: HERE.lng + 0.01 })).toBeLessThan(distanceMetres(HERE, { lat: HERE.lat + 0.01, lng: HERE.lng }));
  });

  it('knows longer distances: a degree of latitude, and Zvečan to Zubin Potok', () => {
    expect(distanceMetres({ lat: 42, lng: 20 }, { lat: 43, lng: 20 })).toBeCloseTo(111_195, -1);
    const [zLat, zLng] = getMunicipality('zvecan').map.center;
    const [pLat, pLng] = getMunicipality('zubin-potok').map.center;
    const d = distanceMetres({ lat: zLat, lng: zLng }, { lat: pLat, lng: pLng });
    expect(d).toBeGreaterThan(10_000);
    expect(d).toBeLessThan(40_000);
  });
});

const sub = (over: Partial<Subscription> = {}): Subscription => ({
  id: 's1', scope: 'area#zvecan', municipality: 'zvecan', email: 'a@example.org', locale: 'sr', frequency: 'immediate', requestedAt: '2026-01-01T00:00:00.000Z', ...over,
});

describe('alertMatches', () => {
  it('without category or point: every report of the municipality, with a place or without', () => {
    expect(alertMatches(sub(), { category: 'roads', ...north(5000) })).toBe(true);
    expect(alertMatches(sub(), { category: 'water' })).toBe(true);
    expect(alertMatches(sub(), {})).toBe(true);
  });

  it('a category: only that category', () => {
    const s = sub({ category: 'lighting' });
    expect(alertMatches(s, { category: 'lighting' })).toBe(true);
    expect(alertMatches(s, { category: 'roads' })).toBe(false);
    expect(alertMatches(s, {})).toBe(false);
  });

  it('a point: within the radius (inclusive) only, and never a report without a place', () => {
    const s = sub({ ...HERE, radius: 250 });
    expect(alertMatches(s, { category: 'roads', ...north(100) })).toBe(true);
    expect(alertMatches(s, { category: 'roads', ...east(240) })).toBe(true);
    expect(alertMatches(s, { category: 'roads', ...north(260) })).toBe(false);
    expect(alertMatches(s, { category: 'roads', ...east(600) })).toBe(false);
    expect(alertMatches(s, { category: 'roads' })).toBe(false);
    expect(alertMatches(s, { category: 'roads', lat: HERE.lat })).toBe(false);
  });

  it('radius 1000 covers 900 m and not 1100 m; a point without a radius means 500 m', () => {
    expect(alertMatches(sub({ ...HERE, radius: 1000 }), north(900))).toBe(true);
    expect(alertMatches(sub({ ...HERE, radius: 1000 }), north(1100))).toBe(false);
    expect(alertMatches(sub({ ...HERE }), north(450))).toBe(true);
    expect(alertMatches(sub({ ...HERE }), north(550))).toBe(false);
  });

  it('category and point together: both must hold', () => {
    const s = sub({ ...HERE, radius: 500, category: 'water' });
    expect(alertMatches(s, { category: 'water', ...north(300) })).toBe(true);
    expect(alertMatches(s, { category: 'roads', ...north(300) })).toBe(false);
    expect(alertMatches(s, { category: 'water', ...north(700) })).toBe(false);
  });
});

describe('confirmedByAddress', () => {
  it('only confirmed, not unsubscribed subscriptions with an address, one per address', () => {
    const list = [
      sub({ id: 'pending', email: 'p@example.org' }),
      sub({ id: 'a1', email: 'A@example.org', confirmedAt: '2026-01-02T00:00:00.000Z' }),
      sub({ id: 'a2', email: 'a@example.org', confirmedAt: '2026-01-03T00:00:00.000Z' }),
      sub({ id: 'gone', email: 'g@example.org', confirmedAt: '2026-01-02T00:00:00.000Z', unsubscribedAt: '2026-01-04T00:00:00.000Z' }),
      sub({ id: 'b', email: 'b@example.org', confirmedAt: '2026-01-02T00:00:00.000Z' }),
    ];
    expect(confirmedByAddress(list).map((s) => s.id)).toEqual(['a1', 'b']);
  });
});
