/**
 * The case template: one case as the archive page, the live status page and the staff page show
 * it. Each part is a function from the public record of a case (core/cases/public.ts) to an HTML
 * string; the archive's Astro page inserts them with `<Fragment set:html>`, the functions put
 * them into the site's layout. A change made here shows on all three pages.
 *
 * Why strings and not Astro components rendered in the function (Astro's container API): the
 * HTTP function would then carry the Astro runtime and compiled components to render a page it
 * now renders in well under a millisecond; strings need nothing, and a typed function is as easy
 * to test as a component. The archive page is still Astro around these parts (layout, links).
 *
 * Text written by citizens and staff is shown in the reader's script (core/text/reader.ts) and
 * escaped; names, addresses and category names too.
 */
import type { Municipality } from '../municipalities/schema.ts';
import { href, type Locale } from '../locales.ts';
import { t } from '../i18n/index.ts';
import type { Status } from '../cases/statuses.ts';
import { deadlineState, type DeadlineState, type PublicCase } from '../cases/public.ts';
import { textFor, inReaderScript } from '../text/reader.ts';
import { esc, attrs, paragraphs } from './html.ts';
import { categoryName, formatDateTime, formatHoursOrDays, hoursBetween } from './format.ts';

/** Where a case stands against its deadline, and (when it is overdue) by how many hours. */
export interface Deadline {
  state: DeadlineState;
  /** Hours past the deadline at the moment the page is made; read only when `state` is 'overdue'. */
  lateHours: number;
}

/** What every part needs besides the case: who reads it, and whose case it is. */
export interface CaseView {
  locale: Locale;
  municipality: Pick<Municipality, 'categories' | 'clock'>;
  deadline: Deadline;
}

/** The deadline of a case at `now` (the live pages: the request's time; the archive: the build's). */
export function caseDeadline(c: Pick<PublicCase, 'firstAnsweredAt' | 'deadlineAt'>, now: Date): Deadline {
  const state = deadlineState(c, now);
  return { state, lateHours: state === 'overdue' ? hoursBetween(c.deadlineAt, now) : 0 };
}

const when = (iso: string, v: CaseView) => formatDateTime(iso, v.locale, v.municipality.clock.timeZone);

/** The page title: "Пријава K7QM-3XTD: Путеви и тротоари" or "Питање председнику општине K7QM-3XTD". */
export function caseTitle(c: Pick<PublicCase, 'kind' | 'code' | 'category'>, v: Pick<CaseView, 'locale' | 'municipality'>): string {
  return c.kind === 'report'
    ? t(v.locale, 'archive.caseTitle.report', { code: c.code, category: categoryName(v.municipality, c.category, v.locale) })
    : t(v.locale, 'archive.caseTitle.question', { code: c.code });
}

/** A status as a coloured badge. */
export function statusBadge(status: Status, locale: Locale): string {
  return `<span class="badge badge--${status}">${esc(t(locale, `status.${status}`))}</span>`;
}

/** The place on OpenStreetMap, for a case with a pin. */
export function osmLink(c: Pick<PublicCase, 'lat' | 'lng'>): string | undefined {
  return c.lat !== undefined && c.lng !== undefined ? `https://www.openstreetmap.org/?mlat=${c.lat}&mlon=${c.lng}#map=17/${c.lat}/${c.lng}` : undefined;
}

/**
 * The facts: status, the deadline (met, missed, still running, overdue, with how long the answer
 * took or how late it is), when it came in, the category, the place and the name if the citizen
 * chose to show it.
 */
export function caseFacts(c: PublicCase, v: CaseView): string {
  const { locale } = v;
  const { state, lateHours } = v.deadline;
  const note =
    state === 'met' || state === 'missed'
      ? t(locale, 'archive.answeredIn', { time: formatHoursOrDays(hoursBetween(c.createdAt, c.firstAnsweredAt!), locale) })
      : state === 'overdue'
        ? t(locale, 'archive.lateBy', { time: formatHoursOrDays(lateHours, locale) })
        : t(locale, 'archive.deadlineAt', { date: when(c.deadlineAt, v) });
  const osm = osmLink(c);
  const onMap = osm ? `<a href="${esc(osm)}">${esc(t(locale, 'archive.onMap'))}</a>` : '';
  const place = c.address ? `${esc(inReaderScript(c.address, locale))}${onMap ? ` · ${onMap}` : ''}` : onMap;
  const fact = (term: string, value: string) => `<dt>${esc(term)}</dt><dd>${value}</dd>`;
  return [
    '<dl class="facts case-facts">',
    fact(t(locale, 'case.status'), statusBadge(c.status, locale)),
    fact(t(locale, 'case.deadline'), `<span class="state state--${state}">${esc(t(locale, `archive.state.${state}`))}</span> · ${esc(note)}`),
    fact(t(locale, 'case.submitted'), `<time datetime="${esc(c.createdAt)}">${esc(when(c.createdAt, v))}</time>`),
    c.category ? fact(t(locale, 'case.category'), esc(categoryName(v.municipality, c.category, locale))) : '',
    place ? fact(t(locale, 'case.place'), place) : '',
    c.name ? fact(t(locale, 'case.from'), esc(inReaderScript(c.name, locale))) : '',
    '</dl>',
  ].join('');
}

