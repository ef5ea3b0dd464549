/**
 * The pages of the staff workspace that functions/web/workspace.ts serves: signing in (the form,
 * "check your email", the link's page with its one button, what a spent link says), the inbox,
 * the log of staff actions and the settings. Plain HTML that works without JavaScript: GET forms
 * for filters and search, POST forms for what changes something, the citizen forms' fields and
 * classes (core/views/form.ts), one h1 per page, tables with a caption and header scopes.
 */
import type { Config } from '../config.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { localeKeys, type Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import { channels } from '../../core/cases/model.ts';
import { openStatuses } from '../../core/cases/statuses.ts';
import { esc, attrs } from '../../core/views/html.ts';
import { categoryName, formatDateTime, formatHoursMinutes, formatHoursOrDays } from '../../core/views/format.ts';
import { errorSummary, radios, textField, type FieldError } from '../../core/views/form.ts';
import type { AuditEntry, SignInRecord } from '../domain/ports.ts';
import type { InboxFilter, InboxRow, InboxView } from '../domain/inbox.ts';
import { SIGN_IN_MINUTES } from '../domain/staff-auth.ts';
import { renderPage } from './html.ts';
import { staffPath, staffShell, type StaffContext } from './workspace-context.ts';

const p = (text: string) => `<p>${esc(text)}</p>`;

// ---------------------------------------------------------------------------------------------
// Signing in (no session yet: the site's layout without the workspace navigation)

/** The form that asks for a sign-in link (`/<l>/staff/` when signed out, and `/<l>/staff/sign-in/`). */
export async function signInFormPage(config: Config, m: Municipality, l: Locale, opts: { value?: string; errors?: FieldError[]; notice?: string } = {}): Promise<string> {
  const errors = opts.errors ?? [];
  const title = t(l, 'workspace.signIn.title');
  const body = [
    `<h1>${esc(title)}</h1>`,
    opts.notice ? `<p class="notice notice--success" role="status">${esc(opts.notice)}</p>` : '',
    errorSummary(errors, l),
    p(t(l, 'workspace.signIn.intro')),
    `<form method="post" action="${esc(staffPath.signIn(l))}" class="citizen-form" novalidate>`,
    textField({ name: 'email', type: 'email', label: t(l, 'workspace.signIn.email'), hint: t(l, 'workspace.signIn.emailHint', { minutes: SIGN_IN_MINUTES }), value: opts.value ?? '', error: errors.find((e) => e.field === 'email'), locale: l }),
    `<button type="submit" class="button">${esc(t(l, 'workspace.signIn.submit'))}</button>`,
    '</form>',
  ].join('');
  return renderPage(config, m, l, { title: errors.length ? `${t(l, 'form.error.title')}: ${title}` : title, body, path: 'staff/' });
}

/**
 * After a request for a link: the same page whether or not the address may sign in (and so
 * whether or not an email went out), so the form tells nobody who works for the municipality.
 */
export async function signInSentPage(config: Config, m: Municipality, l: Locale): Promise<string> {
  const title = t(l, 'workspace.signIn.sent.title');
  const body = `<h1>${esc(title)}</h1><p class="notice" role="status">${esc(t(l, 'workspace.signIn.sent.text', { minutes: SIGN_IN_MINUTES }))}</p><p><a href="${esc(staffPath.home(l))}">${esc(t(l, 'workspace.signIn.again'))}</a></p>`;
  return renderPage(config, m, l, { title, body, path: 'staff/sign-in/' });
}

/** The page a sign-in link opens: one button, a POST to the same address. Opening it uses nothing up. */
export async function signInConfirmPage(config: Config, m: Municipality, l: Locale, record: SignInRecord, action: string): Promise<string> {
  const title = t(l, 'workspace.signIn.confirm.title');
  const body = [
    `<h1>${esc(title)}</h1>`,
    p(t(l, 'workspace.signIn.confirm.text', { email: record.email })),
    `<form method="post" action="${esc(action)}" class="citizen-form"><button type="submit" class="button button--large">${esc(t(l, 'workspace.signIn.confirm.submit'))}</button></form>`,
  ].join('');
  // The language switcher leads to the request form, not to this link in another language.
  return renderPage(config, m, l, { title, body, path: 'staff/sign-in/' });
}

