import { describe, it, expect } from 'vitest';
import { municipalities, getMunicipality } from '../../core/municipalities/index.ts';
import { municipalitySchema, defineMunicipality, type MunicipalityInput } from '../../core/municipalities/schema.ts';
import zvecan from '../../core/municipalities/zvecan.ts';

/** WCAG relative luminance contrast between two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('municipality configs', () => {
  it('has the four municipalities with their ids', () => {
    expect(municipalities.map((m) => m.id).sort()).toEqual(['leposavic', 'severna-mitrovica', 'zubin-potok', 'zvecan']);
  });

  it.each(municipalities.map((m) => [m.id, m] as const))('%s is valid and self-consistent', (_id, m) => {
    expect(municipalitySchema.safeParse(m).success).toBe(true);
    const [[south, west], [north, east]] = m.map.bounds;
    expect(m.map.center[0]).toBeGreaterThan(south);
    expect(m.map.center[0]).toBeLessThan(north);
    expect(m.map.center[1]).toBeGreaterThan(west);
    expect(m.map.center[1]).toBeLessThan(east);
    // White text on the header and buttons must pass WCAG AA.
    expect(contrast(m.colours.primary, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(m.colours.primaryDark, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(new Set(m.categories.map((c) => c.code)).size).toBe(m.categories.length);
    expect(m.categories.every((c) => c.inbox.includes('@'))).toBe(true);
  });

  it('rejects a broken config naming the field and the fix', () => {
    const broken = { ...zvecan, id: 'broken', domain: 'not a domain', colours: { ...zvecan.colours, primary: 'blue' }, categories: [] } as unknown as MunicipalityInput;
    expect(() => defineMunicipality(broken)).toThrowError(/sites\/municipalities\/broken\.ts[\s\S]*domain: must be a bare host name[\s\S]*colours\.primary: must be a colour[\s\S]*categories: a municipality needs at least one/);
  });

  it('rejects duplicate category codes', () => {
    const dup = { ...zvecan, categories: [zvecan.categories[0]!, zvecan.categories[0]!] };
    expect(municipalitySchema.safeParse(dup).success).toBe(false);
  });

  it('fails clearly for an unknown id', () => {
    expect(() => getMunicipality('prizren')).toThrowError(/Unknown municipality "prizren"\. Known: zvecan/);
  });
});
