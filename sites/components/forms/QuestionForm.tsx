/** @jsxImportSource react */
/**
 * Ask the Mayor: a question, a name (public only if ticked) and an email address for the
 * answer. A plain HTML form without JavaScript; hydrated, it validates inline (see useForm).
 */
import { questionSchema } from '../../../functions/core/forms.ts';
import { Checkbox, Consent, ErrorSummary, HiddenFields, Honeypot, TextArea, TextField } from './Fields.tsx';
import { say } from './messages.ts';
import { useForm } from './useForm.ts';
import type { FormProps } from './types.ts';

const ORDER = ['question', 'name', 'showName', 'email', 'consent'];

export default function QuestionForm(props: FormProps) {
  const { strings, municipality, values = {}, locale, action, privacyHref, buildTime } = props;
  const one = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  const ticked = (name: string) => ['on', 'true', '1'].includes(one(name));
  const form = useForm(props, {
    schema: questionSchema,
    order: ORDER,
    target: (field) => (ORDER.includes(field) ? field : undefined),
  });
  const { errorFor } = form;

  return (
    <form method="post" action={action} noValidate onSubmit={form.onSubmit} className="citizen-form" data-build-time={buildTime}>
      <ErrorSummary strings={strings} items={form.summary} summaryRef={form.summaryRef} />
      <p className="form-hint form-note">{say(strings, 'form.required')}</p>

      <TextArea
        name="question"
        label={say(strings, 'form.question.label')}
        hint={say(strings, 'form.question.hint')}
        error={errorFor('question')}
        defaultValue={one('question')}
        strings={strings}
      />
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
      <TextField
        name="email"
        type="email"
        label={say(strings, 'form.email.label')}
        hint={say(strings, 'form.question.email.hint')}
        error={errorFor('email')}
        defaultValue={one('email')}
        autoComplete="email"
        inputMode="email"
        spellCheck={false}
        strings={strings}
      />

      <Consent strings={strings} form="question" privacyHref={privacyHref} error={errorFor('consent')} defaultChecked={ticked('consent')} />

      <Honeypot strings={strings} />
      <HiddenFields municipality={municipality.id} locale={locale} idempotencyKey={form.idempotencyKey} startedAt={form.startedAt} />

      <button type="submit" className="button form-submit" aria-disabled={form.sending || undefined}>
        {form.sending ? say(strings, 'form.sending') : say(strings, 'form.question.submit')}
      </button>
    </form>
  );
}
