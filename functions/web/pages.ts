/**
 * The pages the HTTP function renders live: a case's status page, the staff reply page and short
 * messages. The case itself comes from the case template the archive uses too
 * (core/views/case.ts); the staff form from the form fields that mirror the citizen forms
 * (core/views/form.ts). renderPage puts the result into the site's layout.
 */
import type { Config } from '../config.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import { toPublicCase, publicState, PUBLIC_SCHEMA_VERSION, type HeldCase, type PublicCase } from '../../core/cases/public.ts';
import type { CaseEvent, CaseRecord, ContactRecord } from '../../core/cases/model.ts';
import { outcomes } from '../../core/cases/statuses.ts';
import { resolutionDaysFor } from '../../core/cases/resolution.ts';
import { esc } from '../../core/views/html.ts';
import { formatDateTime, formatHoursMinutes } from '../../core/views/format.ts';
import { caseBody, caseDeadline, caseFacts, caseHref, caseText, caseTimeline, caseTitle, statusBadge, type CaseView } from '../../core/views/case.ts';
import { errorSummary, radios, textArea, textField, type FieldError } from '../../core/views/form.ts';
import { renderPage } from './html.ts';
import { followForm } from '../../core/views/follow.ts';
import { findCaseForm, FIND_FIELD_ID } from '../../core/views/find-case.ts';
import { staffPath } from './workspace-context.ts';
import { archiveHref, followHref, shortText } from '../../core/cases/nearby.ts';
import type { NearbyReport } from '../domain/nearby.ts';
import { textFor } from '../../core/text/reader.ts';

/** A case held for review as the case template's facts read it: no text, place, name or photo. */
export function heldAsPublic(c: HeldCase, locale: Locale): PublicCase {
  return {
    v: PUBLIC_SCHEMA_VERSION, code: c.code, kind: c.kind, municipality: c.municipality, ...(c.category ? { category: c.category } : {}),
    lang: locale, text: '', status: c.status, createdAt: c.createdAt, updatedAt: c.createdAt, deadlineAt: c.deadlineAt,
    ...(c.firstAnsweredAt ? { firstAnsweredAt: c.firstAnsweredAt } : {}), photos: [], timeline: [],
  };
}

/**
 * The live status page of a case, for the citizen and anyone with the code: the case as the
 * archive shows it, as it stands now, with the tracking code right after submitting and a
 * confirmation after staff answered. A case the municipality holds for review
 * (`publish: after-review`) shows only its code, kind, category, status and deadline, and says why.
 */
export async function statusPage(config: Config, m: Municipality, locale: Locale, held: PublicCase | HeldCase, opts: { isNew: boolean; noEmail?: boolean; replied?: boolean; now: Date; nearby?: NearbyReport[] | undefined }) {
  const awaiting = 'awaitingReview' in held;
  const c = awaiting ? heldAsPublic(held, locale) : held;
  const view: CaseView = { locale, municipality: m, deadline: caseDeadline(c, opts.now) };
  const title = caseTitle(c, view);
  const thanks = opts.isNew
    ? `<div class="notice notice--success" role="status"><p><strong>${esc(t(locale, c.kind === 'report' ? 'case.thanks' : 'case.thanks.question'))}</strong></p><p>${esc(t(locale, 'case.codeIntro'))}: <strong class="tracking-code" data-testid="tracking-code">${esc(c.code)}</strong></p>${opts.noEmail ? `<p data-testid="phone-only"><strong>${esc(t(locale, 'case.phoneOnly'))}</strong></p>` : `<p>${esc(t(locale, 'case.codeHint'))}</p>`}</div>${opts.noEmail ? phoneOnlyLookup(locale) : ''}`
    : '';
  const replied = opts.replied ? `<p class="notice notice--success" role="status">${esc(t(locale, 'staff.done'))}</p>` : '';
  const body = [
    `<article class="case" data-code="${esc(c.code)}">`,
    `<h1>${esc(title)}</h1>`,
    thanks,
    opts.isNew && opts.nearby?.length ? nearbySection(opts.nearby, m, locale) : '',
    replied,
    awaiting ? `<p class="notice" data-testid="awaiting-review">${esc(t(locale, 'case.awaitingReview'))}</p>${caseFacts(c, view)}` : caseBody(c, view),
    `<p class="muted">${esc(t(locale, 'case.live'))}</p>`,
    // A held case has no archive copy yet.
    awaiting ? '' : `<p><a href="${esc(caseHref(locale, c.code))}">${esc(t(locale, 'case.archiveCopy'))}</a></p>`,
    // Anyone may follow a published case by email (functions/web/subscriptions.ts).
    awaiting ? '' : followForm(c.code, locale),
    '</article>',
  ].join('');
  return renderPage(config, m, locale, { title, body, path: `status/${c.code}/` });
}

