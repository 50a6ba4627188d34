/**
 * A small world for referral tests: Kara-Suu district with a municipality, a police department, a
 * school, social services and an NGO; a panel of three (the police prevention coordinator, a social
 * worker, the NGO's mentor); a school teacher who refers but is not on the panel; an officer and a
 * supervisor (investigative roles); a coordinator of another district.
 */
import type { App } from '../../app.ts';
import type { Actor } from '../../shared/policy.ts';
import { clock, DAY } from '../../shared/time.ts';
import { localDay } from '../../shared/time-format.ts';
import {
  createApiToken,
  insertArea,
  insertAreaChain,
  insertOrganisation,
  insertStaff,
  type AreaChain,
} from '../../../test/factories.ts';
import type { OpenInput } from './referrals.service.ts';

export const PEOPLE = [
  'coordinator',
  'socialWorker',
  'mentor',
  'teacher',
  'officer',
  'supervisor',
  'oversight',
  'otherCoordinator',
] as const;
export type PersonKey = (typeof PEOPLE)[number];

export interface ReferralWorld {
  areas: AreaChain;
  municipality: string;
  otherDistrict: string;
  orgs: { police: string; school: string; social: string; ngo: string };
  actors: Record<PersonKey, Actor>;
  ids: Record<PersonKey, string>;
  tokens: Record<PersonKey, string>;
  auth: (who: PersonKey) => { authorization: string };
}

export async function referralWorld(app: App): Promise<ReferralWorld> {
  const db = app.ctx.db;
  const areas = await insertAreaChain(db);
  const d = areas.district.code;
  const muni = await insertArea(db, {
    code: 'KG-O.kara-suu.kashkar',
    kind: 'municipality',
    parent: areas.district,
    names: { ky: 'Кашкар-Кыштак айыл аймагы', ru: 'Кашкар-Кыштакский айыльный аймак', en: 'Kashkar-Kyshtak' },
  });
  const other = await insertArea(db, {
    code: 'KG-O.nookat',
    kind: 'district',
    parent: areas.region,
    names: { ky: 'Ноокат району', ru: 'Ноокатский район', en: 'Nookat District' },
  });
  const police = await insertOrganisation(db, { name: 'Кара-Суу РОВД', sector: 'police', areaCodes: [d] });
  const school = await insertOrganisation(db, {
    name: 'Кашкар-Кыштак орто мектеби №3',
    kind: 'school',
    sector: 'partner',
    areaCodes: [muni.code],
  });
  const social = await insertOrganisation(db, {
    name: 'Кара-Суу районунун социалдык өнүгүү башкармалыгы',
    kind: 'social_services',
    sector: 'partner',
    areaCodes: [d],
  });
  const ngo = await insertOrganisation(db, {
    name: 'Жаштар борбору «Ынтымак»',
    kind: 'ngo',
    sector: 'partner',
    areaCodes: [d],
  });
  const grants = {
    coordinator: { role: 'prevention_coordinator' as const, org: police.id },
    socialWorker: { role: 'partner' as const, org: social.id },
    mentor: { role: 'partner' as const, org: ngo.id },
    teacher: { role: 'partner' as const, org: school.id },
    officer: { role: 'officer' as const, org: police.id },
    supervisor: { role: 'supervisor' as const, org: police.id },
    oversight: { role: 'oversight' as const, org: null },
    otherCoordinator: { role: 'prevention_coordinator' as const, org: police.id },
  };
  const actors = {} as Record<PersonKey, Actor>;
  const ids = {} as Record<PersonKey, string>;
  const tokens = {} as Record<PersonKey, string>;
  for (const key of PEOPLE) {
    const g = grants[key];
    const areaCode = key === 'otherCoordinator' ? other.code : key === 'teacher' ? muni.code : d;
    const person = await insertStaff(db, [{ role: g.role, areaCode }], {
      organisationId: g.org,
      displayName: `Test ${key}`,
    });
    ids[key] = person.id;
    tokens[key] = await createApiToken(app, person.id);
    actors[key] = (await app.ctx.services.sessions.resolveApiToken(tokens[key]))!;
  }
  const referrals = app.ctx.services.referrals;
  for (const key of ['coordinator', 'socialWorker', 'mentor'] as const)
    await referrals.addPanelMember(actors.coordinator, { areaCode: d, personId: ids[key] });
  return {
    areas,
    municipality: muni.code,
    otherDistrict: other.code,
    orgs: { police: police.id, school: school.id, social: social.id, ngo: ngo.id },
    actors,
    ids,
    tokens,
    auth: (who) => ({ authorization: `Bearer ${tokens[who]}` }),
  };
}

/** Yesterday in Bishkek, as a form would give it. */
export function yesterday(): string {
  return localDay('Asia/Bishkek', new Date(clock.nowMs() - DAY));
}

export function openInput(w: ReferralWorld, over: Partial<OpenInput> = {}): OpenInput {
  return {
    source: 'partner',
    areaCode: w.areas.district.code,
    observedDate: yesterday(),
    observedTime: '15:40',
    observedAreaCode: w.municipality,
    behaviour:
      'After lessons he showed two classmates a video of an armed attack and said he would bring a knife to school to "do the same".',
    riskFactors: ['threats_of_violence', 'glorifies_violence'],
    protectiveFactors: ['trusted_adult', 'school_or_work'],
    riskNotes: 'Has missed football training for three weeks.',
    protectiveNotes: 'Close to his older sister; the football coach is trusted.',
    subjectMinor: true,
    ...over,
  };
}
