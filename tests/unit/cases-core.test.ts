// The small rules of core/cases: tracking codes and reply tokens (codes.ts), the form schemas
// and their error codes (forms.ts), statuses and their Open311 mapping (statuses.ts). The 48-hour
// clock is in clock.test.ts, the public projection in public-case.test.ts.
import { describe, it, expect } from 'vitest';
import { trackingCode, normaliseCode, CODE_ALPHABET, newToken, hashToken, TOKEN_PATTERN } from '../../core/cases/codes.ts';
import { reportSchema, questionSchema, fieldErrors, formErrorCodes } from '../../core/cases/forms.ts';
import { open311Status, statuses } from '../../core/cases/statuses.ts';
import { allDictionaries } from '../../core/i18n/index.ts';
import { localeKeys } from '../../core/locales.ts';

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
