/**
 * The citizen's personal link to their case: no account, one link per case in every email the
 * citizen gets (the acknowledgement, each status change).
 *
 * - **The link** (citizenLink, in the stream function, which alone holds the link secret): the
 *   token is derived from the link secret, the code and a generation (1 today; a new generation
 *   would be a new link), so a retried batch makes the same link; only its hash is stored
 *   (`CITIZEN#<hash>`). It does not expire while the case keeps the citizen's personal data: once
 *   retention removed it (`anonymisedAt`) or the citizen had it erased (`erasedAt`), or the item is
 *   marked `revokedAt`, the link is refused (410). The HTTP function only looks hashes up.
 * - **While the case is open** (received, in progress) the citizen may add information: an event
 *   `citizen-update` with what they wrote (`text`, private: staff read it) and its public wording
 *   (`publicText`, contacts masked as a new case's text is). A municipality that publishes only
 *   after review (`publish: after-review`) keeps such an update private (staff see it; it is never
 *   published): there is no review step for an update, and publishing it unreviewed would bypass
 *   the moderation a new case gets.
 * - **Within REOPEN_DAYS of closing as resolved or answered**, the citizen may say it is not fixed:
 *   the case reopens (status received, a new 48-hour deadline from now on the municipality's
 *   clock, closedAt removed, reopenedAt, reopenCount + 1) with an event `reopened`, public with
 *   its masked wording (after-review municipalities: public without the wording). The stream mails
 *   the inbox a fresh reply link; the sweep's notices are counted per reopening.
 * - Later, or closed any other way (rejected, duplicate, not in competence, forwarded): nothing to
 *   do here; the page says to file a new report.
 *
 * A GET only shows; every change is a POST (mail scanners follow links).
 */
import { deriveToken, hashToken, TOKEN_PATTERN } from '../../core/cases/codes.ts';
import { multiLine, type FieldError } from '../../core/cases/forms.ts';
import type { CaseEvent, CaseRecord } from '../../core/cases/model.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { maskContacts } from '../../core/text/mask.ts';
import { deadlineFrom } from '../../core/time.ts';
import type { Config } from '../config.ts';
import { TokenError, ValidationError } from './errors.ts';
import type { CaseStore, CitizenLinkRecord } from './ports.ts';

/** How long after closing as resolved or answered the citizen may say it is not fixed. */
export const REOPEN_DAYS = 30;
/** The generation of personal links issued today (part of the derived token). */
export const CITIZEN_LINK_GENERATION = 1;
/** What the citizen may write: the same hygiene and limits as the report form's description. */
export const citizenTextSchema = multiLine(10, 4000);

/** What the citizen may do through the link now. */
export type CitizenMode =
  /** Open: add information. */
  | 'update'
  /** Resolved or answered, within REOPEN_DAYS: say it is not fixed. */
  | 'reopen'
  /** Resolved or answered longer ago than REOPEN_DAYS. */
  | 'late'
  /** Closed another way (rejected, duplicate, not in competence, forwarded). */
  | 'closed';

export function citizenMode(r: Pick<CaseRecord, 'status' | 'closedAt' | 'updatedAt'>, now: Date): CitizenMode {
  if (r.status === 'received' || r.status === 'in_progress') return 'update';
  if (r.status === 'resolved' || r.status === 'answered') {
    const closed = Date.parse(r.closedAt ?? r.updatedAt);
    return now.getTime() - closed <= REOPEN_DAYS * 86_400_000 ? 'reopen' : 'late';
  }
  return 'closed';
}

/**
 * The personal link's token for a case (the stream function): derived, stored by its hash once.
 * Undefined when the case no longer keeps personal data (no link to give).
 */
export async function citizenLink(ports: { config: Pick<Config, 'linkSecret'>; store: Pick<CaseStore, 'putCitizenLink'>; now: () => Date }, r: CaseRecord): Promise<string | undefined> {
  if (r.erasedAt || r.anonymisedAt) return undefined;
  const token = deriveToken(ports.config.linkSecret, 'citizen', r.code, String(CITIZEN_LINK_GENERATION));
  await ports.store.putCitizenLink(hashToken(token), { code: r.code, generation: CITIZEN_LINK_GENERATION, createdAt: ports.now().toISOString() });
  return token;
}

export interface OpenedLink {
  link: CitizenLinkRecord;
  record: CaseRecord;
  events: CaseEvent[];
  mode: CitizenMode;
}

type ReadPorts = { store: Pick<CaseStore, 'getCitizenLink' | 'getCaseWithEvents'>; now: () => Date };

