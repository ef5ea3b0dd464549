import type { Municipality } from '../../core/municipalities/schema.ts';
import type { Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import { local } from '../../core/text/localize.ts';
import type { CaseRecord } from '../../core/cases/model.ts';
import type { Status } from '../../core/cases/statuses.ts';
import type { Email } from '../domain/ports.ts';
import { esc, paragraphs } from '../../core/views/html.ts';
import { formatDateTime } from '../../core/views/format.ts';

/** One email as HTML and plain text from the same lines, so both always say the same. */
function compose(to: string[], subject: string, blocks: ({ p: string } | { quote: string } | { link: string; label: string })[], replyTo?: string): Email {
  const html = `<!doctype html><html><body style="font-family:system-ui,Arial,sans-serif;line-height:1.5;color:#1b1f24;max-width:40rem">${blocks
    .map((b) => ('p' in b ? `<p>${esc(b.p)}</p>` : 'quote' in b ? `<blockquote style="border-left:4px solid #c9d1da;margin:0 0 1em;padding-left:1em">${paragraphs(b.quote)}</blockquote>` : `<p>${esc(b.label)}<br><a href="${esc(b.link)}">${esc(b.link)}</a></p>`))
    .join('')}</body></html>`;
  const text = blocks.map((b) => ('p' in b ? b.p : 'quote' in b ? b.quote.replace(/^/gm, '> ') : `${b.label}\n${b.link}`)).join('\n\n');
  return { to, subject, html, text, ...(replyTo ? { replyTo } : {}) };
}

const platform = (m: Municipality, locale: Locale) => local(m.platformName, locale);

export function statusUrl(origin: string, locale: Locale, code: string) {
  return `${origin}/${locale}/status/${code}/`;
}

/*
 * Emails to citizens go to an address nobody has verified: whoever fills in the form chooses it.
 * So they carry only our fixed text, the tracking code, dates, our links and what staff wrote
 * (the answer, the referral), never anything the sender typed (their text, name or address), or
 * the platform would relay a stranger's words, links included, from the municipality's sender.
 * tests/integration/security-content.test.ts puts a canary in every field and reads every email.
 */

/** To the citizen: we have it, here is the code. Fixed text only (see above). */
export function acknowledgement(m: Municipality, r: CaseRecord, to: string, origin: string): Email {
  const l = r.locale;
  return compose([to], t(l, `email.subject.ack.${r.kind}`, { code: r.code }), [
    { p: `${t(l, 'email.greeting')} ${t(l, `email.ack.${r.kind}`, { deadline: formatDateTime(r.deadlineAt, l, m.clock.timeZone) })}` },
    { p: t(l, 'email.codeLine', { code: r.code }) },
    { link: statusUrl(origin, l, r.code), label: t(l, 'email.statusLink') },
    { p: t(l, 'email.privacy') },
    { p: platform(m, l) },
  ]);
}

/** To the citizen: the status changed; the subject says to what. Staff's words only, never the citizen's. */
export function statusChange(m: Municipality, r: CaseRecord, status: Status, answer: string | undefined, referral: string | undefined, to: string, origin: string): Email {
  const l = r.locale;
  const blocks: Parameters<typeof compose>[2] = [
    { p: `${t(l, 'email.greeting')} ${t(l, 'email.statusChanged', { code: r.code, status: t(l, `status.${status}` as StringKey) })}` },
  ];
  if (answer) blocks.push({ p: t(l, 'case.answer') + ':' }, { quote: answer });
  if (referral) blocks.push({ p: `${t(l, 'case.referral')}: ${referral}` });
  blocks.push({ link: statusUrl(origin, l, r.code), label: t(l, 'email.statusLink') }, { p: platform(m, l) });
  return compose([to], t(l, `email.subject.${r.kind}.${status}` as StringKey, { code: r.code }), blocks);
}

/** To the municipality's inbox: a new case, or a case in progress that needs a new reply link. */
export function staffNotice(m: Municipality, r: CaseRecord, opts: { to: string; replyUrl: string; tokenDays: number; followUp: boolean }): Email {
  const l = m.defaultLocale;
  const category = r.category ? local(m.categories.find((c) => c.code === r.category)?.name ?? { sr: r.category, sq: r.category }, l) : '';
  const subject = opts.followUp
    ? t(l, 'email.staff.subject.followUp', { platform: platform(m, l), code: r.code })
    : t(l, r.kind === 'report' ? 'email.staff.subject.report' : 'email.staff.subject.question', { code: r.code, category });
  const blocks: Parameters<typeof compose>[2] = [
    { p: `${t(l, 'email.greeting')} ${opts.followUp ? t(l, 'email.staff.followUp', { code: r.code }) : t(l, 'email.staff.intro', { platform: platform(m, l), deadline: formatDateTime(r.deadlineAt, l, m.clock.timeZone) })}` },
    { p: `${t(l, `kind.${r.kind}` as StringKey)}${category ? ` · ${category}` : ''} · ${r.code}` },
    { quote: r.text },
  ];
  if (r.address) blocks.push({ p: `${t(l, 'case.place')}: ${r.address}` });
  if (r.photos.length) blocks.push({ p: t(l, 'email.staff.photos', { n: r.photos.length }) });
  blocks.push({ link: opts.replyUrl, label: t(l, 'email.staff.replyLink', { days: opts.tokenDays }) }, { p: platform(m, l) });
  return compose([opts.to], subject, blocks);
}

/** To the inbox that received a case: the deadline has passed, here is a fresh reply link. */
export function overdueReminder(m: Municipality, r: CaseRecord, opts: { to: string; replyUrl: string; tokenDays: number }): Email {
  const l = m.defaultLocale;
  const category = r.category ? local(m.categories.find((c) => c.code === r.category)?.name ?? { sr: r.category, sq: r.category }, l) : '';
  const blocks: Parameters<typeof compose>[2] = [
    { p: `${t(l, 'email.greeting')} ${t(l, 'email.overdue.reminder', { code: r.code, deadline: formatDateTime(r.deadlineAt, l, m.clock.timeZone) })}` },
    { p: `${t(l, `kind.${r.kind}` as StringKey)}${category ? ` · ${category}` : ''} · ${r.code}` },
    { quote: r.text },
  ];
  if (r.address) blocks.push({ p: `${t(l, 'case.place')}: ${r.address}` });
  blocks.push({ link: opts.replyUrl, label: t(l, 'email.staff.replyLink', { days: opts.tokenDays }) }, { p: platform(m, l) });
  return compose([opts.to], t(l, 'email.overdue.subject.reminder', { platform: platform(m, l), code: r.code }), blocks);
}

/**
 * To the municipality's supervisor: a case is still unanswered well after its deadline. No reply
 * link (that credential stays with the inbox responsible); the public page shows the case.
 */
export function overdueEscalation(m: Municipality, r: CaseRecord, opts: { to: string; inbox: string; origin: string }): Email {
  const l = m.defaultLocale;
  return compose([opts.to], t(l, 'email.overdue.subject.escalation', { platform: platform(m, l), code: r.code }), [
    { p: `${t(l, 'email.greeting')} ${t(l, 'email.overdue.escalation', { code: r.code, deadline: formatDateTime(r.deadlineAt, l, m.clock.timeZone), inbox: opts.inbox })}` },
    { p: `${t(l, `kind.${r.kind}` as StringKey)} · ${r.code}` },
    { quote: r.text },
    { link: statusUrl(opts.origin, l, r.code), label: t(l, 'email.statusLink') },
    { p: platform(m, l) },
  ]);
}
