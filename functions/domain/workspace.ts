/**
 * A case in the staff workspace: who may see it and act on it, and each action (answer, forward
 * to another inbox, internal note, edit the public wording and photos, mark as a duplicate,
 * reveal the contact, erase at the citizen's request), and registering a case received by phone,
 * at the counter, by letter or by email. The web layer (functions/web/workspace-case.ts) draws
 * the pages; the rules live here.
 *
 * Decisions:
 * - **Who.** The supervisor acts on every case of the municipality; an inbox member on the cases
 *   that are with one of their inboxes now (`r.inbox`, or for a case made before it was
 *   recorded the inbox of its category, overdue.ts inboxFor). Whoever registered a case may see
 *   it (they typed it), without acting on it unless their inbox has it. Anyone else: forbidden. A
 *   case of another municipality does not exist here (404, like an unknown code).
 * - **Optimistic.** Every page's form carries the `updatedAt` of the case it showed. An action
 *   on a case changed since (another tab, a colleague, the reply link) is refused as `stale`
 *   before anything is written, and the store's write is conditional on the same `updatedAt`,
 *   so two writes racing cannot both land. The page comes back with the case as it is now and
 *   what was typed.
 * - **Every event names who acted** (`via: 'session'`, `actor`: the signed-in address): the
 *   store writes the audit entry with it. Neither is ever public (core/cases/public.ts).
 * - Notes, contact views and erasure change nothing the optimistic check guards (the case's
 *   fields staff edit), so they need no `updatedAt`; a note or an erasure is never lost to it.
 */
import { z } from 'zod';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { inboxesOf, type StaffRoles } from '../../core/municipalities/staff.ts';
import type { CaseEvent, CaseKind, CaseRecord, ContactRecord } from '../../core/cases/model.ts';
import { staffChannels } from '../../core/cases/model.ts';
import { openStatuses } from '../../core/cases/statuses.ts';
import { fieldErrors, multiLine, reportSchema, type FieldError } from '../../core/cases/forms.ts';
import { normaliseCode } from '../../core/cases/codes.ts';
import { retentionEnd } from '../../core/cases/retention.ts';
import { localeEnum } from '../../core/locales.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { inboxFor } from './overdue.ts';
import { eraseCase } from './erase.ts';
import { buildAnswer, choosePhotos, create, type Ports } from './service.ts';
import type { DueItem } from './ports.ts';

/** The signed-in member of staff, as the domain needs them (the web's StaffContext gives it). */
export interface StaffActor {
  m: Municipality;
  /** The signed-in address. */
  email: string;
  roles: StaffRoles;
}

/** What a member of staff may do with a case: act on it, or only see it (they registered it). */
export type Access = 'act' | 'view';

/**
 * A refusal that is not about a field: `forbidden` (the case is with an inbox that is not theirs)
 * or `stale` (the case changed since the page was shown). The web layer turns each into its page.
 */
export class WorkspaceRefusal extends Error {
  constructor(readonly reason: 'forbidden' | 'stale') {
    super(reason);
    this.name = 'WorkspaceRefusal';
  }
}

/** The workspace's actions on a case, as their URLs name them. */
export const caseActions = ['answer', 'forward', 'note', 'edit', 'duplicate', 'contact', 'erase'] as const;
export type CaseAction = (typeof caseActions)[number];

const norm = (email: string) => email.trim().toLowerCase();

/** The inbox a case is with now (lowercase): where it was forwarded, else where it arrived. */
export function currentInbox(m: Municipality, r: CaseRecord): string {
  return norm(r.inbox ?? inboxFor(m, r));
}

/** Whether a member of staff may act on a case (see the top of this file). */
export function mayAct(actor: StaffActor, r: CaseRecord): boolean {
  return actor.roles.supervisor || actor.roles.inboxes.map(norm).includes(currentInbox(actor.m, r));
}

/** The signed-in address that registered a case (its created event's actor), if staff registered it. */
export function registeredBy(events: readonly CaseEvent[]): string | undefined {
  const actor = events.find((e) => e.change === 'created')?.actor;
  return actor ? norm(actor) : undefined;
}

export function isOpen(r: Pick<CaseRecord, 'status'>): boolean {
  return openStatuses.includes(r.status);
}