/**
 * The case behind a personal link, and what it allows now. TokenError tokenUnknown (404) for a
 * token never issued; tokenExpired (410) for one revoked, or of a case whose personal data is gone.
 */
export async function openCitizenLink(ports: ReadPorts, token: string): Promise<OpenedLink> {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw new TokenError('tokenUnknown');
  const link = await ports.store.getCitizenLink(hashToken(token));
  if (!link) throw new TokenError('tokenUnknown');
  if (link.revokedAt) throw new TokenError('tokenExpired');
  const found = await ports.store.getCaseWithEvents(link.code);
  if (!found) throw new TokenError('tokenExpired');
  const { record, events } = found;
  // Spam has no page; personal data removed (retention, erasure) ends the link.
  if (record.status === 'rejected' || record.erasedAt || record.anonymisedAt) throw new TokenError('tokenExpired');
  return { link, record, events, mode: citizenMode(record, ports.now()) };
}

type WritePorts = ReadPorts & { store: Pick<CaseStore, 'getCitizenLink' | 'getCaseWithEvents' | 'saveCase'> };

/** The citizen's text from a form body, or a ValidationError on field `text`. */
function readText(body: Record<string, unknown>): string {
  const parsed = citizenTextSchema.safeParse(typeof body.text === 'string' ? body.text : '');
  if (!parsed.success) throw new ValidationError([{ field: 'text', code: (parsed.error.issues[0]?.message ?? 'invalid') as FieldError['code'] }]);
  return parsed.data;
}

/** The step is no longer possible (the case moved on since the page was shown). */
export class CitizenStepError extends Error {
  constructor(readonly opened: OpenedLink) {
    super('citizen step not possible now');
  }
}

/**
 * Adds the citizen's information to an open case (a POST). Returns the case's code. Throws
 * ValidationError, TokenError, or CitizenStepError when the case is no longer open.
 */
export async function addCitizenUpdate(ports: WritePorts, token: string, body: Record<string, unknown>): Promise<OpenedLink> {
  const opened = await openCitizenLink(ports, token);
  if (opened.mode !== 'update') throw new CitizenStepError(opened);
  const text = readText(body);
  const { record } = opened;
  const m = getMunicipality(record.municipality);
  const now = ports.now().toISOString();
  const event: CaseEvent = {
    code: record.code,
    municipality: record.municipality,
    at: now,
    change: 'citizen-update',
    status: record.status,
    public: m.publish !== 'after-review',
    text,
    publicText: maskContacts(text, record.locale),
    via: 'citizen',
  };
  if (!(await ports.store.saveCase({ ...record, updatedAt: now }, record.updatedAt, [event]))) {
    // Changed meanwhile: try once more on the case as it is now (staff may have just answered).
    const again = await openCitizenLink(ports, token);
    if (again.mode !== 'update' || !(await ports.store.saveCase({ ...again.record, updatedAt: now }, again.record.updatedAt, [{ ...event, status: again.record.status }]))) throw new CitizenStepError(again);
    return again;
  }
  return opened;
}

/**
 * "It is not fixed": reopens a case resolved or answered within REOPEN_DAYS (a POST). Throws
 * ValidationError, TokenError, or CitizenStepError when the case may not be reopened now.
 */
export async function reopenCase(ports: WritePorts, token: string, body: Record<string, unknown>): Promise<OpenedLink> {
  const opened = await openCitizenLink(ports, token);
  if (opened.mode !== 'reopen') throw new CitizenStepError(opened);
  const text = readText(body);
  const { record } = opened;
  const m = getMunicipality(record.municipality);
  const nowDate = ports.now();
  const now = nowDate.toISOString();
  const { closedAt: _closed, plannedAt: _planned, ...rest } = record;
  const next: CaseRecord = {
    ...rest,
    status: 'received',
    deadlineAt: deadlineFrom(nowDate, m.clock).toISOString(),
    reopenedAt: now,
    reopenCount: (record.reopenCount ?? 0) + 1,
    updatedAt: now,
  };
  const event: CaseEvent = {
    code: record.code,
    municipality: record.municipality,
    at: now,
    change: 'reopened',
    status: 'received',
    public: true,
    text,
    // Under the same moderation as a new case: an after-review municipality publishes that it was
    // reopened, not the words.
    ...(m.publish === 'after-review' ? {} : { publicText: maskContacts(text, record.locale) }),
    via: 'citizen',
  };
  if (!(await ports.store.saveCase(next, record.updatedAt, [event]))) {
    throw new CitizenStepError(await openCitizenLink(ports, token));
  }
  return { ...opened, record: next, mode: 'update' };
}
