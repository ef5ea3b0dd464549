/** @jsxImportSource preact */
/**
 * Ask the Mayor: a question, a name (public only if ticked) and an email address for the
 * answer. A plain HTML form without JavaScript; hydrated, it validates inline (see useForm).
 */
import { questionSchema } from '../../../core/cases/forms.ts';
import { Consent, ErrorSummary, FormEnd, NameFields, TextArea, TextField, valueReader } from './Fields.tsx';
import { say } from '../../../core/i18n/form-messages.ts';
import { useForm } from './useForm.ts';
import type { FormProps } from './types.ts';

const ORDER = ['question', 'name', 'showName', 'email', 'consent'];

export default function QuestionForm(props: FormProps) {
  const { strings, municipality, values = {}, locale, action, privacyHref, buildTime } = props;
  const { one, ticked } = valueReader(values);
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
      <NameFields strings={strings} errorFor={errorFor} one={one} ticked={ticked} />
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

      <FormEnd strings={strings} municipality={municipality.id} locale={locale} form={form} submitKey="form.question.submit" />
    </form>
  );
}
