import { S3Client, GetObjectCommand, PutObjectCommand, HeadObjectCommand, DeleteObjectCommand, NotFound, NoSuchKey } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../config.ts';
import { UnavailableError } from '../domain/errors.ts';
import type { PhotoStorage, PresignedUpload } from '../domain/ports.ts';
import { MediaUrls } from './media.ts';

/** The uploads bucket: `incoming/` from browsers, `private/` and `public/` for processed photos. */
export class S3PhotoStorage implements PhotoStorage {
  readonly s3: S3Client;

  private readonly urls: MediaUrls;

  constructor(private readonly config: Config) {
    this.urls = new MediaUrls(config.mediaBaseUrl);
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
    return this.urls.publicUrl(key);
  }
}
