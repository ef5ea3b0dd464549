import { allDictionaries, t, type StringKey } from '../../i18n/index.ts';
import { municipality as siteMunicipality, local, href } from '../../lib/site.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Municipality } from '../../municipalities/schema.ts';
import type { FormCategory, FormError, FormProps } from './types.ts';
import { errorMessage } from './messages.ts';

export { errorMessage };

/** Every "form.*" string in a locale, for the forms' props (the island gets only these). */
export function formStrings(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(allDictionaries[locale]) as StringKey[]) {
    if (key.startsWith('form.')) out[key] = t(locale, key);
  }
  return out;
}

/** Translates {field, code} pairs (from fieldErrors()) into the errors prop. */
export function translateErrors(locale: Locale, errors: { field: string; code: string }[]): FormError[] {
  const strings = formStrings(locale);
  return errors.map((e) => ({ ...e, message: errorMessage(strings, e.field, e.code) }));
}

/**
 * The props of ReportForm / QuestionForm for a municipality and locale. The Astro pages use it
 * at build time; the API uses it to render the form again with `values` and `errors`.
 */
export function formProps(
  locale: Locale,
  form: 'report' | 'question',
  extra: { values?: Record<string, string | string[]>; errors?: FormError[]; municipality?: Municipality; buildTime?: number } = {},
): FormProps {
  const m = extra.municipality ?? siteMunicipality;
  const categories = m.categories.map((c): FormCategory => {
    const out: FormCategory = { code: c.code, name: local(c.name, locale) };
    if (c.description) out.description = local(c.description, locale);
    return out;
  });
  const props: FormProps = {
    locale,
    strings: formStrings(locale),
    municipality: { id: m.id, categories, map: { center: m.map.center, zoom: m.map.zoom, bounds: m.map.bounds, tileUrl: m.map.tileUrl, attribution: m.map.attribution } },
    action: form === 'report' ? '/api/reports' : '/api/questions',
    privacyHref: href(locale, 'privacy/'),
    buildTime: extra.buildTime ?? Date.now(),
  };
  if (extra.values) props.values = extra.values;
  if (extra.errors) props.errors = extra.errors;
  return props;
}
