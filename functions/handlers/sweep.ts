/**
 * The sweep: reminders to the inbox that received a case still unanswered after its deadline,
 * then the escalation to the supervisor (the rules are functions/domain/overdue.ts); and the
 * scheduled work in the table's `DUE` partition: a fresh reply link for an open case whose link
 * expired (functions/domain/tokens.ts), and the removal of personal data when a closed case's
 * retention ends (functions/domain/retention.ts). This reads, claims, mails and records.
 */
import { getMunicipality, municipalityIds } from '../../core/municipalities/index.ts';
import type { CaseRecord } from '../../core/cases/model.ts';
import type { Config } from '../config.ts';
import type { CaseStore, DueItem, LinkPurpose, Mailer, Publisher } from '../domain/ports.ts';
import { dueNotices, inboxFor, overdueQuery, type NoticeKind } from '../domain/overdue.ts';
import { confirmLinkSent, issueReplyLink, stageOf } from '../domain/tokens.ts';
import { runRetention } from '../domain/retention.ts';
import { overdueEscalation, overdueReminder, staffNotice } from '../web/emails.ts';
import { siteOrigin } from '../web/html.ts';

export interface SweepPorts {
  config: Config;
  store: CaseStore;
  mailer: Mailer;
  now: () => Date;
  log?: ((line: string) => void) | undefined;
}

export interface SweepReport {
  /** Overdue cases looked at. */
  overdue: number;
  sent: { code: string; municipality: string; kind: NoticeKind; to: string }[];
  failed: { code: string; kind: NoticeKind | DueItem['kind']; error: string }[];
  /** Fresh reply links mailed because the last one expired while the case was still open. */
  refreshed?: { code: string; purpose: LinkPurpose; to: string }[];
  /** Cases whose personal data was removed at the end of retention. */
  anonymised?: string[];
}

/** Longer than a sweep can run (the Lambda's timeout is a minute): an older unsent claim belongs to a sweep that died. */
const STALE_CLAIM_MS = 10 * 60_000;

/** Sends one notice unless it went out already: claim in the table, mail with an idempotency key, record. */
async function notify(ports: SweepPorts, r: CaseRecord, kind: NoticeKind, report: SweepReport) {
  const now = ports.now();
  if (!(await ports.store.claimNotice(r.code, kind, now, new Date(now.getTime() - STALE_CLAIM_MS)))) return;
  const m = getMunicipality(r.municipality);
  const inbox = inboxFor(m, r);
  const origin = siteOrigin(ports.config, m);
  const to = kind === 'reminder' ? inbox : m.supervisorInbox;
  try {
    if (kind === 'reminder') {
      // A fresh link: the one in the first email may have been lost, forwarded or expired. It
      // replaces that one (one live link per case and purpose; domain/tokens.ts).
      const link = await issueReplyLink(ports, r, 'new', inbox, `overdue-reminder:${r.code}`);
      if (!link.sent) {
        await ports.mailer.send(overdueReminder(m, r, { to, replyUrl: `${origin}/api/reply/${link.token}`, tokenDays: ports.config.tokenTtlDays }), link.mailKey);
        await confirmLinkSent(ports, r, 'new', link);
      }
    } else {
      await ports.mailer.send(overdueEscalation(m, r, { to, inbox, origin }), `overdue-escalation:${r.code}`);
    }
  } catch (e) {
    // Nothing went out: give the claim back so the next sweep tries again.
    await ports.store.releaseNotice(r.code, kind).catch(() => {});
    throw e;
  }
  await ports.store.markNoticeSent(r.code, kind, ports.now(), to);
  report.sent.push({ code: r.code, municipality: r.municipality, kind, to });
  ports.log?.(`sweep: ${r.code} overdue, ${kind} sent`);
}

/**
 * Finds every case still `received` after its deadline, per municipality through gsi1 (only
 * cases created in the last `lookbackDays`), and sends what is due: the reminder to the inbox
 * that received it, then, `escalateAfterHours` running hours after the deadline, the escalation
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
    const replyUrl = `${origin}/api/reply/${link.token}`;
    const tokenDays = ports.config.tokenTtlDays;
    const overdue = ports.now().toISOString() > r.deadlineAt;
    const email =
      purpose === 'follow-up'
        ? staffNotice(m, r, { to: inbox, replyUrl, tokenDays, followUp: true })
        : overdue
          ? overdueReminder(m, r, { to: inbox, replyUrl, tokenDays })
          : staffNotice(m, r, { to: inbox, replyUrl, tokenDays, followUp: false });
    await ports.mailer.send(email, link.mailKey);
    await confirmLinkSent(ports, r, purpose, link);
  }
  report.refreshed.push({ code: r.code, purpose, to: inbox });
  ports.log?.(`sweep: ${r.code} ${purpose} link expired, a fresh one sent`);
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
    const due = await sweepDue(ports);
    report.refreshed = due.refreshed;
    report.anonymised = due.anonymised;
    report.failed.push(...due.failed);
    // A reminder means a case has just become overdue: nothing in its record changed, but the
    // archive's deadline states and its list of overdue cases did, so the site is built again.
    const late = new Set(report.sent.filter((s) => s.kind === 'reminder').map((s) => s.municipality));
    for (const m of late) {
      // The notices are recorded as sent, so a retried sweep would not ask again: log, and let
      // the daily scheduled build catch up if this request is lost.
      await ports.publisher?.requestBuild(m, ports.now()).catch((e: Error) => log(`sweep: build request for ${m} failed: ${e.message}`));
    }
    if (report.failed.length) throw new Error(`sweep: ${report.failed.length} notice(s) failed (${report.failed.map((f) => `${f.code} ${f.kind}`).join(', ')}); sent ${report.sent.length}`);
    return report;
  };
}
