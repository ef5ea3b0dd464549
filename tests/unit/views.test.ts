// The shared case template (core/views/case.ts) and its helpers: what the archive page, the live
// status page and the staff page all show. Hostile text stays text, Serbian text comes in the
// reader's script, photos need a variant, and the staff form's fields match the citizen forms'.
import { describe, it, expect } from 'vitest';
import { h, type FunctionComponent } from 'preact';
import { renderToString as renderToStaticMarkup } from 'preact-render-to-string';
import { ErrorSummary, Radios, TextArea, TextField } from '../../sites/components/forms/Fields.tsx';
import { formStrings } from '../../core/i18n/index.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import { esc, paragraphs } from '../../core/views/html.ts';
import { categoryName, formatDateTime, formatDay, formatDaysHours, formatHoursMinutes, formatHoursOrDays } from '../../core/views/format.ts';
import { caseAnswer, caseBody, caseDeadline, caseFacts, casePhotos, caseText, caseTimeline, caseTitle, statusBadge, type CaseView } from '../../core/views/case.ts';
import { errorSummary, radios, textArea, textField } from '../../core/views/form.ts';

const zvecan = getMunicipality('zvecan');
const HOUR = 3_600_000;

const base: PublicCase = {
  v: 1, code: 'TEST-0001', kind: 'report', municipality: 'zvecan', category: 'roads', lang: 'sr-latn',
  text: 'Velika rupa na putu kod škole.', address: 'Glavna ulica', lat: 42.9081, lng: 20.8412, status: 'received',
  createdAt: '2026-03-02T08:15:00.000Z', updatedAt: '2026-03-02T08:15:00.000Z', deadlineAt: '2026-03-04T08:15:00.000Z',
  photos: [], timeline: [{ at: '2026-03-02T08:15:00.000Z', status: 'received' }],
};
const view = (locale: CaseView['locale'], c: PublicCase = base, now = new Date('2026-03-03T08:15:00Z')): CaseView => ({ locale, municipality: zvecan, deadline: caseDeadline(c, now) });
/** The text of an HTML string: tags out, the few entities we write decoded. */
const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('hostile text', () => {
  const hostile = `<script>alert("x")</script> "quoted" & 'single' <img src=x onerror=alert(1)>`;
  const c: PublicCase = {
    ...base, lang: 'sq', text: hostile, address: hostile, name: hostile, answer: hostile, referral: hostile, category: '<b>nope</b>', status: 'answered',
    firstAnsweredAt: '2026-03-02T10:00:00.000Z',
    photos: [{ id: 'p1', variants: [{ w: 480, url: '/media/x-480.webp?a=1&b="2"' }] }],
    timeline: [{ at: '2026-03-02T08:15:00.000Z', status: 'received' }, { at: '2026-03-02T10:00:00.000Z', status: 'answered', answer: hostile }],
  };

  it('is shown as text everywhere in the case, never as markup', () => {
    for (const locale of ['sr', 'sr-latn', 'sq'] as const) {
      const html = caseBody(c, view(locale, c));
      expect(html).not.toMatch(/<script|<img src=x|<b>nope/);
      expect(html).not.toContain('"quoted"');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      // Every place it was put shows it: text, address, name, answer, referral, timeline.
      expect(text(html).split(hostile).length - 1).toBe(6);
      expect(html).toContain('src="/media/x-480.webp?a=1&amp;b=&quot;2&quot;"');
    }
  });

  it('cannot break out of a title or an attribute', () => {
    expect(caseTitle({ ...c, code: '<X>' }, view('sr', c))).toContain('<X>'); // a plain string: the page escapes it
    expect(esc(`"><script>`)).toBe('&quot;&gt;&lt;script&gt;');
    expect(paragraphs('a\r\n\r\nb <i>\nc')).toBe('<p>a</p><p>b &lt;i&gt;<br>c</p>');
  });
});

