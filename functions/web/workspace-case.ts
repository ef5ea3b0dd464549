/**
 * The staff workspace's routes of a case (functions/web/workspace.ts mounts them behind the
 * session middleware):
 *
 * - `GET  /<l>/staff/cases/<code>/`: the case page (`?done=<action>` after an action,
 *   `?template=<id>` fills the answer form from a response template);
 * - `POST /<l>/staff/cases/<code>/<action>/` for answer, forward, note, edit, duplicate, contact,
 *   erase: 303 back to the case page with `?done=<action>`; a form with mistakes comes back (400)
 *   with an error summary and what was typed; a case changed meanwhile comes back as it is now
 *   with what was typed and a notice (409); a case of another inbox is refused (403);
 * - `GET/POST /<l>/staff/new/`: registering a case received by phone, at the counter, by letter
 *   or by email; 303 to the new case's page.
 *
 * Every POST has passed the app's same-site check (functions/web/app.ts) before it gets here; the
 * body is read only up to MAX_FORM_BYTES.
 */
import { randomBytes } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { t } from '../../core/i18n/index.ts';
import { formStrings } from '../../core/i18n/index.ts';
import { errorMessage } from '../../core/i18n/form-messages.ts';
import { normaliseCode } from '../../core/cases/codes.ts';
import type { FieldError as CodedError } from '../../core/cases/forms.ts';
import { findTemplate, templateIn, templatesFor } from '../../core/responses/index.ts';
import type { Locale } from '../../core/locales.ts';
import { DomainError, ValidationError } from '../domain/errors.ts';
import type { Ports } from '../domain/service.ts';
import {
  addNote, answerCase, caseActions, editCase, eraseFromWorkspace, forwardCase, markDuplicate, openCase, registerCase, revealContact,
  WorkspaceRefusal, type CaseAction, type StaffActor,
} from '../domain/workspace.ts';
import { httpStatus } from './status.ts';
import { localRedirect } from './requests.ts';
import { casePage, registerPage, workspaceMessage, type CaseNotice, type SentBack } from './workspace-case-pages.ts';
import { staffPath, type StaffContext, type StaffVars } from './workspace-context.ts';

/**
 * The most a workspace form may send: the answer form's longest fields (three texts of 4,000
 * characters, six bytes each once form-encoded, about 72 KB) fit well under it; the same cap as
 * the app's other forms (functions/web/app.ts MAX_BODY_BYTES).
 */
export const MAX_FORM_BYTES = 256 * 1024;

/** How long the contact stays shown in full on the case page to the person who asked for it. */
const REVEAL_MS = 15 * 60_000;

const actorOf = (ctx: StaffContext): StaffActor => ({ m: ctx.m, email: ctx.session.email, roles: ctx.roles });

/** A form-encoded body as strings (the first of repeated fields); a file where text belongs is no form of ours. */
async function readForm(c: Context): Promise<Record<string, string>> {
  const form = await c.req.parseBody({ all: true });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value !== 'string') throw new DomainError('invalid');
    out[k] = value;
  }
  return out;
}

/** The fields of one action's form, without its prefix (`answer-outcome` → `outcome`); `updatedAt` as it is. */
function unprefixed(action: CaseAction, body: Record<string, string>): Record<string, string> {
  const prefix = `${action}-`;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
    else if (k === 'updatedAt') out[k] = v;
  }
  return out;
}

/**
 * Field errors as the page shows them: translated (the field's own wording where there is one),
 * and pointing at the field's id in its form; an error of the whole form at the form's section.
 */
function shown(errors: CodedError[], locale: Locale, action?: CaseAction) {
  const strings = formStrings(locale);
  return errors.map((e) => ({
    field: action ? (e.field === 'form' ? action : `${action}-${e.field}`) : e.field,
    message: errorMessage(strings, e.field, e.code),
  }));
}

/** A fresh idempotency key for a registration form. */
const freshKey = () => randomBytes(18).toString('base64url');

