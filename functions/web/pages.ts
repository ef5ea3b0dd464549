import type { Config } from '../config.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { localeInfo, type Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import { local } from '../../core/text/localize.ts';
import type { PublicCaseView as PublicCase } from '../domain/service.ts';
import type { CaseRecord, ContactRecord } from '../../core/cases/model.ts';
import { outcomes, type Status } from '../../core/cases/statuses.ts';
import { esc, paragraphs, renderPage } from './html.ts';

/** "23. новембар 2026. 14:05" in the municipality's time zone. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(localeInfo(locale).lang, { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

export function formatDuration(ms: number, locale: Locale): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  return t(locale, 'staff.hoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

function statusBadge(status: Status, locale: Locale) {
  const open = status === 'received' || status === 'in_progress';
  return `<span class="badge badge--${open ? 'open' : 'closed'}" data-status="${status}">${esc(t(locale, `status.${status}` as StringKey))}</span>`;
}

function categoryName(m: Municipality, code: string | undefined, locale: Locale) {
  const c = m.categories.find((x) => x.code === code);
  return c ? local(c.name, locale) : code ?? '';
}

/** The live status page of a case, for the citizen and anyone with the code. */
export async function statusPage(config: Config, m: Municipality, locale: Locale, c: PublicCase, opts: { isNew: boolean; replied?: boolean }) {
  const tz = m.clock.timeZone;
  const title = t(locale, c.kind === 'report' ? 'case.title.report' : 'case.title.question', { code: c.code });
  const deadlineNote = c.deadlineMet === true ? t(locale, 'case.deadlineMet') : c.deadlineMet === false ? t(locale, 'case.deadlineMissed') : t(locale, 'case.deadlineOpen');
  const rows: [string, string][] = [
    [t(locale, 'case.status'), statusBadge(c.status, locale)],
    ...(c.category ? [[t(locale, 'case.category'), esc(categoryName(m, c.category, locale))] as [string, string]] : []),
    ...(c.address || c.lat !== undefined ? [[t(locale, 'case.place'), esc([c.address, c.lat !== undefined ? `${c.lat.toFixed(5)}, ${c.lng!.toFixed(5)}` : ''].filter(Boolean).join(' · '))] as [string, string]] : []),
    [t(locale, 'case.submitted'), `<time datetime="${esc(c.createdAt)}">${esc(formatDateTime(c.createdAt, locale, tz))}</time>`],
    [t(locale, 'case.deadline'), `<time datetime="${esc(c.deadlineAt)}">${esc(formatDateTime(c.deadlineAt, locale, tz))}</time> · ${esc(deadlineNote)}`],
    ...(c.name ? [[t(locale, 'case.from'), esc(c.name)] as [string, string]] : []),
  ];
  const thanks = opts.isNew
    ? `<div class="notice notice--success" role="status"><p><strong>${esc(t(locale, c.kind === 'report' ? 'case.thanks' : 'case.thanks.question'))}</strong></p><p>${esc(t(locale, 'case.codeIntro'))}: <strong class="tracking-code" data-testid="tracking-code">${esc(c.code)}</strong></p><p>${esc(t(locale, 'case.codeHint'))}</p></div>`
    : '';
  const replied = opts.replied ? `<p class="notice notice--success" role="status">${esc(t(locale, 'staff.done'))}</p>` : '';
  const photos = c.photos.length
    ? `<h2>${esc(t(locale, 'case.photos'))}</h2><ul class="photos">${c.photos
        .map((p, i) => {
          const small = p.variants[0]!;
          const srcset = p.variants.map((v) => `${esc(v.url)} ${v.w}w`).join(', ');
          return `<li><a href="${esc(p.variants.at(-1)!.url)}"><img src="${esc(small.url)}" srcset="${srcset}" sizes="(max-width: 40rem) 100vw, 20rem" alt="${esc(t(locale, 'case.photoAlt', { n: i + 1, code: c.code }))}" loading="lazy" width="${small.w}"></a></li>`;
        })
        .join('')}</ul>`
    : '';
  const timeline = c.timeline
    .map(
      (e) =>
        `<li><time datetime="${esc(e.at)}">${esc(formatDateTime(e.at, locale, tz))}</time> · ${statusBadge(e.status, locale)}${e.answer ? `<div class="prose">${paragraphs(e.answer)}</div>` : ''}${e.referral ? `<p><strong>${esc(t(locale, 'case.referral'))}:</strong> ${esc(e.referral)}</p>` : ''}</li>`,
    )
    .join('');
  const body = `
<article class="case" data-code="${esc(c.code)}">
  <p class="card__meta">${esc(t(locale, `kind.${c.kind}` as StringKey))}</p>
  <h1>${esc(title)}</h1>
  ${thanks}${replied}
  <dl class="facts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>
  <h2>${esc(t(locale, 'case.text'))}</h2>
  <div class="prose user-text">${paragraphs(c.text)}</div>
  ${c.answer ? `<h2>${esc(t(locale, 'case.answer'))}</h2><div class="prose" data-testid="answer">${paragraphs(c.answer)}</div>` : ''}
  ${c.referral ? `<h2>${esc(t(locale, 'case.referral'))}</h2><p>${esc(c.referral)}</p>` : ''}
  ${photos}
  <h2>${esc(t(locale, 'case.timeline'))}</h2>
  <ol class="list timeline">${timeline}</ol>
  <p class="muted">${esc(t(locale, 'case.live'))}</p>
</article>`;
  return renderPage(config, m, locale, { title, body, path: `status/${c.code}/` });
}