describe('the reader’s script', () => {
  const written = { ...base, name: 'Miloš Jovanović', answer: 'Ekipa izlazi na teren.', timeline: [...base.timeline, { at: '2026-03-02T14:30:00.000Z', status: 'in_progress' as const, answer: 'Ekipa izlazi na teren.' }] };

  it('shows Serbian written in Latin in Cyrillic to /sr/ readers, marked as such', () => {
    const html = caseBody(written, view('sr', written));
    expect(html).toContain('<div class="prose" lang="sr-Cyrl"><p>Велика рупа на путу код школе.</p></div>');
    expect(html).toContain('<p lang="sr-Cyrl">Екипа излази на терен.</p>');
    // Names and addresses are shown as typed to Cyrillic readers.
    expect(html).toContain('<dd>Miloš Jovanović</dd>');
  });

  it('shows Serbian written in Cyrillic in Latin to /sr-latn/ and /sq/ readers', () => {
    const cyr = { ...written, lang: 'sr' as const, text: 'Велика рупа на путу.', name: 'Милош', address: 'Главна улица' };
    for (const locale of ['sr-latn', 'sq'] as const) {
      const html = caseBody(cyr, view(locale, cyr));
      expect(html).toContain('<div class="prose" lang="sr-Latn"><p>Velika rupa na putu.</p></div>');
      expect(html).toContain('<dd>Miloš</dd>');
      expect(html).toContain('Glavna ulica');
    }
  });

  it('leaves Albanian as written, in every locale', () => {
    const sq = { ...base, lang: 'sq' as const, text: 'Llamba rrugore nuk punon.' };
    for (const locale of ['sr', 'sr-latn', 'sq'] as const) expect(caseText(sq, { locale })).toContain('<div class="prose" lang="sq"><p>Llamba rrugore nuk punon.</p></div>');
  });
});

describe('photos', () => {
  it('are shown only with a variant, smallest as src and every size in srcset', () => {
    const c = {
      ...base,
      photos: [
        { id: 'empty', variants: [] },
        { id: 'p2', variants: [{ w: 1280, url: '/m/p2-1280.webp' }, { w: 480, url: '/m/p2-480.webp' }] },
      ],
    };
    const html = casePhotos(c, { locale: 'sr-latn' });
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html).toContain('src="/m/p2-480.webp" srcset="/m/p2-1280.webp 1280w, /m/p2-480.webp 480w"');
    expect(html).toContain('alt="Fotografija 1 uz prijavu TEST-0001"');
    expect(casePhotos({ ...base, photos: [{ id: 'empty', variants: [] }] }, { locale: 'sr' })).toBe('');
    expect(casePhotos(base, { locale: 'sr' })).toBe('');
  });
});

describe('facts and timeline', () => {
  it('say where the case stands against its deadline', () => {
    const facts = (c: PublicCase, now: string) => text(caseFacts(c, view('sr-latn', c, new Date(now))));
    expect(facts(base, '2026-03-03T08:15:00Z')).toContain('Rok teče · Rok: 4. mart 2026. 09:15');
    expect(facts(base, '2026-03-10T08:15:00Z')).toContain('Rok je istekao · Kasni 6 dana');
    expect(facts(base, '2026-03-04T13:15:00Z')).toContain('Kasni 5 č');
    expect(facts({ ...base, firstAnsweredAt: '2026-03-02T14:15:00.000Z' }, '2026-03-10T08:15:00Z')).toContain('Odgovoreno u roku · Prvi odgovor posle 6 č');
    expect(facts({ ...base, firstAnsweredAt: '2026-03-06T08:15:00.000Z' }, '2026-03-10T08:15:00Z')).toContain('Odgovoreno posle roka · Prvi odgovor posle 4 dana');
    // Answered within minutes: not "after 0 h".
    const quick = facts({ ...base, firstAnsweredAt: '2026-03-02T08:35:00.000Z' }, '2026-03-10T08:15:00Z');
    expect(quick).toContain('Odgovoreno u roku · Prvi odgovor za manje od sat vremena');
    expect(quick).not.toContain('posle 0');
    const quickCase = { ...base, firstAnsweredAt: '2026-03-02T08:35:00.000Z' };
    expect(text(caseFacts(quickCase, view('sq', quickCase, new Date('2026-03-10T08:15:00Z'))))).toContain('Përgjigjja e parë brenda një ore');
  });

  it('show the category, the place with its map link, and a name only when there is one', () => {
    const html = caseFacts(base, view('sr'));
    expect(html).toContain('<dd>Путеви и тротоари</dd>');
    expect(html).toContain('Glavna ulica · <a href="https://www.openstreetmap.org/?mlat=42.9081&amp;mlon=20.8412#map=17/42.9081/20.8412">');
    expect(html).not.toContain('<dt>Подноси</dt>');
    const question = caseFacts({ ...base, kind: 'question', category: undefined, address: undefined, lat: undefined, lng: undefined }, view('sr'));
    expect(question).not.toMatch(/Категорија|Место/);
  });

  it('lists every step with its status and what was said', () => {
    const c = { ...base, lang: 'sq' as const, timeline: [...base.timeline, { at: '2026-03-02T14:30:00.000Z', status: 'forwarded' as const, referral: 'Drejtohuni në zyrë.' }] };
    const html = caseTimeline(c, view('sq', c));
    expect(html.match(/<li>/g)).toHaveLength(2);
    expect(html).toContain('<time datetime="2026-03-02T14:30:00.000Z">2 mars 2026 15:30</time> – <strong>');
    expect(html).toContain('<p lang="sq">Drejtohuni në zyrë.</p>');
  });
});

