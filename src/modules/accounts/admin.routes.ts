/** Admin pages for organisations and people (HTML, POST → 303 → GET). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { AppError } from '../../shared/errors.ts';
import { ORGANISATION_KINDS, type OrganisationKind } from './accounts.schemas.ts';
import { requireSignedInPage } from './auth.routes.ts';
import { setOnce, takeOnce } from './flash.ts';
import { formErrors } from './form-errors.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { areaGroupsFor } from '../../views/picker-choices.ts';
import {
  OrganisationEditPage,
  OrganisationsPage,
  UserPage,
  UsersPage,
  type OrgFormValues,
  type UserFormValues,
} from './views/admin-pages.tsx';

const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
const csrf = { _csrf: text(200) };
const OrgForm = Type.Object(
  {
    ...csrf,
    name: text(),
    kind: text(64),
    areaCodes: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 5000 }),
        Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }),
      ]),
    ),
    status: text(20),
  },
  { additionalProperties: false },
);
const UserForm = Type.Object(
  {
    ...csrf,
    email: text(),
    displayName: text(),
    organisationId: text(64),
    role: text(64),
    areaCode: text(64),
  },
  { additionalProperties: false },
);
const RoleForm = Type.Object(
  { ...csrf, role: text(64), areaCode: text(64) },
  { additionalProperties: false },
);
const CsrfOnly = Type.Object(csrf, { additionalProperties: false });
const Id = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });
const GrantId = Type.Object({
  id: Type.String({ pattern: ID_PATTERN }),
  grantId: Type.String({ pattern: ID_PATTERN }),
});

/** "KG-O, KG-O.kara-suu" or one per line → codes. */
function splitCodes(raw: string | readonly string[] | undefined): string[] {
  // A multiple picker posts the field once per area; an older client one separated string.
  return (typeof raw === 'string' ? raw : (raw ?? []).join(' '))
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean)
    .slice(0, 200);
}
function orgKind(raw: string | undefined): OrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(raw ?? '') ? (raw as OrganisationKind) : 'other';
}

