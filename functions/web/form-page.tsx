/** @jsxImportSource preact */
import { renderToString } from 'preact-render-to-string';
import type { Config } from '../config.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { Locale } from '../../core/locales.ts';
import { t } from '../../core/i18n/index.ts';
import ReportForm from '../../sites/components/forms/ReportForm.tsx';
import QuestionForm from '../../sites/components/forms/QuestionForm.tsx';
import { formProps } from '../../sites/components/forms/strings.ts';
import { renderPage } from './html.ts';
import { esc } from '../../core/views/html.ts';

/**
 * A citizen form shown again after a POST without JavaScript found mistakes: the same Preact
 * component the site renders at build time, with the answers kept and the errors beside each
 * field, in the site's layout. The title starts with "Error:", as GOV.UK does.
 */
export async function renderFormPage(config: Config, kind: 'report' | 'question', m: Municipality, locale: Locale, body: Record<string, unknown>, errors: { field: string; code: string; message: string }[]): Promise<string> {
  const values: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'website' || k === 'idempotencyKey') continue; // a fresh key, and never echo the honeypot
    if (Array.isArray(v)) values[k] = v.map(String);
    else if (v !== undefined && v !== null) values[k] = String(v);
  }
  const props = formProps(m, locale, kind, { values, errors, buildTime: Date.now() });
  const heading = t(locale, kind === 'report' ? 'form.report.title' : 'form.question.title');
  const intro = t(locale, kind === 'report' ? 'form.report.intro' : 'form.question.intro');
  const form = renderToString(kind === 'report' ? <ReportForm {...props} /> : <QuestionForm {...props} />);
  const html = `<h1>${esc(heading)}</h1><p class="lead">${esc(intro)}</p>${form}`;
  return renderPage(config, m, locale, { title: `${t(locale, 'form.error.title')}: ${heading}`, body: html, path: kind === 'report' ? 'system-48h/report/' : 'ask-the-mayor/ask/' });
}
