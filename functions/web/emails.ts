import type { Municipality } from '../../core/municipalities/schema.ts';
import { localeInfo, type Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import { local } from '../../core/text/localize.ts';
import type { AnswerLang, CaseEvent, CaseRecord } from '../../core/cases/model.ts';
import type { Status } from '../../core/cases/statuses.ts';
import { dueAtOf } from '../../core/cases/table.ts';
import { textFor } from '../../core/text/reader.ts';
import { localDate } from '../../core/time.ts';
import type { Email } from '../domain/ports.ts';
import { esc, paragraphs } from '../../core/views/html.ts';
import { formatDateTime, formatDay } from '../../core/views/format.ts';
import { staffPath } from './workspace-context.ts';

/** An email's lines: a paragraph, a quoted text, a labelled link. */
export type Blocks = ({ p: string } | { quote: string } | { link: string; label: string })[];

/** One email as HTML and plain text from the same lines, so both always say the same. */
export function compose(to: string[], subject: string, blocks: Blocks, replyTo?: string): Email {
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
export function acknowledgement(m: Municipality, r: CaseRecord, to: string, origin: string, personalUrl?: string): Email {
  const l = r.locale;
  const deadline = formatDateTime(r.deadlineAt, l, m.clock.timeZone);
  // A case staff registered from a phone call, the counter, a letter or an email says so: the
  // citizen did not fill in a form and may not expect a message from the platform.
  const intro =
    r.channel && r.channel !== 'web'
      ? t(l, `email.ack.registered.${r.kind}`, { channel: t(l, `email.channel.${r.channel}`), deadline })
      : t(l, `email.ack.${r.kind}`, { deadline });
  return compose([to], t(l, `email.subject.ack.${r.kind}`, { code: r.code }), [
    { p: `${t(l, 'email.greeting')} ${intro}` },
    { p: t(l, 'email.codeLine', { code: r.code }) },
    { link: statusUrl(origin, l, r.code), label: t(l, 'email.statusLink') },
    ...personalLink(l, personalUrl),
    { p: t(l, 'email.privacy') },
    { p: platform(m, l) },
  ]);
}

/**
 * The citizen's personal link (functions/domain/citizen.ts): in every email to the citizen, to add
 * information while the case is open or say it is not fixed after it closed. Our link, fixed text.
 */
export function personalLinkUrl(origin: string, locale: Locale, token: string) {
  return `${origin}/${locale}/my-case/${token}/`;
}
function personalLink(l: Locale, url: string | undefined): Blocks {
  return url ? [{ link: url, label: t(l, 'citizen.email.link') }, { p: t(l, 'citizen.email.linkKeep') }] : [];
}

/** What a citizen's status email says of one step: the event that made it (staff's words only). */
export type StatusStep = Pick<CaseEvent, 'at' | 'status' | 'answer' | 'answers' | 'referral' | 'plannedAt' | 'duplicateOf'>;

/** The other language of answers: Serbian for an Albanian reader, Albanian for a Serbian one. */
const otherLang = (lang: AnswerLang): AnswerLang => (lang === 'sr' ? 'sq' : 'sr');

/**
 * The answer blocks of a citizen's email: the answer in the citizen's language when staff wrote
 * one (Serbian in the citizen's script), else the one there is; and below it, when staff wrote
 * both, the other language, labelled in that language so whoever reads it finds it ("Одговор на
 * српском:" in an Albanian email, "Përgjigjja në shqip:" in a Serbian one). An answer from before
 * answers had languages is shown as written.
 */
function answerBlocks(l: Locale, step: StatusStep): Blocks {
  const mine = localeInfo(l).source;
  const other = otherLang(mine);
  const a = step.answers ?? {};
  // Serbian in the reader's script (an Albanian reader gets Latin); Albanian as written.
  const shown = (lang: AnswerLang, text: string) => textFor(lang, text, l).text;
  const firstLang = a[mine] ? mine : a[other] ? other : undefined;
  if (!firstLang) return step.answer ? [{ p: `${t(l, 'case.answer')}:` }, { quote: step.answer }] : [];
  const blocks: Blocks = [{ p: `${t(l, 'case.answer')}:` }, { quote: shown(firstLang, a[firstLang]!) }];
  if (firstLang === mine && a[other]) {
    // The label in the offered language: Serbian in the script the Serbian text is shown in.
    const labelLocale: Locale = other === 'sq' ? 'sq' : localeInfo(l).script === 'cyrl' ? 'sr' : 'sr-latn';
    blocks.push({ p: t(labelLocale, `email.answerIn.${other}`) }, { quote: shown(other, a[other]!) });
  }
  return blocks;
}

/** A time as the municipality's calendar date in the reader's language ("14. март 2026."). */
const dayOf = (m: Municipality, iso: string, l: Locale) => formatDay(localDate(Date.parse(iso), m.clock.timeZone), l);

/**
 * To the citizen: the status changed; the subject says to what. Staff's words only, never the
 * citizen's: the answer (in the citizen's language first, the other offered), the referral, the
 * planned date of a case in progress, the date of resolution, the case a duplicate points to.
 */
export function statusChange(m: Municipality, r: CaseRecord, step: StatusStep, to: string, origin: string, personalUrl?: string): Email {
  const l = r.locale;
  const status: Status = step.status;
  const blocks: Blocks = [{ p: `${t(l, 'email.greeting')} ${t(l, 'email.statusChanged', { code: r.code, status: t(l, `status.${status}` as StringKey) })}` }];
  const original = status === 'duplicate' ? (step.duplicateOf ?? r.duplicateOf) : undefined;
  if (original) {
    // The original is a case of the same municipality: its status page is on this site.
    blocks.push({ p: t(l, 'email.duplicate', { code: r.code, original }) }, { link: statusUrl(origin, l, original), label: t(l, 'email.duplicate.link', { original }) });
  }
  blocks.push(...answerBlocks(l, step));
  if (step.referral) blocks.push({ p: `${t(l, 'case.referral')}: ${step.referral}` });
  const planned = status === 'in_progress' ? (step.plannedAt ?? r.plannedAt) : undefined;
  if (planned) blocks.push({ p: t(l, 'email.plannedAt', { date: formatDay(planned, l) }) });
  if (status === 'resolved') blocks.push({ p: t(l, 'email.resolvedAt', { date: dayOf(m, r.resolvedAt ?? step.at, l) }) });
  blocks.push({ link: statusUrl(origin, l, r.code), label: t(l, 'email.statusLink') }, ...personalLink(l, personalUrl), { p: platform(m, l) });
  return compose([to], t(l, `email.subject.${r.kind}.${status}` as StringKey, { code: r.code }), blocks);
}

/*
 * Emails to staff go to the municipality's own addresses (the config names them), in the language
 * each member of staff chose in the workspace (the municipality's default until they choose), and
 * every one links the case in the workspace (`/<locale>/staff/cases/<code>/`, behind the emailed
 * sign-in) beside the one-time reply link, which stays the fast path.
 */

/** The case in the staff workspace, in the recipient's language. */
export function workspaceUrl(origin: string, locale: Locale, code: string) {
  return `${origin}${staffPath.case(locale, code)}`;
}

/** What every staff email needs to know about its recipient. */
export interface StaffRecipient {
  to: string;
  /** The language they chose (StaffPrefs), else the municipality's defaultLocale. */
  locale: Locale;
  origin: string;
}

/** The case as staff read it in an email: kind, category and code, the citizen's text, the place. */
function caseBlocks(m: Municipality, r: CaseRecord, l: Locale, opts: { photos?: boolean } = {}): Blocks {
  const category = r.category ? local(m.categories.find((c) => c.code === r.category)?.name ?? { sr: r.category, sq: r.category }, l) : '';
  const blocks: Blocks = [{ p: `${t(l, `kind.${r.kind}` as StringKey)}${category ? ` · ${category}` : ''} · ${r.code}` }, { quote: r.text }];
  if (r.address) blocks.push({ p: `${t(l, 'case.place')}: ${r.address}` });
  if (opts.photos && r.photos.length) blocks.push({ p: t(l, 'email.staff.photos', { n: r.photos.length }) });
  return blocks;
}

/** The links at the end of a staff email: the one-time reply link (when it carries one), then the workspace. */
function staffLinks(m: Municipality, r: CaseRecord, s: StaffRecipient, reply?: { url: string; days: number }): Blocks {
  const l = s.locale;
  return [
    ...(reply ? [{ link: reply.url, label: t(l, 'email.staff.replyLink', { days: reply.days }) }] : []),
    { link: workspaceUrl(s.origin, l, r.code), label: t(l, 'email.staff.workspaceLink') },
    { p: platform(m, l) },
  ];
}

/** To the municipality's inbox: a new case, or a case in progress that needs a new reply link. */
export function staffNotice(m: Municipality, r: CaseRecord, opts: StaffRecipient & { replyUrl: string; tokenDays: number; followUp: boolean }): Email {
  const l = opts.locale;
  const category = r.category ? local(m.categories.find((c) => c.code === r.category)?.name ?? { sr: r.category, sq: r.category }, l) : '';
  const subject = opts.followUp
    ? t(l, 'email.staff.subject.followUp', { platform: platform(m, l), code: r.code })
    : t(l, r.kind === 'report' ? 'email.staff.subject.report' : 'email.staff.subject.question', { code: r.code, category });
  const blocks: Blocks = [
    { p: `${t(l, 'email.greeting')} ${opts.followUp ? t(l, 'email.staff.followUp', { code: r.code }) : t(l, 'email.staff.intro', { platform: platform(m, l), deadline: formatDateTime(r.deadlineAt, l, m.clock.timeZone) })}` },
    ...caseBlocks(m, r, l, { photos: true }),
  ];
  if (opts.followUp && r.plannedAt) blocks.push({ p: t(l, 'email.resolution.planned', { date: formatDay(r.plannedAt, l) }) });
  return compose([opts.to], subject, [...blocks, ...staffLinks(m, r, opts, { url: opts.replyUrl, days: opts.tokenDays })]);
}

/**
 * To the inbox a case was forwarded to inside the municipality: the case, who sent it on, the
 * deadline (unchanged: the first-answer deadline while received, the resolution deadline once in
 * progress), a reply link of the case's stage and the workspace link. The citizen is not told.
 */
export function forwardedNotice(m: Municipality, r: CaseRecord, opts: StaffRecipient & { from?: string | undefined; replyUrl: string; tokenDays: number }): Email {
  const l = opts.locale;
  const deadline = formatDateTime(dueAtOf(r), l, m.clock.timeZone);
  const intro = opts.from ? t(l, 'email.forwarded.intro', { code: r.code, from: opts.from, deadline }) : t(l, 'email.forwarded.introNoFrom', { code: r.code, deadline });
  const blocks: Blocks = [{ p: `${t(l, 'email.greeting')} ${intro}` }, ...caseBlocks(m, r, l, { photos: true })];
  if (r.status === 'in_progress' && r.plannedAt) blocks.push({ p: t(l, 'email.resolution.planned', { date: formatDay(r.plannedAt, l) }) });
  return compose([opts.to], t(l, 'email.forwarded.subject', { platform: platform(m, l), code: r.code }), [...blocks, ...staffLinks(m, r, opts, { url: opts.replyUrl, days: opts.tokenDays })]);
}

/**
 * To the inbox the case is with: the citizen added information through their personal link, or
 * said it is not fixed and the case reopened (a fresh reply link for the new stage). What the
 * citizen wrote is quoted, as the case's own text is in every staff email.
 */
export function citizenStepNotice(m: Municipality, r: CaseRecord, opts: StaffRecipient & { step: 'update' | 'reopened'; text: string; replyUrl?: string | undefined; tokenDays: number }): Email {
  const l = opts.locale;
  const platformName = platform(m, l);
  const subject = t(l, opts.step === 'update' ? 'citizen.staff.subject.update' : 'citizen.staff.subject.reopened', { platform: platformName, code: r.code });
  const intro = opts.step === 'update' ? t(l, 'citizen.staff.update', { code: r.code }) : t(l, 'citizen.staff.reopened', { code: r.code, deadline: formatDateTime(r.deadlineAt, l, m.clock.timeZone) });
  return compose([opts.to], subject, [
    { p: `${t(l, 'email.greeting')} ${intro}` },
    { quote: opts.text },
    { p: t(l, 'citizen.staff.case') },
    ...caseBlocks(m, r, l),
    ...staffLinks(m, r, opts, opts.replyUrl ? { url: opts.replyUrl, days: opts.tokenDays } : undefined),
  ]);
}

/** To the inbox the case is with: the deadline has passed, here is a fresh reply link. */
export function overdueReminder(m: Municipality, r: CaseRecord, opts: StaffRecipient & { replyUrl: string; tokenDays: number }): Email {
  const l = opts.locale;
  return compose([opts.to], t(l, 'email.overdue.subject.reminder', { platform: platform(m, l), code: r.code }), [
    { p: `${t(l, 'email.greeting')} ${t(l, 'email.overdue.reminder', { code: r.code, deadline: formatDateTime(r.deadlineAt, l, m.clock.timeZone) })}` },
    ...caseBlocks(m, r, l),
    ...staffLinks(m, r, opts, { url: opts.replyUrl, days: opts.tokenDays }),
  ]);
}

/**
 * To the municipality's supervisor: a case is still unanswered well after its deadline. No reply
 * link (that credential stays with the inbox responsible); the public page and the workspace
 * (where the supervisor sees every case) show the case.
 */
export function overdueEscalation(m: Municipality, r: CaseRecord, opts: StaffRecipient & { inbox: string }): Email {
  const l = opts.locale;
  return compose([opts.to], t(l, 'email.overdue.subject.escalation', { platform: platform(m, l), code: r.code }), [
    { p: `${t(l, 'email.greeting')} ${t(l, 'email.overdue.escalation', { code: r.code, deadline: formatDateTime(r.deadlineAt, l, m.clock.timeZone), inbox: opts.inbox })}` },
    { p: `${t(l, `kind.${r.kind}` as StringKey)} · ${r.code}` },
    { quote: r.text },
    { link: statusUrl(opts.origin, l, r.code), label: t(l, 'email.statusLink') },
    ...staffLinks(m, r, opts),
  ]);
}

/** To the inbox the case is with: it is still in progress after its resolution deadline; a fresh follow-up link. */
export function resolutionReminder(m: Municipality, r: CaseRecord, opts: StaffRecipient & { replyUrl: string; tokenDays: number }): Email {
  const l = opts.locale;
  const blocks: Blocks = [
    { p: `${t(l, 'email.greeting')} ${t(l, 'email.resolution.reminder', { code: r.code, deadline: formatDateTime(r.resolutionDueAt ?? r.deadlineAt, l, m.clock.timeZone) })}` },
    ...caseBlocks(m, r, l),
  ];
  if (r.plannedAt) blocks.push({ p: t(l, 'email.resolution.planned', { date: formatDay(r.plannedAt, l) }) });
  return compose([opts.to], t(l, 'email.resolution.subject.reminder', { platform: platform(m, l), code: r.code }), [...blocks, ...staffLinks(m, r, opts, { url: opts.replyUrl, days: opts.tokenDays })]);
}

/** To the supervisor: a case is still in progress well after its resolution deadline. No reply link, as for overdueEscalation. */
export function resolutionEscalation(m: Municipality, r: CaseRecord, opts: StaffRecipient & { inbox: string }): Email {
  const l = opts.locale;
  const blocks: Blocks = [
    { p: `${t(l, 'email.greeting')} ${t(l, 'email.resolution.escalation', { code: r.code, deadline: formatDateTime(r.resolutionDueAt ?? r.deadlineAt, l, m.clock.timeZone), inbox: opts.inbox })}` },
    { p: `${t(l, `kind.${r.kind}` as StringKey)} · ${r.code}` },
    { quote: r.text },
  ];
  if (r.plannedAt) blocks.push({ p: t(l, 'email.resolution.planned', { date: formatDay(r.plannedAt, l) }) });
  blocks.push({ link: statusUrl(opts.origin, l, r.code), label: t(l, 'email.statusLink') });
  return compose([opts.to], t(l, 'email.resolution.subject.escalation', { platform: platform(m, l), code: r.code }), [...blocks, ...staffLinks(m, r, opts)]);
}

/**
 * To a member of staff who asked to sign in to the workspace: the one-time link, in the language
 * they asked in. Fixed text and our link only; it names no case and nobody's words. Sent only to
 * an address the municipality's config names (functions/domain/staff-auth.ts).
 */
export function signInEmail(m: Municipality, opts: { to: string; locale: Locale; link: string; minutes: number }): Email {
  const l = opts.locale;
  return compose([opts.to], t(l, 'workspace.mail.subject', { platform: platform(m, l) }), [
    { p: `${t(l, 'email.greeting')} ${t(l, 'workspace.mail.intro', { platform: platform(m, l) })}` },
    { link: opts.link, label: t(l, 'workspace.mail.link', { minutes: opts.minutes }) },
    { p: t(l, 'workspace.mail.ignore') },
    { p: platform(m, l) },
  ]);
}

/**
 * To the citizen, some days after their case closed as resolved or answered: "was it fixed?", two
 * questions, each answer a link (functions/domain/feedback.ts). Fixed text, the code and our
 * links only, as every email to a citizen.
 */
export function feedbackRequest(m: Municipality, r: CaseRecord, opts: { to: string; origin: string; token: string; expiresAt: string }): Email {
  const l = r.locale;
  const link = (q: 'solved' | 'satisfied', a: 'yes' | 'no') => ({
    link: `${opts.origin}/${l}/feedback/${opts.token}/${q}/${a}/`,
    label: t(l, 'feedback.email.answer', { question: t(l, `feedback.q.${q}`), answer: t(l, `feedback.a.${a}`) }),
  });
  return compose([opts.to], t(l, 'feedback.email.subject', { platform: platform(m, l), code: r.code }), [
    { p: `${t(l, 'email.greeting')} ${t(l, 'feedback.email.intro', { code: r.code, date: dayOf(m, r.closedAt ?? r.updatedAt, l), status: t(l, `status.${r.status}` as StringKey) })}` },
    { p: t(l, 'feedback.q.solved') },
    link('solved', 'yes'),
    link('solved', 'no'),
    { p: t(l, 'feedback.q.satisfied') },
    link('satisfied', 'yes'),
    link('satisfied', 'no'),
    { p: t(l, 'feedback.email.note', { date: dayOf(m, opts.expiresAt, l) }) },
    { link: statusUrl(opts.origin, l, r.code), label: t(l, 'email.statusLink') },
    { p: platform(m, l) },
  ]);
}