/** Which actions a case allows now (whoever asks; mayAct says whether they may). */
export function allowedActions(r: CaseRecord): Record<CaseAction, boolean> {
  const open = isOpen(r);
  return {
    answer: open,
    forward: open,
    note: true,
    // The public wording of a case withdrawn as spam, or erased, is not staff's to write again.
    edit: r.status !== 'rejected' && !r.erasedAt,
    duplicate: open,
    contact: !r.erasedAt,
    erase: !r.erasedAt,
  };
}

export interface WorkspaceCase {
  record: CaseRecord;
  events: CaseEvent[];
  access: Access;
}

/** A case of the actor's municipality as they may see it; NotFoundError or WorkspaceRefusal otherwise. */
export async function loadCase(ports: Pick<Ports, 'store'>, actor: StaffActor, rawCode: string): Promise<WorkspaceCase> {
  const code = normaliseCode(rawCode);
  if (!code) throw new NotFoundError('caseUnknown');
  const found = await ports.store.getCaseWithEvents(code);
  // Another municipality's case is not there for this site's staff, not even as "forbidden".
  if (!found || found.record.municipality !== actor.m.id) throw new NotFoundError('caseUnknown');
  if (mayAct(actor, found.record)) return { ...found, access: 'act' };
  if (registeredBy(found.events) === norm(actor.email)) return { ...found, access: 'view' };
  throw new WorkspaceRefusal('forbidden');
}

/** The case page's data: the case, its whole timeline and the contact (shown masked unless revealed). */
export async function openCase(ports: Pick<Ports, 'store'>, actor: StaffActor, code: string): Promise<WorkspaceCase & { contact?: ContactRecord | undefined }> {
  const c = await loadCase(ports, actor, code);
  return { ...c, contact: c.access === 'act' ? await ports.store.getContact(c.record.code) : undefined };
}

/** A case the actor may act on, that allows the action; field errors on `form` when it does not. */
async function forAction(ports: Pick<Ports, 'store'>, actor: StaffActor, code: string, action: CaseAction): Promise<WorkspaceCase> {
  const c = await loadCase(ports, actor, code);
  if (c.access !== 'act') throw new WorkspaceRefusal('forbidden');
  if (!allowedActions(c.record)[action]) throw new ValidationError([{ field: 'form', code: 'caseClosed' }]);
  return c;
}

/** The page's `updatedAt` must still be the case's: otherwise someone changed it meanwhile. */
function checkFresh(r: CaseRecord, raw: Record<string, unknown>) {
  if (raw.updatedAt !== r.updatedAt) throw new WorkspaceRefusal('stale');
}

/** Who acted, on every event of the workspace. */
const by = (actor: StaffActor) => ({ via: 'session' as const, actor: norm(actor.email) });

/** Writes the case, conditional on its `updatedAt` as read; a write that lost a race is stale. */
async function save(ports: Pick<Ports, 'store'>, r: CaseRecord, next: CaseRecord, events: CaseEvent[], due: DueItem[] = []) {
  if (!(await ports.store.saveCase(next, r.updatedAt, events, due))) throw new WorkspaceRefusal('stale');
}

/**
 * A closed case's personal data is due for removal at the end of retention. A status event gets
 * this from the stream (retention.ts followStatus); a case the workspace closes otherwise (as a
 * duplicate) schedules it with its own write.
 */
function retentionDue(ports: Pick<Ports, 'config'>, r: CaseRecord): DueItem[] {
  return r.closedAt ? [{ kind: 'retention', code: r.code, at: retentionEnd(r.closedAt, ports.config.contactRetentionDays).toISOString() }] : [];
}

/** Answer an open case: the same rules as the reply link (service.ts buildAnswer). */
export async function answerCase(ports: Ports, actor: StaffActor, code: string, raw: Record<string, unknown>) {
  const { record: r } = await forAction(ports, actor, code, 'answer');
  checkFresh(r, raw);
  const { next, event, outcome } = buildAnswer(actor.m, r, raw, ports.now(), by(actor));
  await save(ports, r, next, [event]);
  return { code: r.code, status: outcome };
}

/**
 * Forward an open case to another inbox of the municipality. The deadlines do not change (the
 * clock keeps running); the stream mails the new inbox a reply link of the case's stage.
 */
