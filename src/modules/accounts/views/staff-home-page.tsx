import type { Translate } from '../../../shared/i18n.ts';
import { roleMayEver, type Grant } from '../../../shared/policy.ts';
import { roleKey } from './labels.ts';

/** What each role leads to from the staff home (admin screens of other modules included). */
const ADMIN_LINKS = [
  { href: '/admin/organisations', key: 'staff.links.organisations' },
  { href: '/admin/users', key: 'staff.links.users' },
  { href: '/admin/areas', key: 'staff.links.areas' },
  { href: '/admin/audit', key: 'staff.links.audit' },
  { href: '/admin/categories', key: 'reports.categoriesAdmin.link' },
  { href: '/admin/open311', key: 'open311.admin.link' },
  { href: '/admin/channels', key: 'channels.link' },
  { href: '/admin/oversight-bodies', key: 'oversight.links.bodies' },
] as const;

export function StaffHomePage(p: {
  t: Translate;
  name: string;
  grants: Grant[];
  /** Sections other modules put on the home page (e.g. meeting invitations). */
  extra?: preact.ComponentChildren;
}) {
  const { t } = p;
  const isAdmin = p.grants.some((g) => g.role === 'admin');
  return (
    <section>
      <h1>{t('staff.home.title')}</h1>
      <p>{t('staff.home.greeting', { name: p.name })}</p>
      {p.extra ?? null}
      <h2>{t('staff.home.roles')}</h2>
      {p.grants.length ? (
        <ul>
          {p.grants.map((g) => (
            <li key={`${g.role}-${g.areaCode}`}>
              {t('staff.home.roleInArea', { role: t(roleKey(g.role)), area: g.areaCode })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('staff.home.noRoles')}</p>
      )}
      <h2>{t('staff.home.tasks')}</h2>
      <ul>
        {isAdmin
          ? ADMIN_LINKS.map((l) => (
              <li key={l.href}>
                <a href={l.href}>{t(l.key)}</a>
              </li>
            ))
          : null}
        {p.grants.some((g) => roleMayEver(g.role, 'queue', 'report')) ? (
          <li>
            <a href="/staff/reports">{t('reports.links.queue')}</a>
          </li>
        ) : null}
        {p.grants.some((g) => roleMayEver(g.role, 'queue', 'complaint')) ? (
          <li>
            <a href="/staff/complaints">{t('oversight.links.queue')}</a>
          </li>
        ) : null}
        {p.grants.some((g) => roleMayEver(g.role, 'read', 'access_review')) ? (
          <li>
            <a href="/staff/access-review">{t('oversight.links.access')}</a>
          </li>
        ) : null}
        {p.grants.some((g) => roleMayEver(g.role, 'disclosures', 'complaint')) ? (
          <li>
            <a href="/staff/complaints/about-me">{t('oversight.links.disclosures')}</a>
          </li>
        ) : null}
        <li>
          <a href="/staff/forums">{t('forums.home.link')}</a>
        </li>
        <li>
          <a href="/staff/problems">{t('problems.home.link')}</a>
        </li>
        <li>
          <a href="/staff/plans">{t('plans.home.link')}</a>
        </li>
        {p.grants.some((g) => roleMayEver(g.role, 'list', 'referral')) ? (
          <li>
            <a href="/staff/referrals">{t('referrals.home.link')}</a>
          </li>
        ) : null}
        {p.grants.some((g) => roleMayEver(g.role, 'list', 'referral_panel')) ? (
          <li>
            <a href="/staff/referral-panels">{t('referrals.home.panels')}</a>
          </li>
        ) : null}
        {p.grants.some((g) => roleMayEver(g.role, 'read', 'referral_stats')) ? (
          <li>
            <a href="/staff/referral-stats">{t('referrals.home.stats')}</a>
          </li>
        ) : null}
        <li>
          <a href="/account">{t('staff.links.account')}</a>
        </li>
      </ul>
    </section>
  );
}
