/**
 * Emails to subscribers (functions/domain/subscriptions.ts): the confirmation (the only email an
 * unconfirmed address ever gets), a followed case's public change, an area alert, and the daily
 * digest. Fixed text, codes, statuses and category names only: nothing a citizen typed. Every one
 * but the confirmation has the one-click unsubscribe: a link, and the headers of RFC 2369 and
 * RFC 8058 (`List-Unsubscribe`, `List-Unsubscribe-Post`).
 */
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { Locale } from '../../core/locales.ts';
import { t } from '../../core/i18n/index.ts';
import { local } from '../../core/text/localize.ts';
import type { Status } from '../../core/cases/statuses.ts';
import { categoryName } from '../../core/views/format.ts';
import type { DigestEntry, Email, Subscription } from '../domain/ports.ts';
import { compose, statusUrl, type Blocks } from './emails.ts';

export const unsubscribeUrl = (origin: string, token: string) => `${origin}/api/unsubscribe/${token}`;

function withUnsubscribe(m: Municipality, l: Locale, to: string, subject: string, blocks: Blocks, unsubscribe: string): Email {
  const email = compose([to], subject, [...blocks, { p: local(m.platformName, l) }, { link: unsubscribe, label: t(l, 'sub.email.unsubscribe') }]);
  return { ...email, headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
}

export function confirmationEmail(m: Municipality, sub: Subscription, confirmUrl: string): Email {
  const l = sub.locale;
  const text = sub.code ? t(l, 'sub.email.confirm.case', { code: sub.code }) : t(l, 'sub.email.confirm.area');
  return compose([sub.email], `[${local(m.platformName, l)}] ${t(l, 'sub.email.confirm.subject')}`, [
    { p: `${t(l, 'email.greeting')} ${text}` },
    { link: confirmUrl, label: t(l, 'sub.email.confirm.link') },
    { p: local(m.platformName, l) },
  ]);
}

const statusName = (l: Locale, s: Status) => t(l, `status.${s}`);

/** A followed case changed in public. */
export function followerEmail(m: Municipality, sub: Subscription, code: string, status: Status, origin: string, unsubscribe: string): Email {
  const l = sub.locale;
  return withUnsubscribe(m, l, sub.email, t(l, 'sub.email.change.subject', { code, status: statusName(l, status) }), [
    { p: `${t(l, 'email.greeting')} ${t(l, 'sub.email.change.text', { code, status: statusName(l, status) })}` },
    { link: statusUrl(origin, l, code), label: t(l, 'sub.email.caseLink') },
  ], unsubscribe);
}

/** An area alert, sent at once: a new report, or an answer to one. */
export function alertEmail(m: Municipality, sub: Subscription, e: Pick<DigestEntry, 'code' | 'change' | 'status'> & { category?: string | undefined }, origin: string, unsubscribe: string): Email {
  const l = sub.locale;
  const category = categoryName(m, e.category, l);
  const vars = { code: e.code, category, status: statusName(l, e.status) };
  return withUnsubscribe(m, l, sub.email, t(l, e.change === 'new' ? 'sub.email.new.subject' : 'sub.email.answer.subject', vars), [
    { p: `${t(l, 'email.greeting')} ${t(l, e.change === 'new' ? 'sub.email.new.text' : 'sub.email.answer.text', vars)}` },
    { link: statusUrl(origin, l, e.code), label: t(l, 'sub.email.caseLink') },
  ], unsubscribe);
}

/** One email for the day's lines. */
export function digestEmail(m: Municipality, sub: Subscription, entries: (DigestEntry & { category?: string | undefined })[], origin: string, unsubscribe: string): Email {
  const l = sub.locale;
  const lines: Blocks = entries.map((e) => {
    const vars = { code: e.code, category: categoryName(m, e.category, l), status: statusName(l, e.status) };
    return { link: statusUrl(origin, l, e.code), label: t(l, e.change === 'new' ? 'sub.email.digest.new' : 'sub.email.digest.answer', vars) };
  });
  return withUnsubscribe(m, l, sub.email, `[${local(m.platformName, l)}] ${t(l, 'sub.email.digest.subject', { count: entries.length })}`, [
    { p: `${t(l, 'email.greeting')} ${t(l, 'sub.email.digest.intro')}` },
    ...lines,
  ], unsubscribe);
}
