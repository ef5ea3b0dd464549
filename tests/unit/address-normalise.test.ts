// One rate-limit key per mailbox and per phone line, however typed (core/text/contact.ts).
import { describe, it, expect } from 'vitest';
import { mailboxKey, phoneKey } from '../../core/text/contact.ts';

describe('mailboxKey: variants of one mailbox share one key', () => {
  const same: [string, string[]][] = [
    ['x@example.org', ['x@example.org', 'X@EXAMPLE.ORG', ' x@example.org ', 'x+1@example.org', 'x+20@example.org', 'X+Tag+More@Example.org', 'x+@example.org']],
    ['john@gmail.com', ['john@gmail.com', 'j.o.h.n@gmail.com', 'J.O.H.N@Gmail.com', 'jo.hn+news@gmail.com', 'john@googlemail.com', 'j.ohn+x@GoogleMail.com', 'john@gmail.com.']],
    ['ana.petrovic@yahoo.com', ['ana.petrovic@yahoo.com', 'Ana.Petrovic@Yahoo.com', 'ana.petrovic+opstina@yahoo.com']],
    ['arta@hotmail.com', ['arta@hotmail.com', 'ARTA+1@HOTMAIL.COM']],
  ];
  it.each(same)('%s', (key, variants) => {
    for (const v of variants) expect(mailboxKey(v), v).toBe(key);
  });

  it('keeps different mailboxes apart', () => {
    const distinct = ['x@example.org', 'y@example.org', 'x@example.com', 'x.y@example.org', 'xy@example.org', 'john@gmail.com', 'john@gmail.co', 'johnny@gmail.com', 'john@mail.com', 'ana-1@example.org', 'ana_1@example.org'];
    expect(new Set(distinct.map(mailboxKey)).size).toBe(distinct.length);
    // Dots matter outside Gmail.
    expect(mailboxKey('a.b@example.org')).not.toBe(mailboxKey('ab@example.org'));
  });

  it('leaves a local part that is only a plus tag alone', () => {
    expect(mailboxKey('+tag@example.org')).toBe('+tag@example.org');
  });
});

describe('phoneKey: one line, however it is written', () => {
  const same: [string, string[]][] = [
    ['+38344123456', ['+383 44 123 456', '+383-44-123-456', '+383 (0)44 123 456', '00383 44 123 456', '0038344123456', '044 123 456', '044/123-456', '044 123456', '(044) 123 456', '38344123456', '383 44 123 456', '44 123 456', ' 044-123-456 ']],
    ['+38128123456', ['+381 28 123 456', '00381 28 123 456', '+381 (0)28 123-456']],
    ['+38328123456', ['028 123 456', '+383 28 123 456', '(028) 123-456']],
    ['+381631234567', ['063 123 4567', '063/123-4567', '+381 63 123 4567', '00381631234567', '381631234567', '+381 (0)63 1234567']],
    ['+381641234567', ['064 12 34 567', '0641234567']],
    ['+4369912345678', ['+43 699 12345678', '0043 699 1234 5678']],
  ];
  it.each(same)('%s', (key, variants) => {
    for (const v of variants) expect(phoneKey(v), v).toBe(key);
  });

  it('keeps different lines apart', () => {
    const distinct = ['044 123 456', '044 123 457', '045 123 456', '049 123 456', '028 123 456', '063 123 4567', '+381 28 123 456', '+43 699 12345678'];
    expect(new Set(distinct.map(phoneKey)).size).toBe(distinct.length);
  });

  it('gives something stable for odd input the form would refuse', () => {
    expect(phoneKey('')).toBe('');
    expect(phoneKey('112')).toBe('+112');
  });
});
