/**
 * "Find my case": the tracking-code form, one HTML string for the static pages
 * (sites/components/FindCase.astro: home, System 48h, Ask the Mayor, the archive) and the live
 * pages of the HTTP function (the lookup page at `/<locale>/status/` with its messages, and the
 * phone-only confirmation). A plain GET form: it works without JavaScript, and the function
 * (functions/web/app.ts, `/:locale/status/`) reads the code forgivingly and redirects to the
 * case's status page.
 */
import { t } from '../i18n/index.ts';
import { href, type Locale } from '../locales.ts';
import { esc, attrs } from './html.ts';

/** The id of the code field: a page has one find form, and the error summary links here. */
export const FIND_FIELD_ID = 'find-code';

export interface FindCaseOptions {
  /** What was typed, kept when the form comes back. */
  value?: string | undefined;
  /** A message for the field (unknown or malformed code). */
  error?: string | undefined;
  /** `h2` (default) for a section of a page; `none` when the page's own h1 says it. */
  heading?: 'h2' | 'none';
}

/** Where the form sends the code (GET `?code=`). */
export const findCaseAction = (locale: Locale) => href(locale, 'status/');

export function findCaseForm(locale: Locale, opts: FindCaseOptions = {}): string {
  const id = FIND_FIELD_ID;
  const error = opts.error;
  const heading = opts.heading ?? 'h2';
  const described = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const input = `<input${attrs({
    class: 'form-input',
    id,
    name: 'code',
    type: 'text',
    value: opts.value ?? '',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    'aria-describedby': described,
    'aria-invalid': error ? 'true' : undefined,
  })}>`;
  const errorText = error ? `<p id="${id}-error" class="field-error"><span class="visually-hidden">${esc(`${t(locale, 'form.error.title')}: `)}</span>${esc(error)}</p>` : '';
  const group = `<div class="form-group${error ? ' form-group--error' : ''}"><label class="form-label" for="${id}">${esc(t(locale, 'case.lookupLabel'))}</label><p class="form-hint" id="${id}-hint">${esc(t(locale, 'case.lookupHint'))}</p>${errorText}${input}</div>`;
  const form = `<form class="citizen-form find-case__form" method="get" action="${esc(findCaseAction(locale))}" novalidate>${group}<button type="submit" class="button">${esc(t(locale, 'case.lookupButton'))}</button></form>`;
  if (heading === 'none') return `<div class="find-case" data-testid="find-case">${form}</div>`;
  return `<section class="find-case" aria-labelledby="find-case-title" data-testid="find-case"><h2 id="find-case-title">${esc(t(locale, 'case.lookup'))}</h2>${form}</section>`;
}