export async function forwardCase(ports: Ports, actor: StaffActor, code: string, raw: Record<string, unknown>) {
  const { record: r } = await forAction(ports, actor, code, 'forward');
  checkFresh(r, raw);
  const to = typeof raw.toInbox === 'string' ? norm(raw.toInbox) : '';
  const from = currentInbox(actor.m, r);
  if (!to) throw new ValidationError([{ field: 'toInbox', code: 'required' }]);
  if (!inboxesOf(actor.m).includes(to)) throw new ValidationError([{ field: 'toInbox', code: 'unknownInbox' }]);
  if (to === from) throw new ValidationError([{ field: 'toInbox', code: 'sameInbox' }]);
  const at = ports.now().toISOString();
  const next: CaseRecord = { ...r, inbox: to, updatedAt: at };
  await save(ports, r, next, [{ code: r.code, municipality: r.municipality, at, change: 'forwarded', status: r.status, public: false, fromInbox: from, toInbox: to, ...by(actor) }]);
  return { code: r.code, toInbox: to };
}

const noteSchema = z.object({ note: multiLine(1, 4000) });

/** An internal note, on an open or a closed case: never public, never mailed to the citizen. */
export async function addNote(ports: Ports, actor: StaffActor, code: string, raw: Record<string, unknown>) {
  const { record: r } = await forAction(ports, actor, code, 'note');
  const parsed = noteSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  await ports.store.addEvent({ code: r.code, municipality: r.municipality, at: ports.now().toISOString(), change: 'note', status: r.status, public: false, note: parsed.data.note, ...by(actor) });
  return { code: r.code };
}

const editSchema = z.object({ publicText: multiLine(1, 4000) });

/**
 * Edit the public wording, and publish or hide each photo staff can see (service.ts choosePhotos:
 * no default), on an open or a closed case, but not one withdrawn as spam or erased.
 */
export async function editCase(ports: Ports, actor: StaffActor, code: string, raw: Record<string, unknown>) {
  const { record: r } = await forAction(ports, actor, code, 'edit');
  checkFresh(r, raw);
  const at = ports.now().toISOString();
  const parsed = editSchema.safeParse(raw);
  const chosen = choosePhotos(r.photos, raw, false, at);
  if (!parsed.success || chosen.errors.length) throw new ValidationError([...(parsed.success ? [] : fieldErrors(parsed.error.issues)), ...chosen.errors]);
  const next: CaseRecord = { ...r, publicText: parsed.data.publicText, photos: chosen.photos, updatedAt: at };
  await save(ports, r, next, [{ code: r.code, municipality: r.municipality, at, change: 'edited', status: r.status, public: false, ...by(actor) }]);
  return { code: r.code };
}

/** How many duplicates of duplicates are followed to the original (a chain is never longer when made here). */
const MAX_HOPS = 5;

/**
 * Mark an open case as a duplicate of another case of the municipality (its tracking code,
 * however typed). A duplicate of a duplicate points to the original. The case closes
 * (`duplicate`); the public timeline says which case it duplicates.
 */
export async function markDuplicate(ports: Ports, actor: StaffActor, code: string, raw: Record<string, unknown>) {
  const { record: r } = await forAction(ports, actor, code, 'duplicate');
  checkFresh(r, raw);
  const typed = typeof raw.original === 'string' ? raw.original.trim() : '';
  if (!typed) throw new ValidationError([{ field: 'original', code: 'required' }]);
  const originalCode = normaliseCode(typed);
  if (!originalCode) throw new ValidationError([{ field: 'original', code: 'unknownCase' }]);
  if (originalCode === r.code) throw new ValidationError([{ field: 'original', code: 'sameCase' }]);
  let original = await ports.store.getCase(originalCode);
  for (let hops = 0; original?.status === 'duplicate' && original.duplicateOf && hops < MAX_HOPS; hops++) original = await ports.store.getCase(original.duplicateOf);
  // Not of this municipality, or withdrawn as spam (no page to point to): not a case to name.
  if (!original || original.municipality !== r.municipality || original.status === 'rejected') throw new ValidationError([{ field: 'original', code: 'unknownCase' }]);
  if (original.code === r.code) throw new ValidationError([{ field: 'original', code: 'sameCase' }]);
  const at = ports.now().toISOString();
  const next: CaseRecord = {
    ...r,
    status: 'duplicate',
    duplicateOf: original.code,
    updatedAt: at,
    closedAt: at,
    // Staff looked at it and gave the citizen an answer: where their case is followed.
    firstAnsweredAt: r.firstAnsweredAt ?? at,
  };
  const event: CaseEvent = { code: r.code, municipality: r.municipality, at, change: 'duplicate', status: 'duplicate', public: true, duplicateOf: original.code, ...by(actor) };
  await save(ports, r, next, [event], retentionDue(ports, next));
  return { code: r.code, duplicateOf: original.code };
}

