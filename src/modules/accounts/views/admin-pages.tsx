import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import type { Translate } from '../../../shared/i18n.ts';
import { STAFF_ROLES } from '../../../shared/policy.ts';
import type { OrganisationView, UserDetail, UserSummary } from '../accounts.presenter.ts';
import { ORGANISATION_KINDS } from '../accounts.schemas.ts';
import { Csrf, ErrorSummary, Field, Select, type FieldErrors } from '../../../views/form.tsx';
import { orgKindKey, roleKey } from './labels.ts';
import { PostForm } from '../../../views/post-form.tsx';
import { DataTable } from '../../../views/data-table.tsx';

export interface OrgFormValues {
  name: string;
  kind: string;
  areaCodes: string;
  status?: string;
}

function OrgForm(p: {
  t: Translate;
  csrf: string;
  action: string;
  values: OrgFormValues;
  errors: FieldErrors;
  submit: string;
  areaGroups: AreaChoiceGroup[];
}) {
  const { t } = p;
  return (
    <PostForm action={p.action} csrf={p.csrf} submit={p.submit}>
      <Field id="name" label={t('admin.orgs.name')} value={p.values.name} errors={p.errors} required />
      <Select
        id="kind"
        label={t('admin.orgs.kind')}
        value={p.values.kind}
        errors={p.errors}
        options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(orgKindKey(k)) }))}
      />
      <AreaPicker
        id="areaCodes"
        label={t('admin.orgs.areas')}
        hint={t('pickers.area.severalHint')}
        groups={p.areaGroups}
        value={p.values.areaCodes.split(/[\s,;]+/).filter(Boolean)}
        multiple
        errors={p.errors}
      />
      {p.values.status ? (
        <Select
          id="status"
          label={t('admin.orgs.status')}
          value={p.values.status}
          errors={p.errors}
          options={[
            { value: 'active', label: t('admin.orgs.active') },
            { value: 'suspended', label: t('admin.orgs.suspended') },
          ]}
        />
      ) : null}
    </PostForm>
  );
}

export function OrganisationsPage(p: {
  t: Translate;
  csrf: string;
  items: OrganisationView[];
  values: OrgFormValues;
  errors: FieldErrors;
  areaGroups: AreaChoiceGroup[];
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('admin.orgs.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <DataTable
        rows={p.items}
        head={[t('admin.orgs.name'), t('admin.orgs.kind'), t('admin.orgs.areas'), t('admin.orgs.status')]}
        row={(o) => (
          <tr key={o.id}>
            <td>
              <a href={`/admin/organisations/${o.id}`}>{o.name}</a>
            </td>
            <td>{t(orgKindKey(o.kind))}</td>
            <td>{o.areaCodes.join(', ')}</td>
            <td>{o.status === 'active' ? t('admin.orgs.active') : t('admin.orgs.suspended')}</td>
          </tr>
        )}
      />
      <h2>{t('admin.orgs.create')}</h2>
      <OrgForm
        areaGroups={p.areaGroups}
        t={t}
        csrf={p.csrf}
        action="/admin/organisations"
        values={p.values}
        errors={p.errors}
        submit={t('admin.orgs.create')}
      />
    </section>
  );
}

export function OrganisationEditPage(p: {
  t: Translate;
  csrf: string;
  id: string;
  values: OrgFormValues;
  errors: FieldErrors;
  areaGroups: AreaChoiceGroup[];
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('admin.orgs.edit', { name: p.values.name })}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <OrgForm
        areaGroups={p.areaGroups}
        t={t}
        csrf={p.csrf}
        action={`/admin/organisations/${p.id}`}
        values={p.values}
        errors={p.errors}
        submit={t('admin.save')}
      />
      <p>
        <a href="/admin/organisations">{t('admin.orgs.back')}</a>
      </p>
    </section>
  );
}

export interface UserFormValues {
  email: string;
  displayName: string;
  organisationId: string;
  role: string;
  areaCode: string;
}

function RoleFields(p: {
  t: Translate;
  values: { role: string; areaCode: string };
  errors: FieldErrors;
  areaGroups: AreaChoiceGroup[];
}) {
  const { t } = p;
  return (
    <>
      <Select
        id="role"
        label={t('admin.users.role')}
        value={p.values.role}
        errors={p.errors}
        options={STAFF_ROLES.map((r) => ({ value: r, label: t(roleKey(r)) }))}
      />
      <AreaPicker
        id="areaCode"
        label={t('admin.users.area')}
        groups={p.areaGroups}
        value={p.values.areaCode}
        errors={p.errors}
      />
    </>
  );
}