/** A sign-in link that cannot be used: unknown, used or expired, and where to ask for a new one. */
export async function signInProblemPage(config: Config, m: Municipality, l: Locale, code: 'tokenUnknown' | 'tokenUsed' | 'tokenExpired'): Promise<string> {
  const title = t(l, 'workspace.signIn.problem.title');
  const body = `<h1>${esc(title)}</h1><p class="notice">${esc(t(l, `workspace.signIn.${code}`, { minutes: SIGN_IN_MINUTES }))}</p><p><a href="${esc(staffPath.home(l))}">${esc(t(l, 'workspace.signIn.again'))}</a></p>`;
  return renderPage(config, m, l, { title, body, path: 'staff/sign-in/' });
}

/** A POST without a (valid) session: nothing was done; sign in again. */
export async function signInRequiredPage(config: Config, m: Municipality, l: Locale): Promise<string> {
  const title = t(l, 'workspace.signIn.required.title');
  const body = `<h1>${esc(title)}</h1><p class="notice">${esc(t(l, 'workspace.signIn.required.text'))}</p><p><a href="${esc(staffPath.home(l))}">${esc(t(l, 'workspace.signIn.title'))}</a></p>`;
  return renderPage(config, m, l, { title, body, path: 'staff/' });
}

/**
 * A workspace page opened from another site (a link in an email): the browser leaves the
 * SameSite=Strict session cookie off such a request, so this page takes one more step from the
 * site itself, a refresh to the same address (and a link for when the refresh is not followed),
 * on which the cookie goes along. `target` is a path of this site (checked by the caller).
 */
export async function continuePage(config: Config, m: Municipality, l: Locale, target: string): Promise<string> {
  const title = t(l, 'workspace.continue.title');
  const body = `<meta http-equiv="refresh" content="${esc(`0;url=${target}`)}"><h1>${esc(title)}</h1><p>${esc(t(l, 'workspace.continue.text'))}</p><p><a href="${esc(target)}">${esc(t(l, 'workspace.continue.link'))}</a></p>`;
  return renderPage(config, m, l, { title, body, path: 'staff/' });
}

/** A short message in the site's layout, for a request outside any session (a 404 under /staff/). */
export async function plainMessagePage(config: Config, m: Municipality, l: Locale, title: string, message: string): Promise<string> {
  return renderPage(config, m, l, { title, body: `<h1>${esc(title)}</h1><p class="notice">${esc(message)}</p>`, path: 'staff/' });
}

// ---------------------------------------------------------------------------------------------
// Inside the workspace

/** A page a signed-in person may not see (403), with the workspace navigation. */
export async function forbiddenPage(config: Config, ctx: StaffContext, opts: { title: string; message: string; current: Parameters<typeof staffShell>[2]['current']; path: string }): Promise<string> {
  return staffShell(config, ctx, { title: opts.title, current: opts.current, path: opts.path, body: `<h1>${esc(opts.title)}</h1><p class="notice">${esc(opts.message)}</p>` });
}

/** "5 ч 7 мин" within two days, "3 дана" beyond: the clock of a resolution deadline runs for weeks. */
function duration(ms: number, l: Locale): string {
  const hours = Math.abs(ms) / 3_600_000;
  return hours < 48 ? formatHoursMinutes(ms, l) : formatHoursOrDays(hours, l);
}

function select(name: string, label: string, options: { value: string; label: string }[], value: string | undefined): string {
  const opts = options.map((o) => `<option${attrs({ value: o.value, selected: (value ?? '') === o.value })}>${esc(o.label)}</option>`).join('');
  return `<div class="form-group"><label class="form-label" for="${esc(name)}">${esc(label)}</label><select class="form-input" id="${esc(name)}" name="${esc(name)}">${opts}</select></div>`;
}