/**
 * After a report: open reports of the same category within about 100 m, or, for a report without
 * a map point (the form without JavaScript), at the same address (public records only;
 * functions/domain/nearby.ts), each with "follow it" on its archive page.
 */
function nearbySection(list: NearbyReport[], m: Municipality, locale: Locale): string {
  const byAddress = list.filter((n) => 'sameAddress' in n).length;
  const intro = byAddress === 0 ? 'form.nearby.after' : byAddress === list.length ? 'form.nearby.afterAddress' : 'form.nearby.afterBoth';
  const items = list.map((n) => {
    const where = 'metres' in n ? t(locale, 'form.nearby.distance', { metres: Math.round(n.metres) }) : t(locale, 'form.nearby.sameAddress');
    const text = textFor(n.lang, shortText(n.text), locale);
    return [
      `<li class="nearby__item" data-code="${esc(n.code)}">`,
      `<p><a href="${esc(archiveHref(locale, n.code))}">${esc(t(locale, 'form.nearby.open', { code: n.code }))}</a> ${statusBadge(n.status, locale)} `,
      `<span class="muted">${esc(t(locale, 'form.nearby.reported', { date: formatDateTime(n.createdAt, locale, m.clock.timeZone) }))} · ${esc(where)}</span></p>`,
      text.text ? `<p lang="${esc(text.lang)}">${esc(text.text)}</p>` : '',
      `<p><a href="${esc(followHref(locale, n.code))}" data-testid="nearby-follow">${esc(t(locale, 'form.nearby.followAfter', { code: n.code }))}</a></p>`,
      '</li>',
    ].join('');
  });
  return `<section class="nearby notice" aria-labelledby="nearby-title" data-testid="nearby"><h2 id="nearby-title">${esc(t(locale, 'form.nearby.title'))}</h2><p>${esc(t(locale, intro))}</p><ul class="plain nearby__list">${items.join('')}</ul></section>`;
}

/**
 * For a reporter who left no email address (a phone number only), after the confirmation: how to
 * look the case up again, with the form. Only words: the flag comes from the redirect after the
 * form (`?noemail=1`), and a page opened with it by hand says nothing about anyone.
 */
function phoneOnlyLookup(locale: Locale): string {
  return `<div class="find-case" data-testid="phone-only-lookup"><p>${esc(t(locale, 'case.phoneOnlyHow'))}</p>${findCaseForm(locale, { heading: 'none' })}</div>`;
}

/**
 * "Find my case" at `/<locale>/status/` (functions/web/app.ts): the tracking-code form, with what
 * was typed and why it found nothing when it comes back. An error is summarised above the form
 * and linked to the field, as on the citizen forms.
 */
export async function findPage(config: Config, m: Municipality, locale: Locale, opts: { value?: string; error?: string }) {
  const title = t(locale, 'case.lookup');
  const errors = opts.error ? [{ field: FIND_FIELD_ID, message: opts.error }] : [];
  const body = `<h1>${esc(title)}</h1>${errorSummary(errors, locale)}${findCaseForm(locale, { heading: 'none', value: opts.value, error: opts.error })}`;
  return renderPage(config, m, locale, { title: opts.error ? `${t(locale, 'form.error.title')}: ${title}` : title, body, path: 'status/' });
}

export async function messagePage(config: Config, m: Municipality, locale: Locale, opts: { title: string; message: string; path: string; link?: { href: string; label: string } }) {
  const body = `<h1>${esc(opts.title)}</h1><p class="notice">${esc(opts.message)}</p>${opts.link ? `<p><a href="${esc(opts.link.href)}">${esc(opts.link.label)}</a></p>` : ''}`;
  return renderPage(config, m, locale, { title: opts.title, body, path: opts.path });
}

