/**
 * Photos: decoded and re-encoded with sharp so nothing of the original file survives — no EXIF (GPS,
 * camera serial, maker notes), XMP, IPTC or ICC block, no comments. Auto-rotated first (the
 * orientation tag is the one piece of metadata worth honouring), shrunk to MAX_EDGE, saved as JPEG
 * under DATA_DIR/uploads with random names. File names from users are never used.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { MAX_INPUT_PIXELS, pixelLimitProblem, readImageHeader } from '../../shared/image-header.ts';
import { ValidationError } from '../../shared/errors.ts';

export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_EDGE = 2048;
/** Formats we accept as input (sharp reads more, e.g. SVG and TIFF, which we do not want). */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif']);
const KEY_RE = /^[0-9a-f]{32}$/;

export interface ProcessedPhoto {
  data: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
  bytes: number;
}

export class PhotoStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(path.resolve(dataDir), 'uploads');
  }

  /** Decode, rotate, shrink and re-encode; refuses anything that is not a readable photo. */
  async process(input: Buffer, field = 'photos'): Promise<ProcessedPhoto> {
    if (input.length === 0) throw new ValidationError(`${field}: the file is empty`, field);
    if (input.length > MAX_PHOTO_BYTES)
      throw new ValidationError(`${field}: a photo may be at most 10 MB`, field);
    const header = await readImageHeader(input);
    if (!header || !ACCEPTED.has(header.format))
      throw new ValidationError(`${field}: only JPEG, PNG, WebP or HEIC photos are accepted`, field);
    const tooLarge = pixelLimitProblem(field, header);
    if (tooLarge) throw new ValidationError(tooLarge, field);
    try {
      const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
        .rotate()
        .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 80, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      return { data, mime: 'image/jpeg', width: info.width, height: info.height, bytes: data.length };
    } catch {
      throw new ValidationError(`${field}: the photo could not be read`, field);
    }
  }

  private fileFor(key: string): string {
    if (!KEY_RE.test(key)) throw new Error('invalid storage key');
    const file = path.join(this.root, key.slice(0, 2), `${key}.jpg`);
    if (!file.startsWith(this.root + path.sep)) throw new Error('invalid storage key');
    return file;
  }

  /** Writes durably (fsync) and returns the new random key. */
  async save(photo: ProcessedPhoto): Promise<string> {
    const key = randomBytes(16).toString('hex');
    const file = this.fileFor(key);
    await mkdir(path.dirname(file), { recursive: true });
    const fh = await open(file, 'wx', 0o600);
    try {
      await fh.writeFile(photo.data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return key;
  }

  async read(key: string): Promise<Buffer> {
    return readFile(this.fileFor(key));
  }

  /** Deletes files; returns how many were removed (missing files count as removed). */
  async remove(keys: string[]): Promise<number> {
    let n = 0;
    for (const key of keys) {
      try {
        await rm(this.fileFor(key), { force: true });
        n++;
      } catch {
        // an invalid key is never on disk
      }
    }
    return n;
  }
}