/** The query string of the inbox for a filter and a page (empty parts left out). */
export function inboxQuery(f: InboxFilter, page: number): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.category) q.set('category', f.category);
  if (f.channel) q.set('channel', f.channel);
  if (f.overdueOnly) q.set('overdue', '1');
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function inboxRow(ctx: StaffContext, row: InboxRow, showInbox: boolean): string {
  const { m, locale: l } = ctx;
  const r = row.record;
  const what = [t(l, `kind.${r.kind}` as StringKey), r.category ? categoryName(m, r.category, l) : ''].filter(Boolean).join(' · ');
  const due = t(l, row.dueKind === 'resolution' ? 'workspace.inbox.due.resolution' : 'workspace.inbox.due.answer', { time: formatDateTime(row.dueAt, l, m.clock.timeZone) });
  // Overdue is said in words and marked, never by colour alone.
  const left = row.overdue
    ? `<span class="state state--overdue">${esc(t(l, 'workspace.inbox.overdue', { time: duration(row.leftMs, l) }))}</span>`
    : esc(t(l, 'workspace.inbox.left', { time: duration(row.leftMs, l) }));
  return [
    '<tr>',
    `<th scope="row"><a href="${esc(staffPath.case(l, r.code))}" class="case__code">${esc(r.code)}</a></th>`,
    `<td>${esc(what)}</td>`,
    `<td><span class="badge badge--${esc(r.status)}">${esc(t(l, `status.${r.status}` as StringKey))}</span></td>`,
    `<td>${esc(due)}</td>`,
    `<td>${left}</td>`,
    `<td>${esc(t(l, `workspace.channel.${row.channel}` as StringKey))}</td>`,
    showInbox ? `<td>${esc(row.inbox)}</td>` : '',
    '</tr>',
  ].join('');
}

export interface InboxPageData {
  view: InboxView;
  filter: InboxFilter;
  /** The "find a case" field as typed, and its error. */
  find?: { value: string; error?: FieldError | undefined } | undefined;
  /** A confirmation to show (after signing in, nothing; kept for later notices). */
  notice?: string | undefined;
}

