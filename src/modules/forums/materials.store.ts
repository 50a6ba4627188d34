/**
 * Files attached to trainings and meetings (agendas, slides, handouts, signed minutes). Accepted:
 * PDF, DOCX, XLSX and photos/pictures. The type is decided from the bytes, never from the name or the
 * browser's claim. Pictures are decoded and re-encoded with sharp (no EXIF/GPS, XMP, IPTC, ICC);
 * documents are stored as given and only ever served as downloads. Files live under
 * DATA_DIR/materials with random names; the uploader's file name is only a display name.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { MAX_INPUT_PIXELS, pixelLimitProblem, readImageHeader } from '../../shared/image-header.ts';
import { ValidationError } from '../../shared/errors.ts';

export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;
const MAX_EDGE = 3000;
const KEY_RE = /^[0-9a-f]{32}$/;

export const MATERIAL_TYPES = {
  pdf: { mime: 'application/pdf', ext: 'pdf' },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
  },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
} as const;
export type MaterialType = keyof typeof MATERIAL_TYPES;

export interface ProcessedMaterial {
  data: Buffer;
  type: MaterialType;
  mime: string;
  /** A display name: the uploader's base name, cleaned, with the extension of the stored type. */
  fileName: string;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** What the bytes are (null when not one of the accepted kinds). */
export function sniff(buf: Buffer): MaterialType | 'image' | null {
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (buf.subarray(0, 4).equals(ZIP_MAGIC)) {
    // Office Open XML: the part names are stored uncompressed in the zip's directory.
    const hasTypes = buf.includes('[Content_Types].xml');
    if (hasTypes && buf.includes('word/document.xml')) return 'docx';
    if (hasTypes && buf.includes('xl/workbook.xml')) return 'xlsx';
    return null;
  }
  if (buf[0] === 0xff && buf[1] === 0xd8) return 'image';
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image';
  if (buf.subarray(0, 4).toString('latin1') === 'RIFF' && buf.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image';
  return null;
}

/** A safe display name: no path, no control or quoting characters, at most 120 characters. */
export function cleanFileName(raw: string, ext: string): string {
  const base = (raw.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    // Control characters (C0 and DEL) and characters that mean something in paths or headers.
    .replace(/\p{Cc}|["<>:|?*;]/gu, '')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${base || 'material'}.${ext}`;
}

/** `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export class MaterialStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(path.resolve(dataDir), 'materials');
  }

  /** Checks the bytes, re-encodes pictures; refuses anything else with a clear message. */
  async process(input: Buffer, fileName: string, field = 'file'): Promise<ProcessedMaterial> {
    if (input.length === 0) throw new ValidationError(`${field}: choose a file`, field);
    if (input.length > MAX_MATERIAL_BYTES)
      throw new ValidationError(`${field}: a file may be at most 20 MB`, field);
    const kind = sniff(input);
    if (!kind)
      throw new ValidationError(
        `${field}: only PDF, DOCX, XLSX, JPEG, PNG or WebP files are accepted`,
        field,
      );
    if (kind !== 'image') {
      const t = MATERIAL_TYPES[kind];
      return { data: input, type: kind, mime: t.mime, fileName: cleanFileName(fileName, t.ext) };
    }
    const header = await readImageHeader(input);
    const tooLarge = header && pixelLimitProblem(field, header);
    if (tooLarge) throw new ValidationError(tooLarge, field);
    try {
      const img = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
      const meta = await img.metadata();
      if (!meta.format || !['jpeg', 'png', 'webp'].includes(meta.format)) throw new Error('format');
      // Pictures with transparency (diagrams, logos) stay PNG; photos become JPEG.
      const png = meta.format === 'png' || !!meta.hasAlpha;
      const pipeline = img
        .rotate()
        .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true });
      const data = png
        ? await pipeline.png({ compressionLevel: 9 }).toBuffer()
        : await pipeline.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
      const type: MaterialType = png ? 'png' : 'jpeg';
      const t = MATERIAL_TYPES[type];
      return { data, type, mime: t.mime, fileName: cleanFileName(fileName, t.ext) };
    } catch {
      throw new ValidationError(`${field}: the picture could not be read`, field);
    }
  }

  private fileFor(key: string): string {
    if (!KEY_RE.test(key)) throw new Error('invalid storage key');
    const file = path.join(this.root, key.slice(0, 2), key);
    if (!file.startsWith(this.root + path.sep)) throw new Error('invalid storage key');
    return file;
  }

  /** Writes durably (fsync) under a new random key. */
  async save(data: Buffer): Promise<string> {
    const key = randomBytes(16).toString('hex');
    const file = this.fileFor(key);
    await mkdir(path.dirname(file), { recursive: true });
    const fh = await open(file, 'wx', 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return key;
  }

  async read(key: string): Promise<Buffer> {
    return readFile(this.fileFor(key));
  }

  async remove(key: string): Promise<void> {
    try {
      await rm(this.fileFor(key), { force: true });
    } catch {
      // an invalid key is never on disk
    }
  }
}
