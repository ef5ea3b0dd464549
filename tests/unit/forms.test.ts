import { describe, it, expect } from 'vitest';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import ReportForm from '../../sites/components/forms/ReportForm.tsx';
import QuestionForm from '../../sites/components/forms/QuestionForm.tsx';
import { formProps } from '../../sites/components/forms/strings.ts';
import { formStrings, translateErrors } from '../../core/i18n/index.ts';
import { errorMessage } from '../../core/i18n/form-messages.ts';
import { collect, newIdempotencyKey } from '../../sites/components/forms/useForm.ts';
import { formErrorCodes, reportSchema, questionSchema, fieldErrors } from '../../core/cases/forms.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { localeKeys } from '../../core/locales.ts';
import type { FormProps } from '../../sites/components/forms/types.ts';

const zvecan = getMunicipality('zvecan');
const render = (Form: (p: FormProps) => unknown, props: FormProps) => renderToString(h(Form as (p: FormProps) => null, props));
/** The opening tag of the element with this id. */
const tag = (html: string, id: string) => spelled(new RegExp(`<[a-z]+ (?:[^>"]|"[^"]*")*\\bid="${id}"(?:[^>"]|"[^"]*")*>`).exec(html)?.[0] ?? '');
/** An opening tag with every attribute as name="value": Preact writes a boolean or empty one bare (`checked`), as HTML allows. */
function spelled(tag: string): string {
  return tag.replace(/\s([^\s="/>]+)(="[^"]*")?/g, (_, name: string, value: string | undefined) => ` ${name}${value ?? '=""'}`);
}
/** The <form> tag, attribute names lowercased (React writes some in camelCase; HTML ignores case). */
const formTag = (html: string) => spelled(/<form [^>]*>/.exec(html)?.[0].toLowerCase() ?? '');

describe('form strings', () => {
  it('translate every error code of the schemas, and the form’s own, in every locale', () => {
    const own = ['rateLimited', 'unavailable', 'network', 'photoType', 'photoTooBig', 'photoHeic', 'photoUpload', 'tooManyPhotos'];
    for (const locale of localeKeys) {
      const strings = formStrings(locale);
      for (const code of [...formErrorCodes, ...own]) expect(strings[`form.error.${code}`], `${locale} ${code}`).toBeTruthy();
      expect(Object.keys(strings).every((k) => k.startsWith('form.'))).toBe(true);
    }
  });

  it('prefer a field’s own message to the code’s', () => {
    const sr = formStrings('sr');
    expect(errorMessage(sr, 'description', 'required')).toBe('Опишите проблем.');
    expect(errorMessage(sr, 'phone', 'invalidPhone')).toBe(sr['form.error.invalidPhone']);
    expect(errorMessage(sr, 'x', 'noSuchCode')).toBe(sr['form.error.invalid']);
    expect(translateErrors('sr-latn', [{ field: 'description', code: 'required' }])[0]!.message).toBe('Opišite problem.');
  });
});

describe('ReportForm rendered on the server', () => {
  const errors = translateErrors('sr', [
    { field: 'description', code: 'tooShort' },
    { field: 'email', code: 'contactRequired' },
    { field: 'consent', code: 'consentRequired' },
  ]);
  const values = { category: 'lighting', description: 'Кратко', address: 'Улица 1', name: 'Петар <b>', email: '', consent: '' };
  const html = render(ReportForm, formProps(zvecan, 'sr', 'report', { values, errors }));

  it('is a plain form that posts to the API without JavaScript', () => {
    expect(formTag(html)).toContain('method="post"');
    expect(formTag(html)).toContain('action="/api/reports?lang=sr"'); // the language, for answers given before the body is read
    expect(formTag(html)).toContain('novalidate=""');
    expect(html).toMatch(/<button type="submit"[^>]*>Пошаљите пријаву<\/button>/);
    for (const name of ['municipality', 'locale', 'idempotencyKey', 'startedAt', 'lat', 'lng']) expect(html).toContain(`type="hidden" name="${name}"`);
    expect(html).toContain('name="municipality" value="zvecan"');
    expect(html).toContain('name="locale" value="sr"');
  });

  it('shows a GOV.UK error summary linking to each field, in form order', () => {
    expect(html).toMatch(/<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">/);
    expect(html).toContain('Постоји проблем');
    const links = [...html.matchAll(/<li><a href="#([a-zA-Z]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual(errors.map((e) => [e.field, e.message]));
  });

  it('puts each message beside its field, tied by aria-describedby and aria-invalid', () => {
    for (const field of ['description', 'email', 'consent']) {
      expect(html).toMatch(new RegExp(`<p id="${field}-error" class="field-error"><span class="visually-hidden">Грешка: </span>`));
      const input = tag(html, field);
      expect(input, field).toMatch(new RegExp(`aria-describedby="[^"]*\\b${field}-error\\b`));
      expect(input, field).toContain('aria-invalid="true"');
    }
    expect(tag(html, 'address')).not.toContain('aria-invalid');
    expect(html.match(/form-group form-group--error/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps the answers, escaped', () => {
    expect(tag(html, 'category-lighting')).toContain('checked=""');
    expect(tag(html, 'category')).not.toContain('checked');
    expect(html).toMatch(/<textarea[^>]*id="description"[^>]*>Кратко<\/textarea>/);
    expect(tag(html, 'address')).toContain('value="Улица 1"');
    expect(tag(html, 'name')).toContain('value="Петар &lt;b>"'); // "<", "&" and the quote escaped; ">" is inert inside quotes
  });

  it('leaves "show my name" unticked by default and explains what is public', () => {
    expect(tag(html, 'showName')).not.toContain('checked');
    expect(tag(html, 'consent')).not.toContain('checked');
    expect(html).toContain('Прикажи моје име јавно');
    expect(html).toContain('href="/sr/privacy/"');
    expect(tag(html, 'consent')).toContain('consent-terms');
  });

  it('has a honeypot hidden from people and assistive technology', () => {
    expect(html).toMatch(/<div class="form-trap" aria-hidden="true"><label for="website">[^<]+<\/label><input [^>]*id="website"[^>]*><\/div>/);
    const input = tag(html, 'website');
    for (const attr of ['name="website"', 'tabindex="-1"', 'autocomplete="off"', 'value=""']) expect(input.toLowerCase()).toContain(attr);
  });

  it('offers every category of the municipality, the typed address, and no map or file input before JavaScript', () => {
    for (const c of zvecan.categories) expect(html).toContain(`value="${c.code}"`);
    expect(html).toContain('Мапа ради уз JavaScript');
    expect(html).not.toContain('type="file"');
    // No map box before JavaScript: a button opens it (and loads Leaflet) once the island runs.
    // Before that the button is in the page but invisible, in the same grid cell as the note, so
    // hydration swaps which one shows without moving anything below.
    expect(html).not.toContain('id="map"');
    expect(html).toMatch(/<div class="map-open"><p class="form-hint map-open__note">Мапа ради уз JavaScript[^<]*<\/p><button type="button" id="map-open" class="button button--secondary map-open__button map-open--off"[^>]*>Означите место на мапи<\/button><\/div>/);
  });

  it('renders without errors: no summary, nothing ticked, nothing invalid', () => {
    const clean = render(ReportForm, formProps(zvecan, 'sq', 'report'));
    expect(clean).not.toContain('error-summary');
    expect(clean).not.toContain('aria-invalid');
    expect(clean).not.toMatch(/\schecked(?:=""|[\s/>])/); // bare or spelled out
    expect(clean).toContain('Dërgoni raportin');
  });
});

describe('QuestionForm rendered on the server', () => {
  const errors = translateErrors('sq', [{ field: 'question', code: 'required' }, { field: 'email', code: 'invalidEmail' }]);
  const html = render(QuestionForm, formProps(zvecan, 'sq', 'question', { values: { question: '', email: 'x@', showName: 'on', consent: 'on' }, errors }));

  it('links the summary to the fields and keeps the answers', () => {
    expect(formTag(html)).toContain('action="/api/questions?lang=sq"');
    expect(html).toContain('<li><a href="#question">Shkruani pyetjen.</a></li>');
    expect(tag(html, 'question')).toMatch(/aria-describedby="question-hint question-error"/);
    expect(tag(html, 'email')).toContain('value="x@"');
    expect(tag(html, 'showName')).toContain('checked=""');
    expect(tag(html, 'consent')).toContain('checked=""');
    expect(html).toContain('name="website"');
    expect(html).not.toContain('name="photos"');
  });
});

describe('what the island sends', () => {
  it('makes idempotency keys the API accepts', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(newIdempotencyKey()).not.toBe(key);
  });

  it('collects the fields as the schema expects them', () => {
    // A stand-in for HTMLFormElement: collect() only reads it through FormData.
    const entries: [string, string][] = [
      ['category', 'roads'], ['description', 'Рупа на путу код школе'], ['address', ''], ['lat', '42.9'], ['lng', '20.84'],
      ['photos', 'incoming/0b0b7d4e-5c39-4e3e-9a52-6c1b2f0f8a11'], ['consent', 'on'], ['email', 'a@b.rs'], ['phone', ''],
      ['municipality', 'zvecan'], ['locale', 'sr'], ['idempotencyKey', newIdempotencyKey()], ['startedAt', '1700000000000'], ['website', ''],
    ];
    const original = globalThis.FormData;
    globalThis.FormData = class {
      entries() { return entries[Symbol.iterator](); }
      has(k: string) { return entries.some(([n]) => n === k); }
    } as unknown as typeof FormData;
    try {
      const data = collect({} as HTMLFormElement);
      expect(data).toMatchObject({ lat: 42.9, lng: 20.84, startedAt: 1700000000000, consent: true, showName: false, photos: ['incoming/0b0b7d4e-5c39-4e3e-9a52-6c1b2f0f8a11'] });
      expect(reportSchema.safeParse(data).success).toBe(true);
      const q = questionSchema.safeParse({ ...data, question: 'кратко' });
      expect(q.success).toBe(false);
      expect(fieldErrors(q.error!.issues).map((e) => e.code)).toEqual(['tooShort']);
    } finally {
      globalThis.FormData = original;
    }
  });
});

describe('the error summary follows the page order', () => {
  it("lists a question form's errors as the page shows the fields: question, email, consent", () => {
    const r = questionSchema.safeParse({ municipality: 'zvecan', locale: 'sr', question: '', email: 'x@', consent: '' });
    expect(fieldErrors(r.error!.issues).map((e) => e.field)).toEqual(['question', 'email', 'consent']);
  });

  it("lists a report's errors in page order, the cross-field ones (place, contact) in their places", () => {
    const r = reportSchema.safeParse({ municipality: 'zvecan', locale: 'sr', category: '', description: '', consent: '' });
    expect(fieldErrors(r.error!.issues).map((e) => e.field)).toEqual(['category', 'description', 'address', 'email', 'consent']);
  });
});
