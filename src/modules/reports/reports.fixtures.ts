/** Test fixtures for the reports module: two districts with boundaries, staff of every kind, tokens. */
import type { App } from '../../app.ts';
import type { Database } from '../../db/database.ts';
import {
  createApiToken,
  insertArea,
  insertAreaChain,
  insertOrganisation,
  insertStaff,
} from '../../../test/factories.ts';
import type { StaffRole } from '../../shared/policy.ts';
import { seedReportCategories } from './report-categories.seed.ts';

/** A point inside Kara-Suu's box and one inside Uzgen's. */
export const KARA_SUU_POINT = { lat: 40.70123, lon: 72.90456 };
export const UZGEN_POINT = { lat: 40.77, lon: 73.3 };

async function setBox(
  db: Database,
  code: string,
  minLat: number,
  maxLat: number,
  minLon: number,
  maxLon: number,
) {
  const ring = [
    [minLon, minLat],
    [maxLon, minLat],
    [maxLon, maxLat],
    [minLon, maxLat],
    [minLon, minLat],
  ];
  await db.write((trx) =>
    trx
      .updateTable('area')
      .set({
        boundary: JSON.stringify({ type: 'Polygon', coordinates: [ring] }),
        min_lat: minLat,
        max_lat: maxLat,
        min_lon: minLon,
        max_lon: maxLon,
      })
      .where('code', '=', code)
      .execute(),
  );
}

export interface StaffHandle {
  id: string;
  token: string;
  auth: { authorization: string };
}

export async function reportWorld(app: App) {
  const db = app.ctx.db;
  await seedReportCategories(db);
  const chain = await insertAreaChain(db);
  const uzgen = await insertArea(db, {
    code: 'KG-O.uzgen',
    kind: 'district',
    parent: chain.region,
    names: { ky: 'Өзгөн району', ru: 'Узгенский район', en: 'Uzgen District' },
    centre: [40.77, 73.3],
  });
  await setBox(db, chain.district.code, 40.5, 40.74, 72.7, 73.1);
  await setBox(db, uzgen.code, 40.75, 40.9, 73.2, 73.5);
  const police = await insertOrganisation(db, { sector: 'police', areaCodes: [chain.district.code] });
  const partnerOrg = await insertOrganisation(db, { sector: 'partner', areaCodes: [chain.district.code] });
  const staff = async (role: StaffRole, areaCode: string, organisationId?: string): Promise<StaffHandle> => {
    const p = await insertStaff(db, [{ role, areaCode }], { organisationId: organisationId ?? police.id });
    const token = await createApiToken(app, p.id);
    return { id: p.id, token, auth: { authorization: `Bearer ${token}` } };
  };
  return {
    areas: { ...chain, uzgen },
    police,
    partnerOrg,
    officer: await staff('officer', chain.district.code),
    otherOfficer: await staff('officer', uzgen.code),
    supervisor: await staff('supervisor', chain.district.code),
    prevention: await staff('prevention_coordinator', chain.district.code),
    oversight: await staff('oversight', chain.region.code),
    analyst: await staff('analyst', 'KG'),
    partner: await staff('partner', chain.district.code, partnerOrg.id),
    admin: await staff('admin', 'KG'),
  };
}

export type ReportWorld = Awaited<ReturnType<typeof reportWorld>>;

export function reportBody(over: Record<string, unknown> = {}) {
  return {
    description: 'Teenagers drink near the school gate every evening and frighten younger children.',
    category: 'public-order',
    privacy: 'public',
    location: KARA_SUU_POINT,
    ...over,
  };
}
