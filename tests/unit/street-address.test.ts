// One key per street address however typed (core/text/address.ts), and the open reports at the
// same address that the confirmation page offers to a report without a map point
// (core/cases/nearby.ts sameAddressOpen).
import { describe, it, expect } from 'vitest';
import { addressKey, sameAddress } from '../../core/text/address.ts';
import { sameAddressOpen, type NearbyCandidate } from '../../core/cases/nearby.ts';

describe('addressKey: one place, however it is typed', () => {
  const same: [string, string[]][] = [
    ['kralja petra 12', ['Kralja Petra 12', 'ул. Краља Петра бр. 12', 'Улица Краља Петра 12', 'KRALJA-PETRA, 12', 'Ul. kralja Petra br.12', '  kralja   petra  12. ', 'ulica Kralja Petra, broj 12']],
    ['knjaza milosa 4a', ['Кнјаза Милоша 4а', 'Knjaza Miloša 4a', 'Knjaza Milosa 4 a', 'knjaza miloša 4-A', 'Књаза Милоша 4А']],
    ['djure jaksica', ['Ђуре Јакшића', 'Đure Jakšića', 'Djure Jaksica', 'ул. Ђуре Јакшића']],
    ['centar', ['Центар', 'Centar', 'CENTAR', 'centar.']],
    ['sheshi i pavaresise', ['Sheshi i Pavarësisë', 'sheshi i pavaresise', 'Rr. Sheshi i Pavarësisë']],
    ['mbreteresha teuta 7', ['Rruga Mbretëresha Teuta 7', 'rr. Mbreteresha Teuta nr. 7']],
    ['kod skole', ['Код школе', 'kod škole', 'Kod Skole!']],
  ];
  it.each(same)('%s', (key, variants) => {
    for (const v of variants) expect(addressKey(v), v).toBe(key);
  });

  it('keeps different places apart', () => {
    const distinct = ['Kralja Petra 12', 'Kralja Petra 21', 'Kralja Petra 12b', 'Petra Kralja 12', 'Kralja Milana 12', 'Centar', 'Centar 2', 'Код школе', 'Код цркве', 'Sheshi i Pavarësisë'];
    expect(new Set(distinct.map(addressKey)).size).toBe(distinct.length);
  });

  it('matches nothing for an empty address or one that names no place', () => {
    for (const v of [undefined, null, '', '   ', 'ул.', 'Ulica', 'br. 1', '—', '12']) expect(addressKey(v), String(v)).toBe('');
    expect(sameAddress('', '')).toBe(false);
    expect(sameAddress('ул.', 'ulica')).toBe(false);
    expect(sameAddress('Центар', 'centar')).toBe(true);
    expect(sameAddress('Центар', 'Центар 2')).toBe(false);
  });
});

describe('sameAddressOpen: open reports of the category at the typed address', () => {
  const rec = (code: string, over: Partial<NearbyCandidate> = {}): NearbyCandidate => ({ code, category: 'lighting', status: 'received', createdAt: '2026-11-01T10:00:00.000Z', text: 'x', address: 'Улица Краља Петра 12', ...over });
  const records = [
    rec('AAAA-0001'),
    rec('AAAA-0002', { status: 'in_progress', createdAt: '2026-11-05T10:00:00.000Z', address: 'Kralja Petra br. 12' }),
    rec('AAAA-0003', { category: 'roads' }),
    rec('AAAA-0004', { status: 'resolved' }),
    rec('AAAA-0005', { address: 'Kralja Petra 14' }),
    rec('AAAA-0006', { address: undefined }),
    rec('AAAA-0007'),
  ];

  it('finds the open ones of the same category at the same address, newest first, without the new case', () => {
    const found = sameAddressOpen(records, { address: 'kralja petra, 12', category: 'lighting', exclude: 'AAAA-0007' });
    expect(found.map((r) => r.code)).toEqual(['AAAA-0002', 'AAAA-0001']);
    expect(found.every((r) => r.sameAddress)).toBe(true);
  });

  it('finds nothing for another category, another address or no address', () => {
    expect(sameAddressOpen(records, { address: 'Kralja Petra 12', category: 'water' })).toEqual([]);
    expect(sameAddressOpen(records, { address: 'Kralja Petra 16', category: 'lighting' })).toEqual([]);
    expect(sameAddressOpen(records, { address: undefined, category: 'lighting' })).toEqual([]);
    expect(sameAddressOpen(records, { address: 'ул.', category: 'lighting' })).toEqual([]);
  });

  it('stops at the maximum', () => {
    const many = Array.from({ length: 9 }, (_, i) => rec(`BBBB-000${i}`));
    expect(sameAddressOpen(many, { address: 'Kralja Petra 12', category: 'lighting' })).toHaveLength(5);
  });
});
