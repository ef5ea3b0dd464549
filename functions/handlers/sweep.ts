/**
 * The sweep: reminders to the inbox a case is with when it is still unanswered after its deadline,
 * or still in progress after its resolution deadline, then the escalation to the supervisor (the
 * rules are functions/domain/overdue.ts); and the scheduled work in the table's `DUE` partition:
 * a fresh reply link for an open case whose link expired (functions/domain/tokens.ts), and the
 * removal of personal data when a closed case's retention ends (functions/domain/retention.ts).
 * This reads, claims, mails and records.
 */
import { getMunicipality, municipalityIds } from '../../core/municipalities/index.ts';
import type { CaseRecord } from '../../core/cases/model.ts';
import type { Config } from '../config.ts';
import type { CaseStore, DueItem, LinkPurpose, Mailer, Publisher } from '../domain/ports.ts';
import { dueNotices, dueResolutionNotices, inboxFor, isPastResolution, lookbackStart, notYetDue, overdueQuery, reminderKinds, staffLocale, type NoticeKind } from '../domain/overdue.ts';
import { confirmLinkSent, issueReplyLink, stageOf } from '../domain/tokens.ts';
import { runRetention } from '../domain/retention.ts';
import { sendFeedback } from '../domain/feedback.ts';
import { feedbackRequest, overdueEscalation, overdueReminder, resolutionEscalation, resolutionReminder, staffNotice } from '../web/emails.ts';
import { siteOrigin } from '../web/html.ts';
import { sendDigests } from './subscriptions.ts';

export interface SweepPorts {
  config: Config;
  store: CaseStore;
  mailer: Mailer;
  now: () => Date;
  log?: ((line: string) => void) | undefined;
}

export interface SweepReport {
  /** Overdue cases looked at (received after their deadline, with a notice due). */
  overdue: number;
  /** Cases in progress after their resolution deadline, with a notice due. */
  pastResolution?: number;
  sent: { code: string; municipality: string; kind: NoticeKind; to: string }[];
  failed: { code: string; kind: NoticeKind | DueItem['kind'] | 'digest'; error: string }[];
  /** Fresh reply links mailed because the last one expired while the case was still open. */
  refreshed?: { code: string; purpose: LinkPurpose; to: string }[];
  /** Daily digests of area alerts mailed. */
  digests?: number;
  /** Cases whose personal data was removed at the end of retention. */
  anonymised?: string[];
}

/** Longer than a sweep can run (the Lambda's timeout is a minute): an older unsent claim belongs to a sweep that died. */
const STALE_CLAIM_MS = 10 * 60_000;

/**
 * Sends one notice unless it went out already: claim in the table, mail with an idempotency key,
 * record. Reminders go to the inbox the case is with now (overdue.ts inboxFor: a forwarded case's
 * new inbox) with a fresh reply link of the case's stage; escalations to the supervisor, without
 * one. Each in the recipient's language.
 */
async function notify(ports: SweepPorts, r: CaseRecord, kind: NoticeKind, report: SweepReport) {
  const now = ports.now();
  // Each notice once per case and reopening: a case the citizen reopened ("not fixed") is reminded
  // and escalated again (functions/domain/citizen.ts), under keys of its own.
  const noticeKey: NoticeKind | `${NoticeKind}#${number}` = r.reopenCount ? `${kind}#${r.reopenCount}` : kind;
  const mailSuffix = r.reopenCount ? `:r${r.reopenCount}` : '';
  if (!(await ports.store.claimNotice(r.code, noticeKey, now, new Date(now.getTime() - STALE_CLAIM_MS)))) return;
  const m = getMunicipality(r.municipality);
  const inbox = inboxFor(m, r);
  const origin = siteOrigin(ports.config, m);
  const to = reminderKinds.includes(kind) ? inbox : m.supervisorInbox;
  try {
    const recipient = { to, locale: await staffLocale(ports.store, m, to), origin };
    const tokenDays = ports.config.tokenTtlDays;
    if (kind === 'reminder' || kind === 'resolution-reminder') {
      // A fresh link: the one in the last email may have been lost, forwarded or expired. It
      // replaces that one (one live link per case and purpose; domain/tokens.ts).
      const purpose = kind === 'reminder' ? 'new' : 'follow-up';
      const link = await issueReplyLink(ports, r, purpose, inbox, `${kind === 'reminder' ? 'overdue-reminder' : 'resolution-reminder'}:${r.code}${mailSuffix}`);
      if (!link.sent) {
        const replyUrl = `${origin}/api/reply/${link.token}`;
        await ports.mailer.send(kind === 'reminder' ? overdueReminder(m, r, { ...recipient, replyUrl, tokenDays }) : resolutionReminder(m, r, { ...recipient, replyUrl, tokenDays }), link.mailKey);
        await confirmLinkSent(ports, r, purpose, link);
      }
    } else if (kind === 'escalation') {
      await ports.mailer.send(overdueEscalation(m, r, { ...recipient, inbox }), `overdue-escalation:${r.code}${mailSuffix}`);
    } else {
      await ports.mailer.send(resolutionEscalation(m, r, { ...recipient, inbox }), `resolution-escalation:${r.code}${mailSuffix}`);
    }
  } catch (e) {
    // Nothing went out: give the claim back so the next sweep tries again.
    await ports.store.releaseNotice(r.code, noticeKey).catch(() => {});
    throw e;
  }
  await ports.store.markNoticeSent(r.code, noticeKey, ports.now(), to);
  report.sent.push({ code: r.code, municipality: r.municipality, kind, to });
  ports.log?.(`sweep: ${r.code} ${kind.startsWith('resolution') ? 'past its resolution deadline' : 'overdue'}, ${kind} sent`);
}

