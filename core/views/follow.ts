/**
 * The "Follow this case" form, on the live status page (functions/web/pages.ts) and the archive's
 * case page (static: a plain form posting to `/api/follow`). One email field; the rest is hidden.
 * Works without JavaScript; the function answers with a page ("check your email") or the form
 * again with its error (functions/web/subscriptions.ts).
 */
import { t } from '../i18n/index.ts';
import type { Locale } from '../locales.ts';
import { esc } from './html.ts';
import { errorMessage, type FieldError } from './form.ts';

export function followForm(code: string, locale: Locale, opts: { value?: string; error?: FieldError | undefined } = {}): string {
  const err = opts.error;
  const describedBy = err ? ' aria-describedby="follow-email-error" aria-invalid="true"' : '';
  return [
    `<section class="follow" aria-labelledby="follow-title">`,
    `<h2 id="follow-title">${esc(t(locale, 'sub.follow.title'))}</h2>`,
    `<p>${esc(t(locale, 'sub.follow.lead'))}</p>`,
    `<form method="post" action="/api/follow?lang=${esc(locale)}" novalidate>`,
    `<input type="hidden" name="code" value="${esc(code)}"><input type="hidden" name="locale" value="${esc(locale)}">`,
    `<div class="form-group${err ? ' form-group--error' : ''}"><label class="form-label" for="follow-email">${esc(t(locale, 'sub.follow.email'))}</label>`,
    errorMessage('follow-email-error', err, locale),
    `<input class="form-input" id="follow-email" name="email" type="email" autocomplete="email" value="${esc(opts.value ?? '')}"${describedBy}></div>`,
    `<button type="submit" class="button">${esc(t(locale, 'sub.follow.submit'))}</button>`,
    `</form>`,
    `<p><a href="/${esc(locale)}/alerts/">${esc(t(locale, 'sub.alerts.link'))}</a></p>`,
    `</section>`,
  ].join('');
}
