import sharp from 'sharp';
import type { ImageEncoder } from '../domain/ports.ts';

/**
 * sharp behind the ImageEncoder port. Only the photo function loads it: sharp decodes untrusted
 * files, and its native binary is the largest thing any function would carry.
 */
export class SharpImages implements ImageEncoder {
  async webp(input: Buffer, width: number): Promise<Buffer> {
    // rotate() first applies the EXIF orientation, which goes with the rest of the metadata (sharp
    // writes none unless asked). The pixel limit refuses a small file that decodes to an enormous
    // picture.
    return sharp(input, { failOn: 'error', limitInputPixels: 50_000_000 }).rotate().resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
  }
}
