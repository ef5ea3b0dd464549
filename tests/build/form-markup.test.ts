// The no-JavaScript path shows a form again with its errors (functions/web/form-page.tsx renders
// the form component with preact-render-to-string); the built page carries the same component as
// an island, rendered at build time by Astro's Preact renderer. Both must be the very same markup,
// or a citizen without JavaScript would meet a different form after a mistake.
import { describe, it, expect } from 'vitest';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import ReportForm from '../../sites/components/forms/ReportForm.tsx';
import QuestionForm from '../../sites/components/forms/QuestionForm.tsx';
import { formProps } from '../../sites/components/forms/strings.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { localeKeys, type Locale } from '../../core/locales.ts';
import type { FormProps } from '../../sites/components/forms/types.ts';
import { read, siteIds } from '../helpers/dist.ts';

const forms = [
  { kind: 'report', page: 'system-48h/report/index.html', Form: ReportForm },
  { kind: 'question', page: 'ask-the-mayor/ask/index.html', Form: QuestionForm },
] as const;

describe('the citizen forms', () => {
  it.each(siteIds)('of %s are the same markup in the built page as the function renders them', (site) => {
    const m = getMunicipality(site);
    for (const locale of localeKeys as readonly Locale[]) {
      for (const { kind, page, Form } of forms) {
        const html = read(site, `${locale}/${page}`);
        const built = /<form [\s\S]*<\/form>/.exec(html)?.[0] ?? '';
        expect(built, `${site} ${locale} ${kind}`).toContain('class="citizen-form"');
        const buildTime = Number(/data-build-time="(\d+)"/.exec(built)?.[1]);
        const props: FormProps = formProps(m, locale, kind, { buildTime });
        expect(built, `${site} ${locale} ${kind}`).toBe(renderToString(h(Form as (p: FormProps) => ReturnType<typeof ReportForm>, props)));
      }
    }
  });
});