export async function messagePage(config: Config, m: Municipality, locale: Locale, opts: { title: string; message: string; path: string; link?: { href: string; label: string } }) {
  const body = `<h1>${esc(opts.title)}</h1><p class="notice">${esc(opts.message)}</p>${opts.link ? `<p><a href="${esc(opts.link.href)}">${esc(opts.link.label)}</a></p>` : ''}`;
  return renderPage(config, m, locale, { title: opts.title, body, path: opts.path });
}

export interface StaffPageData {
  record: CaseRecord;
  contact?: ContactRecord | undefined;
  municipality: Municipality;
  timeLeftMs: number;
  expiresAt: string;
  photoUrls: Record<string, string | undefined>;
  values?: Record<string, string> | undefined;
  errors?: { field: string; message: string }[] | undefined;
  action: string;
}

/** The staff page: the case and a form to answer it. Works without JavaScript. */
export async function staffPage(config: Config, locale: Locale, d: StaffPageData) {
  const { record: r, municipality: m } = d;
  const tz = m.clock.timeZone;
  const v = { publicText: r.publicText, answer: r.answer ?? '', referral: r.referral ?? '', outcome: '', ...d.values };
  const err = (field: string) => d.errors?.find((e) => e.field === field);
  const fieldError = (field: string) => (err(field) ? `<p class="field-error" id="${field}-error"><span class="visually-hidden">${esc(t(locale, 'form.error.title'))}:</span> ${esc(err(field)!.message)}</p>` : '');
  const described = (field: string, hint?: boolean) => {
    const ids = [hint ? `${field}-hint` : '', err(field) ? `${field}-error` : ''].filter(Boolean).join(' ');
    return ids ? ` aria-describedby="${ids}"` : '';
  };
  const title = t(locale, 'staff.title', { code: r.code });
  const timeLine = d.timeLeftMs >= 0 ? t(locale, 'staff.timeLeft', { hours: m.clock.hours, time: formatDuration(d.timeLeftMs, locale) }) : t(locale, 'staff.overdue', { time: formatDuration(d.timeLeftMs, locale) });
  const summary = d.errors?.length
    ? `<div class="error-summary" role="alert" tabindex="-1"><h2>${esc(t(locale, 'form.error.title'))}</h2><ul>${d.errors.map((e) => `<li><a href="#${esc(e.field)}">${esc(e.message)}</a></li>`).join('')}</ul></div>`
    : '';
  const photos = r.photos.length
    ? `<fieldset class="field"><legend>${esc(t(locale, 'staff.photos'))}</legend><ul class="photos">${r.photos
        .map((p, i) => {
          const url = d.photoUrls[p.id];
          const img = p.state === 'ready' && url ? `<img src="${esc(url)}" alt="${esc(t(locale, 'case.photoAlt', { n: i + 1, code: r.code }))}" width="320">` : `<p>${esc(t(locale, p.state === 'rejected' ? 'staff.photoRejected' : 'staff.photoPending'))}</p>`;
          const hidden = d.values?.[`photo-${p.id}`] === 'hide';
          return `<li>${img}<p><label><input type="radio" name="photo-${p.id}" value="publish"${hidden ? '' : ' checked'}> ${esc(t(locale, 'staff.photoPublish'))}</label> <label><input type="radio" name="photo-${p.id}" value="hide"${hidden ? ' checked' : ''}> ${esc(t(locale, 'staff.photoHide'))}</label></p></li>`;
        })
        .join('')}</ul></fieldset>`
    : '';
  const contact = d.contact;
  const body = `
<h1>${esc(title)}</h1>
<p>${esc(t(locale, 'staff.intro', { expires: formatDateTime(d.expiresAt, locale, tz) }))}</p>
<p class="notice" data-testid="time-left">${esc(timeLine)}</p>
${summary}
<dl class="facts">
  <dt>${esc(t(locale, 'case.status'))}</dt><dd>${statusBadge(r.status, locale)}</dd>
  <dt>${esc(t(locale, `kind.${r.kind}` as StringKey))}</dt><dd>${esc(categoryName(m, r.category, locale))}</dd>
  ${r.address || r.lat !== undefined ? `<dt>${esc(t(locale, 'case.place'))}</dt><dd>${esc([r.address, r.lat !== undefined ? `${r.lat}, ${r.lng}` : ''].filter(Boolean).join(' · '))}</dd>` : ''}
  <dt>${esc(t(locale, 'case.submitted'))}</dt><dd>${esc(formatDateTime(r.createdAt, locale, tz))}</dd>
  <dt>${esc(t(locale, 'case.deadline'))}</dt><dd>${esc(formatDateTime(r.deadlineAt, locale, tz))}</dd>
</dl>
<h2>${esc(t(locale, 'staff.original'))}</h2>
<div class="prose user-text">${paragraphs(r.text)}</div>
${contact ? `<h2>${esc(t(locale, 'staff.contact'))}</h2><dl class="facts">${contact.name ? `<dt>${esc(t(locale, 'staff.name'))}</dt><dd>${esc(contact.name)} (${esc(t(locale, r.showName ? 'staff.nameShown' : 'staff.nameHidden'))})</dd>` : ''}${contact.email ? `<dt>${esc(t(locale, 'staff.email'))}</dt><dd><a href="mailto:${esc(contact.email)}">${esc(contact.email)}</a></dd>` : ''}${contact.phone ? `<dt>${esc(t(locale, 'staff.phone'))}</dt><dd>${esc(contact.phone)}</dd>` : ''}</dl>` : ''}
<form method="post" action="${esc(d.action)}" class="form" novalidate>
  <div class="field${err('publicText') ? ' field--error' : ''}">
    <label for="publicText">${esc(t(locale, 'staff.publicText'))}</label>
    <p class="hint" id="publicText-hint">${esc(t(locale, 'staff.publicTextHint'))}</p>
    ${fieldError('publicText')}
    <textarea id="publicText" name="publicText" rows="6"${described('publicText', true)}${err('publicText') ? ' aria-invalid="true"' : ''}>${esc(v.publicText)}</textarea>
  </div>
  <fieldset class="field${err('outcome') ? ' field--error' : ''}" id="outcome"${described('outcome')}>
    <legend>${esc(t(locale, 'staff.outcome'))}</legend>
    ${fieldError('outcome')}
    ${outcomes.map((o) => `<label class="choice"><input type="radio" name="outcome" value="${o}"${v.outcome === o ? ' checked' : ''}> ${esc(t(locale, `staff.outcome.${o}` as StringKey))}</label>`).join('')}
  </fieldset>
  <div class="field${err('answer') ? ' field--error' : ''}">
    <label for="answer">${esc(t(locale, 'staff.answer'))}</label>
    <p class="hint" id="answer-hint">${esc(t(locale, 'staff.answerHint'))}</p>
    ${fieldError('answer')}
    <textarea id="answer" name="answer" rows="6"${described('answer', true)}${err('answer') ? ' aria-invalid="true"' : ''}>${esc(v.answer)}</textarea>
  </div>
  <div class="field${err('referral') ? ' field--error' : ''}">
    <label for="referral">${esc(t(locale, 'staff.referral'))}</label>
    ${fieldError('referral')}
    <input type="text" id="referral" name="referral" value="${esc(v.referral)}"${described('referral')}${err('referral') ? ' aria-invalid="true"' : ''}>
  </div>
  ${photos}
  <button type="submit" class="button">${esc(t(locale, 'staff.submit'))}</button>
</form>`;
  return renderPage(config, m, locale, { title: d.errors?.length ? `${t(locale, 'form.error.title')}: ${title}` : title, body, path: `status/${r.code}/` });
}
