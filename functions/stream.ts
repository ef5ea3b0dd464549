import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import sharp from 'sharp';
import { getMunicipality } from '../core/municipalities/index.ts';
import type { Config } from './config.ts';
import type { CaseStore } from './adapters/dynamo.ts';
import type { PhotoStorage } from './adapters/storage.ts';
import { sniffImage } from './adapters/storage.ts';
import type { Mailer } from './adapters/mail.ts';
import { createHash } from 'node:crypto';
import { newToken, hashToken } from '../core/cases/codes.ts';
import { toPublicCase, isPublished, type PublicCase } from '../core/cases/public.ts';
import type { Publisher } from './domain/publish.ts';
import type { CaseEvent, CaseRecord, Photo } from '../core/cases/model.ts';
import { acknowledgement, staffNotice, statusChange } from './web/emails.ts';
import { siteOrigin } from './web/html.ts';

/** The part of a DynamoDB stream event we use; the same shape from Lambda and the local poller. */
export interface StreamEvent {
  Records: {
    eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
    dynamodb?: {
      Keys?: Record<string, AttributeValue>;
      NewImage?: Record<string, AttributeValue>;
      OldImage?: Record<string, AttributeValue>;
      /** Seconds since the epoch, as Lambda gives it. */
      ApproximateCreationDateTime?: number;
    };
  }[];
}

export interface StreamPorts {
  config: Config;
  store: CaseStore;
  storage: PhotoStorage;
  mailer: Mailer;
  publisher: Publisher;
  now: () => Date;
  log?: (line: string) => void;
}

/** Widths of the public photo variants: a list thumbnail and a full view. */
export const PHOTO_WIDTHS = [480, 1280];

const variantKey = (prefix: 'public' | 'private', code: string, id: string, w: number) => `${prefix}/${code}/${id}-${w}.webp`;

/**
 * Checks a photo by its bytes and re-encodes it: rotation applied, every piece of metadata
 * (EXIF, GPS, XMP) dropped, one WebP per width. Kept privately; published copies are made when
 * staff publish it.
 */