describe('formats', () => {
  it('write durations, times and category names one way', () => {
    expect(formatHoursOrDays(5.4, 'sr')).toBe('5 ч');
    expect(formatHoursOrDays(47.6, 'sr-latn')).toBe('2 dana');
    expect(formatHoursMinutes(-(5 * HOUR + 7 * 60_000), 'sr-latn')).toBe('5 č 7 min');
    expect(formatDateTime('2026-11-23T13:05:00Z', 'sr', 'Europe/Belgrade')).toBe('23. новембар 2026. 14:05');
    expect(formatDateTime('2026-11-23T13:05:00Z', 'sq', 'Europe/Belgrade')).toBe('23 nëntor 2026 14:05');
    expect(categoryName(zvecan, 'roads', 'sr-latn')).toBe('Putevi i trotoari');
    expect(categoryName(zvecan, 'gone', 'sr')).toBe('gone');
  });
});

describe('answers in two languages', () => {
  const both: PublicCase = {
    ...base, lang: 'sr', status: 'answered', firstAnsweredAt: '2026-03-02T10:00:00.000Z',
    answer: 'Светиљка је замењена.', answers: { sr: 'Светиљка је замењена.', sq: 'Llamba u zëvendësua.' },
  };

  it('shows the reader’s language first and offers the other below, named in its own language', () => {
    const sr = caseAnswer(both, { locale: 'sr' });
    expect(sr).toContain('<div class="prose" lang="sr-Cyrl"><p>Светиљка је замењена.</p></div>');
    expect(sr).toContain('<details class="answer-other" lang="sq"><summary>Përgjigjja në shqip</summary><div class="prose" lang="sq"><p>Llamba u zëvendësua.</p></div></details>');
    expect(sr.indexOf('Светиљка')).toBeLessThan(sr.indexOf('Llamba'));
    // Serbian Latin readers: the Serbian answer in Latin letters first.
    expect(caseAnswer(both, { locale: 'sr-latn' })).toMatch(/^<h2>Odgovor opštine<\/h2><div class="prose" lang="sr-Latn"><p>Svetiljka je zamenjena\.<\/p><\/div><details class="answer-other" lang="sq">/);
    // Albanian readers: the Albanian answer first, the Serbian one (in Latin letters) offered as "Odgovor na srpskom".
    const sq = caseAnswer(both, { locale: 'sq' });
    expect(sq).toContain('<div class="prose" lang="sq"><p>Llamba u zëvendësua.</p></div><details class="answer-other" lang="sr-Latn"><summary>Odgovor na srpskom</summary><div class="prose" lang="sr-Latn"><p>Svetiljka je zamenjena.</p></div></details>');
    expect(sq.indexOf('Llamba')).toBeLessThan(sq.indexOf('Svetiljka'));
  });

  it('shows the one language there is to every reader, without offering another', () => {
    const onlySq = { ...both, answer: 'Llamba u zëvendësua.', answers: { sq: 'Llamba u zëvendësua.' } };
    for (const locale of ['sr', 'sr-latn', 'sq'] as const) {
      const html = caseAnswer(onlySq, { locale });
      // Albanian stays Albanian on a Serbian case (not transliterated as if it were Serbian).
      expect(html).toContain('<div class="prose" lang="sq"><p>Llamba u zëvendësua.</p></div>');
      expect(html).not.toContain('<details');
    }
  });

  it('shows an old case’s single answer as before', () => {
    const old = { ...both, answers: undefined };
    expect(caseAnswer(old, { locale: 'sq' })).toBe('<h2>Përgjigjja e komunës</h2><div class="prose" lang="sr-Latn"><p>Svetiljka je zamenjena.</p></div>');
    expect(caseAnswer(old, { locale: 'sr' })).not.toContain('<details');
  });

  it('the timeline shows each step’s answer in the reader’s language', () => {
    const c = { ...both, timeline: [...base.timeline, { at: '2026-03-02T10:00:00.000Z', status: 'answered' as const, answer: 'Светиљка је замењена.', answers: { sr: 'Светиљка је замењена.', sq: 'Llamba u zëvendësua.' } }] };
    expect(caseTimeline(c, view('sq', c))).toContain('<p lang="sq">Llamba u zëvendësua.</p>');
    expect(caseTimeline(c, view('sr-latn', c))).toContain('<p lang="sr-Latn">Svetiljka je zamenjena.</p>');
  });
});

