/**
 * The table's stream subscriber: every email a case's timeline calls for, the public projection,
 * and the build of a site whose public data changed. Photos are the photo handler's
 * (handlers/photos.ts), in a function of their own.
 */
import { getMunicipality } from '../../core/municipalities/index.ts';
import type { CaseEvent } from '../../core/cases/model.ts';
import type { Config } from '../config.ts';
import type { CaseStore, Mailer, PhotoUrls, Publisher, StreamEvent } from '../domain/ports.ts';
import { inboxFor } from '../domain/overdue.ts';
import { confirmLinkSent, issueReplyLink } from '../domain/tokens.ts';
import { followStatus } from '../domain/retention.ts';
import { project } from '../domain/projection.ts';
import { acknowledgement, staffNotice, statusChange } from '../web/emails.ts';
import { siteOrigin } from '../web/html.ts';

export interface StreamPorts {
  config: Config;
  store: CaseStore;
  /** The public URLs of photos, for the public record; the stream touches no file. */
  storage: PhotoUrls;
  mailer: Mailer;
  publisher: Publisher;
  now: () => Date;
  log?: ((line: string) => void) | undefined;
}

/** The emails an event of a case's timeline calls for. `eventId` keys them, so a retried batch mails once. */
async function onEvent(ports: StreamPorts, e: CaseEvent, eventId: string) {
  const r = await ports.store.getCase(e.code);
  if (!r) return;
  const m = getMunicipality(r.municipality);
  const origin = siteOrigin(ports.config, m);
  const contact = await ports.store.getContact(e.code);
  const inbox = inboxFor(m, r);

  if (e.change === 'created') {
    // One live link per case and purpose; a retried batch finds the email sent and keeps it.
    const link = await issueReplyLink(ports, r, 'new', inbox, `staff-new:${r.code}`);
    if (!link.sent) {
      await ports.mailer.send(staffNotice(m, r, { to: inbox, replyUrl: `${origin}/api/reply/${link.token}`, tokenDays: ports.config.tokenTtlDays, followUp: false }), link.mailKey);
      await confirmLinkSent(ports, r, 'new', link);
    }
    if (contact?.email) await ports.mailer.send(acknowledgement(m, r, contact.email, origin), `ack:${r.code}`);
    ports.log?.(`stream: ${r.code} received, staff and citizen notified`);
    return;
  }
  if (e.change === 'status') {
    if (contact?.email) await ports.mailer.send(statusChange(m, r, e.status, e.answer, e.referral, contact.email, origin), `status:${r.code}:${eventId}`);
    // A follow-up link only while the case is still in progress (it replaces the one before).
    if (e.status === 'in_progress' && r.status === 'in_progress') {
      const link = await issueReplyLink(ports, r, 'follow-up', inbox, `staff-follow-up:${r.code}:${eventId}`);
      if (!link.sent) {
        await ports.mailer.send(staffNotice(m, r, { to: inbox, replyUrl: `${origin}/api/reply/${link.token}`, tokenDays: ports.config.tokenTtlDays, followUp: true }), link.mailKey);
        await confirmLinkSent(ports, r, 'follow-up', link);
      }
    }
    // Retention counts from closure: the contact's expiry follows the case (domain/retention.ts).
    await followStatus(ports, r);
    ports.log?.(`stream: ${r.code} is ${e.status}, citizen notified`);
  }
}

/**
 * The handler. Records are handled in order; an error fails the whole batch, which is then
 * retried (Lambda's event source mapping, or the local poller), and the idempotency keys keep
 * retried emails from going out twice.
 */
export function createStreamHandler(ports: StreamPorts) {
  return async (event: StreamEvent): Promise<void> => {
    const toProject = new Set<string>();
    const rebuild = new Map<string, Date>();
    for (const record of event.Records) {
      const change = ports.store.decodeChange(record);
      if (!change) continue;
      if (change.kind === 'public') {
        // The projection changed (or was withdrawn): that municipality's site needs a build.
        // Demo cases are written in bulk by `npm run seed:demo`, which builds the sites itself.
        if (change.demo) continue;
        const at = change.at ?? ports.now();
        const prev = rebuild.get(change.municipality);
        if (!prev || at > prev) rebuild.set(change.municipality, at);
        continue;
      }
      if (change.op === 'remove') continue;
      if (change.kind === 'case') {
        // A new case, a reply, a processed photo: its public record may have changed.
        toProject.add(change.record.code);
      } else if (change.kind === 'event' && change.op === 'insert') {
        await onEvent(ports, change.event, change.id);
        toProject.add(change.event.code);
      }
    }
    for (const code of toProject) {
      const result = await project(ports, code);
      if (result === 'written' || result === 'withdrawn') ports.log?.(`stream: ${code} public record ${result}`);
    }
    for (const [m, at] of rebuild) await ports.publisher.requestBuild(m, at);
  };
}