export interface StaffPageData {
  record: CaseRecord;
  /** The case's events: their public part is the timeline the staff page shows. */
  events: CaseEvent[];
  contact?: ContactRecord | undefined;
  municipality: Municipality;
  /** The request's time: where the case stands against its deadline. */
  now: Date;
  timeLeftMs: number;
  expiresAt: string;
  photoUrls: Record<string, string | undefined>;
  values?: Record<string, string> | undefined;
  errors?: FieldError[] | undefined;
  action: string;
  /**
   * Show the contact details in full: only after staff asked for them with a POST (recorded with
   * the link that asked); a GET shows them masked (see contactSection).
   */
  revealContact?: boolean | undefined;
}

/** "p•••@•••.org": enough to tell two addresses apart, not enough to write to. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const tld = email.slice(email.lastIndexOf('.') + 1);
  return at < 1 ? '•••' : `${email.slice(0, 1)}•••@•••${tld && tld.length <= 6 && !tld.includes('@') ? `.${tld}` : ''}`;
}

/** "••• ••• •45": the last digits only. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `••• ••• •${digits.slice(-2)}`;
}

/** "P. P.": initials. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]}.`)
    .join(' ');
}

/**
 * The citizen's contact on the staff page. A reply link travels in email and gets forwarded,
 * previewed and followed by scanners, so a GET shows the details masked; staff who need to call
 * or write back press a button (a POST, which scanners do not send, and which is recorded on the
 * case with the link's id and inbox) and get them in full.
 */
function contactSection(d: StaffPageData, locale: Locale): string {
  const c = d.contact;
  if (!c || (!c.name && !c.email && !c.phone)) return '';
  const full = !!d.revealContact;
  const name = c.name ? (full ? c.name : maskName(c.name)) : '';
  const rows = [
    c.name ? `<dt>${esc(t(locale, 'staff.name'))}</dt><dd>${esc(name)} (${esc(t(locale, d.record.showName ? 'staff.nameShown' : 'staff.nameHidden'))})</dd>` : '',
    c.email ? `<dt>${esc(t(locale, 'staff.email'))}</dt><dd>${full ? `<a href="mailto:${esc(c.email)}">${esc(c.email)}</a>` : esc(maskEmail(c.email))}</dd>` : '',
    c.phone ? `<dt>${esc(t(locale, 'staff.phone'))}</dt><dd>${esc(full ? c.phone : maskPhone(c.phone))}</dd>` : '',
  ].join('');
  const note = `<p class="${full ? 'notice notice--success' : 'muted'}" data-testid="contact-note">${esc(t(locale, full ? 'staff.contactShown' : 'staff.contactMasked'))}</p>`;
  return `<h2>${esc(t(locale, 'staff.contact'))}</h2><dl class="facts" data-testid="contact">${rows}</dl>${note}`;
}

/** After the reply form: the button that reveals the contact, and erasure at the citizen's request. */
function staffActions(d: StaffPageData, locale: Locale): string {
  const c = d.contact;
  const reveal =
    c && !d.revealContact && (c.name || c.email || c.phone)
      ? `<form method="post" action="${esc(`${d.action}/contact?lang=${encodeURIComponent(locale)}`)}" class="citizen-form"><button type="submit" class="button button--secondary">${esc(t(locale, 'staff.contactReveal'))}</button></form>`
      : '';
  const error = d.errors?.find((e) => e.field === 'confirm');
  const erase = d.record.erasedAt
    ? ''
    : [
        `<section class="staff-erase" aria-labelledby="erase-title"><h2 id="erase-title">${esc(t(locale, 'staff.erase.title'))}</h2>`,
        `<p id="erase-text">${esc(t(locale, 'staff.erase.text'))}</p>`,
        `<form method="post" action="${esc(`${d.action}/erase?lang=${encodeURIComponent(locale)}`)}" class="citizen-form" novalidate>`,
        `<div class="form-group${error ? ' form-group--error' : ''}">`,
        error ? `<p id="confirm-error" class="field-error"><span class="visually-hidden">${esc(`${t(locale, 'form.error.title')}: `)}</span>${esc(error.message)}</p>` : '',
        `<div class="checkbox"><input class="checkbox__input" id="confirm" name="confirm" type="checkbox" value="yes" aria-describedby="erase-text${error ? ' confirm-error' : ''}"${error ? ' aria-invalid="true"' : ''}><label class="checkbox__label" for="confirm">${esc(t(locale, 'staff.erase.confirm'))}</label></div>`,
        '</div>',
        `<button type="submit" class="button button--secondary">${esc(t(locale, 'staff.erase.submit'))}</button>`,
        '</form></section>',
      ].join('');
  return reveal + erase;
}

