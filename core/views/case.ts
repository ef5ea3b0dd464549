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
import { href, localeInfo, type Locale } from '../locales.ts';
import { t, type StringKey } from '../i18n/index.ts';
import type { Status } from '../cases/statuses.ts';
import { answersFor, deadlineState, isResolved, resolutionState, type DeadlineState, type PublicCase, type ResolutionState } from '../cases/public.ts';
import { textFor, inReaderScript } from '../text/reader.ts';
import { esc, attrs, paragraphs } from './html.ts';
import { categoryName, formatDateTime, formatDay, formatDaysHours, formatHoursOrDays, hoursBetween } from './format.ts';

/** Where a case stands against its deadline, and (when it is overdue) by how many hours. */
export interface Deadline {
  state: DeadlineState;
  /** Hours past the deadline at the moment the page is made; read only when `state` is 'overdue'. */
  lateHours: number;
  /**
   * Where it stands against its resolution deadline at the same moment (core/cases/public.ts
   * resolutionState); absent when there is none to show. Without it an open case's resolution
   * deadline is shown as a date only.
   */
  resolution?: ResolutionState | undefined;
}

/** What every part needs besides the case: who reads it, and whose case it is. */
export interface CaseView {
  locale: Locale;
  municipality: Pick<Municipality, 'categories' | 'clock'>;
  deadline: Deadline;
}

/** The deadline of a case at `now` (the live pages: the request's time; the archive: the build's). */
export function caseDeadline(c: Pick<PublicCase, 'firstAnsweredAt' | 'deadlineAt'> & Partial<Pick<PublicCase, 'status' | 'resolvedAt' | 'resolutionDueAt'>>, now: Date): Deadline {
  const state = deadlineState(c, now);
  const resolution = c.status ? resolutionState({ status: c.status, resolvedAt: c.resolvedAt, resolutionDueAt: c.resolutionDueAt }, now) : undefined;
  return { state, lateHours: state === 'overdue' ? hoursBetween(c.deadlineAt, now) : 0, ...(resolution ? { resolution } : {}) };
}

const when = (iso: string, v: CaseView) => formatDateTime(iso, v.locale, v.municipality.clock.timeZone);
const timeTag = (iso: string, v: CaseView) => `<time datetime="${esc(iso)}">${esc(when(iso, v))}</time>`;
const dayTag = (date: string, locale: Locale) => `<time datetime="${esc(date)}">${esc(formatDay(date, locale))}</time>`;