describe('channels, resolution and duplicates', () => {
  const progress: PublicCase = {
    ...base, status: 'in_progress', channel: 'phone', firstAnsweredAt: '2026-03-02T10:00:00.000Z',
    plannedAt: '2026-03-14', resolutionDueAt: '2026-03-30T09:00:00.000Z',
    timeline: [...base.timeline, { at: '2026-03-02T10:00:00.000Z', status: 'in_progress', plannedAt: '2026-03-14' }],
  };

  it('names the channel when the case did not come through the web forms', () => {
    expect(text(caseFacts(progress, view('sr-latn', progress)))).toContain('Način podnošenja' + 'Primljeno telefonom');
    expect(text(caseFacts({ ...progress, channel: 'counter' }, view('sq', progress)))).toContain('Pranuar në sportel');
    expect(caseFacts(base, view('sr'))).not.toContain('Начин подношења');
  });

  it('in progress: the planned date and the resolution deadline, still running or passed', () => {
    const running = text(caseFacts(progress, view('sr-latn', progress, new Date('2026-03-10T08:00:00Z'))));
    expect(running).toContain('Planirano za14. mart 2026.');
    expect(running).toContain('Rok za rešavanjeRok za rešavanje teče · Rok: 30. mart 2026. 11:00');
    const late = caseFacts(progress, view('sr-latn', progress, new Date('2026-04-01T08:00:00Z')));
    expect(text(late)).toContain('Rok za rešavanje je istekao · Rok: 30. mart 2026. 11:00');
    expect(late).toContain('<span class="state state--overdue">');
    expect(late).toContain('<time datetime="2026-03-14">');
  });

  it('resolved: when, after how long, and whether within the resolution deadline', () => {
    const done: PublicCase = { ...progress, status: 'resolved', resolvedAt: '2026-03-05T12:15:00.000Z' };
    const html = text(caseFacts(done, view('sr-latn', done)));
    // 2 March 08:15Z → 5 March 12:15Z = 3 days 4 hours.
    expect(html).toContain('Rešeno5. mart 2026. 13:15, 3 dana 4 sata od podnošenja');
    expect(html).toContain('Rešeno u roku · Rok: 30. mart 2026. 11:00');
    expect(html).not.toContain('Planirano za');
    const lateDone = { ...done, resolvedAt: '2026-04-02T08:15:00.000Z' };
    expect(text(caseFacts(lateDone, view('sq', lateDone)))).toContain('Zgjidhur pas afatit');
    // Resolved at once, without a resolution deadline: when, and nothing about a deadline.
    const atOnce = { ...base, status: 'resolved' as const, firstAnsweredAt: '2026-03-02T10:15:00.000Z', resolvedAt: '2026-03-02T10:15:00.000Z' };
    const once = text(caseFacts(atOnce, view('sr', atOnce)));
    expect(once).toContain('2 сата од подношења');
    expect(once).not.toContain('Рок за решавање');
  });

  it('a duplicate points to the original’s archive page, in the notice and the timeline', () => {
    const dup: PublicCase = {
      ...base, status: 'duplicate', duplicateOf: 'ORIG-0001', firstAnsweredAt: '2026-03-02T10:00:00.000Z',
      timeline: [...base.timeline, { at: '2026-03-02T10:00:00.000Z', status: 'duplicate', duplicateOf: 'ORIG-0001' }],
    };
    for (const [locale, words] of [['sr', 'дупликат предмета'], ['sr-latn', 'duplikat predmeta'], ['sq', 'dublikatë e rastit']] as const) {
      const html = caseBody(dup, view(locale, dup));
      expect(html).toContain(`<p class="notice" data-testid="duplicate-notice">`);
      expect(html).toContain(`<a href="/${locale}/archive/case/ORIG-0001/">ORIG-0001</a>`);
      expect(text(html)).toContain(words);
      expect(html.match(/href="\/[a-z-]+\/archive\/case\/ORIG-0001\/"/g)).toHaveLength(2); // notice and timeline
    }
    expect(statusBadge('duplicate', 'sr')).toBe('<span class="badge badge--duplicate">Дупликат</span>');
    expect(caseBody(base, view('sr'))).not.toContain('duplicate-notice');
  });

  it('the timeline shows the planned date of a step', () => {
    expect(text(caseTimeline(progress, view('sq', progress)))).toContain('Planifikuar për 14 mars 2026');
  });

  it('formats days and hours, and calendar dates', () => {
    expect(formatDaysHours(76, 'sr')).toBe('3 дана 4 сата');
    expect(formatDaysHours(24.4, 'sr-latn')).toBe('1 dan');
    expect(formatDaysHours(5, 'sr')).toBe('5 сати');
    expect(formatDaysHours(0.2, 'sr')).toBe('0 сати');
    expect(formatDaysHours(21 * 24 + 1, 'sr')).toBe('21 дан 1 сат');
    expect(formatDaysHours(49, 'sq')).toBe('2 ditë 1 orë');
    expect(formatDay('2026-03-14', 'sr')).toBe('14. март 2026.');
    expect(formatDay('2026-03-14', 'sq')).toBe('14 mars 2026');
  });
});

