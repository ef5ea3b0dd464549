import { renderToString } from 'react-dom/server';
import type { Config } from '../config.ts';
import type { Municipality } from '../../sites/municipalities/schema.ts';
import type { Locale } from '../../sites/i18n/locales.ts';
import { t } from '../../sites/i18n/index.ts';
import { esc, renderPage } from './html.ts';

/**
 * A citizen form shown again after a POST without JavaScript found mistakes: the same React
 * component the site renders, with the answers kept and the errors beside each field.
 * (Filled in with the site's form components.)
 */
export async function renderFormPage(config: Config, kind: 'report' | 'question', m: Municipality, locale: Locale, values: Record<string, unknown>, errors: { field: string; code: string; message: string }[]): Promise<string> {
  const title = `${t(locale, 'form.error.title')}: ${kind}`;
  const body = renderToString(<div>{errors.map((e) => <p key={e.field}>{e.message}</p>)}</div>);
  return renderPage(config, m, locale, { title: esc(title), body, path: kind === 'report' ? 'system-48h/report/' : 'ask-the-mayor/ask/' });
}
