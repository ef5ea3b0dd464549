/**
 * The staff workspace's pages of a case: the case page (where it stands, what the citizen wrote,
 * the contact, photos, the whole timeline for staff, one form per action) and the form that
 * registers a case received by phone, at the counter, by letter or by email. Plain forms, no
 * JavaScript: GET shows, POST acts (functions/web/workspace-case.ts).
 *
 * One page holds several forms, so every field's name and id starts with its form's action
 * (`answer-outcome`, `edit-publicText`, `note-note`): ids stay unique, the error summary's links
 * reach the right field, and the route takes the prefix off before the domain reads the form.
 */
import type { Config } from '../config.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { inboxesOf } from '../../core/municipalities/staff.ts';
import { localeKeys, localeInfo, type Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import type { CaseEvent, CaseRecord, ContactRecord } from '../../core/cases/model.ts';
import { staffChannels } from '../../core/cases/model.ts';
import { toPublicCase } from '../../core/cases/public.ts';
import { timeLeft } from '../../core/time.ts';
import { esc, paragraphs } from '../../core/views/html.ts';
import { categoryName, formatDateTime, formatHoursMinutes } from '../../core/views/format.ts';
import { caseDeadline, caseFacts, caseText, caseTitle, type CaseView } from '../../core/views/case.ts';
import { errorSummary, radios, selectField, textArea, textField, type FieldError } from '../../core/views/form.ts';
import { textFor } from '../../core/text/reader.ts';
import { templateIn, templatesFor } from '../../core/responses/index.ts';
import { allowedActions, currentInbox, type Access, type CaseAction } from '../domain/workspace.ts';
import { answerFields, maskEmail, maskName, maskPhone } from './pages.ts';
import { staffPath, staffShell, type StaffContext } from './workspace-context.ts';

/** What the page says at its top: an action done (`?done=`), or the case changed under the person's feet. */
export type CaseNotice = { kind: 'done'; action: CaseAction | 'new' } | { kind: 'stale' };

/** A form sent back: which one, what was in it (field names with the prefix), and its errors (the same). */
export interface SentBack {
  action: CaseAction;
  values: Record<string, string>;
  errors: FieldError[];
}

export interface CasePageData {
  record: CaseRecord;
  events: CaseEvent[];
  access: Access;
  contact?: ContactRecord | undefined;
  /** The contact in full: this person asked for it (recorded) a moment ago. */
  revealContact: boolean;
  now: Date;
  /** Each ready photo's private link (the staff see every photo, published or not). */
  photoUrls: Record<string, string | undefined>;
  notice?: CaseNotice | undefined;
  sentBack?: SentBack | undefined;
  /** The answer form filled from a response template (`?template=`): values by prefixed name, and the template's title. */
  template?: { id: string; title: string; values: Record<string, string> } | { id: string; unknown: true } | undefined;
}

const field = (action: CaseAction, name: string) => `${action}-${name}`;

/** A form of the case page: its own section, heading, fieldset and button; the hidden `updatedAt` where the action is optimistic. */
function actionForm(ctx: StaffContext, r: CaseRecord, action: CaseAction, opts: { title: string; legend: string; fields: string; submit: string; updatedAt?: boolean; intro?: string; secondary?: boolean }): string {
  const l = ctx.locale;
  return [
    `<section class="workspace-action" id="${esc(action)}" aria-labelledby="${esc(action)}-title">`,
    `<h2 id="${esc(action)}-title">${esc(opts.title)}</h2>`,
    opts.intro ?? '',
    `<form method="post" action="${esc(staffPath.action(l, r.code, action))}" class="citizen-form" novalidate>`,
    `<fieldset class="form-fieldset"><legend class="form-legend">${esc(opts.legend)}</legend>`,
    opts.fields,
    '</fieldset>',
    opts.updatedAt ? `<input type="hidden" name="updatedAt" value="${esc(r.updatedAt)}">` : '',
    `<button type="submit" class="button${opts.secondary ? ' button--secondary' : ' form-submit'}">${esc(opts.submit)}</button>`,
    '</form></section>',
  ].join('');
}

/** Who acted on an event, as staff read it; empty when nobody is recorded (events from before). */
function whoActed(e: CaseEvent, l: Locale): string {
  if (e.via === 'session' && e.actor) return e.actor;
  if (e.via === 'link' && e.linkId) return e.inbox ? t(l, 'wcase.who.link', { id: e.linkId, inbox: e.inbox }) : t(l, 'wcase.who.linkNoInbox', { id: e.linkId });
  if (e.via === 'operator') return t(l, 'wcase.who.operator');
  if (e.via === 'retention') return t(l, 'wcase.who.retention');
  if (e.change === 'created') return t(l, 'wcase.who.citizen');
  return '';
}

/** What an event was, in a line. */
function eventLabel(e: CaseEvent, r: CaseRecord, l: Locale): string {
  switch (e.change) {
    case 'created':
      return r.channel && r.channel !== 'web' ? t(l, 'wcase.event.registered', { channel: t(l, `wcase.channel.${r.channel}` as StringKey) }) : t(l, 'wcase.event.created');
    case 'status':
      return t(l, 'wcase.event.status', { status: t(l, `status.${e.status}` as StringKey) });
    case 'forwarded':
      return t(l, 'wcase.event.forwarded', { from: e.fromInbox ?? '', to: e.toInbox ?? '' });
    case 'duplicate':
      return t(l, 'wcase.event.duplicate', { code: e.duplicateOf ?? '' });
    default:
      return t(l, `wcase.event.${e.change}` as StringKey);
  }
}

/** Text written by staff or the citizen, as paragraphs in the reader's script, with its language. */
function said(text: string, written: Locale, l: Locale): string {
  const x = textFor(written, text, l);
  return `<div class="prose" lang="${esc(x.lang)}">${paragraphs(x.text)}</div>`;
}

/**
 * The whole timeline, as staff see it: every event, public or internal (marked in words, not
 * colour), with who acted and what was said: each answer in the languages it was written in, the
 * referral, the planned date, the note's text, where a case was forwarded.
 */
function staffTimeline(d: CasePageData, ctx: StaffContext): string {
  const l = ctx.locale;
  const tz = ctx.m.clock.timeZone;
  const items = [...d.events]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((e) => {
      const who = whoActed(e, l);
      const answers = e.answers
        ? (['sr', 'sq'] as const)
            .filter((lang) => e.answers?.[lang])
            .map((lang) => `<p class="muted">${esc(t(l, `wcase.answerIn.${lang}`))}:</p>${said(e.answers![lang]!, lang === 'sq' ? 'sq' : 'sr', l)}`)
            .join('')
        : e.answer
          ? said(e.answer, d.record.locale, l)
          : '';
      return [
        `<li data-change="${esc(e.change)}">`,
        `<time datetime="${esc(e.at)}">${esc(formatDateTime(e.at, l, tz))}</time> – <strong>${esc(eventLabel(e, d.record, l))}</strong>`,
        e.public ? '' : ` <span class="badge">${esc(t(l, 'wcase.internal'))}</span>`,
        who ? `<br><span class="muted">${esc(t(l, 'wcase.who', { who }))}</span>` : '',
        answers,
        e.referral ? `<p class="muted">${esc(t(l, 'case.referral'))}:</p>${said(e.referral, d.record.locale, l)}` : '',
        e.plannedAt ? `<p>${esc(t(l, 'wcase.plannedFor', { date: e.plannedAt }))}</p>` : '',
        // A note as its author wrote it (it is for colleagues, in any language).
        e.note ? `<div class="prose" data-testid="note">${paragraphs(e.note)}</div>` : '',
        '</li>',
      ].join('');
    });
  return `<section aria-labelledby="timeline-title"><h2 id="timeline-title">${esc(t(l, 'wcase.timeline'))}</h2><p class="muted">${esc(t(l, 'wcase.timelineHint'))}</p><ol class="timeline" data-testid="staff-timeline">${items.join('')}</ol></section>`;
}

/** Where the case stands: the inbox it is with, the clock that runs now (48 hours while received, the resolution deadline while in progress), when it closed, what it duplicates. */
function standing(d: CasePageData, ctx: StaffContext): string {
  const { record: r, now } = d;
  const l = ctx.locale;
  const m = ctx.m;
  const fact = (term: string, value: string) => `<dt>${esc(term)}</dt><dd>${value}</dd>`;
  const rows: string[] = [fact(t(l, 'wcase.inbox'), esc(currentInbox(m, r)))];
  rows.push(fact(t(l, 'wcase.channel'), esc(t(l, `wcase.channel.${r.channel ?? 'web'}` as StringKey))));
  if (r.status === 'received') {
    const left = timeLeft(now, new Date(r.deadlineAt), m.clock);
    const text = left >= 0 ? t(l, 'staff.timeLeft', { hours: m.clock.hours, time: formatHoursMinutes(left, l) }) : t(l, 'staff.overdue', { time: formatHoursMinutes(left, l) });
    rows.push(fact(t(l, 'wcase.firstDeadline'), `<span data-testid="time-left">${esc(formatDateTime(r.deadlineAt, l, m.clock.timeZone))} · ${esc(text)}</span>`));
  }
  if (r.status === 'in_progress' && r.resolutionDueAt) {
    const left = timeLeft(now, new Date(r.resolutionDueAt), m.clock);
    const text = left >= 0 ? t(l, 'wcase.resolutionLeft', { time: formatHoursMinutes(left, l) }) : t(l, 'wcase.resolutionOverdue', { time: formatHoursMinutes(left, l) });
    rows.push(fact(t(l, 'wcase.resolutionDue'), `<span data-testid="time-left">${esc(formatDateTime(r.resolutionDueAt, l, m.clock.timeZone))} · ${esc(text)}</span>`));
  }
  if (r.status === 'in_progress' && r.plannedAt) rows.push(fact(t(l, 'wcase.plannedAt'), `<time datetime="${esc(r.plannedAt)}">${esc(r.plannedAt)}</time>`));
  if (r.closedAt) rows.push(fact(t(l, 'wcase.closedAt'), `<time datetime="${esc(r.closedAt)}">${esc(formatDateTime(r.closedAt, l, m.clock.timeZone))}</time>`));
  if (r.duplicateOf) rows.push(fact(t(l, 'wcase.duplicateOf'), `<a href="${esc(staffPath.case(l, r.duplicateOf))}">${esc(r.duplicateOf)}</a>`));
  return `<h2>${esc(t(l, 'wcase.standing'))}</h2><dl class="facts" data-testid="standing">${rows.join('')}</dl>`;
}

/** The citizen's contact: masked, in full once this person asked (a POST, recorded on the case). */
function contactSection(d: CasePageData, ctx: StaffContext): string {
  const l = ctx.locale;
  const c = d.contact;
  if (d.access !== 'act') return '';
  if (!c || (!c.name && !c.email && !c.phone)) return `<h2>${esc(t(l, 'staff.contact'))}</h2><p class="muted">${esc(t(l, 'wcase.contact.none'))}</p>`;
  const full = d.revealContact;
  const rows = [
    c.name ? `<dt>${esc(t(l, 'staff.name'))}</dt><dd>${esc(full ? c.name : maskName(c.name))} (${esc(t(l, d.record.showName ? 'staff.nameShown' : 'staff.nameHidden'))})</dd>` : '',
    c.email ? `<dt>${esc(t(l, 'staff.email'))}</dt><dd>${full ? `<a href="mailto:${esc(c.email)}">${esc(c.email)}</a>` : esc(maskEmail(c.email))}</dd>` : '',
    c.phone ? `<dt>${esc(t(l, 'staff.phone'))}</dt><dd>${esc(full ? c.phone : maskPhone(c.phone))}</dd>` : '',
  ].join('');
  const reveal =
    !full && allowedActions(d.record).contact
      ? `<form method="post" action="${esc(staffPath.action(l, d.record.code, 'contact'))}" class="citizen-form"><button type="submit" class="button button--secondary">${esc(t(l, 'staff.contactReveal'))}</button></form>`
      : '';
  const note = `<p class="${full ? 'notice notice--success' : 'muted'}" data-testid="contact-note">${esc(full ? t(l, 'staff.contactShown') : t(l, 'wcase.contact.masked'))}</p>`;
  return `<h2>${esc(t(l, 'staff.contact'))}</h2><dl class="facts" data-testid="contact">${rows}</dl>${note}${reveal}`;
}

/** Every photo with its image (a private link) and whether it is public. */
function photoSection(d: CasePageData, ctx: StaffContext): string {
  const l = ctx.locale;
  const r = d.record;
  if (!r.photos.length) return '';
  const items = r.photos.map((p, i) => {
    const alt = t(l, 'case.photoAlt', { n: i + 1, code: r.code });
    const url = d.photoUrls[p.id];
    const state = p.state === 'rejected' ? t(l, 'staff.photoRejected') : p.state !== 'ready' ? t(l, 'wcase.photo.pending') : t(l, p.published && p.reviewedAt ? 'wcase.photo.published' : 'wcase.photo.hidden');
    return `<li>${url ? `<img src="${esc(url)}" alt="${esc(alt)}" width="320">` : `<p><strong>${esc(alt)}</strong></p>`}<p class="muted">${esc(state)}</p></li>`;
  });
  return `<h2>${esc(t(l, 'staff.photos'))}</h2><ul class="photos plain">${items.join('')}</ul>`;
}

/** Publish or hide for each ready photo, as the edit form asks (no default until a person chooses once). */
function photoChoices(r: CaseRecord, l: Locale, sent: SentBack | undefined): string {
  const ready = r.photos.map((p, i) => ({ p, i })).filter(({ p }) => p.state === 'ready');
  if (!ready.length) return '';
  return ready
    .map(({ p, i }) => {
      const name = field('edit', `photo-${p.id}`);
      const value = sent ? sent.values[name] : p.reviewedAt ? (p.published ? 'publish' : 'hide') : undefined;
      return radios({
        name,
        legend: t(l, 'case.photoAlt', { n: i + 1, code: r.code }),
        hint: t(l, 'staff.photoChoose'),
        error: sent?.errors.find((e) => e.field === name),
        value,
        options: [
          { value: 'publish', label: t(l, 'staff.photoPublish') },
          { value: 'hide', label: t(l, 'staff.photoHide') },
        ],
        locale: l,
      });
    })
    .join('');
}

/** The response templates for the case, as a GET form that fills the answer form (works without JavaScript). */
function templateForm(d: CasePageData, ctx: StaffContext): string {
  const l = ctx.locale;
  const r = d.record;
  const list = templatesFor(ctx.m, r.kind, r.category);
  if (!list.length) return '';
  const chosen = d.template?.id ?? '';
  const options = [{ value: '', label: t(l, 'wcase.template.choose') }, ...list.map((x) => ({ value: x.id, label: templateIn(x, l).title }))];
  return [
    `<form method="get" action="${esc(staffPath.case(l, r.code))}#answer" class="citizen-form workspace-template">`,
    selectField({ name: 'template', label: t(l, 'wcase.template.label'), hint: t(l, 'wcase.template.hint'), value: chosen, options, locale: l }),
    `<button type="submit" class="button button--secondary">${esc(t(l, 'wcase.template.submit'))}</button>`,
    '</form>',
  ].join('');
}

/** The forms the person may use on this case now. */
function actionForms(d: CasePageData, ctx: StaffContext): string {
  const l = ctx.locale;
  const r = d.record;
  const allowed = allowedActions(r);
  const sent = (action: CaseAction) => (d.sentBack?.action === action ? d.sentBack : undefined);
  const errOf = (action: CaseAction, name: string) => sent(action)?.errors.find((e) => e.field === field(action, name));
  const valueOf = (action: CaseAction, name: string, fresh: string) => sent(action)?.values[field(action, name)] ?? fresh;
  const out: string[] = [];

  if (allowed.answer) {
    const a = sent('answer');
    const tpl = d.template && !('unknown' in d.template) ? d.template : undefined;
    const values = a ? a.values : tpl ? { ...freshAnswerValues(r), ...tpl.values } : undefined;
    const used = tpl ? `<p class="notice" role="status" data-testid="template-used">${esc(t(l, 'wcase.template.used', { title: tpl.title }))}</p>` : d.template ? `<p class="notice" role="status">${esc(t(l, 'wcase.template.unknown'))}</p>` : '';
    out.push(
      actionForm(ctx, r, 'answer', {
        title: t(l, 'wcase.answer.title'),
        legend: t(l, 'wcase.answer.legend'),
        intro: `${templateForm(d, ctx)}${used}`,
        fields: answerFields({ prefix: 'answer-', locale: l, m: ctx.m, record: r, values, errors: a?.errors }),
        submit: t(l, 'wcase.answer.submit'),
        updatedAt: true,
      }),
    );
  }
  if (allowed.forward) {
    const here = currentInbox(ctx.m, r);
    const options = [{ value: '', label: t(l, 'wcase.forward.choose') }, ...inboxesOf(ctx.m).filter((i) => i !== here).map((i) => ({ value: i, label: i }))];
    out.push(
      actionForm(ctx, r, 'forward', {
        title: t(l, 'wcase.forward.title'),
        legend: t(l, 'wcase.forward.legend'),
        fields: selectField({ name: field('forward', 'toInbox'), label: t(l, 'wcase.forward.to'), hint: t(l, 'wcase.forward.hint'), error: errOf('forward', 'toInbox'), value: valueOf('forward', 'toInbox', ''), options, locale: l }),
        submit: t(l, 'wcase.forward.submit'),
        updatedAt: true,
      }),
    );
  }
  out.push(
    actionForm(ctx, r, 'note', {
      title: t(l, 'wcase.note.title'),
      legend: t(l, 'wcase.note.legend'),
      fields: textArea({ name: field('note', 'note'), label: t(l, 'wcase.note.label'), hint: t(l, 'wcase.note.hint'), error: errOf('note', 'note'), value: valueOf('note', 'note', ''), rows: 4, locale: l }),
      submit: t(l, 'wcase.note.submit'),
    }),
  );
  if (allowed.edit) {
    out.push(
      actionForm(ctx, r, 'edit', {
        title: t(l, 'wcase.edit.title'),
        legend: t(l, 'wcase.edit.legend'),
        fields:
          textArea({ name: field('edit', 'publicText'), label: t(l, 'staff.publicText'), hint: t(l, 'staff.publicTextHint'), error: errOf('edit', 'publicText'), value: valueOf('edit', 'publicText', r.publicText), locale: l }) +
          photoChoices(r, l, sent('edit')),
        submit: t(l, 'wcase.edit.submit'),
        updatedAt: true,
      }),
    );
  }
  if (allowed.duplicate) {
    out.push(
      actionForm(ctx, r, 'duplicate', {
        title: t(l, 'wcase.duplicate.title'),
        legend: t(l, 'wcase.duplicate.legend'),
        fields: textField({ name: field('duplicate', 'original'), label: t(l, 'wcase.duplicate.label'), hint: t(l, 'wcase.duplicate.hint'), error: errOf('duplicate', 'original'), value: valueOf('duplicate', 'original', ''), locale: l }),
        submit: t(l, 'wcase.duplicate.submit'),
        updatedAt: true,
        secondary: true,
      }),
    );
  }
  if (allowed.erase) {
    const error = errOf('erase', 'confirm');
    const id = field('erase', 'confirm');
    const check = [
      `<p id="erase-text">${esc(t(l, 'staff.erase.text'))}</p>`,
      `<div class="form-group${error ? ' form-group--error' : ''}">`,
      error ? `<p id="${id}-error" class="field-error"><span class="visually-hidden">${esc(`${t(l, 'form.error.title')}: `)}</span>${esc(error.message)}</p>` : '',
      `<div class="checkbox"><input class="checkbox__input" id="${id}" name="${id}" type="checkbox" value="yes" aria-describedby="erase-text${error ? ` ${id}-error` : ''}"${error ? ' aria-invalid="true"' : ''}><label class="checkbox__label" for="${id}">${esc(t(l, 'staff.erase.confirm'))}</label></div>`,
      '</div>',
    ].join('');
    out.push(actionForm(ctx, r, 'erase', { title: t(l, 'staff.erase.title'), legend: t(l, 'wcase.erase.legend'), fields: check, submit: t(l, 'staff.erase.submit'), secondary: true }));
  }
  return out.join('');
}

/** The answer form as it starts: the case's wording and earlier answer (answerFields' own defaults, spelled out for a template to go over). */
function freshAnswerValues(r: CaseRecord): Record<string, string> {
  const before = r.answers ?? (r.answer ? { [r.locale === 'sq' ? 'sq' : 'sr']: r.answer } : {});
  const values: Record<string, string> = {
    'answer-publicText': r.publicText,
    'answer-answerSr': before.sr ?? '',
    'answer-answerSq': before.sq ?? '',
    'answer-plannedAt': r.plannedAt ?? '',
    'answer-referral': r.referral ?? '',
  };
  // Photo choices made before stay chosen when a template fills the form.
  for (const p of r.photos) if (p.state === 'ready' && p.reviewedAt) values[`answer-photo-${p.id}`] = p.published ? 'publish' : 'hide';
  return values;
}

/** The case page. */
export async function casePage(config: Config, ctx: StaffContext, d: CasePageData): Promise<string> {
  const l = ctx.locale;
  const r = d.record;
  const pub = toPublicCase(r, d.events, (key) => key);
  const view: CaseView = { locale: l, municipality: ctx.m, deadline: caseDeadline(pub, d.now) };
  const title = t(l, 'wcase.title', { code: r.code });
  const notice =
    d.notice?.kind === 'done'
      ? `<p class="notice notice--success" role="status" data-testid="done">${esc(t(l, `wcase.done.${d.notice.action}` as StringKey))}</p>`
      : d.notice?.kind === 'stale'
        ? `<p class="notice" role="alert" data-testid="stale">${esc(t(l, 'wcase.stale'))}</p>`
        : '';
  const errors = d.sentBack?.errors ?? [];
  const body = [
    `<article class="workspace-case" data-code="${esc(r.code)}">`,
    `<h1>${esc(title)}</h1>`,
    notice,
    errorSummary(errors, l),
    `<p class="lead">${esc(caseTitle(pub, view))}</p>`,
    // Not a promise of what the public sees now (a held or spam case has no page): where it would be.
    `<p><a href="${esc(`/${l}/status/${r.code}/`)}">${esc(t(l, 'wcase.publicPage'))}</a></p>`,
    d.access === 'view' ? `<p class="notice" data-testid="view-only">${esc(t(l, 'wcase.viewOnly', { inbox: currentInbox(ctx.m, r) }))}</p>` : '',
    caseFacts(pub, view),
    standing(d, ctx),
    caseText(pub, view, { heading: t(l, 'staff.original'), text: r.text }),
    r.address && pub.address !== r.address ? `<h2>${esc(t(l, 'staff.originalAddress'))}</h2><p>${esc(r.address)}</p>` : '',
    contactSection(d, ctx),
    photoSection(d, ctx),
    staffTimeline(d, ctx),
    d.access === 'act' ? actionForms(d, ctx) : '',
    '</article>',
  ].join('');
  return staffShell(config, ctx, { title: errors.length ? `${t(l, 'form.error.title')}: ${title}` : title, body, current: 'case', path: `staff/cases/${r.code}/` });
}

/** A page that only says something: the case is not theirs, not there, or the form was too large. */
export async function workspaceMessage(config: Config, ctx: StaffContext, opts: { title: string; message: string; path: string; link?: { href: string; label: string } }): Promise<string> {
  const body = `<h1>${esc(opts.title)}</h1><p class="notice">${esc(opts.message)}</p>${opts.link ? `<p><a href="${esc(opts.link.href)}">${esc(opts.link.label)}</a></p>` : ''}`;
  return staffShell(config, ctx, { title: opts.title, body, current: 'case', path: opts.path });
}

export interface RegisterPageData {
  values: Record<string, string>;
  errors: FieldError[];
  /** A fresh key per form shown: a double click makes one case, the next form a new one. */
  idempotencyKey: string;
}

/** The form that registers a case received by phone, at the counter, by letter or by email. */
export async function registerPage(config: Config, ctx: StaffContext, d: RegisterPageData): Promise<string> {
  const l = ctx.locale;
  const m: Municipality = ctx.m;
  const v = (name: string, fresh = '') => d.values[name] ?? fresh;
  const err = (name: string) => d.errors.find((e) => e.field === name);
  const title = t(l, 'wcase.new.title');
  const categories = [{ value: '', label: t(l, 'wcase.new.categoryChoose') }, ...m.categories.map((c) => ({ value: c.code, label: categoryName(m, c.code, l) }))];
  const form = [
    `<form method="post" action="${esc(staffPath.newCase(l))}" class="citizen-form" novalidate>`,
    `<fieldset class="form-fieldset"><legend class="form-legend">${esc(t(l, 'wcase.new.case'))}</legend>`,
    radios({ name: 'channel', legend: t(l, 'wcase.new.channel'), error: err('channel'), value: v('channel'), options: staffChannels.map((c) => ({ value: c, label: t(l, `wcase.channel.${c}` as StringKey) })), locale: l }),
    radios({
      name: 'kind',
      legend: t(l, 'wcase.new.kind'),
      error: err('kind'),
      value: v('kind'),
      options: [
        { value: 'report', label: t(l, 'wcase.new.kind.report') },
        { value: 'question', label: t(l, 'wcase.new.kind.question') },
      ],
      locale: l,
    }),
    selectField({ name: 'category', label: t(l, 'wcase.new.category'), hint: t(l, 'wcase.new.categoryHint'), error: err('category'), value: v('category'), options: categories, locale: l }),
    textArea({ name: 'text', label: t(l, 'wcase.new.text'), hint: t(l, 'wcase.new.textHint'), error: err('text'), value: v('text'), locale: l }),
    textField({ name: 'address', label: t(l, 'wcase.new.address'), error: err('address'), value: v('address'), locale: l }),
    radios({ name: 'locale', legend: t(l, 'wcase.new.locale'), hint: t(l, 'wcase.new.localeHint'), error: err('locale'), value: v('locale', m.defaultLocale), options: localeKeys.map((k) => ({ value: k, label: localeInfo(k).label })), locale: l }),
    '</fieldset>',
    `<fieldset class="form-fieldset"><legend class="form-legend">${esc(t(l, 'wcase.new.citizen'))}</legend>`,
    `<p class="form-hint">${esc(t(l, 'wcase.new.citizenHint'))}</p>`,
    textField({ name: 'name', label: t(l, 'wcase.new.name'), error: err('name'), value: v('name'), locale: l }),
    textField({ name: 'phone', type: 'tel', label: t(l, 'wcase.new.phone'), error: err('phone'), value: v('phone'), locale: l }),
    textField({ name: 'email', type: 'email', label: t(l, 'wcase.new.email'), hint: t(l, 'wcase.new.emailHint'), error: err('email'), value: v('email'), locale: l }),
    '</fieldset>',
    `<input type="hidden" name="idempotencyKey" value="${esc(d.idempotencyKey)}">`,
    `<button type="submit" class="button form-submit">${esc(t(l, 'wcase.new.submit'))}</button>`,
    '</form>',
  ].join('');
  const body = `<h1>${esc(title)}</h1>${errorSummary(d.errors, l)}<p>${esc(t(l, 'wcase.new.intro'))}</p>${form}`;
  return staffShell(config, ctx, { title: d.errors.length ? `${t(l, 'form.error.title')}: ${title}` : title, body, current: 'new', path: 'staff/new/' });
}