/** Text as paragraphs in a block that says which language it is in. */
function prose(text: { text: string; lang: string }): string {
  return `<div class="prose" lang="${esc(text.lang)}">${paragraphs(text.text)}</div>`;
}

/**
 * What the citizen wrote (its public wording), in the reader's script. `heading` and `text`
 * replace the defaults: the staff page shows the original text under its own heading.
 */
export function caseText(c: Pick<PublicCase, 'lang' | 'text'>, v: Pick<CaseView, 'locale'>, opts: { heading?: string; text?: string } = {}): string {
  return `<h2>${esc(opts.heading ?? t(v.locale, 'case.text'))}</h2>${prose(textFor(c.lang, opts.text ?? c.text, v.locale))}`;
}

/**
 * The published photos, each in the sizes it was made in (the browser picks one by srcset). A
 * photo without any variant is left out: there is nothing to show.
 */
export function casePhotos(c: Pick<PublicCase, 'code' | 'photos'>, v: Pick<CaseView, 'locale'>): string {
  const shown = c.photos.filter((p) => p.variants.length > 0);
  if (!shown.length) return '';
  const items = shown.map((p, i) => {
    const small = p.variants.reduce((a, b) => (a.w <= b.w ? a : b));
    return `<li><img${attrs({
      class: 'case-photo',
      src: small.url,
      srcset: p.variants.map((x) => `${x.url} ${x.w}w`).join(', '),
      sizes: '(max-width: 600px) 100vw, 480px',
      width: 480,
      height: 360,
      loading: 'lazy',
      alt: t(v.locale, 'case.photoAlt', { n: i + 1, code: c.code }),
    })}></li>`;
  });
  return `<h2>${esc(t(v.locale, 'case.photos'))}</h2><ul class="photos plain">${items.join('')}</ul>`;
}

/** The municipality's answer and, for a case it cannot solve, where to turn instead. */
export function caseAnswer(c: Pick<PublicCase, 'lang' | 'answer' | 'referral'>, v: Pick<CaseView, 'locale'>): string {
  const { locale } = v;
  return (
    (c.answer ? `<h2>${esc(t(locale, 'case.answer'))}</h2>${prose(textFor(c.lang, c.answer, locale))}` : '') +
    (c.referral ? `<h2>${esc(t(locale, 'case.referral'))}</h2>${prose(textFor(c.lang, c.referral, locale))}` : '')
  );
}

/** Every public step, oldest first, each with the answer (or referral) given at that step. */
export function caseTimeline(c: Pick<PublicCase, 'lang' | 'timeline'>, v: CaseView): string {
  const { locale } = v;
  const steps = c.timeline.map((e) => {
    const said = e.answer || e.referral;
    const note = said ? textFor(c.lang, said, locale) : undefined;
    return `<li><time datetime="${esc(e.at)}">${esc(when(e.at, v))}</time> – <strong>${esc(t(locale, `status.${e.status}`))}</strong>${note ? paragraphs(note.text, { lang: note.lang }) : ''}</li>`;
  });
  return `<h2>${esc(t(locale, 'case.timeline'))}</h2><ol class="timeline">${steps.join('')}</ol>`;
}

/**
 * The case as the public sees it, archive and live page alike: the demo notice, facts, text,
 * photos, answer and timeline. Pages add their own title and links around it.
 */
export function caseBody(c: PublicCase, v: CaseView): string {
  return [
    c.demo ? `<p class="notice">${esc(t(v.locale, 'archive.demo'))}</p>` : '',
    caseFacts(c, v),
    caseText(c, v),
    casePhotos(c, v),
    caseAnswer(c, v),
    caseTimeline(c, v),
  ].join('');
}

/** The archive copy of a case, and its live status page. */
export const caseHref = (locale: Locale, code: string) => href(locale, `archive/case/${code}/`);
export const statusHref = (locale: Locale, code: string) => href(locale, `status/${code}/`);
