/** @jsxImportSource preact */
/**
 * The GOV.UK-style building blocks both forms share: error summary, labelled fields with hint
 * and inline error, radios, checkboxes, the consent block and the hidden fields. Ids are the
 * HTML names, so an error's field is also the id its summary link points at.
 */
import type { ComponentChildren, JSX, Ref } from 'preact';
import type { FormError } from './types.ts';
import { say } from '../../../core/i18n/form-messages.ts';

type Strings = Record<string, string>;

/** aria-describedby from the ids that exist (hint, error), or undefined. */
export function describedBy(...ids: (string | false | undefined | null)[]): string | undefined {
  const list = ids.filter((id): id is string => !!id);
  return list.length ? list.join(' ') : undefined;
}

export interface SummaryItem {
  /** The id to link to, or undefined for an error no field can fix (shown as text). */
  target: string | undefined;
  message: string;
}

/** Moves focus to the field and brings its label or legend into view (GOV.UK behaviour). */
function focusTarget(event: JSX.TargetedMouseEvent<HTMLAnchorElement>, id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  event.preventDefault();
  const context = el.closest('fieldset') ?? el.closest('.form-group') ?? el;
  context.scrollIntoView();
  el.focus({ preventScroll: true });
}

export function ErrorSummary({ strings, items, summaryRef }: { strings: Strings; items: SummaryItem[]; summaryRef: Ref<HTMLDivElement> }) {
  if (items.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title" ref={summaryRef}>
      <h2 className="error-summary__title" id="error-summary-title">{say(strings, 'form.error.summary')}</h2>
      <ul className="error-summary__list">
        {items.map((item, i) => (
          <li key={`${item.target ?? 'form'}-${i}`}>
            {item.target ? <a href={`#${item.target}`} onClick={(e) => focusTarget(e, item.target!)}>{item.message}</a> : item.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The message beside a field: "Error: …" for screen readers, the text for everyone. */
export function ErrorMessage({ id, error, strings }: { id: string; error: FormError | undefined; strings: Strings }) {
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      <span className="visually-hidden">{`${say(strings, 'form.error.title')}: `}</span>
      {error.message}
    </p>
  );
}

function Label({ htmlFor, text, optional, strings }: { htmlFor: string; text: string; optional?: boolean | undefined; strings: Strings }) {
  return (
    <label className="form-label" htmlFor={htmlFor}>
      {text}
      {optional && <span className="form-optional">{` ${say(strings, 'form.optional')}`}</span>}
    </label>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: FormError | undefined;
  defaultValue?: string | undefined;
  optional?: boolean | undefined;
  strings: Strings;
}

export function TextField(props: FieldProps & {
  type?: 'text' | 'email' | 'tel';
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'tel';
  spellCheck?: boolean;
  maxLength?: number;
}) {
  const { name, label, hint, error, defaultValue, optional, strings, type = 'text', autoComplete, inputMode, spellCheck, maxLength } = props;
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <Label htmlFor={name} text={label} optional={optional} strings={strings} />
      {hint && <p className="form-hint" id={`${name}-hint`}>{hint}</p>}
      <ErrorMessage id={`${name}-error`} error={error} strings={strings} />
      <input
        className="form-input"
        id={name}
        name={name}
        type={type}
        defaultValue={defaultValue ?? ''}
        autoComplete={autoComplete}
        inputMode={inputMode}
        // The attribute itself, "false" included (Preact leaves a false boolean out), spelled as before.
        {...(spellCheck === undefined ? {} : ({ spellCheck: String(spellCheck) } as Record<string, string>))}
        maxLength={maxLength}
        aria-describedby={describedBy(hint && `${name}-hint`, error && `${name}-error`)}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

export function TextArea({ name, label, hint, error, defaultValue, optional, strings, rows = 6 }: FieldProps & { rows?: number }) {
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <Label htmlFor={name} text={label} optional={optional} strings={strings} />
      {hint && <p className="form-hint" id={`${name}-hint`}>{hint}</p>}
      <ErrorMessage id={`${name}-error`} error={error} strings={strings} />
      <textarea
        className="form-textarea"
        id={name}
        name={name}
        rows={rows}
        defaultValue={defaultValue ?? ''}
        aria-describedby={describedBy(hint && `${name}-hint`, error && `${name}-error`)}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

export interface RadioOption {
  value: string;
  label: string;
  hint?: string | undefined;
}

/** Radios in a fieldset; the first radio's id is the name, so "#category" reaches the group. */
export function Radios({ name, legend, hint, error, options, defaultValue, strings }: {
  name: string; legend: string; hint?: string | undefined; error?: FormError | undefined; options: RadioOption[]; defaultValue?: string | undefined; strings: Strings;
}) {
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset className="form-fieldset" aria-describedby={describedBy(hint && `${name}-hint`, error && `${name}-error`)}>
        <legend className="form-legend">{legend}</legend>
        {hint && <p className="form-hint" id={`${name}-hint`}>{hint}</p>}
        <ErrorMessage id={`${name}-error`} error={error} strings={strings} />
        <div className="radios">
          {options.map((o, i) => {
            const id = i === 0 ? name : `${name}-${o.value}`;
            const hintId = `${name}-${o.value}-hint`;
            return (
              <div className="radio" key={o.value}>
                <input
                  className="radio__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={o.value}
                  defaultChecked={defaultValue === o.value}
                  aria-describedby={o.hint ? hintId : undefined}
                  aria-invalid={error ? true : undefined}
                />
                <label className="radio__label" htmlFor={id}>{o.label}</label>
                {o.hint && <p className="radio__hint form-hint" id={hintId}>{o.hint}</p>}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox({ name, label, hint, error, defaultChecked, strings, children, alsoDescribedBy }: {
  name: string; label: string; hint?: string | undefined; error?: FormError | undefined; defaultChecked?: boolean; strings: Strings; children?: ComponentChildren;
  /** Another element that explains this box (the consent terms). */
  alsoDescribedBy?: string;
}) {
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <ErrorMessage id={`${name}-error`} error={error} strings={strings} />
      <div className="checkbox">
        <input
          className="checkbox__input"
          id={name}
          name={name}
          type="checkbox"
          value="on"
          defaultChecked={defaultChecked ?? false}
          aria-describedby={describedBy(alsoDescribedBy, (hint !== undefined || children !== undefined) && `${name}-hint`, error && `${name}-error`)}
          aria-invalid={error ? true : undefined}
        />
        <label className="checkbox__label" htmlFor={name}>{label}</label>
        {(hint !== undefined || children !== undefined) && <p className="checkbox__hint form-hint" id={`${name}-hint`}>{hint}{children}</p>}
      </div>
    </div>
  );
}

/** What becomes public and what only the municipality sees, then the consent checkbox. */
export function Consent({ strings, form, privacyHref, error, defaultChecked }: {
  strings: Strings; form: 'report' | 'question'; privacyHref: string; error?: FormError | undefined; defaultChecked: boolean;
}) {
  const [before, after = ''] = say(strings, 'form.consent.more').split('{link}');
  return (
    <fieldset className="form-fieldset consent">
      <legend className="form-legend">{say(strings, 'form.consent.legend')}</legend>
      <dl className="consent__list" id="consent-terms">
        <dt>{say(strings, 'form.consent.publicTitle')}</dt>
        <dd>{say(strings, `form.${form}.public`)}.</dd>
        <dt>{say(strings, 'form.consent.privateTitle')}</dt>
        <dd>{say(strings, `form.${form}.private`)}.</dd>
      </dl>
      <Checkbox name="consent" label={say(strings, 'form.consent.label')} alsoDescribedBy="consent-terms" error={error} defaultChecked={defaultChecked} strings={strings}>
        {before}<a href={privacyHref}>{say(strings, 'form.consent.privacyLink')}</a>{after}
      </Checkbox>
    </fieldset>
  );
}

/** The honeypot: hidden from people and from assistive technology, filled in by bots. */
export function Honeypot({ strings }: { strings: Strings }) {
  return (
    <div className="form-trap" aria-hidden="true">
      <label htmlFor="website">{say(strings, 'form.honeypot')}</label>
      <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

/** Hidden fields every form posts: municipality, locale, idempotency key and start time. */
export function HiddenFields({ municipality, locale, idempotencyKey, startedAt }: { municipality: string; locale: string; idempotencyKey: string; startedAt: string }) {
  return (
    <>
      <input type="hidden" name="municipality" value={municipality} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="startedAt" value={startedAt} />
    </>
  );
}

/** Reads the answers to show again: one value by name, and whether a checkbox was ticked. */
export function valueReader(values: Record<string, string | string[]>) {
  const one = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  const ticked = (name: string) => ['on', 'true', '1'].includes(one(name));
  return { one, ticked };
}

/** The citizen's name and the choice to show it, the same in both forms. */
export function NameFields({ strings, errorFor, one, ticked }: { strings: Strings; errorFor: (field: string) => FormError | undefined; one: (name: string) => string; ticked: (name: string) => boolean }) {
  return (
    <>
      <TextField
        name="name"
        label={say(strings, 'form.name.label')}
        hint={say(strings, 'form.name.hint')}
        error={errorFor('name')}
        defaultValue={one('name')}
        autoComplete="name"
        optional
        strings={strings}
      />
      <Checkbox name="showName" label={say(strings, 'form.showName.label')} hint={say(strings, 'form.showName.hint')} error={errorFor('showName')} defaultChecked={ticked('showName')} strings={strings} />
    </>
  );
}

/** The end of both forms: the honeypot, the hidden fields and the submit button. */
export function FormEnd({ strings, municipality, locale, form, submitKey }: {
  strings: Strings;
  municipality: string;
  locale: string;
  form: { idempotencyKey: string; startedAt: string; sending: boolean };
  submitKey: string;
}) {
  return (
    <>
      <Honeypot strings={strings} />
      <HiddenFields municipality={municipality} locale={locale} idempotencyKey={form.idempotencyKey} startedAt={form.startedAt} />
      <button type="submit" className="button form-submit" aria-disabled={form.sending || undefined}>
        {form.sending ? say(strings, 'form.sending') : say(strings, submitKey)}
      </button>
    </>
  );
}
