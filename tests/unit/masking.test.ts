// The masking of phone numbers and email addresses in citizens' text (core/text/mask.ts), and the
// publishing policy that holds new cases until staff review them (core/cases/public.ts).
import { describe, it, expect } from 'vitest';
import { findContacts, maskContacts, MASKS } from '../../core/text/mask.ts';
import { toLatin } from '../../core/text/translit.ts';
import { publicState, reviewedByStaff, toHeldCase, toPublicCase, type PublicCase } from '../../core/cases/public.ts';
import { municipalities } from '../../core/municipalities/index.ts';
import { municipalitySchema } from '../../core/municipalities/schema.ts';
import type { CaseEvent, CaseRecord } from '../../core/cases/model.ts';

const PHONE = { cyrl: MASKS['sr-cyrl'].phone, latn: MASKS['sr-latn'].phone, sq: MASKS.sq.phone };
const EMAIL = { cyrl: MASKS['sr-cyrl'].email, latn: MASKS['sr-latn'].email, sq: MASKS.sq.email };

/** [text, locale, the masked text] */
const masked: [string, 'sr' | 'sr-latn' | 'sq', string][] = [
  // Serbian Latin
  ['Pozovite me na 044 123 456.', 'sr-latn', `Pozovite me na ${PHONE.latn}.`],
  ['Moj broj: +383 44 123 456, hvala.', 'sr-latn', `Moj broj: ${PHONE.latn}, hvala.`],
  ['Tel. +383 (0)44 123 456', 'sr-latn', `Tel. ${PHONE.latn}`],
  ['Javite se na 00383 44 123 456 ili 00381 63 123 4567', 'sr-latn', `Javite se na ${PHONE.latn} ili ${PHONE.latn}`],
  ['Mob: 063/123-4567', 'sr-latn', `Mob: ${PHONE.latn}`],
  ['Zovite 064 12 34 567 posle 17h', 'sr-latn', `Zovite ${PHONE.latn} posle 17h`],
  ['Broj je 0631234567.', 'sr-latn', `Broj je ${PHONE.latn}.`],
  ['Fiksni (028) 123-456, mobilni 049.555.666', 'sr-latn', `Fiksni ${PHONE.latn}, mobilni ${PHONE.latn}`],
  ['Kontakt +38344123456', 'sr-latn', `Kontakt ${PHONE.latn}`],
  ['Komšija Marko, tel. 664-123, ne odgovara', 'sr-latn', `Komšija Marko, tel. ${PHONE.latn}, ne odgovara`],
  ['viber 38349555666', 'sr-latn', `viber ${PHONE.latn}`],
  ['+381-11-123-4567 je broj firme', 'sr-latn', `${PHONE.latn} je broj firme`],
  ['Pišite na ana.petrovic@gmail.com ili ANA@Example.ORG.', 'sr-latn', `Pišite na ${EMAIL.latn} ili ${EMAIL.latn}.`],
  ['Mejl: marko (at) yahoo.com', 'sr-latn', `Mejl: ${EMAIL.latn}`],
  ['Mejl: marko[at]yahoo[dot]com', 'sr-latn', `Mejl: ${EMAIL.latn}`],
  ['Mejl: marko @ yahoo.com', 'sr-latn', `Mejl: ${EMAIL.latn}`],
  ['Mejl: marko at yahoo dot com', 'sr-latn', `Mejl: ${EMAIL.latn}`],
  ['Mejl: marko＠yahoo.com', 'sr-latn', `Mejl: ${EMAIL.latn}`],
  ['Adresa x+tag@sub.example.co.uk je njegova', 'sr-latn', `Adresa ${EMAIL.latn} je njegova`],
  ['mailto:ana@example.org', 'sr-latn', `mailto:${EMAIL.latn}`],
  ['Datum 12.03.2025, telefon 044 123 456', 'sr-latn', `Datum 12.03.2025, telefon ${PHONE.latn}`],
  ['Predmet od 01.03.2025 044 123 456', 'sr-latn', `Predmet od 01.03.2025 ${PHONE.latn}`],
  ['U 08.30 044 123 456 se javite', 'sr-latn', `U 08.30 ${PHONE.latn} se javite`],
  ['Godine 2024 044 123 456', 'sr-latn', `Godine 2024 ${PHONE.latn}`],
  // Serbian Cyrillic
  ['Позовите ме на 044 123 456.', 'sr', `Позовите ме на ${PHONE.cyrl}.`],
  ['Мој број је +383 44 123 456, а мејл petar@example.org', 'sr', `Мој број је ${PHONE.cyrl}, а мејл ${EMAIL.cyrl}`],
  ['Тел: 028/123-456', 'sr', `Тел: ${PHONE.cyrl}`],
  ['Моб. 065 555 1234 (Драган)', 'sr', `Моб. ${PHONE.cyrl} (Драган)`],
  ['Контакт 123 456', 'sr', `Контакт ${PHONE.cyrl}`],
  ['Назовите 38163123456', 'sr', `Назовите ${PHONE.cyrl}`],
  ['Адреса: dragan.jovanovic@gmail.com', 'sr', `Адреса: ${EMAIL.cyrl}`],
  // Albanian
  ['Më thirrni në 044 123 456.', 'sq', `Më thirrni në ${PHONE.sq}.`],
  ['Numri i telefonit: +383 49 555 666', 'sq', `Numri i telefonit: ${PHONE.sq}`],
  ['Emaili: arta.krasniqi@gmail.com', 'sq', `Emaili: ${EMAIL.sq}`],
  ['Emaili: arta(at)gmail(dot)com', 'sq', `Emaili: ${EMAIL.sq}`],
  ['Telefononi 045/987-654 ose shkruani te fqinji@hotmail.com', 'sq', `Telefononi ${PHONE.sq} ose shkruani te ${EMAIL.sq}`],
  ['Celulari 00377 44 123 456', 'sq', `Celulari ${PHONE.sq}`],
  ['Fqinji im, tel 290-123, nuk përgjigjet', 'sq', `Fqinji im, tel ${PHONE.sq}, nuk përgjigjet`],
  // Fullwidth digits are digits too
  ['Zovite ０４４ １２３ ４５６', 'sr-latn', `Zovite ${PHONE.latn}`],
];

