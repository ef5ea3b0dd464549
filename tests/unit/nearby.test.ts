import { describe, it, expect } from 'vitest';
import { distanceMetres, nearbyOpen, shortText, NEARBY_METRES } from '../../core/cases/nearby.ts';

const HERE = { lat: 42.9075, lng: 20.8406 };
const north = (m: number) => ({ lat: HERE.lat + m / 111_195, lng: HERE.lng });
const east = (m: number) => ({ lat: HERE.lat, lng: HERE.lng + m / (111_195 * Math.cos((HERE.lat * Math.PI) / 180)) });
const rec = (code: string, at: { lat: number; lng: number } | undefined, extra: Record<string, unknown> = {}) => ({
  code, category: 'lighting', status: 'received' as const, createdAt: '2026-05-01T10:00:00Z', text: 't', ...(at ?? {}), ...extra,
});

describe('distanceMetres (haversine)', () => {
  it('measures metres north and east', () => {
    expect(distanceMetres(HERE, north(50))).toBeCloseTo(50, 0);
    expect(distanceMetres(HERE, east(100))).toBeCloseTo(100, 0);
    expect(distanceMetres(HERE, HERE)).toBe(0);
    // Zvečan to North Mitrovica's centre: about 8 km.
    expect(distanceMetres(HERE, { lat: 42.8906, lng: 20.8658 })).toBeGreaterThan(2_500);
  });
});

describe('nearbyOpen', () => {
  const records = [
    rec('AAAA-0050', north(50)),
    rec('AAAA-0099', east(99)),
    rec('AAAA-0101', east(101)),
    rec('AAAA-0500', north(500)),
    rec('BBBB-ROAD', north(10), { category: 'roads' }),
    rec('CCCC-DONE', north(10), { status: 'resolved' }),
    rec('DDDD-PROG', north(20), { status: 'in_progress' }),
    rec('EEEE-NONE', undefined),
    rec('SELF-CODE', HERE),
  ];
  it('keeps open reports of the category within about 100 m, nearest first, without the case itself', () => {
    const found = nearbyOpen(records, { ...HERE, category: 'lighting', exclude: 'SELF-CODE' });
    expect(found.map((f) => f.code)).toEqual(['DDDD-PROG', 'AAAA-0050', 'AAAA-0099']);
    expect(found.every((f) => f.metres <= NEARBY_METRES)).toBe(true);
  });
  it('finds nothing for another category, without a place or without a category', () => {
    expect(nearbyOpen(records, { ...HERE, category: 'water' })).toEqual([]);
    expect(nearbyOpen(records, { lat: Number.NaN, lng: HERE.lng, category: 'lighting' })).toEqual([]);
    expect(nearbyOpen(records, { ...HERE, category: '' })).toEqual([]);
  });
  it('gives at most five', () => {
    const many = Array.from({ length: 9 }, (_, i) => rec(`MANY-000${i}`, north(i * 5)));
    expect(nearbyOpen(many, { ...HERE, category: 'lighting' })).toHaveLength(5);
  });
});

describe('shortText', () => {
  it('flattens and cuts at a word', () => {
    expect(shortText('a  b\n c')).toBe('a b c');
    const long = 'реч '.repeat(100);
    const cut = shortText(long);
    expect(cut.length).toBeLessThanOrEqual(161);
    expect(cut.endsWith('…')).toBe(true);
  });
});