/** Sends the notices due, in order; the escalation waits for the next sweep when the reminder failed. */
async function sendDue(ports: SweepPorts, r: CaseRecord, due: NoticeKind[], report: SweepReport) {
  for (const kind of due) {
    try {
      await notify(ports, r, kind, report);
    } catch (e) {
      report.failed.push({ code: r.code, kind, error: (e as Error).message });
      ports.log?.(`sweep: ${r.code} ${kind} failed: ${(e as Error).message}`);
      // The escalation says a reminder went out; without one, it waits for the next sweep.
      break;
    }
  }
}

/**
 * Finds every case still `received` after its deadline, per municipality through gsi1 (only
 * cases created in the last `lookbackDays`), and sends what is due: the reminder to the inbox
 * it is with, then, `escalateAfterHours` running hours after the deadline, the escalation
 * to the supervisor. Each at most once per case. One case failing does not stop the others;
 * the failures are returned (and the next sweep retries them).
 */
export async function sweepOverdue(ports: SweepPorts): Promise<SweepReport> {
  const now = ports.now();
  const report: SweepReport = { overdue: 0, sent: [], failed: [] };
  const query = overdueQuery(now, ports.config.overdue);
  for (const id of municipalityIds) {
    const m = getMunicipality(id);
    for await (const page of ports.store.listCases(id, query)) {
      for (const listed of page) {
        // The index is eventually consistent: the case may have been answered a moment ago.
        const r = await ports.store.getCase(listed.code);
        if (!r) continue;
        const due = dueNotices(r, m.clock, ports.config.overdue, now);
        if (due.length) report.overdue++;
        await sendDue(ports, r, due, report);
      }
    }
  }
  return report;
}

/**
 * Finds every case still `in_progress` after its resolution deadline and sends what is due: the
 * reminder to the inbox the case is with (a fresh follow-up link), then, `escalateAfterHours`
 * running hours after the resolution deadline, the escalation to the supervisor. Each at most
 * once per case. Reads each municipality's open cases soonest due first (the `open-by-due` index,
 * CaseStore.listOpen) and stops at the first one not yet due (overdue.ts notYetDue says why not
 * gsi1). A case resolved before the sweep runs has left the index, and is read again before
 * anything is sent.
 */
export async function sweepResolution(ports: SweepPorts): Promise<SweepReport & { pastResolution: number }> {
  const now = ports.now();
  const report = { overdue: 0, pastResolution: 0, sent: [] as SweepReport['sent'], failed: [] as SweepReport['failed'] };
  for (const id of municipalityIds) {
    const m = getMunicipality(id);
    walk: for await (const page of ports.store.listOpen(id)) {
      for (const listed of page) {
        if (notYetDue(listed, now)) break walk;
        // Received cases past their deadline are sweepOverdue's, but for a reopened case made
        // before its lookback (gsi1 reads by creation time): those are found here.
        if (listed.status === 'received' && listed.reopenCount && listed.createdAt < lookbackStart(now, ports.config.overdue)) {
          const r = await ports.store.getCase(listed.code);
          const due = r ? dueNotices(r, m.clock, ports.config.overdue, now) : [];
          if (r && due.length) {
            report.overdue++;
            await sendDue(ports, r, due, report);
          }
          continue;
        }
        if (!isPastResolution(listed, now)) continue;
        // The index is eventually consistent: the case may have been resolved a moment ago.
        const r = await ports.store.getCase(listed.code);
        if (!r) continue;
        const due = dueResolutionNotices(r, m.clock, ports.config.overdue, now);
        if (due.length) report.pastResolution++;
        await sendDue(ports, r, due, report);
      }
    }
  }
  return report;
}

/**
 * A reply link expired (its `link` item fell due): if the case is still in the stage the link
 * was for and no newer link was mailed since, the inbox gets a fresh one, so an open case always
 * has a working link in the latest email however short a link's life. Nothing otherwise.
 */
