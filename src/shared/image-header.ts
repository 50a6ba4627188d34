/**
 * What an uploaded image claims to be, read from its header only (no decoding), so that a file that
 * would decode to billions of pixels (a decompression bomb) is refused for what it is — too large in
 * pixels — rather than as "not an image".
 */
import sharp from 'sharp';

/** Decoding more than this would take gigabytes of memory: 50 megapixels, a 8660 × 5773 photo. */
export const MAX_INPUT_PIXELS = 50_000_000;

export interface ImageHeader {
  format: string;
  width: number;
  height: number;
}

/** The header, or null when the bytes are not an image sharp can read. */
export async function readImageHeader(input: Buffer): Promise<ImageHeader | null> {
  try {
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    if (!meta.format) return null;
    return { format: meta.format, width: meta.width ?? 0, height: meta.height ?? 0 };
  } catch {
    return null;
  }
}

/** A field message when the image is too large in pixels, else null. */
export function pixelLimitProblem(field: string, header: ImageHeader): string | null {
  if (header.width * header.height <= MAX_INPUT_PIXELS) return null;
  return `${field}: the image is too large in pixels (${header.width} × ${header.height}); at most 50 megapixels`;
}