export function UsersPage(p: {
  t: Translate;
  csrf: string;
  items: UserSummary[];
  organisations: OrganisationView[];
  values: UserFormValues;
  errors: FieldErrors;
  areaGroups: AreaChoiceGroup[];
}) {
  const { t } = p;
  const orgName = new Map(p.organisations.map((o) => [o.id, o.name]));
  return (
    <section>
      <h1>{t('admin.users.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <DataTable
        rows={p.items}
        head={[
          t('admin.users.name'),
          t('admin.users.organisation'),
          t('admin.users.roles'),
          t('admin.users.status'),
        ]}
        row={(u) => (
          <tr key={u.id}>
            <td>
              <a href={`/admin/users/${u.id}`}>{u.displayName}</a>
            </td>
            <td>{u.organisationId ? (orgName.get(u.organisationId) ?? '') : ''}</td>
            <td>
              {u.grants
                .map((g) => t('staff.home.roleInArea', { role: t(roleKey(g.role)), area: g.areaCode }))
                .join('; ')}
            </td>
            <td>{u.disabled ? t('admin.users.disabled') : t('admin.users.active')}</td>
          </tr>
        )}
      />
      <h2>{t('admin.users.create')}</h2>
      <PostForm action="/admin/users" csrf={p.csrf} submit={t('admin.users.create')}>
        <Field
          id="email"
          type="email"
          label={t('admin.users.email')}
          value={p.values.email}
          errors={p.errors}
          required
        />
        <Field
          id="displayName"
          label={t('admin.users.name')}
          value={p.values.displayName}
          errors={p.errors}
          required
        />
        <Select
          id="organisationId"
          label={t('admin.users.organisation')}
          value={p.values.organisationId}
          errors={p.errors}
          options={[
            { value: '', label: t('admin.users.noOrganisation') },
            ...p.organisations.map((o) => ({ value: o.id, label: o.name })),
          ]}
        />
        <RoleFields t={t} values={p.values} errors={p.errors} areaGroups={p.areaGroups} />
      </PostForm>
    </section>
  );
}

export function UserPage(p: {
  t: Translate;
  csrf: string;
  user: UserDetail;
  organisationName: string | null;
  newPassword: string | null;
  values: { role: string; areaCode: string };
  errors: FieldErrors;
  areaGroups: AreaChoiceGroup[];
}) {
  const { t, user } = p;
  const base = `/admin/users/${user.id}`;
  const action = (path: string, label: string) => (
    <form method="post" action={`${base}/${path}`} class="inline">
      <Csrf token={p.csrf} />
      <button type="submit" class="secondary">
        {label}
      </button>
    </form>
  );
  return (
    <section>
      <h1>{user.displayName}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      {p.newPassword ? (
        <div class="notice">
          <p>{t('admin.users.newPassword')}</p>
          <p>
            <code id="new-password">{p.newPassword}</code>
          </p>
        </div>
      ) : null}
      <dl>
        <dt>{t('admin.users.email')}</dt>
        <dd>{user.email ?? ''}</dd>
        <dt>{t('admin.users.organisation')}</dt>
        <dd>{p.organisationName ?? t('admin.users.noOrganisation')}</dd>
        <dt>{t('admin.users.status')}</dt>
        <dd>{user.disabled ? t('admin.users.disabled') : t('admin.users.active')}</dd>
        <dt>{t('admin.users.twoFactor')}</dt>
        <dd>{user.twoFactor ? t('admin.users.twoFactorOn') : t('admin.users.twoFactorOff')}</dd>
      </dl>
      <h2>{t('admin.users.roles')}</h2>
      <ul>
        {user.grants.map((g) => (
          <li key={g.id}>
            {t('staff.home.roleInArea', { role: t(roleKey(g.role)), area: g.areaCode })}{' '}
            <form method="post" action={`${base}/roles/${g.id}/delete`} class="inline">
              <Csrf token={p.csrf} />
              <button type="submit" class="link">
                {t('admin.users.removeRole')}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <PostForm action={`${base}/roles`} csrf={p.csrf} submit={t('admin.users.addRole')}>
        <RoleFields t={t} values={p.values} errors={p.errors} areaGroups={p.areaGroups} />
      </PostForm>
      <h2>{t('admin.users.security')}</h2>
      <p>
        {action('reset-password', t('admin.users.resetPassword'))}{' '}
        {action('reset-2fa', t('admin.users.reset2fa'))}{' '}
        {user.disabled ? null : action('disable', t('admin.users.disable'))}
      </p>
      <p>
        <a href="/admin/users">{t('admin.users.back')}</a>
      </p>
    </section>
  );
}
