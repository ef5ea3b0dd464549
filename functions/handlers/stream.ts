/**
 * The table's stream subscriber: every email a case's timeline calls for, the public projection,
 * and the build of a site whose public data changed. Photos are the photo handler's
 * (handlers/photos.ts), in a function of their own.
 */
import { getMunicipality } from '../../core/municipalities/index.ts';
import type { CaseEvent, CaseRecord } from '../../core/cases/model.ts';
import type { Config } from '../config.ts';
import type { CaseStore, LinkPurpose, Mailer, PhotoUrls, Publisher, StreamEvent } from '../domain/ports.ts';
import { inboxFor, staffLocale } from '../domain/overdue.ts';
import { confirmLinkSent, issueReplyLink, stageOf } from '../domain/tokens.ts';
import { followStatus } from '../domain/retention.ts';
import { scheduleFeedback } from '../domain/feedback.ts';
import { project } from '../domain/projection.ts';
import { acknowledgement, forwardedNotice, staffNotice, statusChange } from '../web/emails.ts';
import { siteOrigin } from '../web/html.ts';
import { signInEmail } from '../web/emails.ts';
import { citizenStepNotice, personalLinkUrl } from '../web/emails.ts';
import { citizenLink } from '../domain/citizen.ts';
import { issueSignIn, SIGN_IN_MINUTES } from '../domain/staff-auth.ts';
import { municipalityIds } from '../../core/municipalities/index.ts';
import type { SignInRequest } from '../domain/ports.ts';
import { mailConfirmation, notifySubscribers } from './subscriptions.ts';

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
  if (e.change === 'citizen-update' || e.change === 'reopened') return onCitizenStep(ports, e, eventId);
  // Internal steps tell nobody: a note, an edit of the public wording or photos, a contact viewed.
  if (e.change !== 'created' && e.change !== 'status' && e.change !== 'forwarded' && e.change !== 'duplicate') return;
  const r = await ports.store.getCase(e.code);
  if (!r) return;
  const m = getMunicipality(r.municipality);
  const origin = siteOrigin(ports.config, m);
  const inbox = inboxFor(m, r);
  const staff = async (to: string) => ({ to, locale: await staffLocale(ports.store, m, to), origin });

  if (e.change === 'forwarded') {
    // Forwarded inside the municipality: the new inbox gets a link of the case's stage (which
    // replaces the old inbox's live link) and the workspace link. Internal: the citizen is not told.
    // A case forwarded on again since, or closed, is no longer this inbox's to answer.
    const purpose = (Object.keys(stageOf) as LinkPurpose[]).find((p) => stageOf[p] === r.status);
    const to = e.toInbox ?? inbox;
    if (!purpose || to.toLowerCase() !== inbox.toLowerCase()) return;
    const link = await issueReplyLink(ports, r, purpose, to, `staff-forwarded:${r.code}:${eventId}`);
    if (!link.sent) {
      await ports.mailer.send(forwardedNotice(m, r, { ...(await staff(to)), from: e.fromInbox, replyUrl: `${origin}/api/reply/${link.token}`, tokenDays: ports.config.tokenTtlDays }), link.mailKey);
      await confirmLinkSent(ports, r, purpose, link);
    }
    ports.log?.(`stream: ${r.code} forwarded, the new inbox notified`);
    return;
  }

  const contact = await ports.store.getContact(e.code);
  if (e.change === 'created') {
    // One live link per case and purpose; a retried batch finds the email sent and keeps it.
    const link = await issueReplyLink(ports, r, 'new', inbox, `staff-new:${r.code}`);
    if (!link.sent) {
      await ports.mailer.send(staffNotice(m, r, { ...(await staff(inbox)), replyUrl: `${origin}/api/reply/${link.token}`, tokenDays: ports.config.tokenTtlDays, followUp: false }), link.mailKey);
      await confirmLinkSent(ports, r, 'new', link);
    }
    if (contact?.email) await ports.mailer.send(acknowledgement(m, r, contact.email, origin, await personalUrl(ports, r, origin)), `ack:${r.code}`);
    ports.log?.(`stream: ${r.code} received, staff and citizen notified`);
    return;
  }
  // A status change, or marked as a duplicate of another case (which closes it).
  const status = e.change === 'duplicate' ? 'duplicate' : e.status;
  if (contact?.email) await ports.mailer.send(statusChange(m, r, { ...e, status }, contact.email, origin, await personalUrl(ports, r, origin)), `status:${r.code}:${eventId}`);
  // A follow-up link only while the case is still in progress (it replaces the one before).
  if (status === 'in_progress' && r.status === 'in_progress') {
    const link = await issueReplyLink(ports, r, 'follow-up', inbox, `staff-follow-up:${r.code}:${eventId}`);
    if (!link.sent) {
      await ports.mailer.send(staffNotice(m, r, { ...(await staff(inbox)), replyUrl: `${origin}/api/reply/${link.token}`, tokenDays: ports.config.tokenTtlDays, followUp: true }), link.mailKey);
      await confirmLinkSent(ports, r, 'follow-up', link);
    }
  }
  // Retention counts from closure: the contact's expiry follows the case (domain/retention.ts).
  await followStatus(ports, r);
  // Resolved or answered: "was it fixed?" some days later (domain/feedback.ts).
  await scheduleFeedback(ports, r);
  ports.log?.(`stream: ${r.code} is ${status}, citizen notified`);
}

