/**
 * The pages behind the "was it fixed?" links (functions/domain/feedback.ts), without JavaScript:
 *
 * - `GET /<locale>/feedback/<token>/<solved|satisfied>/<yes|no>/`: a person's click in a browser
 *   (`Sec-Fetch-User: ?1` with `Sec-Fetch-Mode: navigate`) records the answer and shows "thank
 *   you" with the questions' buttons; anything else (a mail scanner, a prefetch, a link preview)
 *   records nothing and shows the chosen answer as a button that POSTs.
 * - `POST` the same path: records it, then 303 to `GET /<locale>/feedback/<token>/?saved=1`.
 * - `GET /<locale>/feedback/<token>/`: the answers given so far, each question with its two
 *   buttons (the last answer counts). Shows; never records.
 *
 * The language is the link's; the page is in the layout of the case's municipality, and only on
 * that municipality's site. `no-store`, `noindex`: the address carries the token.
 */
import type { Context, Hono } from 'hono';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { municipalities } from '../../core/municipalities/index.ts';
import { isLocale, type Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import type { CaseRecord } from '../../core/cases/model.ts';
import { esc } from '../../core/views/html.ts';
import { DomainError, NotFoundError } from '../domain/errors.ts';
import { answerFeedback, feedbackPath, feedbackQuestions, isFeedbackAnswer, isFeedbackQuestion, openFeedback, takesFeedback, type FeedbackAnswer, type FeedbackQuestion } from '../domain/feedback.ts';
import type { Ports } from '../domain/service.ts';
import { httpStatus } from './status.ts';
import { renderPage } from './html.ts';
import { localRedirect } from './requests.ts';

/** A person clicked the link in a browser: prefetchers and mail scanners do not send Sec-Fetch-User. */
export function isPersonsClick(header: (name: string) => string | undefined): boolean {
  return header('sec-fetch-user') === '?1' && header('sec-fetch-mode') === 'navigate';
}

const answerWord = (l: Locale, a: FeedbackAnswer) => t(l, `feedback.a.${a}`);
const currentAnswer = (r: CaseRecord, q: FeedbackQuestion): FeedbackAnswer | undefined => {
  const v = r.feedback?.[q];
  return v === undefined ? undefined : v ? 'yes' : 'no';
};

/** One POST form per answer: the only way a page here records anything. */
function answerButton(l: Locale, token: string, q: FeedbackQuestion, a: FeedbackAnswer, opts: { large?: boolean; label: string; secondary?: boolean }) {
  const action = `${feedbackPath(l, token, q, a)}?lang=${l}`;
  const cls = `button${opts.large ? ' button--large' : ''}${opts.secondary ? ' button--secondary' : ''}`;
  // No style attribute: the Content-Security-Policy refuses inline styles (core/security/headers.ts).
  return `<form method="post" action="${esc(action)}" class="citizen-form feedback-answer"><button type="submit" class="${cls}">${esc(opts.label)}</button></form>`;
}

/** Both questions, what was answered, and the two buttons of each. */
function questionsBlock(l: Locale, token: string, r: CaseRecord): string {
  return feedbackQuestions
    .map((q) => {
      const now = currentAnswer(r, q);
      const id = `feedback-${q}`;
      return [
        `<section aria-labelledby="${id}">`,
        `<h2 id="${id}">${esc(t(l, `feedback.q.${q}`))}</h2>`,
        `<p>${esc(now ? t(l, 'feedback.yourAnswer', { answer: answerWord(l, now) }) : t(l, 'feedback.notYet'))}</p>`,
        `<div>${(['yes', 'no'] as const).map((a) => answerButton(l, token, q, a, { label: t(l, 'feedback.answerWith', { answer: answerWord(l, a) }), secondary: now === a })).join('')}</div>`,
        `</section>`,
      ].join('');
    })
    .join('');
}

const caseLink = (l: Locale, r: CaseRecord) => `<p><a href="/${l}/status/${esc(r.code)}/">${esc(t(l, 'feedback.caseLink', { code: r.code }))}</a></p>`;

export async function feedbackAnswersPage(ports: Pick<Ports, 'config'>, m: Municipality, l: Locale, token: string, r: CaseRecord, saved: boolean): Promise<string> {
  const title = saved ? t(l, 'feedback.thanks.title') : t(l, 'feedback.answers.title', { code: r.code });
  const lead = saved ? t(l, 'feedback.thanks.lead', { code: r.code }) : t(l, 'feedback.answers.lead');
  const body = [`<h1>${esc(title)}</h1>`, `<p${saved ? ' class="notice" role="status"' : ''}>${esc(lead)}</p>`, questionsBlock(l, token, r), caseLink(l, r)].join('');
  return renderPage(ports.config, m, l, { title, body, path: `feedback/${token}/` });
}

/** What a GET that is not a person's click gets: the question, and the answer as a button. */
export async function feedbackConfirmPage(ports: Pick<Ports, 'config'>, m: Municipality, l: Locale, token: string, r: CaseRecord, q: FeedbackQuestion, a: FeedbackAnswer): Promise<string> {
  const title = t(l, `feedback.q.${q}`);
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p>${esc(t(l, 'feedback.confirm.lead', { code: r.code, answer: answerWord(l, a) }))}</p>`,
    answerButton(l, token, q, a, { large: true, label: t(l, 'feedback.confirm.button', { answer: answerWord(l, a) }) }),
    caseLink(l, r),
  ].join('');
  return renderPage(ports.config, m, l, { title, body, path: `feedback/${token}/` });
}

const problemKey: Record<string, StringKey> = { tokenExpired: 'feedback.error.expired', tokenClosed: 'feedback.error.reopened' };

export function registerFeedback(app: Hono, ports: Ports, opts: { municipalityForHost: (host: string | undefined) => Municipality | undefined; log: (line: string) => void }) {
  const siteOf = (c: Context) => opts.municipalityForHost(c.req.header('host')) ?? municipalities[0]!;

  async function page(c: Context, status: 200 | 404 | 410 | 503, html: Promise<string>) {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    return c.html(await html, status);
  }

  async function problem(c: Context, m: Municipality, l: Locale, e: unknown) {
    let status: 404 | 410 | 503 = 503;
    let key: StringKey = 'error.unavailable';
    if (e instanceof DomainError && (httpStatus(e) === 404 || httpStatus(e) === 410)) {
      status = httpStatus(e) as 404 | 410;
      key = problemKey[e.code] ?? 'feedback.error.notFound';
    } else {
      // Internals are logged, never sent; the path carries a token, so it is not logged.
      opts.log(`error: ${c.req.method} /<locale>/feedback/…: ${(e as Error)?.name}: ${(e as Error)?.message}`);
      c.header('Retry-After', '30');
    }
    const title = t(l, 'error.title');
    return page(c, status, renderPage(ports.config, m, l, { title, body: `<h1>${esc(title)}</h1><p class="notice">${esc(t(l, key))}</p>`, path: '' }));
  }

  /** The link's locale, the token's case on this site, the question and answer if given; else throws NotFoundError. */
  async function open(c: Context, m: Municipality) {
    const { locale, token, question, answer } = c.req.param() as Record<string, string | undefined>;
    if (!isLocale(locale ?? '')) throw new NotFoundError();
    if (question !== undefined && (!isFeedbackQuestion(question) || !isFeedbackAnswer(answer ?? ''))) throw new NotFoundError();
    const o = await openFeedback(ports, token ?? '');
    // A case of another municipality is not this site's to show.
    if (o.link.municipality !== m.id) throw new NotFoundError();
    return { ...o, token: token!, question: question as FeedbackQuestion | undefined, answer: answer as FeedbackAnswer | undefined };
  }

  const localeOf = (c: Context, m: Municipality): Locale => {
    const l = c.req.param('locale') ?? '';
    return isLocale(l) ? l : m.defaultLocale;
  };

  const answerRoute = async (c: Context) => {
    const m = siteOf(c);
    const l = localeOf(c, m);
    try {
      const o = await open(c, m);
      const q = o.question!;
      const a = o.answer!;
      if (c.req.method === 'POST') {
        await answerFeedback(ports, o.token, q, a);
        return localRedirect(c, `${feedbackPath(l, o.token)}?saved=1`, 303);
      }
      if (isPersonsClick((name) => c.req.header(name)) && takesFeedback(o.record)) {
        const r = await answerFeedback(ports, o.token, q, a);
        return page(c, 200, feedbackAnswersPage(ports, m, l, o.token, r, true));
      }
      if (!takesFeedback(o.record)) return problem(c, m, l, new DomainError('tokenClosed'));
      return page(c, 200, feedbackConfirmPage(ports, m, l, o.token, o.record, q, a));
    } catch (e) {
      return problem(c, m, l, e);
    }
  };

  const answersRoute = async (c: Context) => {
    const m = siteOf(c);
    const l = localeOf(c, m);
    try {
      const o = await open(c, m);
      return page(c, 200, feedbackAnswersPage(ports, m, l, o.token, o.record, c.req.query('saved') === '1'));
    } catch (e) {
      return problem(c, m, l, e);
    }
  };

  for (const suffix of ['', '/']) {
    app.get(`/:locale/feedback/:token/:question/:answer${suffix}`, answerRoute);
    app.post(`/:locale/feedback/:token/:question/:answer${suffix}`, answerRoute);
    app.get(`/:locale/feedback/:token${suffix}`, answersRoute);
  }
}