/** The inbox: counts, "find a case", filters, the table of open cases soonest due first, paging. */
export async function inboxPage(config: Config, ctx: StaffContext, d: InboxPageData): Promise<string> {
  const { m, locale: l, roles } = ctx;
  const { view, filter } = d;
  const title = t(l, 'workspace.inbox.title');
  const errors = d.find?.error ? [d.find.error] : [];
  const parts: string[] = [`<h1>${esc(title)}</h1>`, errorSummary(errors, l)];
  if (d.notice) parts.push(`<p class="notice notice--success" role="status">${esc(d.notice)}</p>`);
  const register = `<p><a href="${esc(staffPath.newCase(l))}">${esc(t(l, 'workspace.inbox.register'))}</a></p>`;
  if (!view.seesCases) {
    parts.push(p(t(l, 'workspace.inbox.editorOnly')), register);
  } else {
    parts.push(`<p class="muted">${esc(view.seesAll ? t(l, 'workspace.inbox.scope.all') : t(l, 'workspace.inbox.scope.inboxes', { inboxes: roles.inboxes.join(', ') }))}</p>`);
    if (roles.editor) parts.push(register);
    const count = (label: string, n: number, id: string) => `<div><dt>${esc(label)}</dt><dd data-count="${esc(id)}">${n}</dd></div>`;
    parts.push(
      `<section aria-labelledby="counts-title"><h2 id="counts-title">${esc(t(l, 'workspace.inbox.counts'))}</h2><dl class="workspace-counts">`,
      count(t(l, 'workspace.inbox.counts.open'), view.counts.open, 'open'),
      count(t(l, 'workspace.inbox.counts.overdue'), view.counts.overdue, 'overdue'),
      ...openStatuses.map((s) => count(t(l, `status.${s}` as StringKey), view.counts.byStatus[s as 'received' | 'in_progress'], s)),
      '</dl></section>',
    );
    // Finding a case by its code: a GET form, so it works without JavaScript and can be bookmarked.
    parts.push(
      `<section aria-labelledby="find-title"><h2 id="find-title">${esc(t(l, 'workspace.find.title'))}</h2>`,
      `<form method="get" action="${esc(staffPath.home(l))}" class="citizen-form" novalidate>`,
      textField({ name: 'code', label: t(l, 'workspace.find.label'), hint: t(l, 'workspace.find.hint'), value: d.find?.value ?? '', error: d.find?.error, locale: l }),
      `<button type="submit" class="button button--secondary">${esc(t(l, 'workspace.find.submit'))}</button></form></section>`,
    );
    const all = { value: '', label: t(l, 'workspace.filter.all') };
    parts.push(
      `<section class="filters" aria-labelledby="filters-title"><h2 id="filters-title">${esc(t(l, 'workspace.filter.title'))}</h2>`,
      `<form method="get" action="${esc(staffPath.home(l))}" class="citizen-form">`,
      select('status', t(l, 'workspace.filter.status'), [all, ...openStatuses.map((s) => ({ value: s, label: t(l, `status.${s}` as StringKey) }))], filter.status),
      select('category', t(l, 'workspace.filter.category'), [all, ...m.categories.map((c) => ({ value: c.code, label: categoryName(m, c.code, l) }))], filter.category),
      select('channel', t(l, 'workspace.filter.channel'), [all, ...channels.map((c) => ({ value: c, label: t(l, `workspace.channel.${c}` as StringKey) }))], filter.channel),
      `<div class="form-group"><div class="checkbox"><input class="checkbox__input" id="overdue" name="overdue" type="checkbox" value="1"${filter.overdueOnly ? ' checked' : ''}><label class="checkbox__label" for="overdue">${esc(t(l, 'workspace.filter.overdue'))}</label></div></div>`,
      `<button type="submit" class="button button--secondary">${esc(t(l, 'workspace.filter.submit'))}</button> <a href="${esc(staffPath.home(l))}">${esc(t(l, 'workspace.filter.clear'))}</a>`,
      '</form></section>',
    );
    const filtered = !!(filter.status || filter.category || filter.channel || filter.overdueOnly);
    if (!view.rows.length) {
      parts.push(`<p class="notice" data-testid="inbox-empty">${esc(t(l, filtered ? 'workspace.inbox.emptyFiltered' : 'workspace.inbox.empty'))}</p>`);
    } else {
      const showInbox = view.seesAll || roles.inboxes.length > 1;
      const th = (key: StringKey) => `<th scope="col">${esc(t(l, key))}</th>`;
      const from = (view.page - 1) * 25 + 1;
      parts.push(
        `<p class="muted">${esc(t(l, 'workspace.inbox.showing', { from, to: from + view.rows.length - 1, total: view.matching }))}</p>`,
        `<div class="table-scroll" role="region" aria-labelledby="inbox-caption" tabindex="0"><table class="workspace-table" data-testid="inbox">`,
        `<caption id="inbox-caption">${esc(t(l, 'workspace.inbox.caption'))}</caption>`,
        '<thead><tr>',
        th('workspace.inbox.col.code'), th('workspace.inbox.col.case'), th('workspace.inbox.col.status'), th('workspace.inbox.col.due'), th('workspace.inbox.col.left'), th('workspace.inbox.col.channel'),
        showInbox ? th('workspace.inbox.col.inbox') : '',
        '</tr></thead><tbody>',
        ...view.rows.map((row) => inboxRow(ctx, row, showInbox)),
        '</tbody></table></div>',
      );
    }
    if (view.pages > 1) {
      const link = (page: number, key: StringKey, rel: string) => `<li><a href="${esc(staffPath.home(l) + inboxQuery(filter, page))}" rel="${rel}">${esc(t(l, key))}</a></li>`;
      parts.push(
        `<nav class="pagination" aria-label="${esc(t(l, 'workspace.paging.label'))}"><ul>`,
        view.page > 1 ? link(view.page - 1, 'workspace.paging.prev', 'prev') : '',
        `<li><span aria-current="page">${esc(t(l, 'workspace.paging.of', { page: view.page, pages: view.pages }))}</span></li>`,
        view.page < view.pages ? link(view.page + 1, 'workspace.paging.next', 'next') : '',
        '</ul></nav>',
      );
    }
  }
  const fullTitle = errors.length ? `${t(l, 'form.error.title')}: ${title}` : title;
  return staffShell(config, ctx, { title: fullTitle, body: parts.join(''), current: 'inbox', path: 'staff/' });
}

/** Who did it, in words: the signed-in address, which reply link (and the inbox it went to), the operator or the retention sweep. */
function whoActed(l: Locale, e: AuditEntry): string {
  switch (e.via) {
    case 'session':
      return e.actor ?? t(l, 'workspace.audit.via.session');
    case 'link':
      return e.inbox ? t(l, 'workspace.audit.via.link', { linkId: e.linkId ?? '?', inbox: e.inbox }) : t(l, 'workspace.audit.via.linkNoInbox', { linkId: e.linkId ?? '?' });
    case 'operator':
      return t(l, 'workspace.audit.via.operator');
    case 'retention':
      return t(l, 'workspace.audit.via.retention');
    default:
      return e.actor ?? '';
  }
}