/** The citizen's personal link for an email to them (functions/domain/citizen.ts), in the case's language. */
async function personalUrl(ports: StreamPorts, r: CaseRecord, origin: string): Promise<string | undefined> {
  const token = await citizenLink(ports, r);
  return token ? personalLinkUrl(origin, r.locale, token) : undefined;
}

/**
 * The citizen added information, or said it is not fixed and the case reopened (their personal
 * link): the inbox the case is with is mailed what they wrote, with the workspace link and a reply
 * link of the case's stage (for a reopening a fresh `new` link, keyed per reopening; it replaces
 * the one before). A reopened case's contact gets its open-case expiry back (retention.ts).
 */
async function onCitizenStep(ports: StreamPorts, e: CaseEvent, eventId: string) {
  const r = await ports.store.getCase(e.code);
  if (!r) return;
  const m = getMunicipality(r.municipality);
  const origin = siteOrigin(ports.config, m);
  const inbox = inboxFor(m, r);
  const recipient = { to: inbox, locale: await staffLocale(ports.store, m, inbox), origin };
  const step = e.change === 'reopened' ? 'reopened' : 'update';
  const purpose = (Object.keys(stageOf) as LinkPurpose[]).find((p) => stageOf[p] === r.status);
  const mailKey = step === 'reopened' ? `staff-reopened:${r.code}:${r.reopenCount ?? 1}` : `staff-citizen-update:${r.code}:${eventId}`;
  const notice = (replyUrl?: string) => citizenStepNotice(m, r, { ...recipient, step, text: e.text ?? e.publicText ?? '', replyUrl, tokenDays: ports.config.tokenTtlDays });
  if (purpose) {
    const link = await issueReplyLink(ports, r, purpose, inbox, mailKey);
    if (!link.sent) {
      await ports.mailer.send(notice(`${origin}/api/reply/${link.token}`), link.mailKey);
      await confirmLinkSent(ports, r, purpose, link);
    }
  } else {
    // Closed again meanwhile: the workspace link only.
    await ports.mailer.send(notice(), mailKey);
  }
  if (step === 'reopened') await followStatus(ports, r);
  ports.log?.(`stream: ${r.code} ${step === 'reopened' ? 'reopened by the citizen' : 'information added by the citizen'}, the inbox notified`);
}

/**
 * The handler. Records are handled in order; an error fails the whole batch, which is then
 * retried (Lambda's event source mapping, or the local poller), and the idempotency keys keep
 * retried emails from going out twice.
 */
export function createStreamHandler(ports: StreamPorts) {
  return async (event: StreamEvent): Promise<void> => {
    const toProject = new Set<string>();
    // Events whose public change followers and area subscribers may hear of, after the projection.
    const subscribed: { event: CaseEvent; id: string }[] = [];
    const rebuild = new Map<string, { at: Date; codes: Set<string> }>();
    for (const record of event.Records) {
      const change = ports.store.decodeChange(record);
      if (!change) continue;
      if (change.kind === 'public') {
        // The projection changed (or was withdrawn): that municipality's site needs a build.
        // Demo cases are written in bulk by `npm run seed:demo`, which builds the sites itself.
        if (change.demo) continue;
        const at = change.at ?? ports.now();
        const prev = rebuild.get(change.municipality);
        if (!prev) rebuild.set(change.municipality, { at, codes: new Set([change.code]) });
        else {
          if (at > prev.at) prev.at = at;
          prev.codes.add(change.code);
        }
        continue;
      }
      if (change.kind === 'signin-request') {
        // A member of staff asked for a sign-in link: made and mailed here, where the link secret
        // and the mail key are (the HTTP function that took the request holds neither).
        if (change.op === 'insert') await mailSignInLink(ports, change.request);
        continue;
      }
      if (change.kind === 'subscription') {
        // A subscription asked for: only the confirmation goes out (handlers/subscriptions.ts).
        if (change.op === 'insert') await mailConfirmation(ports, change.subscription);
        continue;
      }
      if (change.op === 'remove') continue;
      if (change.kind === 'case') {
        // A new case, a reply, a processed photo: its public record may have changed.
        toProject.add(change.record.code);
      } else if (change.kind === 'event' && change.op === 'insert') {
        await onEvent(ports, change.event, change.id);
        toProject.add(change.event.code);
        subscribed.push({ event: change.event, id: change.id });
      }
    }
    for (const code of toProject) {
      const result = await project(ports, code);
      if (result === 'written' || result === 'withdrawn') ports.log?.(`stream: ${code} public record ${result}`);
    }
    await notifySubscribers(ports, subscribed);
    for (const [m, { at, codes }] of rebuild) await ports.publisher.requestBuild(m, at, [...codes]);
  };
}

/**
 * A sign-in link to the staff workspace, mailed in the language it was asked in, once per request
 * (the token is derived from the request's id and the email keyed by it, so a retried batch sends
 * the same link once). Nothing for an address the config no longer names. The log line names
 * neither the address nor the link.
 */
async function mailSignInLink(ports: StreamPorts, request: SignInRequest) {
  if (!municipalityIds.includes(request.municipality)) return;
  const m = getMunicipality(request.municipality);
  const link = await issueSignIn(ports, m, request);
  if (!link) return;
  const url = `${siteOrigin(ports.config, m)}/${link.record.locale}/staff/sign-in/${link.token}/`;
  await ports.mailer.send(signInEmail(m, { to: link.record.email, locale: link.record.locale, link: url, minutes: SIGN_IN_MINUTES }), `signin:${request.id}`);
  ports.log?.(`stream: sign-in link mailed (${m.id})`);
}
