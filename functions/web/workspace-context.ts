/**
 * The staff workspace's shared contract: who is signed in (StaffContext, set on every workspace
 * route by the session middleware in functions/web/workspace.ts), the Hono variables that carry
 * it, and the frame every workspace page is drawn in (the site's layout, a workspace navigation
 * and the page's own content).
 *
 * The workspace lives under `/<locale>/staff/` on each site. GET only shows; every change is a
 * POST (same-site checked for the whole app in functions/web/app.ts), and the session cookie is
 * SameSite=Strict and HttpOnly.
 */
import type { Config } from '../config.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { StaffRoles } from '../../core/municipalities/staff.ts';
import type { Locale } from '../../core/locales.ts';
import type { SessionRecord } from '../domain/ports.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import { esc } from '../../core/views/html.ts';
import { renderPage } from './html.ts';

/** The signed-in member of staff, on the municipality whose site the request came to. */
export interface StaffContext {
  m: Municipality;
  /** The locale in the URL: the language the page is drawn in. */
  locale: Locale;
  session: SessionRecord;
  /** The session's hash (the cookie holds the secret): what signing out ends. */
  sessionHash: string;
  roles: StaffRoles;
}

/** Hono's variables on workspace routes. */
export type StaffVars = { Variables: { staff: StaffContext } };

/** The workspace's paths, from the locale: /sr/staff/, /sr/staff/cases/K7QM-3XTD/, … */
export const staffPath = {
  home: (l: Locale) => `/${l}/staff/`,
  signIn: (l: Locale) => `/${l}/staff/sign-in/`,
  signOut: (l: Locale) => `/${l}/staff/sign-out/`,
  case: (l: Locale, code: string) => `/${l}/staff/cases/${code}/`,
  action: (l: Locale, code: string, action: string) => `/${l}/staff/cases/${code}/${action}/`,
  newCase: (l: Locale) => `/${l}/staff/new/`,
  audit: (l: Locale) => `/${l}/staff/audit/`,
  settings: (l: Locale) => `/${l}/staff/settings/`,
};

export type WorkspaceSection = 'inbox' | 'case' | 'new' | 'audit' | 'settings' | 'sign-in';

/** The workspace navigation: the inbox, registering a case, the log (supervisor), settings, signing out. */
export function workspaceNav(ctx: StaffContext, current: WorkspaceSection): string {
  const l = ctx.locale;
  const item = (section: WorkspaceSection, href: string, key: StringKey) =>
    `<li><a href="${esc(href)}"${section === current ? ' aria-current="page"' : ''}>${esc(t(l, key))}</a></li>`;
  const links = [
    item('inbox', staffPath.home(l), 'workspace.nav.inbox'),
    item('new', staffPath.newCase(l), 'workspace.nav.new'),
    ctx.roles.supervisor ? item('audit', staffPath.audit(l), 'workspace.nav.audit') : '',
    item('settings', staffPath.settings(l), 'workspace.nav.settings'),
  ].join('');
  const signOut = `<form method="post" action="${esc(staffPath.signOut(l))}" class="workspace-signout"><button type="submit" class="button button--secondary">${esc(t(l, 'workspace.signOut'))}</button></form>`;
  return `<nav class="workspace-nav" aria-label="${esc(t(l, 'workspace.nav.label'))}"><p class="muted">${esc(t(l, 'workspace.signedInAs', { email: ctx.session.email }))}</p><ul class="plain workspace-nav__list">${links}</ul>${signOut}</nav>`;
}

/**
 * A workspace page in the site's layout: the navigation, then the page. `path` is the page's path
 * after the locale (`staff/cases/K7QM-3XTD/`), so the language switcher leads to the same page in
 * the other languages. Never indexed.
 */
export async function staffShell(config: Config, ctx: StaffContext, opts: { title: string; body: string; current: WorkspaceSection; path: string }): Promise<string> {
  return renderPage(config, ctx.m, ctx.locale, { title: opts.title, body: `${workspaceNav(ctx, opts.current)}${opts.body}`, path: opts.path });
}
