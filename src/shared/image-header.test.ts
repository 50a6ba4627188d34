import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PhotoStore } from '../modules/reports/photos.store.ts';
import { pixelLimitProblem, readImageHeader } from './image-header.ts';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A valid-looking PNG (per the PNG spec: signature, IHDR, IDAT, IEND) that claims huge dimensions. */
function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))), // the first rows only: the rest would come from the bomb
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('image headers', () => {
  it('reads the claimed size of a decompression bomb without decoding it', async () => {
    const header = await readImageHeader(bombPng(60_000, 60_000));
    expect(header).toEqual({ format: 'png', width: 60_000, height: 60_000 });
    expect(pixelLimitProblem('photos', header!)).toMatch(/too large in pixels \(60000 × 60000\)/);
  });

  it('says a photo is too large in pixels, not that it is not a photo', async () => {
    const store = new PhotoStore('/tmp/ishenim-unused');
    await expect(store.process(bombPng(60_000, 60_000))).rejects.toThrow(/too large in pixels/);
    await expect(store.process(Buffer.from('not an image at all'))).rejects.toThrow(
      /only JPEG, PNG, WebP or HEIC/,
    );
  });

  it('lets an ordinary photo through', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const header = await readImageHeader(photo);
    expect(header).toMatchObject({ format: 'png', width: 64, height: 48 });
    expect(pixelLimitProblem('photos', header!)).toBeNull();
    const processed = await new PhotoStore('/tmp/ishenim-unused').process(photo);
    expect(processed.mime).toBe('image/jpeg');
  });
});