export async function adminAccountsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { config, services } = opts.ctx;
  const { organisations, users } = services;
  app.addHook('preHandler', requireSignedInPage);

  // Organisations
  const renderOrgs = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: OrgFormValues,
    errors: FieldErrors,
  ) => {
    const csrfToken = reply.generateCsrf();
    const items = await organisations.list(req.actor);
    return reply.page(
      OrganisationsPage({
        t: req.t,
        csrf: csrfToken,
        items,
        values,
        errors,
        areaGroups: await areaGroupsFor(services, req.actor, req.locale, { roles: ['admin'] }),
      }),
      {
        title: req.t('admin.orgs.title'),
        csrfToken,
      },
    );
  };
  app.get(
    '/admin/organisations',
    { config: policy('list', 'organisation'), schema: { hide: true } },
    async (req, reply) => renderOrgs(req, reply, { name: '', kind: 'police_district', areaCodes: '' }, {}),
  );
  app.post(
    '/admin/organisations',
    { config: policy('create', 'organisation'), schema: { hide: true, body: OrgForm } },
    async (req, reply) => {
      const b = req.body as { name?: string; kind?: string; areaCodes?: string | string[] };
      const values = {
        name: b.name ?? '',
        kind: orgKind(b.kind),
        areaCodes: splitCodes(b.areaCodes).join(' '),
      };
      try {
        const o = await organisations.create(req.actor, {
          ...values,
          areaCodes: splitCodes(values.areaCodes),
        });
        return reply.redirect(`/admin/organisations/${o.id}`, 303);
      } catch (err) {
        const errors = formErrors(req.t, err, 'name');
        if (!errors) throw err;
        reply.code(400);
        return renderOrgs(req, reply, values, errors);
      }
    },
  );
  const renderOrg = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: OrgFormValues,
    errors: FieldErrors,
  ) => {
    const csrfToken = reply.generateCsrf();
    return reply.page(
      OrganisationEditPage({
        t: req.t,
        csrf: csrfToken,
        id,
        values,
        errors,
        areaGroups: await areaGroupsFor(services, req.actor, req.locale, { roles: ['admin'] }),
      }),
      {
        title: req.t('admin.orgs.edit', { name: values.name }),
        csrfToken,
      },
    );
  };
  app.get(
    '/admin/organisations/:id',
    { config: policy('read', 'organisation'), schema: { hide: true, params: Id } },
    async (req, reply) => {
      const o = await organisations.get(req.actor, req.params as { id: string });
      return renderOrg(
        req,
        reply,
        o.id,
        { name: o.name, kind: o.kind, areaCodes: o.areaCodes.join(', '), status: o.status },
        {},
      );
    },
  );
  app.post(
    '/admin/organisations/:id',
    { config: policy('update', 'organisation'), schema: { hide: true, params: Id, body: OrgForm } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const b = req.body as { name?: string; kind?: string; areaCodes?: string | string[]; status?: string };
      const status: 'active' | 'suspended' = b.status === 'suspended' ? 'suspended' : 'active';
      const values = {
        name: b.name ?? '',
        kind: orgKind(b.kind),
        areaCodes: splitCodes(b.areaCodes).join(' '),
        status,
      };
      try {
        await organisations.update(req.actor, { id, ...values, areaCodes: splitCodes(values.areaCodes) });
        return reply.redirect(`/admin/organisations/${id}`, 303);
      } catch (err) {
        const errors = formErrors(req.t, err, 'name');
        if (!errors) throw err;
        reply.code(400);
        return renderOrg(req, reply, id, values, errors);
      }
    },
  );

  // People
  const renderUsers = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: UserFormValues,
    errors: FieldErrors,
  ) => {
    const csrfToken = reply.generateCsrf();
    const [items, orgs] = await Promise.all([users.list(req.actor), organisations.list(req.actor)]);
    return reply.page(
      UsersPage({
        t: req.t,
        csrf: csrfToken,
        items,
        organisations: orgs,
        values,
        errors,
        areaGroups: await areaGroupsFor(services, req.actor, req.locale, { roles: ['admin'] }),
      }),
      {
        title: req.t('admin.users.title'),
        csrfToken,
      },
    );
  };
  app.get('/admin/users', { config: policy('list', 'person'), schema: { hide: true } }, async (req, reply) =>
    renderUsers(
      req,
      reply,
      { email: '', displayName: '', organisationId: '', role: 'officer', areaCode: '' },
      {},
    ),
  );
  app.post(
    '/admin/users',
    { config: policy('create', 'person'), schema: { hide: true, body: UserForm } },
    async (req, reply) => {
      const b = req.body as Partial<UserFormValues>;
      const values: UserFormValues = {
        email: b.email ?? '',
        displayName: b.displayName ?? '',
        organisationId: b.organisationId ?? '',
        role: b.role ?? '',
        areaCode: (b.areaCode ?? '').trim(),
      };
      try {
        const r = await users.create(req.actor, {
          email: values.email,
          displayName: values.displayName,
          organisationId: values.organisationId || null,
          grants: values.areaCode ? [{ role: values.role, areaCode: values.areaCode }] : [],
        });
        setOnce(reply, config, 'password', r.password);
        return reply.redirect(`/admin/users/${r.user.id}`, 303);
      } catch (err) {
        const errors = formErrors(req.t, err, 'email');
        if (!errors) throw err;
        reply.code(400);
        return renderUsers(req, reply, values, errors);
      }
    },
  );

  const renderUser = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: { role: string; areaCode: string },
    errors: FieldErrors,
  ) => {
    const user = await users.get(req.actor, { id });
    const org = user.organisationId
      ? await organisations.get(req.actor, { id: user.organisationId }).catch(() => null)
      : null;
    const csrfToken = reply.generateCsrf();
    const newPassword = takeOnce<string>(req, reply, config, 'password');
    return reply.page(
      UserPage({
        t: req.t,
        csrf: csrfToken,
        user,
        organisationName: org?.name ?? null,
        newPassword,
        values,
        areaGroups: await areaGroupsFor(services, req.actor, req.locale, { roles: ['admin'] }),
        errors,
      }),
      { title: user.displayName, csrfToken },
    );
  };
  app.get(
    '/admin/users/:id',
    { config: policy('read', 'person'), schema: { hide: true, params: Id } },
    async (req, reply) =>
      renderUser(req, reply, (req.params as { id: string }).id, { role: 'officer', areaCode: '' }, {}),
  );
  app.post(
    '/admin/users/:id/roles',
    { config: policy('grant', 'person'), schema: { hide: true, params: Id, body: RoleForm } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const b = req.body as { role?: string; areaCode?: string };
      const values = { role: b.role ?? '', areaCode: (b.areaCode ?? '').trim() };
      try {
        await users.addGrant(req.actor, { id, ...values });
        return reply.redirect(`/admin/users/${id}`, 303);
      } catch (err) {
        const errors = formErrors(req.t, err, 'areaCode');
        if (!errors) throw err;
        reply.code(err instanceof AppError ? err.statusCode : 400);
        return renderUser(req, reply, id, values, errors);
      }
    },
  );
  app.post(
    '/admin/users/:id/roles/:grantId/delete',
    { config: policy('revoke_grant', 'person'), schema: { hide: true, params: GrantId, body: CsrfOnly } },
    async (req, reply) => {
      const p = req.params as { id: string; grantId: string };
      await users.removeGrant(req.actor, p);
      return reply.redirect(`/admin/users/${p.id}`, 303);
    },
  );
  app.post(
    '/admin/users/:id/disable',
    { config: policy('disable', 'person'), schema: { hide: true, params: Id, body: CsrfOnly } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      await users.disable(req.actor, { id });
      return reply.redirect(`/admin/users/${id}`, 303);
    },
  );
  app.post(
    '/admin/users/:id/reset-password',
    { config: policy('reset_credentials', 'person'), schema: { hide: true, params: Id, body: CsrfOnly } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const r = await users.resetPassword(req.actor, { id });
      setOnce(reply, config, 'password', r.password);
      return reply.redirect(`/admin/users/${id}`, 303);
    },
  );
  app.post(
    '/admin/users/:id/reset-2fa',
    { config: policy('reset_credentials', 'person'), schema: { hide: true, params: Id, body: CsrfOnly } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      await users.resetTwoFactor(req.actor, { id });
      return reply.redirect(`/admin/users/${id}`, 303);
    },
  );
}