export interface AnswerFieldsProps {
  /** Put before every field's name and id: '' on the reply link's page, `answer-` in the workspace (a page with several forms needs unique ids). */
  prefix: string;
  locale: Locale;
  m: Municipality;
  record: CaseRecord;
  /** What was sent, by field name (with the prefix), when the form comes back; absent on a fresh form. */
  values?: Record<string, string> | undefined;
  /** Errors by field name (with the prefix). */
  errors?: FieldError[] | undefined;
  /** Each ready photo's image (a private link), shown beside its choice; absent: the choice alone. */
  photoUrls?: Record<string, string | undefined> | undefined;
}

/**
 * The answer's fields, on the reply link's page and in the workspace alike (the rules behind
 * them are one function too, functions/domain/service.ts buildAnswer): the outcome, the answer in
 * Serbian and in Albanian (either or both), the planned date for "in progress", where to turn
 * instead, the public wording, and publish or hide for every photo staff can see.
 */
export function answerFields(p: AnswerFieldsProps): string {
  const { prefix, locale, record: r } = p;
  const n = (field: string) => `${prefix}${field}`;
  const err = (field: string) => p.errors?.find((e) => e.field === n(field));
  // A fresh form starts from the case: its wording, and the answer given before (a case in
  // progress answered again), in each language it was written in.
  const before = r.answers ?? (r.answer ? { [r.locale === 'sq' ? 'sq' : 'sr']: r.answer } : {});
  const first = r.locale === 'sq' ? 'sq' : 'sr';
  const firstField = first === 'sq' ? 'answerSq' : 'answerSr';
  // A form from a page opened before answers had two fields sent one `answer` (the citizen's
  // language, service.ts buildAnswer): it comes back in that language's field, with its error.
  const legacy = p.values && !(n('answerSr') in p.values) && !(n('answerSq') in p.values) && n('answer') in p.values;
  const v = (field: string, fresh: string) => (p.values ? (p.values[n(legacy && field === firstField ? 'answer' : field)] ?? '') : fresh);
  const errOf = (field: string) => err(field) ?? (legacy && field === firstField ? err('answer') : undefined);
  const photos = r.photos.length
    ? `<div class="form-group"><fieldset class="form-fieldset"><legend class="form-legend">${esc(t(locale, 'staff.photos'))}</legend><ul class="photos plain">${r.photos
        .map((ph, i) => {
          const url = p.photoUrls?.[ph.id];
          const alt = t(locale, 'case.photoAlt', { n: i + 1, code: r.code });
          // Only a photo staff can see is theirs to choose for: one still being processed (or
          // refused) says so and stays hidden; the next reply link offers the choice.
          if (ph.state !== 'ready') return `<li><p class="muted" data-testid="photo-${esc(ph.id)}"><strong>${esc(alt)}</strong><br>${esc(t(locale, ph.state === 'rejected' ? 'staff.photoRejected' : 'staff.photoPending'))}</p></li>`;
          const name = n(`photo-${ph.id}`);
          // No default: neither radio is checked until a person chooses. A form sent back with
          // errors keeps what was chosen; a photo chosen on an earlier reply shows that choice.
          const sent = p.values?.[name];
          const choice = sent === 'publish' || sent === 'hide' ? sent : !p.values && ph.reviewedAt ? (ph.published ? 'publish' : 'hide') : undefined;
          return `<li>${radios({
            name,
            legend: alt,
            hint: t(locale, 'staff.photoChoose'),
            error: err(`photo-${ph.id}`),
            before: url ? `<img src="${esc(url)}" alt="${esc(alt)}" width="320">` : '',
            value: choice,
            options: [
              { value: 'publish', label: t(locale, 'staff.photoPublish') },
              { value: 'hide', label: t(locale, 'staff.photoHide') },
            ],
            locale,
          })}</li>`;
        })
        .join('')}</ul></fieldset></div>`
    : '';
  const answerHint = `${t(locale, 'wcase.answerHint')} ${t(locale, first === 'sq' ? 'wcase.answerFirst.sq' : 'wcase.answerFirst.sr')}`;
  return [
    radios({
      name: n('outcome'),
      legend: t(locale, 'staff.outcome'),
      error: err('outcome'),
      value: v('outcome', ''),
      options: outcomes.map((o) => ({ value: o, label: t(locale, `staff.outcome.${o}` as StringKey) })),
      locale,
    }),
    textArea({ name: n('answerSr'), label: t(locale, 'wcase.answerSr'), hint: answerHint, error: errOf('answerSr'), value: v('answerSr', before.sr ?? ''), locale }),
    textArea({ name: n('answerSq'), label: t(locale, 'wcase.answerSq'), hint: t(locale, 'staff.answerHint'), error: errOf('answerSq'), value: v('answerSq', before.sq ?? ''), locale }),
    textField({ name: n('plannedAt'), type: 'date', label: t(locale, 'wcase.plannedAtField'), hint: t(locale, 'wcase.plannedAtHint', { days: resolutionDaysFor(p.m, r.category) }), error: err('plannedAt'), value: v('plannedAt', r.plannedAt ?? ''), locale }),
    textField({ name: n('referral'), label: t(locale, 'staff.referral'), error: err('referral'), value: v('referral', r.referral ?? ''), locale }),
    textArea({ name: n('publicText'), label: t(locale, 'staff.publicText'), hint: t(locale, 'staff.publicTextHint'), error: err('publicText'), value: v('publicText', r.publicText), locale }),
    photos,
  ].join('');
}