describe('the citizen’s feedback ("was it fixed?")', () => {
  const done: PublicCase = {
    ...base, status: 'resolved', firstAnsweredAt: '2026-03-02T10:15:00.000Z', resolvedAt: '2026-03-03T10:15:00.000Z',
    timeline: [...base.timeline, { at: '2026-03-03T10:15:00.000Z', status: 'resolved' }],
  };

  it('shows both answers in the facts, in three locales', () => {
    const both: PublicCase = { ...done, feedback: { solved: true, satisfied: false } };
    for (const [locale, term, solved, satisfied] of [
      ['sr', 'Оцена подносиоца', 'Подносилац каже да је проблем решен.', 'Подносилац није задовољан одговором.'],
      ['sr-latn', 'Ocena podnosioca', 'Podnosilac kaže da je problem rešen.', 'Podnosilac nije zadovoljan odgovorom.'],
      ['sq', 'Vlerësimi i parashtruesit', 'Parashtruesi thotë se problemi u zgjidh.', 'Parashtruesi nuk është i kënaqur me përgjigjen.'],
    ] as const) {
      const html = caseFacts(both, view(locale, both));
      expect(html).toContain(`<dt>${term}</dt><dd><span data-testid="case-feedback">${solved} ${satisfied}</span></dd>`);
      // In the body the pages show, too.
      expect(text(caseBody(both, view(locale, both)))).toContain(`${solved} ${satisfied}`);
    }
    const other: PublicCase = { ...done, feedback: { solved: false, satisfied: true } };
    expect(text(caseFacts(other, view('sr', other)))).toContain('Подносилац каже да проблем није решен. Подносилац је задовољан одговором.');
  });

  it('shows one answer when only one was given; an answered question too', () => {
    const onlySatisfied: PublicCase = { ...done, feedback: { satisfied: true } };
    const html = text(caseFacts(onlySatisfied, view('sq', onlySatisfied)));
    expect(html).toContain('Vlerësimi i parashtruesitParashtruesi është i kënaqur me përgjigjen.');
    expect(html).not.toContain('problemi');
    const question: PublicCase = { ...base, kind: 'question', category: undefined, status: 'answered', firstAnsweredAt: '2026-03-02T10:15:00.000Z', feedback: { solved: false } };
    expect(text(caseFacts(question, view('sr-latn', question)))).toContain('Ocena podnosiocaPodnosilac kaže da problem nije rešen.');
  });

  it('says nothing without answers, nor while the case is open again after a reopening', () => {
    for (const locale of ['sr', 'sr-latn', 'sq'] as const) {
      expect(caseFacts(done, view(locale, done))).not.toContain('case-feedback');
      expect(caseFacts({ ...done, feedback: {} }, view(locale, done))).not.toContain('case-feedback');
    }
    const reopened: PublicCase = { ...done, status: 'received', reopenedAt: '2026-03-06T08:00:00.000Z', feedback: { solved: true, satisfied: true } };
    const html = caseFacts(reopened, view('sr', reopened));
    expect(html).not.toContain('case-feedback');
    expect(html).not.toContain('Оцена подносиоца');
  });
});

