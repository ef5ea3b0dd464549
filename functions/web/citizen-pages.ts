/**
 * The citizen's page behind their personal link (`/<locale>/my-case/<token>/`): the case as the
 * archive shows it (core/views/case.ts), and what the citizen may do now: add information while it
 * is open, say it is not fixed within 30 days of "resolved" or "answered", or, later or closed any
 * other way, how to file a new report. Plain forms: no JavaScript needed.
 */
import type { Config } from '../config.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import type { HeldCase, PublicCase } from '../../core/cases/public.ts';
import type { CaseRecord } from '../../core/cases/model.ts';
import { esc } from '../../core/views/html.ts';
import { formatDateTime } from '../../core/views/format.ts';
import { caseBody, caseDeadline, caseFacts, type CaseView } from '../../core/views/case.ts';
import { errorSummary, textArea, type FieldError } from '../../core/views/form.ts';
import { REOPEN_DAYS, type CitizenMode } from '../domain/citizen.ts';
import { heldAsPublic } from './pages.ts';
import { renderPage } from './html.ts';

export const citizenPath = (locale: Locale, token: string, action?: 'update' | 'reopen') => `/${locale}/my-case/${token}/${action ? `${action}/` : ''}`;

export interface CitizenPageData {
  token: string;
  record: CaseRecord;
  held: PublicCase | HeldCase;
  mode: CitizenMode;
  now: Date;
  done?: 'update' | 'reopened' | undefined;
  /** The case changed since the page was shown: the step was not taken. */
  changed?: boolean | undefined;
  value?: string | undefined;
  errors?: FieldError[] | undefined;
}

function form(locale: Locale, token: string, action: 'update' | 'reopen', d: CitizenPageData, label: string, hint: string, submit: string): string {
  const error = d.errors?.find((e) => e.field === 'text');
  return [
    `<form method="post" action="${esc(`${citizenPath(locale, token, action)}?lang=${encodeURIComponent(locale)}`)}" class="citizen-form" novalidate>`,
    errorSummary(d.errors ?? [], locale),
    textArea({ name: 'text', label, hint, error, value: d.value, locale, rows: 6 }),
    `<button type="submit" class="button form-submit">${esc(submit)}</button>`,
    '</form>',
  ].join('');
}

export async function citizenPage(config: Config, m: Municipality, locale: Locale, d: CitizenPageData): Promise<string> {
  const awaiting = 'awaitingReview' in d.held;
  const c = awaiting ? heldAsPublic(d.held as HeldCase, locale) : (d.held as PublicCase);
  const view: CaseView = { locale, municipality: m, deadline: caseDeadline(c, d.now) };
  const title = t(locale, 'citizen.title', { code: d.record.code });
  const r = d.record;
  const notices: string[] = [];
  if (d.done) notices.push(`<p class="notice notice--success" role="status">${esc(t(locale, d.done === 'update' ? 'citizen.update.done' : 'citizen.reopen.done'))}</p>`);
  if (d.changed) notices.push(`<p class="notice" role="status">${esc(t(locale, 'citizen.changed'))}</p>`);
  const newLink = () => {
    const href = r.kind === 'question' ? `/${locale}/ask-the-mayor/ask/` : `/${locale}/system-48h/report/`;
    return `<p><a href="${esc(href)}">${esc(t(locale, r.kind === 'question' ? 'citizen.newQuestion' : 'citizen.newReport'))}</a></p>`;
  };
  let action = '';
  if (d.mode === 'update') {
    const review = m.publish === 'after-review';
    action = `<section aria-labelledby="citizen-action"><h2 id="citizen-action">${esc(t(locale, 'citizen.update.heading'))}</h2>${form(locale, d.token, 'update', d, t(locale, 'citizen.update.label'), t(locale, review ? 'citizen.update.hintReview' : 'citizen.update.hint'), t(locale, 'citizen.update.submit'))}</section>`;
  } else if (d.mode === 'reopen') {
    const until = new Date(Date.parse(r.closedAt ?? r.updatedAt) + REOPEN_DAYS * 86_400_000).toISOString();
    action = `<section aria-labelledby="citizen-action"><h2 id="citizen-action">${esc(t(locale, 'citizen.reopen.heading'))}</h2><p>${esc(t(locale, 'citizen.reopen.intro', { date: formatDateTime(until, locale, m.clock.timeZone) }))}</p>${form(locale, d.token, 'reopen', d, t(locale, 'citizen.reopen.label'), t(locale, 'citizen.reopen.hint'), t(locale, 'citizen.reopen.submit'))}</section>`;
  } else if (d.mode === 'late') {
    action = `<p class="notice" data-testid="citizen-late">${esc(t(locale, 'citizen.late', { days: REOPEN_DAYS }))}</p>${newLink()}`;
  } else {
    action = `<p class="notice" data-testid="citizen-closed">${esc(t(locale, 'citizen.closed', { status: t(locale, `status.${r.status}` as StringKey) }))}</p>${newLink()}`;
  }
  const body = [
    `<article class="case" data-code="${esc(r.code)}">`,
    `<h1>${esc(title)}</h1>`,
    ...notices,
    `<p>${esc(t(locale, 'citizen.intro'))}</p>`,
    action,
    awaiting ? `<p class="notice">${esc(t(locale, 'case.awaitingReview'))}</p>${caseFacts(c, view)}` : caseBody(c, view),
    '</article>',
  ].join('');
  // The language switch leads to this page in the other languages (same site, same token).
  return renderPage(config, m, locale, { title, body, path: `my-case/${d.token}/`, noindex: true });
}