function actionOf(l: Locale, e: AuditEntry): string {
  if (e.change === 'status') return t(l, 'workspace.audit.change.status', { status: t(l, `status.${e.status}` as StringKey) });
  return t(l, `workspace.audit.change.${e.change}` as StringKey);
}

/** The supervisor's log of staff actions, newest first, a page at a time. */
export async function auditPage(config: Config, ctx: StaffContext, d: { entries: AuditEntry[]; next?: string | undefined; paged: boolean }): Promise<string> {
  const { m, locale: l } = ctx;
  const title = t(l, 'workspace.audit.title');
  const parts = [`<h1>${esc(title)}</h1>`, p(t(l, 'workspace.audit.intro'))];
  if (!d.entries.length) parts.push(`<p class="notice">${esc(t(l, 'workspace.audit.empty'))}</p>`);
  else {
    const th = (key: StringKey) => `<th scope="col">${esc(t(l, key))}</th>`;
    parts.push(
      `<div class="table-scroll" role="region" aria-labelledby="audit-caption" tabindex="0"><table class="workspace-table" data-testid="audit">`,
      `<caption id="audit-caption">${esc(t(l, 'workspace.audit.caption'))}</caption>`,
      `<thead><tr>${th('workspace.audit.col.time')}${th('workspace.audit.col.case')}${th('workspace.audit.col.action')}${th('workspace.audit.col.who')}${th('workspace.audit.col.to')}</tr></thead><tbody>`,
      ...d.entries.map(
        (e) =>
          `<tr><th scope="row">${esc(formatDateTime(e.at, l, m.clock.timeZone))}</th><td><a href="${esc(staffPath.case(l, e.code))}" class="case__code">${esc(e.code)}</a></td><td>${esc(actionOf(l, e))}</td><td>${esc(whoActed(l, e))}</td><td>${esc(e.toInbox ?? '')}</td></tr>`,
      ),
      '</tbody></table></div>',
    );
  }
  const links = [
    d.paged ? `<li><a href="${esc(staffPath.audit(l))}">${esc(t(l, 'workspace.audit.newest'))}</a></li>` : '',
    d.next ? `<li><a href="${esc(`${staffPath.audit(l)}?before=${encodeURIComponent(d.next)}`)}" rel="next">${esc(t(l, 'workspace.audit.older'))}</a></li>` : '',
  ].join('');
  if (links) parts.push(`<nav class="pagination" aria-label="${esc(t(l, 'workspace.paging.label'))}"><ul>${links}</ul></nav>`);
  return staffShell(config, ctx, { title, body: parts.join(''), current: 'audit', path: 'staff/audit/' });
}

/** The person's own settings: the language of the workspace and of every email to them. */
export async function settingsPage(config: Config, ctx: StaffContext, d: { value: string; error?: FieldError | undefined; saved?: boolean }): Promise<string> {
  const l = ctx.locale;
  const title = t(l, 'workspace.settings.title');
  const errors = d.error ? [d.error] : [];
  const body = [
    `<h1>${esc(title)}</h1>`,
    d.saved ? `<p class="notice notice--success" role="status" data-testid="saved">${esc(t(l, 'workspace.settings.saved'))}</p>` : '',
    errorSummary(errors, l),
    `<form method="post" action="${esc(staffPath.settings(l))}" class="citizen-form" novalidate>`,
    radios({
      name: 'locale',
      legend: t(l, 'workspace.settings.language'),
      hint: t(l, 'workspace.settings.languageHint'),
      options: localeKeys.map((k) => ({ value: k, label: t(l, `workspace.settings.lang.${k}` as StringKey) })),
      value: d.value,
      error: d.error,
      locale: l,
    }),
    `<button type="submit" class="button">${esc(t(l, 'workspace.settings.submit'))}</button>`,
    '</form>',
  ].join('');
  return staffShell(config, ctx, { title: errors.length ? `${t(l, 'form.error.title')}: ${title}` : title, body, current: 'settings', path: 'staff/settings/' });
}
