import { formStrings, t } from '../../../core/i18n/index.ts';
import { statuses } from '../../../core/cases/statuses.ts';
import { href } from '../../../core/locales.ts';
import { local } from '../../../core/text/localize.ts';
import type { Locale } from '../../../core/locales.ts';
import type { Municipality } from '../../../core/municipalities/schema.ts';
import type { FormCategory, FormError, FormProps } from './types.ts';

/**
 * The props of ReportForm / QuestionForm for a municipality and locale. The Astro pages use it
 * at build time; the API uses it to render the form again with `values` and `errors`.
 */
export function formProps(
  m: Municipality,
  locale: Locale,
  form: 'report' | 'question',
  extra: { values?: Record<string, string | string[]>; errors?: FormError[]; buildTime?: number } = {},
): FormProps {
  const categories = m.categories.map((c): FormCategory => {
    const out: FormCategory = { code: c.code, name: local(c.name, locale) };
    if (c.description) out.description = local(c.description, locale);
    return out;
  });
  const props: FormProps = {
    locale,
    // The report form also names statuses: the nearby open reports' (NearbyPanel).
    strings: form === 'report' ? { ...formStrings(locale), ...Object.fromEntries(statuses.map((s) => [`status.${s}`, t(locale, `status.${s}`)])) } : formStrings(locale),
    municipality: { id: m.id, categories, map: { center: m.map.center, zoom: m.map.zoom, bounds: m.map.bounds, tileUrl: m.map.tileUrl, attribution: m.map.attribution } },
    // The language rides on the URL: a post too large to read (or refused before it is read) is
    // still answered in the reader's language, without reading the body's `locale`.
    action: `${form === 'report' ? '/api/reports' : '/api/questions'}?lang=${locale}`,
    privacyHref: href(locale, 'privacy/'),
    buildTime: extra.buildTime ?? Date.now(),
  };
  if (extra.values) props.values = extra.values;
  if (extra.errors) props.errors = extra.errors;
  return props;
}