/**
 * The staff page: the case as the public sees it (facts and timeline from the case template), the
 * citizen's original text and contact (never public), and the reply form. Works without
 * JavaScript; the form uses the citizen forms' fields and classes. `locale` is the language of
 * the inbox the link was mailed to (its member's choice, else the municipality's): every form
 * posts with it (`?lang=`), so even a refusal made before the body is read speaks it.
 */
export async function staffPage(config: Config, locale: Locale, d: StaffPageData) {
  const { record: r, municipality: m } = d;
  // The public record as the archive will show it. Photos are not taken from it: staff see every
  // photo, published or not, through private links, and choose which to publish.
  const pub = toPublicCase(r, d.events, (key) => key);
  const view: CaseView = { locale, municipality: m, deadline: caseDeadline(pub, d.now) };
  const title = t(locale, 'staff.title', { code: r.code });
  const timeLine = d.timeLeftMs >= 0 ? t(locale, 'staff.timeLeft', { hours: m.clock.hours, time: formatHoursMinutes(d.timeLeftMs, locale) }) : t(locale, 'staff.overdue', { time: formatHoursMinutes(d.timeLeftMs, locale) });
  const lang = `?lang=${encodeURIComponent(locale)}`;

  const contact = contactSection(d, locale);

  const form = [
    `<form method="post" action="${esc(`${d.action}${lang}`)}" class="citizen-form" novalidate>`,
    answerFields({ prefix: '', locale, m, record: r, values: d.values && Object.keys(d.values).length ? d.values : undefined, errors: d.errors, photoUrls: d.photoUrls }),
    `<button type="submit" class="button form-submit">${esc(t(locale, 'staff.submit'))}</button>`,
    '</form>',
  ].join('');

  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="lead">${esc(caseTitle(pub, view))}</p>`,
    `<p>${esc(t(locale, 'staff.intro', { expires: formatDateTime(d.expiresAt, locale, m.clock.timeZone) }))}</p>`,
    // The workspace has the whole timeline, notes and forwarding; signing in is asked there.
    `<p><a href="${esc(staffPath.case(locale, r.code))}" data-testid="workspace-link">${esc(t(locale, 'wcase.openInWorkspace'))}</a></p>`,
    `<p class="notice" data-testid="time-left">${esc(timeLine)}</p>`,
    errorSummary(d.errors ?? [], locale),
    // `publish: after-review`: tell staff that nothing of the case is public until they reply.
    publicState(r, d.events, m.publish) === 'awaiting-review' ? `<p class="notice" data-testid="staff-awaiting-review">${esc(t(locale, 'staff.awaitingReview'))}</p>` : '',
    caseFacts(pub, view),
    caseText(pub, view, { heading: t(locale, 'staff.original'), text: r.text }),
    // The facts above show the address as the public sees it (masked); staff need what was typed.
    r.address && pub.address !== r.address ? `<h2>${esc(t(locale, 'staff.originalAddress'))}</h2><p>${esc(r.address)}</p>` : '',
    contact,
    caseTimeline(pub, view),
    form,
    staffActions(d, locale),
  ].join('');
  return renderPage(config, m, locale, { title: d.errors?.length ? `${t(locale, 'form.error.title')}: ${title}` : title, body, path: `status/${r.code}/` });
}