/** Numbers that are not phones, and must stay as written. */
const kept: string[] = [
  // dates and times
  'Rok je 12.03.2025. u 08.30 h.',
  'Od 12. 3. 2025. do 15. 3. 2025.',
  'Sastanak 2025-03-12 u 14:30, pa 2025/03/19 u 09:00:00.',
  'Datum: 01/03/2025 i 1-3-2025',
  'Радно време од 08.00 до 16.00 часова, 12.03.',
  'Orari 08:00–16:00, data 12.03.2025.',
  'Od 8.30h do 16.30h',
  // amounts
  'Iznos 1.500.000 dinara, pa 150 000 € i 12 500,00 din.',
  'Cena je 0,5 € po litru, ukupno 1.250,50 EUR',
  'Kosto është 25 000 € ose 2 500 000 lekë.',
  'Račun je € 044 123 (stari dug)',
  'Plata 85 000 din. mesečno',
  // years, ranges
  'Godine 2019, 2020 i 2021; period 1999–2001.',
  'Od 2019 do 2024 ništa.',
  // house, parcel, postal, case numbers
  'Kralja Petra 12/3, stan 4, 38227 Zvečan',
  'Парцела бр. 1234/5, КО Звечан',
  'Predmet br. 0123-456/2024 i br. 04-351/2023',
  'Rruga Mbretëresha Teuta nr. 45, 40000 Mitrovicë',
  // codes and identifiers
  'Kod praćenja K7QM-3XTD, pa T559-K7QM',
  'IBAN XK05 1212 0123 4567 8906, račun 160-0000000123456-78',
  'Kartica 4111 1111 1111 1111',
  'Šifra 12a i 5km puta, 3m2',
  // measures and counts
  'Rupa duboka 30 cm, široka 1,5 m; temperatura 12.5 stepeni',
  '42.9075, 20.8406 su koordinate',
  'Hitni brojevi 112, 192, 193, 194',
  'Bilo je 120 000 ljudi, a 1 000 000 kod kuće',
  'Ulica 7, broj 123456 nije telefon bez reči pre njega',
  // links are left as written
  'Pogledajte https://www.ezvecan.com/sr/status/K7QM-3XTD/?p=0441234567 i www.example.org/0123456789',
  // nothing at all
  'Rupa na putu kod mosta.',
  '',
];

