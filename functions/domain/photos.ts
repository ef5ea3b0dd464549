/**
 * Citizens' photos: recognising an image by its bytes, and turning an upload into the private
 * and public variants the pages show. The decoding itself is the ImageEncoder's (sharp, in the
 * photo function only); this module knows the rules and the object layout, not the codec.
 *
 * A photo staff chose to publish is copied to `public/` here, after the reply that chose it was
 * written: for a moment the case says "published" and the file is not there yet. So the photo
 * records when its copies exist (`publicCopy`, set after copying, cleared before removing), and
 * the public record (core/cases/public.ts) lists only photos that have it: the live status page
 * and the archive never show an image that answers 404 (issue 12). The flag follows the choice
 * whenever the case changes, so a write that brought back an older photo list, or a photo
 * published before the flag existed, is put right by the next change.
 */
import type { CaseRecord, Photo } from '../../core/cases/model.ts';
import type { CaseStore, ImageEncoder, PhotoStorage } from './ports.ts';
import { UnavailableError } from './errors.ts';

/** Identifies an image by its first bytes, whatever its name or declared type says. */
export function sniffImage(head: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** Widths of the public photo variants: a list thumbnail and a full view. */
export const PHOTO_WIDTHS = [480, 1280];

const variantKey = (prefix: 'public' | 'private', code: string, id: string, w: number) => `${prefix}/${code}/${id}-${w}.webp`;

/** Every object a photo may have in the bucket: the upload, and the private and public copies. */
export function photoObjectKeys(code: string, photo: Photo): string[] {
  return [photo.incomingKey, ...PHOTO_WIDTHS.flatMap((w) => [variantKey('private', code, photo.id, w), variantKey('public', code, photo.id, w)])];
}

/** What photo processing needs: the case's photo list, the bucket, and a codec. No mailer, no secret. */
export interface PhotoPorts {
  store: Pick<CaseStore, 'getCase' | 'markPhoto' | 'markPhotoCopy'>;
  storage: Pick<PhotoStorage, 'read' | 'write' | 'remove'>;
  images: ImageEncoder;
}

/**
 * Checks a photo by its bytes and re-encodes it: rotation applied, every piece of metadata
 * (EXIF, GPS, XMP) dropped, one WebP per width. Kept privately, always: a photo being processed
 * has not been seen by anyone, so nothing may publish it now. Public copies are made only by
 * syncPublication, once staff chose "publish" for the ready photo.
 */
export async function processPhoto(ports: PhotoPorts, r: CaseRecord, index: number, photo: Photo) {
  const original = await ports.storage.read(photo.incomingKey);
  if (!sniffImage(original.subarray(0, 16))) {
    await ports.store.markPhoto(r.code, index, photo.id, 'rejected', []);
    return;
  }
  const variants: NonNullable<Photo['variants']> = [];
  for (const w of PHOTO_WIDTHS) {
    let webp: Buffer;
    try {
      webp = await ports.images.webp(original, w);
    } catch {
      // Right magic bytes, broken picture.
      await ports.store.markPhoto(r.code, index, photo.id, 'rejected', []);
      return;
    }
    await ports.storage.write(variantKey('private', r.code, photo.id, w), webp, 'image/webp');
    variants.push({ w, key: variantKey('public', r.code, photo.id, w) });
  }
  await ports.store.markPhoto(r.code, index, photo.id, 'ready', variants);
}

/** Whether staff chose to publish a ready photo while they could see it. */
const chosenForPublic = (p: Photo) => p.state === 'ready' && p.published && !!p.reviewedAt;

/**
 * Makes the public copies of a ready photo (at `index` in the case's list) match staff's choice:
 * copies when they chose "publish" (published and reviewed), none otherwise; and `publicCopy`
 * with them: set only once every copy is written, cleared before any is removed, so the public
 * record never names a file that is not there.
 */
export async function syncPublication(ports: PhotoPorts, r: CaseRecord, index: number, photo: Photo) {
  if (chosenForPublic(photo)) {
    // False when staff hid it meanwhile: that change comes next on the stream and takes the copies down.
    if ((await copyToPublic(ports, r, photo)) && !photo.publicCopy) await ports.store.markPhotoCopy(r.code, index, photo.id, true);
  } else {
    if (photo.publicCopy) await ports.store.markPhotoCopy(r.code, index, photo.id, false);
    for (const w of PHOTO_WIDTHS) await ports.storage.remove(variantKey('public', r.code, photo.id, w));
  }
}

/**
 * Writes a photo's public copies from its private ones; whether every public copy is there after.
 * A private copy that is gone was removed with the personal data (the end of retention, erasure),
 * which keeps the public copies of published photos: then the public copy, if there, stays as it
 * is, and without one the photo cannot be published again (false, and nothing thrown: a batch
 * that failed on it would fail for ever). A storage outage is thrown, for the retry.
 */
async function copyToPublic(ports: PhotoPorts, r: CaseRecord, photo: Photo): Promise<boolean> {
  const notThere = async (read: () => Promise<unknown>) => {
    try {
      await read();
      return false;
    } catch (e) {
      if (e instanceof UnavailableError) throw e;
      return true;
    }
  };
  for (const w of PHOTO_WIDTHS) {
    const publicKey = variantKey('public', r.code, photo.id, w);
    let data: Buffer | undefined;
    if (await notThere(async () => (data = await ports.storage.read(variantKey('private', r.code, photo.id, w))))) {
      if (await notThere(() => ports.storage.read(publicKey, 'bytes=0-0'))) return false;
      continue;
    }
    await ports.storage.write(publicKey, data!, 'image/webp');
  }
  return true;
}

/**
 * After a case item changed: processes its pending photos, and publishes or withdraws the copies
 * of ready photos whose choice changed since `previous` (the flag, or a new choice: staff may
 * confirm "publish" for a photo whose flag was set before anyone chose), or whose `publicCopy`
 * does not match the choice (see the top of this file).
 */
export async function updatePhotos(ports: PhotoPorts, changed: CaseRecord, previous: CaseRecord | undefined) {
  // Re-read: the stream image may be older than the item, and photo updates are by index.
  const r = (await ports.store.getCase(changed.code)) ?? changed;
  for (const [i, p] of r.photos.entries()) {
    if (p.state === 'pending') await processPhoto(ports, r, i, p);
  }
  if (previous) {
    // Personal data removed (erasure, the end of retention; functions/domain/erase.ts and
    // retention.ts): photos taken off the case lose every copy, and the ones left (published)
    // their upload and private copies.
    for (const p of previous.photos) {
      if (!r.photos.some((o) => o.id === p.id)) for (const key of photoObjectKeys(r.code, p)) await ports.storage.remove(key);
    }
    if ((r.anonymisedAt && !previous.anonymisedAt) || (r.erasedAt && !previous.erasedAt)) {
      for (const p of r.photos) for (const key of photoObjectKeys(r.code, p).filter((k) => !k.startsWith('public/'))) await ports.storage.remove(key);
    }
  }
  for (const [i, p] of r.photos.entries()) {
    if (p.state !== 'ready') continue;
    const before = previous?.photos.find((o) => o.id === p.id);
    const choiceChanged = !!before && before.state === 'ready' && (before.published !== p.published || before.reviewedAt !== p.reviewedAt);
    if (choiceChanged || chosenForPublic(p) !== !!p.publicCopy) await syncPublication(ports, r, i, p);
  }
}
