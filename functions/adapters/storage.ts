import { S3Client, GetObjectCommand, PutObjectCommand, HeadObjectCommand, DeleteObjectCommand, NotFound, NoSuchKey } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../config.ts';
import { UnavailableError } from '../domain/errors.ts';

export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
}

/** The uploads bucket: `incoming/` from browsers, `public/` for processed photos. */
export class PhotoStorage {
  readonly s3: S3Client;

  constructor(private readonly config: Config) {
    this.s3 = new S3Client({
      region: config.region,
      ...(config.s3Endpoint
        ? { endpoint: config.s3Endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }
        : {}),
      // s3rver checks no checksums; AWS accepts requests without them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
    });
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof NotFound || e instanceof NoSuchKey || (e as { name?: string }).name === 'NotFound' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) throw e;
      throw new UnavailableError(e);
    }
  }

  /** A browser upload straight to storage, limited in size and type by the POST policy. */
  async presignUpload(key: string, contentType: string, maxBytes: number): Promise<PresignedUpload> {
    const { url, fields } = await this.run(() =>
      createPresignedPost(this.s3, {
        Bucket: this.config.bucket,
        Key: key,
        Conditions: [['content-length-range', 1, maxBytes], ['eq', '$Content-Type', contentType]],
        Fields: { 'Content-Type': contentType },
        Expires: 15 * 60,
      }),
    );
    return { url, fields };
  }

  /** Size and type of an object, or undefined when there is none. */
  async stat(key: string): Promise<{ size: number; contentType?: string | undefined } | undefined> {
    try {
      const r = await this.run(() => this.s3.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key })));
      return { size: r.ContentLength ?? 0, contentType: r.ContentType };
    } catch (e) {
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404 || e instanceof NotFound || e instanceof NoSuchKey) return undefined;
      throw e;
    }
  }

  async read(key: string, range?: string): Promise<Buffer> {
    const r = await this.run(() => this.s3.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key, ...(range ? { Range: range } : {}) })));
    return Buffer.from(await r.Body!.transformToByteArray());
  }

  async write(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.run(() =>
      this.s3.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: body, ContentType: contentType, CacheControl: 'public, max-age=31536000, immutable' })),
    );
  }

  async remove(key: string): Promise<void> {
    await this.run(() => this.s3.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key })));
  }

  /** A short-lived link to a private object, for the staff page. */
  async privateUrl(key: string): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.config.bucket, Key: key }), { expiresIn: 3600 });
  }

  /** The public URL of a processed photo. */
  publicUrl(key: string): string {
    return `${this.config.mediaBaseUrl}/${key.replace(/^public\//, '')}`;
  }
}

/** Identifies an image by its first bytes, whatever its name or declared type says. */
export function sniffImage(head: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}