/**
 * The contact in full, on request (a POST): recorded on the case with who asked, never public.
 * The page shows it masked otherwise.
 */
export async function revealContact(ports: Ports, actor: StaffActor, code: string) {
  const { record: r } = await forAction(ports, actor, code, 'contact');
  await ports.store.addEvent({ code: r.code, municipality: r.municipality, at: ports.now().toISOString(), change: 'contact-viewed', status: r.status, public: false, ...by(actor) });
  return { code: r.code };
}

/**
 * Erasure at the citizen's request (functions/domain/erase.ts), open or closed case: the
 * workspace is where a closed case (whose reply links no longer work) is erased, recorded with who
 * acted. The photo objects are left to the photo handler (the HTTP function deletes nothing).
 */
export async function eraseFromWorkspace(ports: Ports, actor: StaffActor, code: string, raw: Record<string, unknown>) {
  const { record: r } = await forAction(ports, actor, code, 'erase');
  if (raw.confirm !== 'yes') throw new ValidationError([{ field: 'confirm', code: 'required' }]);
  return eraseCase({ store: ports.store, now: ports.now }, r.code, by(actor));
}

const blankIsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * A case registered by staff on the citizen's behalf. The citizen's details are all optional (a
 * caller may give none); the same formats and text hygiene as the citizen forms.
 */
export const registerSchema = z.object({
  channel: z.enum(staffChannels, { error: 'required' }),
  kind: z.enum(['report', 'question'], { error: 'required' }),
  category: z.preprocess(blankIsAbsent, z.string().max(40, 'unknownCategory').optional()),
  text: multiLine(10, 4000),
  address: reportSchema.shape.address,
  name: reportSchema.shape.name,
  email: reportSchema.shape.email,
  phone: reportSchema.shape.phone,
  /** The citizen's language: what they read the status page and emails in. */
  locale: z.enum(localeEnum, { error: 'required' }),
  /** Drawn when the form is shown: a double click makes one case, a new form a new one. */
  idempotencyKey: z.preprocess(blankIsAbsent, z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'invalid').optional()),
});

/** The order the registration form shows its fields in. */
const REGISTER_ORDER = ['channel', 'kind', 'category', 'text', 'address', 'locale', 'name', 'phone', 'email'];

/**
 * Register a case received by phone, at the counter, by letter or by email. Any signed-in member
 * of staff may (editors are there for this). It is created like a web submission (service.ts
 * create): received, the 48-hour clock running, its inbox mailed, the citizen acknowledged when
 * they gave an email; `channel` says how it came, the created event who registered it.
 */
export async function registerCase(ports: Ports, actor: StaffActor, raw: Record<string, unknown>): Promise<{ code: string; created: boolean }> {
  const parsed = registerSchema.safeParse(raw);
  const errors: FieldError[] = parsed.success ? [] : fieldErrors(parsed.error.issues);
  const kind = raw.kind === 'report' || raw.kind === 'question' ? (raw.kind as CaseKind) : undefined;
  const category = typeof raw.category === 'string' ? raw.category.trim() : '';
  if (kind === 'report' && !errors.some((e) => e.field === 'category')) {
    if (!category) errors.push({ field: 'category', code: 'required' });
    else if (!actor.m.categories.some((c) => c.code === category)) errors.push({ field: 'category', code: 'unknownCategory' });
  }
  if (!parsed.success || errors.length) throw new ValidationError(errors.sort((a, b) => REGISTER_ORDER.indexOf(a.field) - REGISTER_ORDER.indexOf(b.field)));
  const d = parsed.data;
  return create(
    ports,
    d.kind,
    actor.m,
    { locale: d.locale, idempotencyKey: d.idempotencyKey, name: d.name, showName: false, email: d.email, phone: d.phone },
    { category: d.kind === 'report' ? d.category : undefined, text: d.text, address: d.address, photos: [] },
    { channel: d.channel, actor: norm(actor.email) },
  );
}