describe('the staff form’s fields', () => {
  /** Markup with each tag's attributes sorted and spelled one way, so Preact's output and ours compare ("&gt;" or ">" in text alike). */
  const normal = (html: string) =>
    html.replace(/&#x27;/g, '&#39;').replace(/&gt;/g, '>').replace(/<([a-z0-9]+)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/g, (_, name: string, attrs: string) => {
      const list = [...attrs.matchAll(/([^\s=>]+)(?:="([^"]*)")?/g)].map((m) => `${m[1]!.toLowerCase()}="${m[2] ?? ''}"`).sort();
      return `<${name}${list.map((a) => ` ${a}`).join('')}>`;
    });
  const react = <P extends object>(el: FunctionComponent<P>, props: P) => normal(renderToStaticMarkup(h(el, props)));
  const strings = formStrings('sr');
  const error = { field: 'answer', code: 'required', message: 'Напишите "одговор" <сада>.' };

  it('match the citizen forms’ text area, with and without an error', () => {
    for (const e of [undefined, error]) {
      const props = { name: 'answer', label: 'Јавни одговор', hint: 'Објављује се.', error: e, value: 'Текст & <b>' };
      expect(normal(textArea({ ...props, locale: 'sr' }))).toBe(react(TextArea, { ...props, defaultValue: props.value, strings }));
    }
  });

  it('match the citizen forms’ text field', () => {
    const props = { name: 'referral', label: 'Коме', error: { ...error, field: 'referral' }, value: 'x' };
    expect(normal(textField({ ...props, locale: 'sr' }))).toBe(react(TextField, { ...props, defaultValue: props.value, strings }));
  });

  it('match the citizen forms’ radios and error summary', () => {
    const options = [{ value: 'answered', label: 'Одговорено' }, { value: 'resolved', label: 'Решено', hint: 'Готово.' }];
    for (const e of [undefined, { ...error, field: 'outcome' }]) {
      const props = { name: 'outcome', legend: 'Исход', hint: 'Изаберите.', error: e, options, value: 'resolved' };
      expect(normal(radios({ ...props, locale: 'sr' }))).toBe(react(Radios, { ...props, defaultValue: props.value, strings }));
    }
    const errors = [error, { field: 'outcome', code: 'required', message: 'Изаберите исход.' }];
    const ours = normal(errorSummary(errors, 'sr'));
    const theirs = react(ErrorSummary, { strings, items: errors.map((x) => ({ target: x.field, message: x.message })), summaryRef: null });
    expect(ours).toBe(theirs);
    expect(errorSummary([], 'sr')).toBe('');
  });
});
