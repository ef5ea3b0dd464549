/**
 * Photo handling in the browser: decode, shrink to a JPEG (which also drops EXIF and GPS), and
 * upload by presigned POST. The server re-encodes again anyway; this keeps uploads small on
 * slow connections and turns HEIC into JPEG where the browser can read it.
 */

/** What the file picker accepts; HEIC/HEIF only where the browser can decode them. */
export const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif';
export const MAX_SIDE = 2048;
export const JPEG_QUALITY = 0.85;

/** The image could not be decoded (not an image, or a format this browser cannot read). */
export class DecodeError extends Error {
  constructor(readonly heic: boolean) {
    super(heic ? 'HEIC/HEIF not decodable here' : 'not a decodable image');
    this.name = 'DecodeError';
  }
}

/** An upload step failed; status is the HTTP status, 0 for a network error. */
export class UploadError extends Error {
  constructor(readonly status: number) {
    super(`upload failed (${status})`);
    this.name = 'UploadError';
  }
}

export function isHeic(file: File): boolean {
  return /^image\/hei[cf](-sequence)?$/i.test(file.type) || /\.hei[cf]$/i.test(file.name);
}

/** Types we try to decode; an empty type (some phones) is tried too. */
export function looksLikeImage(file: File): boolean {
  return file.type === '' || file.type.startsWith('image/') || isHeic(file);
}

/** Decodes and downscales to at most MAX_SIDE px on the long side, as a JPEG blob. */
export async function toJpeg(file: File): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new DecodeError(isHeic(file));
  }
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new DecodeError(false);
    // JPEG has no transparency: a PNG's clear pixels become white, not black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
    canvas.width = 0; // frees the bitmap memory at once on phones
    canvas.height = 0;
    if (!blob) throw new DecodeError(false);
    return blob;
  } finally {
    bitmap.close();
  }
}

interface Ticket {
  key: string;
  url: string;
  fields: Record<string, string>;
}

/**
 * Asks the API for a presigned POST, then posts the photo to storage with every field first
 * and the file last (S3 ignores fields after the file). Returns the upload key.
 */
export async function uploadPhoto(
  blob: Blob,
  ctx: { municipality: string; locale: string },
  onProgress: (fraction: number) => void,
): Promise<string> {
  let res: Response;
  try {
    res = await fetch('/api/uploads', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ municipality: ctx.municipality, locale: ctx.locale, contentType: 'image/jpeg', size: blob.size }),
    });
  } catch {
    throw new UploadError(0);
  }
  if (!res.ok) throw new UploadError(res.status);
  const ticket = (await res.json().catch(() => null)) as Partial<Ticket> | null;
  if (!ticket || typeof ticket.key !== 'string' || typeof ticket.url !== 'string' || typeof ticket.fields !== 'object' || !ticket.fields) {
    throw new UploadError(res.status);
  }
  const body = new FormData();
  for (const [name, value] of Object.entries(ticket.fields)) body.append(name, String(value));
  body.append('file', blob, 'photo.jpg');
  await postWithProgress(ticket.url, body, onProgress);
  return ticket.key;
}

/** fetch() cannot report upload progress; XMLHttpRequest can. */
function postWithProgress(url: string, body: FormData, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new UploadError(xhr.status)));
    xhr.onerror = () => reject(new UploadError(0));
    xhr.ontimeout = () => reject(new UploadError(0));
    xhr.send(body);
  });
}
