import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { reportWorld, type ReportWorld } from './reports.fixtures.ts';

/** A JPEG carrying GPS EXIF, a camera serial, an ICC profile and XMP, rotated by its EXIF tag. */
async function tellTaleJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 120, height: 60, channels: 3, background: '#3366aa' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withIccProfile('p3')
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="SECRET-AUTHOR"/></rdf:RDF></x:xmpmeta>',
    )
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Model-X' },
      IFD2: { BodySerialNumber: 'SERIAL-123456' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '40/1 42/1 5/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '72/1 54/1 16/1',
      },
    })
    .toBuffer();
}

async function multipart(
  fields: Record<string, string>,
  files: Array<{ name: string; data: Buffer; filename: string; type: string }>,
) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(f.name, new Blob([new Uint8Array(f.data)], { type: f.type }), f.filename);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return {
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  };
}

const FIELDS = {
  description: 'Broken street light; people were robbed here twice.',
  category: 'public-order',
  privacy: 'anonymous',
  lat: '40.70123',
  lon: '72.90456',
};

describeDialects('report photos', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await reportWorld(t.app);
  });
  afterAll(async () => t?.close());

  it('the test photo really carries the metadata we strip', async () => {
    const meta = await sharp(await tellTaleJpeg()).metadata();
    expect(meta.exif).toBeDefined();
    expect(meta.icc).toBeDefined();
    expect(meta.xmp).toBeDefined();
    expect(meta.orientation).toBe(6);
  });

  it('re-encodes photos with no metadata at all, rotated, under random names, served only to staff who may see the report', async () => {
    const original = await tellTaleJpeg();
    const form = await multipart(FIELDS, [
      { name: 'photos', data: original, filename: '../../etc/passwd-IMG_0001.jpg', type: 'image/jpeg' },
      { name: 'photos', data: original, filename: 'second.jpg', type: 'image/jpeg' },
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', ...form });
    expect(res.statusCode, res.body).toBe(201);
    const { id, receipt } = res.json();
    expect(receipt).toBeTruthy();

    const stored = await t.app.ctx.db.read
      .selectFrom('report_photo')
      .selectAll()
      .where('report_id', '=', id)
      .execute();
    expect(stored).toHaveLength(2);
    const root = path.join(t.config.dataDir, 'uploads');
    for (const p of stored) {
      expect(p.storage_key).toMatch(/^[0-9a-f]{32}$/);
      const bytes = readFileSync(path.join(root, p.storage_key.slice(0, 2), `${p.storage_key}.jpg`));
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      // Rotated by the tag before it was dropped: 120×60 turned a quarter is 60×120.
      expect([meta.width, meta.height]).toEqual([60, 120]);
      for (const secret of ['SERIAL-123456', 'PhoneMaker', 'SECRET-AUTHOR', 'passwd'])
        expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    const names = readdirSync(root, { recursive: true }).map(String);
    expect(names.some((n) => n.includes('passwd') || n.includes('IMG_0001'))).toBe(false);

    const served = await t.app.inject({
      url: `/api/v1/reports/${id}/photos/${stored[0]!.id}`,
      headers: w.officer.auth,
    });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    const servedMeta = await sharp(served.rawPayload).metadata();
    expect(servedMeta.exif).toBeUndefined();
    expect(servedMeta.icc).toBeUndefined();
    expect(
      (
        await t.app.inject({
          url: `/api/v1/reports/${id}/photos/${stored[0]!.id}`,
          headers: w.otherOfficer.auth,
        })
      ).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/reports/${id}/photos/${stored[0]!.id}` })).statusCode).toBe(
      401,
    );
    // The reporter can see their own photo through the receipt.
    const own = await t.app.ctx.services.reportFollowUp.getPhoto(
      { kind: 'anonymous', personId: null, organisationId: null, grants: [], via: 'none' },
      { receipt },
      stored[0]!.id,
      'test',
    );
    expect((await sharp(own.data).metadata()).exif).toBeUndefined();
  });

  it('refuses non-images and too many files with a clear 4xx, writing nothing', async () => {
    const count = async () =>
      Number(
        (
          await t.app.ctx.db.read
            .selectFrom('report')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    );
    for (const data of [Buffer.from('%PDF-1.4 not an image'), svg]) {
      const form = await multipart(FIELDS, [{ name: 'photos', data, filename: 'x.jpg', type: 'image/jpeg' }]);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', ...form });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.field).toBe('photos');
    }
    const jpeg = await tellTaleJpeg();
    const six = await multipart(
      FIELDS,
      Array.from({ length: 6 }, (_, i) => ({
        name: 'photos',
        data: jpeg,
        filename: `${i}.jpg`,
        type: 'image/jpeg',
      })),
    );
    const tooMany = await t.app.inject({ method: 'POST', url: '/api/v1/reports', ...six });
    expect(tooMany.statusCode).toBeGreaterThanOrEqual(400);
    expect(tooMany.statusCode).toBeLessThan(500);
    const wrongField = await multipart(FIELDS, [
      { name: 'avatar', data: jpeg, filename: 'a.jpg', type: 'image/jpeg' },
    ]);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/reports', ...wrongField })).statusCode).toBe(
      400,
    );
    expect(await count()).toBe(before);
  });
  it('takes a photo through the HTML form with JavaScript off, stripped like any other', async () => {
    const form = await multipart(
      {
        category: 'public-order',
        description: 'Фонарь не горит возле остановки, вечером там страшно ходить.',
        area: 'KG-O.kara-suu',
        privacy: 'anonymous',
        different: '1',
      },
      [{ name: 'photos', data: await tellTaleJpeg(), filename: 'IMG_2041.jpg', type: 'image/jpeg' }],
    );
    const res = await t.app.inject({ method: 'POST', url: '/report', ...form });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const latest = await t.app.ctx.db.read
      .selectFrom('report')
      .select(['id', 'reference', 'channel', 'privacy'])
      .where('description', 'like', 'Фонарь не горит%')
      .executeTakeFirstOrThrow();
    expect(latest).toMatchObject({ channel: 'web', privacy: 'anonymous' });
    expect(res.body).toContain(latest.reference);
    const photos = await t.app.ctx.db.read
      .selectFrom('report_photo')
      .selectAll()
      .where('report_id', '=', latest.id)
      .execute();
    expect(photos).toHaveLength(1);
    const bytes = readFileSync(
      path.join(
        t.config.dataDir,
        'uploads',
        photos[0]!.storage_key.slice(0, 2),
        `${photos[0]!.storage_key}.jpg`,
      ),
    );
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('SERIAL-123456'))).toBe(false);
  });

  it('reads HEIF photos that sharp can decode (stripped), and refuses a HEIC it cannot with a clear 4xx', async () => {
    // A HEIF container (AV1-coded, which this sharp build decodes), carrying GPS in its EXIF.
    const heif = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#aa3366' } })
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 42/1 5/1' }, IFD0: { Make: 'PhoneMaker' } })
      .heif({ compression: 'av1' })
      .toBuffer();
    expect((await sharp(heif).metadata()).format).toBe('heif');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      ...(await multipart(FIELDS, [
        { name: 'photos', data: heif, filename: 'IMG_0001.HEIC', type: 'image/heic' },
      ])),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const [stored] = await t.app.ctx.db.read
      .selectFrom('report_photo')
      .selectAll()
      .where('report_id', '=', ok.json().id)
      .execute();
    expect(stored!.mime).toBe('image/jpeg');
    const bytes = readFileSync(
      path.join(t.config.dataDir, 'uploads', stored!.storage_key.slice(0, 2), `${stored!.storage_key}.jpg`),
    );
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);

    // An HEVC-coded HEIC box this build cannot decode: refused with the field named, nothing written.
    const ftyp = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic'),
      Buffer.from([0, 0, 0, 0]),
      Buffer.from('mif1heic'),
      Buffer.alloc(256, 7),
    ]);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      ...(await multipart(FIELDS, [
        { name: 'photos', data: ftyp, filename: 'IMG_0002.HEIC', type: 'image/heic' },
      ])),
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.field).toBe('photos');
  });
});
