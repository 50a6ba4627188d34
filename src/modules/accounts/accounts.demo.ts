/** Demo people, one per staff role plus a resident, all `is_demo = 1` with one known password. */
import type { Database } from '../../db/database.ts';
import type { Services } from '../../services.ts';
import { STAFF_ROLES, type StaffRole } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import { organisationRepository } from './organisations.repository.ts';
import { hashPassword } from './passwords.ts';
import { peopleRepository } from './people.repository.ts';
import { personRepository } from './session.repository.ts';
import { newId } from '../../shared/ids.ts';

export const DEMO_PASSWORD = 'ishenim-demo-2026';
export const DEMO_DOMAIN = 'demo.ishenim.org';

const ORGS = [
  { name: 'Ош облустук ИИБ', kind: 'police_regional', areaCodes: ['KG-O'] },
  { name: 'Кара-Суу районунун ИИБ', kind: 'police_district', areaCodes: ['KG-O.kara-suu'] },
  { name: '«Ынтымак» коомдук бирикмеси', kind: 'ngo', areaCodes: ['KG-O.kara-suu'] },
  { name: 'Кара-Суу аялдар кеңеши', kind: 'womens_committee', areaCodes: ['KG-O.kara-suu'] },
  { name: 'Кара-Суу аксакалдар соту', kind: 'aksakal_court', areaCodes: ['KG-O.kara-suu'] },
  { name: 'Ички иштер министрлиги', kind: 'police_ministry', areaCodes: ['KG'] },
  { name: 'ИИМдин алдындагы Коомдук кеңеш', kind: 'oversight_body', areaCodes: ['KG'] },
] as const;

const PEOPLE: Record<StaffRole, { name: string; org: string; area: string }> = {
  admin: { name: 'Азамат Токтогулов', org: 'Ички иштер министрлиги', area: 'KG' },
  officer: { name: 'Бакыт Жумабеков', org: 'Кара-Суу районунун ИИБ', area: 'KG-O.kara-suu' },
  supervisor: { name: 'Нурлан Осмонов', org: 'Кара-Суу районунун ИИБ', area: 'KG-O.kara-suu' },
  analyst: { name: 'Айдай Сыдыкова', org: 'Ош облустук ИИБ', area: 'KG-O' },
  partner: { name: 'Гүлнара Абдыкадырова', org: '«Ынтымак» коомдук бирикмеси', area: 'KG-O.kara-suu' },
  prevention_coordinator: { name: 'Жыпар Мамытова', org: 'Кара-Суу аялдар кеңеши', area: 'KG-O.kara-suu' },
  oversight: { name: 'Эркин Бейшеев', org: 'ИИМдин алдындагы Коомдук кеңеш', area: 'KG-O' },
};

/**
 * Idempotent: existing demo emails and organisation names are left alone. Needs the geo areas
 * (KG, KG-O, KG-O.kara-suu) to exist; grants over missing areas are skipped by the service's check.
 */
export async function seedDemoAccounts(
  db: Database,
  services: Services,
): Promise<{ email: string; role: string }[]> {
  const orgIds = new Map<string, string>();
  for (const o of ORGS) {
    const existing = await organisationRepository.getByName(db.read, o.name);
    orgIds.set(
      o.name,
      existing?.id ?? (await services.organisations.create(null, { ...o, areaCodes: [...o.areaCodes] })).id,
    );
  }
  const out: { email: string; role: string }[] = [];
  for (const role of STAFF_ROLES) {
    const email = `${role}@${DEMO_DOMAIN}`;
    const p = PEOPLE[role];
    if (!(await personRepository.getByEmail(db.read, email)))
      await services.users.create(null, {
        email,
        displayName: p.name,
        organisationId: orgIds.get(p.org) ?? null,
        grants: [{ role, areaCode: p.area }],
        password: DEMO_PASSWORD,
        isDemo: true,
      });
    out.push({ email, role });
  }
  const residentEmail = `resident@${DEMO_DOMAIN}`;
  if (!(await personRepository.getByEmail(db.read, residentEmail))) {
    const hash = await hashPassword(DEMO_PASSWORD);
    const now = nowIso();
    await db.write(async (trx) => {
      await peopleRepository.create(trx, {
        id: newId(),
        kind: 'resident',
        email: residentEmail,
        phone: null,
        display_name: 'Айгүл Исаева',
        password_hash: hash,
        locale: 'ky',
        organisation_id: null,
        totp_secret: null,
        totp_enabled_at: null,
        disabled_at: null,
        is_demo: 1,
        last_login_at: null,
        created_at: now,
        updated_at: now,
      });
      await services.audit.record(trx, {
        actor: null,
        action: 'person.create',
        subjectType: 'person',
        details: { demo: true },
      });
    });
  }
  out.push({ email: residentEmail, role: 'resident' });
  return out;
}
