import { describe, it, expect } from 'vitest';
import { deadlineFrom, timeLeft, type Clock } from '../../core/time.ts';
import { trackingCode, normaliseCode, CODE_ALPHABET, newToken, hashToken, TOKEN_PATTERN } from '../../core/cases/codes.ts';
import { reportSchema, questionSchema, fieldErrors, formErrorCodes } from '../../core/cases/forms.ts';
import { open311Status, statuses } from '../../core/cases/statuses.ts';
import { allDictionaries } from '../../core/i18n/index.ts';
import { localeKeys } from '../../core/locales.ts';

const tz = 'Europe/Belgrade';
const workdays: Clock = { hours: 48, countWeekends: false, countHolidays: false, holidays: ['01-01', '01-07', '2026-04-10'], timeZone: tz };
const always: Clock = { ...workdays, countWeekends: true, countHolidays: true };

describe('the 48-hour clock', () => {
  it('runs straight through when weekends and holidays count', () => {
    expect(deadlineFrom(new Date('2026-11-20T13:00:00Z'), always).toISOString()).toBe('2026-11-22T13:00:00.000Z');
  });
  it('skips the weekend: Friday 14:00 local → Tuesday 14:00 local', () => {
    // 2026-11-20 is a Friday; Belgrade is UTC+1 in November.
    expect(deadlineFrom(new Date('2026-11-20T13:00:00Z'), workdays).toISOString()).toBe('2026-11-24T13:00:00.000Z');
  });
  it('skips public holidays, fixed and dated', () => {
    // Tue 2026-01-06 10:00 local: 7 January is a holiday, so 48 h end on Fri 9 January 10:00.
    expect(deadlineFrom(new Date('2026-01-06T09:00:00Z'), workdays).toISOString()).toBe('2026-01-09T09:00:00.000Z');
    // Thu 2026-04-09 12:00 local: Good Friday 10 April, then the weekend → Tue 14 April 12:00 (UTC+2).
    expect(deadlineFrom(new Date('2026-04-09T10:00:00Z'), workdays).toISOString()).toBe('2026-04-14T10:00:00.000Z');
  });
  it('starts counting on Monday for a report sent on Saturday', () => {
    expect(deadlineFrom(new Date('2026-11-21T10:00:00Z'), workdays).toISOString()).toBe('2026-11-24T23:00:00.000Z');
  });
  it('crosses the change to summer time without losing an hour', () => {
    // Fri 2026-03-27 12:00 local (UTC+1); clocks go forward on Sunday 29 March.
    expect(deadlineFrom(new Date('2026-03-27T11:00:00Z'), always).toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(deadlineFrom(new Date('2026-03-27T11:00:00Z'), workdays).toISOString()).toBe('2026-03-31T10:00:00.000Z');
  });
  it('reports the running time left, not the wall time', () => {
    const deadline = deadlineFrom(new Date('2026-11-20T13:00:00Z'), workdays);
    // Saturday noon: the weekend does not count, so all of Monday (24 h) and Tuesday to 14:00 (14 h) remain.
    expect(timeLeft(new Date('2026-11-21T11:00:00Z'), deadline, workdays)).toBe(38 * 3_600_000);
    expect(timeLeft(new Date('2026-11-24T14:00:00Z'), deadline, workdays)).toBe(-3_600_000);
  });
});

describe('tracking codes and tokens', () => {
  it('makes short codes from an alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i++) {
      const code = trackingCode();
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect([...code.replace('-', '')].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
    }
    expect(CODE_ALPHABET).not.toMatch(/[01OIL5S2Z]/);
    expect(normaliseCode(' k7qm 3xtd ')).toBe('K7QM-3XTD');
    expect(normaliseCode('K7QM-3XT0')).toBeNull();
  });
  it('makes 256-bit tokens stored only as a hash', () => {
    const a = newToken();
    expect(a).toMatch(TOKEN_PATTERN);
    expect(Buffer.from(a, 'base64url').length).toBe(32);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a);
    expect(newToken()).not.toBe(a);
  });
});

describe('form schemas', () => {
  const report = { municipality: 'zvecan', locale: 'sq', category: 'roads', description: 'Gropë e madhe në rrugë.', address: 'Rruga kryesore', email: 'a@b.org', consent: 'on' };
  it('accepts a report with an address only, or a pin only', () => {
    expect(reportSchema.safeParse(report).success).toBe(true);
    expect(reportSchema.safeParse({ ...report, address: '', lat: '42.9', lng: '20.84' }).success).toBe(true);
  });
  it.each([
    [{ address: '' }, 'address', 'locationRequired'],
    [{ email: '', phone: '' }, 'email', 'contactRequired'],
    [{ consent: '' }, 'consent', 'consentRequired'],
    [{ description: 'kratko' }, 'description', 'tooShort'],
    [{ name: 'Ana\r\nBcc: x@y.z' }, 'name', 'invalidName'],
    [{ email: 'not-an-email' }, 'email', 'invalidEmail'],
    [{ phone: 'call me' }, 'phone', 'invalidPhone'],
    [{ lat: '42.9' }, 'lat', 'invalidCoordinates'],
    [{ photos: ['incoming/../../etc/passwd'] }, 'photos', 'invalidPhoto'],
  ])('refuses %j on %s with %s', (change, field, code) => {
    const r = reportSchema.safeParse({ ...report, ...change });
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!.issues)).toContainEqual({ field, code });
  });
  it('lists every problem at once, including the cross-field ones', () => {
    const r = reportSchema.safeParse({ ...report, description: '', address: '', email: '' });
    const fields = fieldErrors(r.error!.issues).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['description', 'address', 'email']));
  });
  it('needs an email for a question', () => {
    const r = questionSchema.safeParse({ municipality: 'zvecan', question: 'Kada će biti popravljen put?', consent: 'on' });
    expect(fieldErrors(r.error!.issues)).toContainEqual({ field: 'email', code: 'required' });
  });
  it('has a translation for every error code and status in every locale', () => {
    for (const locale of localeKeys) {
      const dict = allDictionaries[locale] as Record<string, string>;
      for (const code of formErrorCodes) expect(dict[`form.error.${code}`], `${locale} form.error.${code}`).toBeTruthy();
      for (const s of statuses) expect(dict[`status.${s}`], `${locale} status.${s}`).toBeTruthy();
    }
  });
  it('maps statuses onto Open311', () => {
    expect(open311Status('received')).toBe('open');
    expect(open311Status('in_progress')).toBe('open');
    expect(open311Status('not_in_competence')).toBe('closed');
  });
});
