/**
 * The subscriptions' part of the stream and the sweep (functions/domain/subscriptions.ts): the
 * confirmation email of a new subscription; each public change of a followed case to its
 * confirmed followers; new reports and answers to the area alerts they match, at once or into
 * the daily digest; and the digests. Only confirmed subscriptions get anything but the
 * confirmation. Every email is keyed by its event (or digest) and subscription, so a retried
 * batch mails once. Log lines name no address.
 */
import { getMunicipality, municipalityIds } from '../../core/municipalities/index.ts';
import type { CaseEvent } from '../../core/cases/model.ts';
import type { Config } from '../config.ts';
import type { CaseStore, Mailer, Subscription } from '../domain/ports.ts';
import { alertMatches, areaScope, caseScope, confirmedByAddress, issueSubscriptionLinks, nextDigestAt, subscriptionTokens } from '../domain/subscriptions.ts';
import { alertEmail, confirmationEmail, digestEmail, followerEmail, unsubscribeUrl } from '../web/subscription-emails.ts';
import { siteOrigin } from '../web/html.ts';

export interface SubscriptionPorts {
  config: Config;
  store: CaseStore;
  mailer: Mailer;
  now: () => Date;
  log?: ((line: string) => void) | undefined;
}

/** A new pending subscription: its links stored, the confirmation mailed (once per subscription). */
export async function mailConfirmation(ports: SubscriptionPorts, sub: Subscription): Promise<void> {
  if (sub.confirmedAt || !municipalityIds.includes(sub.municipality)) return;
  const m = getMunicipality(sub.municipality);
  const tokens = await issueSubscriptionLinks(ports, sub);
  const url = `${siteOrigin(ports.config, m)}/api/subscriptions/${tokens.confirm}?lang=${sub.locale}`;
  await ports.mailer.send(confirmationEmail(m, sub, url), `sub-confirm:${sub.id}`);
  ports.log?.(`stream: subscription confirmation mailed (${m.id})`);
}

/** Changes of a case's timeline that its followers hear of (when public). */
const followedChanges: readonly CaseEvent['change'][] = ['status', 'duplicate', 'reopened'];

/**
 * After the batch's projections: tells followers and area subscribers of the events that changed
 * a case in public. Reads the public record only (what anyone may see), so a case held for review,
 * rejected or withdrawn tells nobody.
 */
export async function notifySubscribers(ports: SubscriptionPorts, events: { event: CaseEvent; id: string }[]): Promise<void> {
  for (const { event: e, id } of events) {
    if (e.public === false) continue;
    const r = await ports.store.getCase(e.code);
    if (!r) continue;
    const pc = await ports.store.getPublic(r.municipality, e.code);
    if (!pc) continue;
    const m = getMunicipality(r.municipality);
    const origin = siteOrigin(ports.config, m);
    const unsub = (sub: Subscription) => unsubscribeUrl(origin, subscriptionTokens(ports.config.linkSecret, sub).unsubscribe);
    const status = e.change === 'duplicate' ? 'duplicate' : (e.status ?? pc.status);

    if (followedChanges.includes(e.change)) {
      const followers = confirmedByAddress(await ports.store.listSubscriptions(caseScope(e.code)));
      for (const sub of followers) await ports.mailer.send(followerEmail(m, sub, e.code, status, origin, unsub(sub)), `follow:${id}:${sub.id}`);
      if (followers.length) ports.log?.(`stream: ${e.code} followers notified (${followers.length})`);
      // Marked as a duplicate: its followers follow the original from now on (issue 12).
      if (e.change === 'duplicate' && e.duplicateOf) await followOriginal(ports, followers, e.duplicateOf);
    }

    // Area alerts: new reports, and answers to them (any public status but the first).
    if (pc.kind !== 'report') continue;
    const change = e.change === 'created' ? 'new' : e.change === 'status' && status !== 'received' ? 'answer' : undefined;
    if (!change) continue;
    const matching = confirmedByAddress((await ports.store.listSubscriptions(areaScope(m.id))).filter((s) => alertMatches(s, pc)));
    for (const sub of matching) {
      const entry = { code: e.code, at: e.at, change, status, eventId: id } as const;
      if (sub.frequency === 'daily') {
        await ports.store.addDigestEntry({ at: nextDigestAt(ports.now(), m.clock.timeZone).toISOString(), scope: sub.scope, id: sub.id }, entry);
      } else {
        await ports.mailer.send(alertEmail(m, sub, { ...entry, category: pc.category }, origin, unsub(sub)), `alert:${id}:${sub.id}`);
      }
    }
    if (matching.length) ports.log?.(`stream: ${e.code} area alerts (${matching.length})`);
  }
}

/**
 * The confirmed followers of a duplicate become followers of the original: a subscription of
 * their own to it, confirmed already (they confirmed their address for the duplicate), with its
 * own unsubscribe link. Its id is derived from theirs (random, so still unguessable), which makes
 * a retried batch write the same item again; an address following the original already is
 * mailed once all the same (confirmedByAddress).
 */
async function followOriginal(ports: SubscriptionPorts, followers: Subscription[], original: string): Promise<void> {
  const at = ports.now();
  for (const sub of followers) {
    const copy: Subscription = { ...sub, id: `${sub.id}-${original.toLowerCase()}`, scope: caseScope(original), code: original, requestedAt: at.toISOString(), confirmedAt: at.toISOString() };
    delete copy.unsubscribedAt;
    // Written confirmed, so the stream mails no confirmation for it; confirming it again drops the
    // expiry a pending subscription has.
    await ports.store.putSubscription(copy);
    await ports.store.confirmSubscription(copy.scope, copy.id, at);
    await issueSubscriptionLinks(ports, copy);
  }
  if (followers.length) ports.log?.(`stream: followers of a duplicate now follow ${original} (${followers.length})`);
}

/**
 * The sweep: every digest due, one email per subscriber with its lines, then the lines and the
 * schedule removed. A subscription gone meanwhile (unsubscribed) sends nothing. Returns how many
 * digests went out.
 */
export async function sendDigests(ports: SubscriptionPorts): Promise<number> {
  let sent = 0;
  for (const due of await ports.store.listDigestsDue(ports.now())) {
    const sub = await ports.store.getSubscription(due.scope, due.id);
    const entries = await ports.store.listDigestEntries(due.id);
    if (sub?.confirmedAt && !sub.unsubscribedAt && sub.email && entries.length && municipalityIds.includes(sub.municipality)) {
      const m = getMunicipality(sub.municipality);
      const origin = siteOrigin(ports.config, m);
      const withCategory = [];
      for (const en of entries) withCategory.push({ ...en, category: (await ports.store.getPublic(m.id, en.code))?.category });
      const unsubscribe = unsubscribeUrl(origin, subscriptionTokens(ports.config.linkSecret, sub).unsubscribe);
      await ports.mailer.send(digestEmail(m, sub, withCategory, origin, unsubscribe), `digest:${due.id}:${due.at}`);
      sent++;
    }
    await ports.store.clearDigest(due, entries);
  }
  if (sent) ports.log?.(`sweep: ${sent} digest(s) mailed`);
  return sent;
}
