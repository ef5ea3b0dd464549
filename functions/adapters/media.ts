import type { PhotoUrls } from '../domain/ports.ts';

/**
 * The public URLs of processed photos: the bucket's `public/` prefix as the sites serve it under
 * `/media/` (CloudFront in AWS, the local server's media route locally). Apart from the S3
 * client, so the stream function writes public records with photo URLs without loading S3.
 */
export class MediaUrls implements PhotoUrls {
  /** @param baseUrl where `public/` is served, without trailing slash (config.mediaBaseUrl) */
  constructor(private readonly baseUrl: string) {}

  publicUrl(key: string): string {
    return `${this.baseUrl}/${key.replace(/^public\//, '')}`;
  }
}