async function refreshLink(ports: SweepPorts, item: DueItem, report: Required<Pick<SweepReport, 'refreshed'>>) {
  const [purpose, linkId] = (item.ref ?? '').split(':') as [LinkPurpose, string | undefined];
  if (!(purpose in stageOf) || !linkId) return;
  const r = await ports.store.getCase(item.code);
  if (!r || r.status !== stageOf[purpose]) return;
  const current = await ports.store.getCurrentLink(r.code, purpose);
  if (!current || current.linkId !== linkId) return;
  const m = getMunicipality(r.municipality);
  const inbox = inboxFor(m, r);
  const origin = siteOrigin(ports.config, m);
  const link = await issueReplyLink(ports, r, purpose, inbox, `link-refresh:${r.code}:${linkId}`);
  if (!link.sent) {
    const s = { to: inbox, locale: await staffLocale(ports.store, m, inbox), origin, replyUrl: `${origin}/api/reply/${link.token}`, tokenDays: ports.config.tokenTtlDays };
    const now = ports.now();
    const email =
      purpose === 'follow-up'
        ? isPastResolution(r, now)
          ? resolutionReminder(m, r, s)
          : staffNotice(m, r, { ...s, followUp: true })
        : now.toISOString() > r.deadlineAt
          ? overdueReminder(m, r, s)
          : staffNotice(m, r, { ...s, followUp: false });
    await ports.mailer.send(email, link.mailKey);
    await confirmLinkSent(ports, r, purpose, link);
  }
  report.refreshed.push({ code: r.code, purpose, to: inbox });
  ports.log?.(`sweep: ${r.code} ${purpose} link expired, a fresh one sent`);
}

/** "Was it fixed?" fell due for a closure: one email to the citizen, if still wanted (domain/feedback.ts). */
async function askFeedback(ports: SweepPorts, item: DueItem) {
  const sent = await sendFeedback(ports, item, (r, to, token, expiresAt) => {
    const m = getMunicipality(r.municipality);
    return feedbackRequest(m, r, { to, origin: siteOrigin(ports.config, m), token, expiresAt });
  });
  if (sent) ports.log?.(`sweep: ${item.code} "was it fixed?" sent`);
}

/**
 * The work scheduled in the table's `DUE` partition up to now, oldest first: expired reply links
 * and ends of retention. Each item is deleted once done; one that fails stays for the next sweep.
 */
export async function sweepDue(ports: SweepPorts): Promise<Required<Pick<SweepReport, 'refreshed' | 'anonymised' | 'failed'>>> {
  const report = { refreshed: [] as NonNullable<SweepReport['refreshed']>, anonymised: [] as string[], failed: [] as SweepReport['failed'] };
  for await (const page of ports.store.listDue(ports.now())) {
    for (const item of page) {
      try {
        if (item.kind === 'link') await refreshLink(ports, item, report);
        else if (item.kind === 'feedback') await askFeedback(ports, item);
        else if (item.kind === 'retention' && (await runRetention(ports, item)) === 'anonymised') {
          report.anonymised.push(item.code);
          ports.log?.(`sweep: ${item.code} retention over, personal data removed`);
        }
        await ports.store.deleteDue(item);
      } catch (e) {
        report.failed.push({ code: item.code, kind: item.kind, error: (e as Error).message });
        ports.log?.(`sweep: ${item.code} ${item.kind} failed: ${(e as Error).message}`);
      }
    }
  }
  return report;
}

/**
 * The scheduled handler. Throws when some notice could not be sent, so the failure shows in
 * Lambda's error metrics and the scheduler retries; what was sent is recorded and is not sent
 * again.
 */
export function createSweepHandler(ports: SweepPorts & { publisher?: Publisher | undefined; log: (line: string) => void }) {
  const { log } = ports;
  return async (): Promise<SweepReport> => {
    const report = await sweepOverdue(ports);
    const resolution = await sweepResolution(ports);
    report.pastResolution = resolution.pastResolution;
    report.sent.push(...resolution.sent);
    report.failed.push(...resolution.failed);
    const due = await sweepDue(ports);
    report.refreshed = due.refreshed;
    report.anonymised = due.anonymised;
    report.failed.push(...due.failed);
    // Daily digests of area alerts (handlers/subscriptions.ts); a failure is retried next sweep.
    report.digests = await sendDigests(ports).catch((e: Error) => {
      report.failed.push({ code: '-', kind: 'digest', error: e.message });
      return 0;
    });
    // A reminder means a case has just become overdue (or passed its resolution deadline):
    // nothing in its record changed, but the archive's deadline states, its list of overdue
    // cases and its resolution figures did, so the site is built again.
    const late = new Set(report.sent.filter((s) => reminderKinds.includes(s.kind)).map((s) => s.municipality));
    for (const m of late) {
      // The notices are recorded as sent, so a retried sweep would not ask again: log, and let
      // the daily scheduled build catch up if this request is lost.
      await ports.publisher?.requestBuild(m, ports.now()).catch((e: Error) => log(`sweep: build request for ${m} failed: ${e.message}`));
    }
    if (report.failed.length) throw new Error(`sweep: ${report.failed.length} notice(s) failed (${report.failed.map((f) => `${f.code} ${f.kind}`).join(', ')}); sent ${report.sent.length}`);
    return report;
  };
}