/** A string whose {placeholders} are filled with HTML (links, times); the string itself is escaped. */
function rich(locale: Locale, key: StringKey, vars: Record<string, string>): string {
  return esc(t(locale, key)).replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

/** The state classes the deadline uses, so the resolution deadline reads in the same colours (always with its words). */
const resolutionClass: Record<ResolutionState, DeadlineState> = { met: 'met', missed: 'missed', running: 'open', passed: 'overdue' };
const resolutionWords: Record<ResolutionState, StringKey> = {
  met: 'resolution.state.met',
  missed: 'resolution.state.missed',
  running: 'resolution.state.running',
  passed: 'resolution.state.passed',
};

/**
 * What the facts say of resolution: the channel when not the web; while the case is open, the
 * planned date and the resolution deadline (and whether it is still running); once resolved,
 * when, after how long, and whether within the resolution deadline.
 */
function resolutionFacts(c: PublicCase, v: CaseView, fact: (term: string, value: string) => string): string {
  const { locale } = v;
  const open = c.status === 'received' || c.status === 'in_progress';
  const state = v.deadline.resolution;
  const stateSpan = state ? `<span class="state state--${resolutionClass[state]}">${esc(t(locale, resolutionWords[state]))}</span> · ` : '';
  const out: string[] = [];
  if (c.channel) out.push(fact(t(locale, 'resolution.channel'), esc(t(locale, `resolution.channel.${c.channel}`))));
  if (c.status === 'in_progress' && c.plannedAt) out.push(fact(t(locale, 'resolution.plannedAt'), dayTag(c.plannedAt, locale)));
  if (isResolved(c)) {
    out.push(fact(t(locale, 'resolution.resolvedAt'), rich(locale, 'resolution.resolvedAfter', { date: timeTag(c.resolvedAt, v), time: esc(formatDaysHours(hoursBetween(c.createdAt, c.resolvedAt), locale)) })));
  }
  if (c.resolutionDueAt && (open || isResolved(c))) {
    out.push(fact(t(locale, 'resolution.dueAt'), `${stateSpan}${rich(locale, 'resolution.dueBy', { date: timeTag(c.resolutionDueAt, v) })}`));
  }
  return out.join('');
}

/**
 * What the citizen answered to "was it fixed?" (functions/domain/feedback.ts), while the case is
 * closed as resolved or answered: after a reopening those answers were about a closure that no
 * longer stands, so they wait for the next one.
 */
function feedbackFact(c: PublicCase, locale: Locale, fact: (term: string, value: string) => string): string {
  const f = c.feedback;
  if (!f || (c.status !== 'resolved' && c.status !== 'answered')) return '';
  const said = [
    f.solved === undefined ? '' : t(locale, f.solved ? 'feedback.case.solved.yes' : 'feedback.case.solved.no'),
    f.satisfied === undefined ? '' : t(locale, f.satisfied ? 'feedback.case.satisfied.yes' : 'feedback.case.satisfied.no'),
  ].filter(Boolean);
  return said.length ? fact(t(locale, 'feedback.case.term'), `<span data-testid="case-feedback">${esc(said.join(' '))}</span>`) : '';
}

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
 * chose to show it, resolution, and the citizen's answers to "was it fixed?" once given.
 */
export function caseFacts(c: PublicCase, v: CaseView): string {
  const { locale } = v;
  const { state, lateHours } = v.deadline;
  const answeredAfter = state === 'met' || state === 'missed' ? hoursBetween(c.createdAt, c.firstAnsweredAt!) : 0;
  const note =
    state === 'met' || state === 'missed'
      ? // Within the half hour, "after 0 hours" would read as a slip.
        answeredAfter < 0.5
        ? t(locale, 'archive.answeredWithinHour')
        : t(locale, 'archive.answeredIn', { time: formatHoursOrDays(answeredAfter, locale) })
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
    resolutionFacts(c, v, fact),
    feedbackFact(c, locale, fact),
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

/**
 * The answer a reader sees first, in the reader's script (core/cases/public.ts answersFor
 * chooses it) and, when staff wrote it in both languages, the other one with its label.
 */
export function answerFor(c: Pick<PublicCase, 'lang' | 'answer' | 'answers'>, locale: Locale): { first: { text: string; lang: string }; other?: { text: string; lang: string; label: string } } | undefined {
  const chosen = answersFor(c, locale);
  if (!chosen) return undefined;
  const first = textFor(chosen.first.written, chosen.first.text, locale);
  const o = chosen.other;
  if (!o) return { first };
  // The other language is offered under its own name, written in that language, for its readers:
  // "Përgjigjja në shqip" on a Serbian page, "Odgovor na srpskom" on the Albanian page.
  const labelLocale: Locale = o.lang === 'sq' ? 'sq' : localeInfo(locale).script === 'cyrl' ? 'sr' : 'sr-latn';
  return { first, other: { ...textFor(o.written, o.text, locale), label: t(labelLocale, 'resolution.answer.inOwnLanguage') } };
}

/**
 * The municipality's answer (in the reader's language when there is one, the other language
 * offered below it) and, for a case it cannot solve, where to turn instead.
 */
export function caseAnswer(c: Pick<PublicCase, 'lang' | 'answer' | 'answers' | 'referral'>, v: Pick<CaseView, 'locale'>): string {
  const { locale } = v;
  const answer = answerFor(c, locale);
  return (
    (answer
      ? `<h2>${esc(t(locale, 'case.answer'))}</h2>${prose(answer.first)}` +
        (answer.other ? `<details class="answer-other" lang="${esc(answer.other.lang)}"><summary>${esc(answer.other.label)}</summary>${prose(answer.other)}</details>` : '')
      : '') +
    (c.referral ? `<h2>${esc(t(locale, 'case.referral'))}</h2>${prose(textFor(c.lang, c.referral, locale))}` : '')
  );
}

/**
 * Every public step, oldest first, each with what was said at that step: the answer (in the
 * reader's language when there is one) or the referral, the planned date, the original of a
 * duplicate.
 */
export function caseTimeline(c: Pick<PublicCase, 'lang' | 'timeline'>, v: CaseView): string {
  const { locale } = v;
  const steps = c.timeline.map((e) => {
    const answer = answerFor({ lang: c.lang, answer: e.answer, answers: e.answers }, locale)?.first;
    const note = answer ?? (e.referral ? textFor(c.lang, e.referral, locale) : undefined);
    const planned = e.plannedAt ? `<p>${rich(locale, 'resolution.timeline.planned', { date: dayTag(e.plannedAt, locale) })}</p>` : '';
    const duplicate = e.duplicateOf ? `<p>${rich(locale, 'resolution.timeline.duplicate', { code: `<a href="${esc(caseHref(locale, e.duplicateOf))}">${esc(e.duplicateOf)}</a>` })}</p>` : '';
    if (e.by === 'citizen') {
      // The citizen's own step (their personal link): its public wording, contacts masked.
      const said = e.text ? textFor(c.lang, e.text, locale) : undefined;
      return `<li class="timeline__citizen"><time datetime="${esc(e.at)}">${esc(when(e.at, v))}</time> – <strong>${esc(t(locale, e.reopened ? 'citizen.timeline.reopened' : 'citizen.timeline.update'))}</strong>${said ? paragraphs(said.text, { lang: said.lang }) : ''}</li>`;
    }
    return `<li><time datetime="${esc(e.at)}">${esc(when(e.at, v))}</time> – <strong>${esc(t(locale, `status.${e.status}`))}</strong>${planned}${duplicate}${note ? paragraphs(note.text, { lang: note.lang }) : ''}</li>`;
  });
  return `<h2>${esc(t(locale, 'case.timeline'))}</h2><ol class="timeline">${steps.join('')}</ol>`;
}

/** A duplicate's notice: the same problem was reported before, and the original's page is where it is followed. */
export function duplicateNotice(c: Pick<PublicCase, 'duplicateOf'>, v: Pick<CaseView, 'locale'>): string {
  if (!c.duplicateOf) return '';
  const link = `<a href="${esc(caseHref(v.locale, c.duplicateOf))}">${esc(c.duplicateOf)}</a>`;
  return `<p class="notice" data-testid="duplicate-notice">${rich(v.locale, 'resolution.duplicate.notice', { code: link })}</p>`;
}

/**
 * The case as the public sees it, archive and live page alike: the demo notice, facts, text,
 * photos, answer and timeline. Pages add their own title and links around it.
 */
export function caseBody(c: PublicCase, v: CaseView): string {
  return [
    c.demo ? `<p class="notice">${esc(t(v.locale, 'archive.demo'))}</p>` : '',
    duplicateNotice(c, v),
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