async function processPhoto(ports: StreamPorts, r: CaseRecord, index: number, photo: Photo) {
  const original = await ports.storage.read(photo.incomingKey);
  if (!sniffImage(original.subarray(0, 16))) {
    await ports.store.markPhoto(r.code, index, photo.id, 'rejected', []);
    return;
  }
  const variants: NonNullable<Photo['variants']> = [];
  for (const w of PHOTO_WIDTHS) {
    let webp: Buffer;
    try {
      webp = await sharp(original, { failOn: 'error', limitInputPixels: 50_000_000 }).rotate().resize({ width: w, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    } catch {
      // Right magic bytes, broken picture.
      await ports.store.markPhoto(r.code, index, photo.id, 'rejected', []);
      return;
    }
    await ports.storage.write(variantKey('private', r.code, photo.id, w), webp, 'image/webp');
    if (photo.published) await ports.storage.write(variantKey('public', r.code, photo.id, w), webp, 'image/webp');
    variants.push({ w, key: variantKey('public', r.code, photo.id, w) });
  }
  await ports.store.markPhoto(r.code, index, photo.id, 'ready', variants);
}

/** Makes the public copies of a ready photo match its publication flag. */
async function syncPublication(ports: StreamPorts, r: CaseRecord, photo: Photo) {
  for (const w of PHOTO_WIDTHS) {
    if (photo.published) {
      const data = await ports.storage.read(variantKey('private', r.code, photo.id, w));
      await ports.storage.write(variantKey('public', r.code, photo.id, w), data, 'image/webp');
    } else {
      await ports.storage.remove(variantKey('public', r.code, photo.id, w));
    }
  }
}

/** Makes a one-time staff reply token for a case (stored as a hash) and returns the raw token for the email. */
export async function issueReplyLink(ports: Pick<StreamPorts, 'config' | 'store' | 'now'>, r: CaseRecord, purpose: 'new' | 'follow-up') {
  const token = newToken();
  const now = ports.now();
  const expires = new Date(now.getTime() + ports.config.tokenTtlDays * 86_400_000);
  await ports.store.putToken(hashToken(token), { code: r.code, expiresAt: expires.toISOString(), purpose }, Math.floor(expires.getTime() / 1000) + 86_400);
  return token;
}

async function onEvent(ports: StreamPorts, e: CaseEvent, sk: string) {
  const r = await ports.store.getCase(e.code);
  if (!r) return;
  const m = getMunicipality(r.municipality);
  const origin = siteOrigin(ports.config, m);
  const contact = await ports.store.getContact(e.code);
  const inbox = r.kind === 'question' ? m.mayorInbox : (m.categories.find((c) => c.code === r.category)?.inbox ?? m.contact.email);

  if (e.change === 'created') {
    const token = await issueReplyLink(ports, r, 'new');
    await ports.mailer.send(staffNotice(m, r, { to: inbox, replyUrl: `${origin}/api/reply/${token}`, tokenDays: ports.config.tokenTtlDays, followUp: false }), `staff-new:${r.code}`);
    if (contact?.email) await ports.mailer.send(acknowledgement(m, r, contact.email, origin), `ack:${r.code}`);
    ports.log?.(`stream: ${r.code} received, staff and citizen notified`);
    return;
  }
  if (e.change === 'status') {
    if (contact?.email) await ports.mailer.send(statusChange(m, r, e.status, e.answer, e.referral, contact.email, origin), `status:${r.code}:${sk}`);
    if (e.status === 'in_progress') {
      const token = await issueReplyLink(ports, r, 'follow-up');
      await ports.mailer.send(staffNotice(m, r, { to: inbox, replyUrl: `${origin}/api/reply/${token}`, tokenDays: ports.config.tokenTtlDays, followUp: true }), `staff-follow-up:${r.code}:${sk}`);
    }
    ports.log?.(`stream: ${r.code} is ${e.status}, citizen notified`);
  }
}

async function onCase(ports: StreamPorts, newImage: CaseRecord, oldImage: CaseRecord | undefined) {
  // Re-read: the stream image may be older than the item, and photo updates are by index.
  const r = (await ports.store.getCase(newImage.code)) ?? newImage;
  for (const [i, p] of r.photos.entries()) {
    if (p.state === 'pending') await processPhoto(ports, r, i, p);
  }
  if (oldImage) {
    for (const p of r.photos) {
      const before = oldImage.photos.find((o) => o.id === p.id);
      if (p.state === 'ready' && before && before.state === 'ready' && before.published !== p.published) await syncPublication(ports, r, p);
    }
  }
}

/**
 * Rewrites the public record of a case from the case and its events (or withdraws it). Writes
 * only when something public changed; that write is what asks for a rebuild.
 */
export async function project(ports: Pick<StreamPorts, 'store' | 'storage'>, code: string): Promise<'written' | 'unchanged' | 'withdrawn' | 'none'> {
  const found = await ports.store.getCaseWithEvents(code);
  if (!found) return 'none';
  const { record, events } = found;
  if (!isPublished(record.status)) return (await ports.store.deletePublic(record.municipality, code)) ? 'withdrawn' : 'none';
  const pub = toPublicCase(record, events, (key) => ports.storage.publicUrl(key));
  return (await ports.store.putPublic(pub, digestOf(pub))) ? 'written' : 'unchanged';
}

export function digestOf(pub: PublicCase): string {
  return createHash('sha256').update(JSON.stringify(pub)).digest('base64url').slice(0, 22);
}

/**
 * The table's stream handler: photos for new cases, every email, the public projection, and
 * the rebuild of a site whose public data changed. Records are handled in order; an error fails
 * the whole batch, which is then retried (Lambda's event source mapping, or the local poller),
 * and the idempotency keys keep retried emails from going out twice.
 */
export function createStreamHandler(ports: StreamPorts) {
  return async (event: StreamEvent): Promise<void> => {
    const toProject = new Set<string>();
    const rebuild = new Map<string, Date>();
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
      if (!image) continue;
      const item = unmarshall(image) as Record<string, unknown>;
      if (item.type === 'public') {
        // The projection changed (or was withdrawn): that municipality's site needs a build.
        // Demo cases are written in bulk by `npm run seed:demo`, which builds the sites itself.
        if ((item.record as { demo?: boolean } | undefined)?.demo) continue;
        const at = new Date((record.dynamodb?.ApproximateCreationDateTime ?? ports.now().getTime() / 1000) * 1000);
        const m = String(item.pk).slice('PUBLIC#'.length);
        const prev = rebuild.get(m);
        if (!prev || at > prev) rebuild.set(m, at);
        continue;
      }
      if (record.eventName === 'REMOVE') continue;
      if (item.type === 'case') {
        const old = record.dynamodb?.OldImage ? (unmarshall(record.dynamodb.OldImage) as CaseRecord) : undefined;
        await onCase(ports, item as unknown as CaseRecord, old);
        toProject.add(String(item.code));
      } else if (item.type === 'event' && record.eventName === 'INSERT') {
        await onEvent(ports, item as unknown as CaseEvent, String(item.sk));
        toProject.add(String(item.code));
      }
    }
    for (const code of toProject) {
      const result = await project(ports, code);
      if (result === 'written' || result === 'withdrawn') ports.log?.(`stream: ${code} public record ${result}`);
    }
    for (const [m, at] of rebuild) await ports.publisher.requestBuild(m, at);
  };
}
