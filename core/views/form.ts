/**
 * Form fields as HTML strings, for the forms the functions render themselves (the staff reply
 * form). They are the string twins of the citizen forms' React components
 * (sites/components/forms/Fields.tsx): the same elements, classes, ids and ARIA wiring, so both
 * kinds of form share one stylesheet (the "Forms" part of sites/styles/global.css) and behave
 * alike for screen readers. tests/unit/views.test.ts renders both and compares them.
 */
import { t } from '../i18n/index.ts';
import type { Locale } from '../locales.ts';
import { esc, attrs } from './html.ts';

export interface FieldError {
  field: string;
  message: string;
}

/** aria-describedby from the ids that exist (hint, error), or undefined. */
const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/** The summary at the top of a form sent back with errors; each message links to its field. */
export function errorSummary(errors: FieldError[], locale: Locale): string {
  if (!errors.length) return '';
  const items = errors.map((e) => `<li><a href="#${esc(e.field)}">${esc(e.message)}</a></li>`).join('');
  return `<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"><h2 class="error-summary__title" id="error-summary-title">${esc(t(locale, 'form.error.summary'))}</h2><ul class="error-summary__list">${items}</ul></div>`;
}

/** The message beside a field: "Error: …" for screen readers, the text for everyone. */
export function errorMessage(id: string, error: FieldError | undefined, locale: Locale): string {
  if (!error) return '';
  return `<p id="${esc(id)}" class="field-error"><span class="visually-hidden">${esc(`${t(locale, 'form.error.title')}: `)}</span>${esc(error.message)}</p>`;
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: FieldError | undefined;
  value?: string | undefined;
  locale: Locale;
}

const group = (error: FieldError | undefined, inner: string) => `<div class="form-group${error ? ' form-group--error' : ''}">${inner}</div>`;
const label = (name: string, text: string) => `<label class="form-label" for="${esc(name)}">${esc(text)}</label>`;
const hintFor = (name: string, hint: string | undefined) => (hint ? `<p class="form-hint" id="${esc(name)}-hint">${esc(hint)}</p>` : '');

/** A one-line text field with its label, hint and error. */
export function textField(p: FieldProps & { type?: 'text' | 'email' | 'tel' | 'date' }): string {
  const { name, error } = p;
  const input = `<input${attrs({
    class: 'form-input',
    id: name,
    name,
    type: p.type ?? 'text',
    value: p.value ?? '',
    'aria-describedby': describedBy(p.hint && `${name}-hint`, error && `${name}-error`),
    'aria-invalid': error ? 'true' : undefined,
  })}>`;
  return group(error, `${label(name, p.label)}${hintFor(name, p.hint)}${errorMessage(`${name}-error`, error, p.locale)}${input}`);
}

/** A text area with its label, hint and error. */
export function textArea(p: FieldProps & { rows?: number }): string {
  const { name, error } = p;
  const area = `<textarea${attrs({
    class: 'form-textarea',
    id: name,
    name,
    rows: p.rows ?? 6,
    'aria-describedby': describedBy(p.hint && `${name}-hint`, error && `${name}-error`),
    'aria-invalid': error ? 'true' : undefined,
  })}>${esc(p.value ?? '')}</textarea>`;
  return group(error, `${label(name, p.label)}${hintFor(name, p.hint)}${errorMessage(`${name}-error`, error, p.locale)}${area}`);
}

export interface RadioOption {
  value: string;
  label: string;
  hint?: string | undefined;
}

/**
 * Radios in a fieldset; the first radio's id is the name, so an error's link "#outcome" reaches
 * the group. `before` is shown between the legend (with hint and error) and the choices: the
 * photo the choice is about.
 */
export function radios(p: Omit<FieldProps, 'label'> & { legend: string; options: RadioOption[]; before?: string }): string {
  const { name, error } = p;
  const choices = p.options
    .map((o, i) => {
      const id = i === 0 ? name : `${name}-${o.value}`;
      const hintId = `${name}-${o.value}-hint`;
      const input = `<input${attrs({
        class: 'radio__input',
        id,
        name,
        type: 'radio',
        value: o.value,
        checked: p.value === o.value,
        'aria-describedby': o.hint ? hintId : undefined,
        'aria-invalid': error ? 'true' : undefined,
      })}>`;
      const hint = o.hint ? `<p class="radio__hint form-hint" id="${esc(hintId)}">${esc(o.hint)}</p>` : '';
      return `<div class="radio">${input}<label class="radio__label" for="${esc(id)}">${esc(o.label)}</label>${hint}</div>`;
    })
    .join('');
  const fieldset = `<fieldset${attrs({ class: 'form-fieldset', 'aria-describedby': describedBy(p.hint && `${name}-hint`, error && `${name}-error`) })}><legend class="form-legend">${esc(p.legend)}</legend>${hintFor(name, p.hint)}${errorMessage(`${name}-error`, error, p.locale)}${p.before ?? ''}<div class="radios">${choices}</div></fieldset>`;
  return group(error, fieldset);
}

export interface SelectOption {
  value: string;
  label: string;
}

/**
 * A drop-down list with its label, hint and error, styled as a text field (the staff workspace's
 * choices from a long list: an inbox, a category, a response template). The option whose value is
 * `value` is selected; an empty value first reads as "choose".
 */
export function selectField(p: FieldProps & { options: SelectOption[] }): string {
  const { name, error } = p;
  const options = p.options.map((o) => `<option${attrs({ value: o.value, selected: p.value === o.value })}>${esc(o.label)}</option>`).join('');
  const select = `<select${attrs({
    class: 'form-input',
    id: name,
    name,
    'aria-describedby': describedBy(p.hint && `${name}-hint`, error && `${name}-error`),
    'aria-invalid': error ? 'true' : undefined,
  })}>${options}</select>`;
  return group(error, `${label(name, p.label)}${hintFor(name, p.hint)}${errorMessage(`${name}-error`, error, p.locale)}${select}`);
}
