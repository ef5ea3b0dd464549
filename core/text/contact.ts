/**
 * One key per mailbox and per phone line, however the address or number is typed: what the
 * per-address and per-phone rate limits count (functions/domain/service.ts `checkRate`), so that
 * `x+1@example.org` … `x+20@example.org` share one allowance. Only for counting: the address
 * and number are stored and used as the citizen typed them.
 */

/** Providers that ignore dots in the local part, and the domain each is known by. */
const DOTLESS: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * The mailbox an address delivers to: lower case (the local part too: no provider our citizens
 * use tells cases apart), without a plus tag (`x+tag@…` → `x@…`), and for Gmail without dots
 * in the local part and with googlemail.com as gmail.com. Expects an address the form schema
 * accepted (trimmed, NFC, one @).
 */
export function mailboxKey(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 1) return address;
  let local = address.slice(0, at);
  let domain = address.slice(at + 1).replace(/\.$/, '');
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS[domain];
  if (dotless) {
    domain = dotless;
    local = local.replace(/\./g, '');
  }
  return `${local}@${domain}`;
}

/**
 * A phone number in international form, digits only after the +: a leading 00 is +; Kosovo's
 * national form (0 and the area or network code: 044 123 456, 028 123 456) is +383 without the
 * 0; but 06x is a Serbian mobile network (no Kosovo number starts 06, and many in the north use
 * those networks), so 063 123 4567 is +381 63 123 4567. A written trunk 0 after the country code
 * ("+383 (0)44 …") is dropped. Digits alone that start with 383 or 381 and are long enough are
 * taken as international without the +; a national number without its 0 (44 123 456) as Kosovo's.
 */
export function phoneKey(phone: string): string {
  const trimmed = phone.trim();
  let digits = trimmed.replace(/\D/g, '');
  if (!digits) return '';
  if (trimmed.startsWith('+')) {
    // international as written
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  } else if (digits.startsWith('0')) {
    digits = (/^06/.test(digits) ? '381' : '383') + digits.slice(1);
  } else if (/^38[13]/.test(digits) && digits.length >= 11) {
    // 383 44 123 456 without the +
  } else if (digits.length >= 6 && digits.length <= 9) {
    digits = `383${digits}`;
  }
  // "+383 (0)44 …": the trunk 0 written after the country code.
  digits = digits.replace(/^(38[13])0/, '$1');
  return `+${digits}`;
}