describe('masking phone numbers and email addresses', () => {
  it.each(masked)('%s', (text, locale, expected) => {
    expect(maskContacts(text, locale)).toBe(expected);
  });

  it.each(kept)('leaves "%s" as written', (text) => {
    expect(findContacts(text)).toEqual([]);
    expect(maskContacts(text, 'sr-latn')).toBe(text);
  });

  it('masks once: masking masked text changes nothing, and the marks hold no digit or @', () => {
    for (const [text, locale] of masked) {
      const once = maskContacts(text, locale);
      expect(maskContacts(once, locale)).toBe(once);
      expect(once).not.toMatch(/@|\d{3}[ ./-]?\d{3}/);
    }
    for (const set of Object.values(MASKS)) for (const m of Object.values(set)) expect(m).not.toMatch(/[\d@]/);
  });

  it('has the Latin marks the transliteration of the Cyrillic ones gives', () => {
    expect(toLatin(MASKS['sr-cyrl'].phone)).toBe(MASKS['sr-latn'].phone);
    expect(toLatin(MASKS['sr-cyrl'].email)).toBe(MASKS['sr-latn'].email);
  });

  it("writes the mark in the script the text is in, whatever the form's locale", () => {
    expect(maskContacts('Позовите 044 123 456', 'sr-latn')).toBe(`Позовите ${PHONE.cyrl}`);
    expect(maskContacts('Pozovite 044 123 456', 'sr')).toBe(`Pozovite ${PHONE.latn}`);
    expect(maskContacts('044 123 456', 'sr')).toBe(PHONE.cyrl);
    expect(maskContacts('044 123 456', 'sr-latn')).toBe(PHONE.latn);
    expect(maskContacts('044 123 456', 'sq')).toBe(PHONE.sq);
  });

  it('finds every contact in a long text quickly, and nothing in a long run of numbers', () => {
    const long = Array.from({ length: 200 }, (_, i) => `Stavka ${i}: 12.03.2025, 1.500 din, tel 044 ${String(100 + i)} 456, x${i}@example.org.`).join(' ');
    const t0 = performance.now();
    const spans = findContacts(long);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(spans.filter((s) => s.kind === 'phone')).toHaveLength(200);
    expect(spans.filter((s) => s.kind === 'email')).toHaveLength(200);
    // Hostile shapes that could make a regular expression backtrack for ever.
    for (const evil of ['1 '.repeat(3000), 'a.'.repeat(2000) + '@', `${'a'.repeat(3000)}@${'b-'.repeat(500)}`, '0('.repeat(2000), '+0 '.repeat(1500)]) {
      const t = performance.now();
      findContacts(evil);
      expect(performance.now() - t, evil.slice(0, 10)).toBeLessThan(2000);
    }
  });
});

describe('the publishing policy', () => {
  const record = {
    code: 'K7QM-3XTD', kind: 'report', municipality: 'zvecan', locale: 'sr', category: 'roads', text: 'Tajna 044 123 456', publicText: `Tajna ${PHONE.cyrl}`,
    address: 'Ulica 1, tel 044 123 456', publicAddress: `Ulica 1, tel ${PHONE.latn}`, lat: 42.9, lng: 20.84, photos: [], status: 'received',
    createdAt: '2026-03-02T08:00:00.000Z', updatedAt: '2026-03-02T08:00:00.000Z', deadlineAt: '2026-03-04T08:00:00.000Z', showName: true, publicName: 'Ana',
  } as CaseRecord;
  const created: CaseEvent = { code: record.code, municipality: 'zvecan', at: record.createdAt, change: 'created', status: 'received', public: true };
  const replied: CaseEvent = { ...created, at: '2026-03-02T09:00:00.000Z', change: 'status', status: 'in_progress' };

  it('publishes at once by default, and every municipality has a policy', () => {
    expect(publicState(record, [created], 'at-once')).toBe('public');
    for (const m of municipalities) expect(['at-once', 'after-review']).toContain(m.publish);
    const parsed = municipalitySchema.shape;
    expect(Object.keys(parsed)).toContain('publish');
  });

  it('holds a case for review until staff reply, whatever the outcome', () => {
    expect(publicState(record, [created], 'after-review')).toBe('awaiting-review');
    expect(reviewedByStaff([created])).toBe(false);
    expect(publicState({ status: 'in_progress' }, [created, replied], 'after-review')).toBe('public');
    // Staff opening the page or revealing the contact is no review; a reply is.
    expect(publicState(record, [created, { ...created, change: 'contact-viewed' }], 'after-review')).toBe('awaiting-review');
  });

  it('withdraws spam under either policy', () => {
    const rejected: CaseEvent = { ...replied, status: 'rejected' };
    expect(publicState({ status: 'rejected' }, [created, rejected], 'at-once')).toBe('withdrawn');
    expect(publicState({ status: 'rejected' }, [created, rejected], 'after-review')).toBe('withdrawn');
  });

  it('shows of a held case only its code, kind, category, status and dates', () => {
    const held = toHeldCase(record);
    expect(held).toEqual({ code: 'K7QM-3XTD', kind: 'report', municipality: 'zvecan', category: 'roads', status: 'received', createdAt: record.createdAt, deadlineAt: record.deadlineAt, awaitingReview: true });
    expect(JSON.stringify(held)).not.toMatch(/Tajna|Ulica|Ana|42\.9|044/);
  });

  it('publishes the masked address, or the address of a case made before the masking', () => {
    const pub: PublicCase = toPublicCase(record, [created], (k) => k);
    expect(pub.address).toBe(`Ulica 1, tel ${PHONE.latn}`);
    expect(pub.text).toBe(`Tajna ${PHONE.cyrl}`);
    const { publicAddress: _, ...old } = record;
    expect(toPublicCase(old as CaseRecord, [created], (k) => k).address).toBe('Ulica 1, tel 044 123 456');
  });
});