export function registerCaseRoutes(app: Hono, ports: Ports, requireStaff: MiddlewareHandler<StaffVars>): void {
  const { config } = ports;

  const limit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: async (c) => {
      // The rest of the body stays unread: on a Node socket the connection must not be reused.
      if (c.env && typeof c.env === 'object' && 'outgoing' in c.env) c.header('Connection', 'close');
      const ctx = (c as unknown as Context<StaffVars>).get('staff');
      const l = ctx.locale;
      const code = normaliseCode(c.req.param('code') ?? '');
      return c.html(
        await workspaceMessage(config, ctx, {
          title: t(l, 'error.title'),
          message: t(l, 'wcase.tooLarge', { kb: Math.round(MAX_FORM_BYTES / 1024) }),
          path: code ? `staff/cases/${code}/` : 'staff/new/',
          ...(code ? { link: { href: staffPath.case(l, code), label: t(l, 'wcase.back') } } : {}),
        }),
        413,
      );
    },
  });

  /**
   * The answers the workspace gives to what is not a field error: not there (404), not theirs
   * (403), and anything else (storage down, a bug): a page saying nothing was lost and to try
   * again (503), logged without anyone's details.
   */
  async function refusal(c: Context<StaffVars>, e: unknown, code: string): Promise<Response> {
    const ctx = c.get('staff');
    const l = ctx.locale;
    if (e instanceof WorkspaceRefusal && e.reason === 'forbidden') {
      return c.html(await workspaceMessage(config, ctx, { title: t(l, 'wcase.forbidden.title'), message: t(l, 'wcase.forbidden.text'), path: `staff/cases/${code}/`, link: { href: staffPath.home(l), label: t(l, 'workspace.nav.inbox') } }), 403);
    }
    if (e instanceof DomainError && httpStatus(e) === 404) {
      // The code as typed, if it is something a person could have typed; never markup or controls.
      const typed = code.replace(/[^\p{L}\p{N} -]/gu, '').slice(0, 20);
      return c.html(await workspaceMessage(config, ctx, { title: t(l, 'wcase.notFound.title'), message: t(l, 'wcase.notFound', { code: typed }), path: 'staff/', link: { href: staffPath.home(l), label: t(l, 'workspace.nav.inbox') } }), 404);
    }
    if (!(e instanceof DomainError) || httpStatus(e) !== 503) console.log(`error: ${c.req.method} workspace case ${code.replace(/[^A-Za-z0-9-]/g, '?').slice(0, 20)}: ${(e as Error)?.name}: ${(e as Error)?.message}`);
    c.header('Retry-After', '30');
    return c.html(await workspaceMessage(config, ctx, { title: t(l, 'error.title'), message: t(l, 'error.unavailable'), path: `staff/cases/${code}/` }), 503);
  }

  /** The case page, with whatever this request adds to it. */
  async function page(c: Context<StaffVars>, code: string, extra: { notice?: CaseNotice; sentBack?: SentBack; templateId?: string } = {}, status: 200 | 400 | 409 = 200) {
    const ctx = c.get('staff');
    const actor = actorOf(ctx);
    const now = ports.now();
    const found = await openCase(ports, actor, code);
    const r = found.record;
    const photoUrls: Record<string, string | undefined> = {};
    for (const p of r.photos) {
      if (p.state === 'ready' && p.variants?.[0]) photoUrls[p.id] = await ports.storage.privateUrl(p.variants[0].key.replace(/^public\//, 'private/'));
    }
    // Shown in full to the person who asked a moment ago (their request is on the timeline).
    const me = ctx.session.email.toLowerCase();
    const revealContact = found.events.some((e) => e.change === 'contact-viewed' && e.actor === me && now.getTime() - Date.parse(e.at) < REVEAL_MS);
    let template: Parameters<typeof casePage>[2]['template'];
    if (extra.templateId) {
      const found2 = findTemplate(ctx.m, extra.templateId);
      // Only a template offered for this case (its kind and category).
      const offered = found2 && templatesFor(ctx.m, r.kind, r.category).some((x) => x.id === found2.id) ? found2 : undefined;
      if (offered) {
        const shownIn = templateIn(offered, ctx.locale);
        template = { id: offered.id, title: shownIn.title, values: { 'answer-outcome': offered.outcome, 'answer-answerSr': shownIn.text.sr, 'answer-answerSq': shownIn.text.sq } };
      } else template = { id: extra.templateId.slice(0, 80), unknown: true };
    }
    const html = await casePage(config, ctx, { ...found, revealContact, now, photoUrls, notice: extra.notice, sentBack: extra.sentBack, template });
    return c.html(html, status);
  }

  // The case page.
  app.get('/:locale/staff/cases/:code/', requireStaff, async (c) => {
    const ctx = c.get('staff');
    const typed = c.req.param('code');
    try {
      const code = normaliseCode(typed);
      // A loosely typed code ("k7qm 3xtd") goes to its canonical page.
      if (code && code !== typed) return localRedirect(c, staffPath.case(ctx.locale, code), 301);
      const done = c.req.query('done');
      const notice: CaseNotice | undefined = done && ((caseActions as readonly string[]).includes(done) || done === 'new') ? { kind: 'done', action: done as CaseAction | 'new' } : undefined;
      const templateId = c.req.query('template');
      return await page(c, typed, { ...(notice ? { notice } : {}), ...(templateId ? { templateId } : {}) });
    } catch (e) {
      return refusal(c, e, typed);
    }
  });
  app.get('/:locale/staff/cases/:code', requireStaff, (c) => {
    const code = normaliseCode(c.req.param('code'));
    return code ? localRedirect(c, staffPath.case(c.get('staff').locale, code), 301) : refusal(c, new DomainError('notFound'), c.req.param('code'));
  });

  const handlers: Record<CaseAction, (actor: StaffActor, code: string, raw: Record<string, unknown>) => Promise<unknown>> = {
    answer: (a, code, raw) => answerCase(ports, a, code, raw),
    forward: (a, code, raw) => forwardCase(ports, a, code, raw),
    note: (a, code, raw) => addNote(ports, a, code, raw),
    edit: (a, code, raw) => editCase(ports, a, code, raw),
    duplicate: (a, code, raw) => markDuplicate(ports, a, code, raw),
    contact: (a, code) => revealContact(ports, a, code),
    erase: (a, code, raw) => eraseFromWorkspace(ports, a, code, raw),
  };

  // An action on the case.
  app.post('/:locale/staff/cases/:code/:action/', requireStaff, limit, async (c) => {
    const ctx = c.get('staff');
    const typed = c.req.param('code');
    const name = c.req.param('action');
    if (!(caseActions as readonly string[]).includes(name)) return refusal(c, new DomainError('notFound'), typed);
    const action = name as CaseAction;
    let body: Record<string, string> = {};
    try {
      body = await readForm(c);
      const code = normaliseCode(typed);
      if (!code) throw new DomainError('caseUnknown');
      const form = unprefixed(action, body);
      await handlers[action](actorOf(ctx), code, form);
      // A case forwarded out of the person's own inboxes is no longer theirs to see: back to the
      // inbox, which says where it went.
      const to = typeof form.toInbox === 'string' ? form.toInbox.trim().toLowerCase() : '';
      if (action === 'forward' && !ctx.roles.supervisor && !ctx.roles.inboxes.includes(to)) {
        return localRedirect(c, `${staffPath.home(ctx.locale)}?forwarded=${code}`, 303);
      }
      return localRedirect(c, `${staffPath.case(ctx.locale, code)}?done=${action}`, 303);
    } catch (e) {
      try {
        if (e instanceof ValidationError) {
          return await page(c, typed, { sentBack: { action, values: body, errors: shown(e.errors, ctx.locale, action) } }, 400);
        }
        if (e instanceof WorkspaceRefusal && e.reason === 'stale') {
          // The case as it is now, and what was typed, to check and send again (with the new
          // `updatedAt` the page carries now).
          return await page(c, typed, { notice: { kind: 'stale' }, sentBack: { action, values: body, errors: [] } }, 409);
        }
        if (e instanceof DomainError && e.code === 'invalid') {
          return await page(c, typed, { sentBack: { action, values: {}, errors: shown([{ field: 'form', code: 'invalid' }], ctx.locale, action) } }, 400);
        }
        return await refusal(c, e, typed);
      } catch (inner) {
        return refusal(c, inner, typed);
      }
    }
  });

  // Registering a case received by phone, at the counter, by letter or by email.
  app.get('/:locale/staff/new/', requireStaff, async (c) => {
    return c.html(await registerPage(config, c.get('staff'), { values: {}, errors: [], idempotencyKey: freshKey() }));
  });
  app.post('/:locale/staff/new/', requireStaff, limit, async (c) => {
    const ctx = c.get('staff');
    let body: Record<string, string> = {};
    try {
      body = await readForm(c);
      const result = await registerCase(ports, actorOf(ctx), body);
      // Whoever registered it may always see it (domain/workspace.ts loadCase).
      return localRedirect(c, `${staffPath.case(ctx.locale, result.code)}?done=new`, 303);
    } catch (e) {
      if (e instanceof ValidationError || (e instanceof DomainError && e.code === 'invalid')) {
        const errors = e instanceof ValidationError ? e.errors : [{ field: 'form', code: 'invalid' as const }];
        // The same key again: a corrected form still makes one case however often it is sent.
        const key = typeof body.idempotencyKey === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(body.idempotencyKey) ? body.idempotencyKey : freshKey();
        return c.html(await registerPage(config, ctx, { values: body, errors: shown(errors, ctx.locale), idempotencyKey: key }), 400);
      }
      return refusal(c, e, '');
    }
  });
}
