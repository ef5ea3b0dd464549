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
import { toPublicCase, type PublicCase } from '../../core/cases/public.ts';
import type { CaseEvent, CaseRecord, ContactRecord } from '../../core/cases/model.ts';
import { outcomes } from '../../core/cases/statuses.ts';
import { esc } from '../../core/views/html.ts';
import { formatDateTime, formatHoursMinutes } from '../../core/views/format.ts';
import { caseBody, caseDeadline, caseFacts, caseHref, caseText, caseTimeline, caseTitle, type CaseView } from '../../core/views/case.ts';
import { errorSummary, radios, textArea, textField, type FieldError } from '../../core/views/form.ts';
import { renderPage } from './html.ts';

/**
 * The live status page of a case, for the citizen and anyone with the code: the case as the
 * archive shows it, as it stands now, with the tracking code right after submitting and a
 * confirmation after staff answered.
 */
export async function statusPage(config: Config, m: Municipality, locale: Locale, c: PublicCase, opts: { isNew: boolean; replied?: boolean; now: Date }) {
  const view: CaseView = { locale, municipality: m, deadline: caseDeadline(c, opts.now) };
  const title = caseTitle(c, view);
  const thanks = opts.isNew
    ? `<div class="notice notice--success" role="status"><p><strong>${esc(t(locale, c.kind === 'report' ? 'case.thanks' : 'case.thanks.question'))}</strong></p><p>${esc(t(locale, 'case.codeIntro'))}: <strong class="tracking-code" data-testid="tracking-code">${esc(c.code)}</strong></p><p>${esc(t(locale, 'case.codeHint'))}</p></div>`
    : '';
  const replied = opts.replied ? `<p class="notice notice--success" role="status">${esc(t(locale, 'staff.done'))}</p>` : '';
  const body = [
    `<article class="case" data-code="${esc(c.code)}">`,
    `<h1>${esc(title)}</h1>`,
    thanks,
    replied,
    caseBody(c, view),
    `<p class="muted">${esc(t(locale, 'case.live'))}</p>`,
    `<p><a href="${esc(caseHref(locale, c.code))}">${esc(t(locale, 'case.archiveCopy'))}</a></p>`,
    '</article>',
  ].join('');
  return renderPage(config, m, locale, { title, body, path: `status/${c.code}/` });
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
}

/**
 * The staff page: the case as the public sees it (facts and timeline from the case template), the
 * citizen's original text and contact (never public), and the reply form. Works without
 * JavaScript; the form uses the citizen forms' fields and classes.
 */
export async function staffPage(config: Config, locale: Locale, d: StaffPageData) {
  const { record: r, municipality: m } = d;
  // The public record as the archive will show it. Photos are not taken from it: staff see every
  // photo, published or not, through private links, and choose which to publish.
  const pub = toPublicCase(r, d.events, (key) => key);
  const view: CaseView = { locale, municipality: m, deadline: caseDeadline(pub, d.now) };
  const v = { publicText: r.publicText, answer: r.answer ?? '', referral: r.referral ?? '', outcome: '', ...d.values };
  const err = (field: string) => d.errors?.find((e) => e.field === field);
  const title = t(locale, 'staff.title', { code: r.code });
  const timeLine = d.timeLeftMs >= 0 ? t(locale, 'staff.timeLeft', { hours: m.clock.hours, time: formatHoursMinutes(d.timeLeftMs, locale) }) : t(locale, 'staff.overdue', { time: formatHoursMinutes(d.timeLeftMs, locale) });

  const c = d.contact;
  const contact = c
    ? `<h2>${esc(t(locale, 'staff.contact'))}</h2><dl class="facts">${c.name ? `<dt>${esc(t(locale, 'staff.name'))}</dt><dd>${esc(c.name)} (${esc(t(locale, r.showName ? 'staff.nameShown' : 'staff.nameHidden'))})</dd>` : ''}${c.email ? `<dt>${esc(t(locale, 'staff.email'))}</dt><dd><a href="mailto:${esc(c.email)}">${esc(c.email)}</a></dd>` : ''}${c.phone ? `<dt>${esc(t(locale, 'staff.phone'))}</dt><dd>${esc(c.phone)}</dd>` : ''}</dl>`
    : '';

  const photos = r.photos.length
    ? `<div class="form-group"><fieldset class="form-fieldset"><legend class="form-legend">${esc(t(locale, 'staff.photos'))}</legend><ul class="photos plain">${r.photos
        .map((p, i) => {
          const url = d.photoUrls[p.id];
          const alt = t(locale, 'case.photoAlt', { n: i + 1, code: r.code });
          const shown = p.state === 'ready' && url ? `<img src="${esc(url)}" alt="${esc(alt)}" width="320">` : `<p>${esc(t(locale, p.state === 'rejected' ? 'staff.photoRejected' : 'staff.photoPending'))}</p>`;
          const choice = d.values?.[`photo-${p.id}`] === 'hide' ? 'hide' : 'publish';
          return `<li>${radios({
            name: `photo-${p.id}`,
            legend: alt,
            before: shown,
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

  const form = [
    `<form method="post" action="${esc(d.action)}" class="citizen-form" novalidate>`,
    textArea({ name: 'publicText', label: t(locale, 'staff.publicText'), hint: t(locale, 'staff.publicTextHint'), error: err('publicText'), value: v.publicText, locale }),
    radios({
      name: 'outcome',
      legend: t(locale, 'staff.outcome'),
      error: err('outcome'),
      value: v.outcome,
      options: outcomes.map((o) => ({ value: o, label: t(locale, `staff.outcome.${o}` as StringKey) })),
      locale,
    }),
    textArea({ name: 'answer', label: t(locale, 'staff.answer'), hint: t(locale, 'staff.answerHint'), error: err('answer'), value: v.answer, locale }),
    textField({ name: 'referral', label: t(locale, 'staff.referral'), error: err('referral'), value: v.referral, locale }),
    photos,
    `<button type="submit" class="button form-submit">${esc(t(locale, 'staff.submit'))}</button>`,
    '</form>',
  ].join('');

  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="lead">${esc(caseTitle(pub, view))}</p>`,
    `<p>${esc(t(locale, 'staff.intro', { expires: formatDateTime(d.expiresAt, locale, m.clock.timeZone) }))}</p>`,
    `<p class="notice" data-testid="time-left">${esc(timeLine)}</p>`,
    errorSummary(d.errors ?? [], locale),
    caseFacts(pub, view),
    caseText(pub, view, { heading: t(locale, 'staff.original'), text: r.text }),
    contact,
    caseTimeline(pub, view),
    form,
  ].join('');
  return renderPage(config, m, locale, { title: d.errors?.length ? `${t(locale, 'form.error.title')}: ${title}` : title, body, path: `status/${r.code}/` });
}
