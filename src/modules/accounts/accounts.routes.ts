/** JSON API for organisations, people and one's own profile. Every route names its policy. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { SIGNED_IN, policy } from '../../plugins/access.ts';
import { UnauthenticatedError } from '../../shared/errors.ts';
import {
  GrantIn,
  GrantParams,
  IdParams,
  OrganisationCreateBody,
  OrganisationList,
  OrganisationOut,
  OrganisationUpdateBody,
  UserCreateBody,
  UserCreated,
  UserDetailOut,
  UserList,
  UserUpdateBody,
} from './accounts.schemas.ts';

const Ok = Type.Object({ ok: Type.Literal(true) });
const ErrorOut = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});
const errors = { 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut };
const GrantRequestOut = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  personName: Type.String(),
  role: Type.String(),
  areaCode: Type.String(),
  status: Type.String(),
  requestedBy: Type.Union([Type.String(), Type.Null()]),
  requestedAt: Type.String(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

export async function accountsApiRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { organisations, users } = opts.ctx.services;
  // The API answers 401 to anyone not signed in, before parsing anything else.
  app.addHook('onRequest', async (req) => {
    if (req.actor.kind === 'anonymous') throw new UnauthenticatedError();
  });

  app.get(
    '/api/v1/me',
    {
      config: SIGNED_IN,
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in person',
        response: { 200: UserDetailOut, ...errors },
      },
    },
    async (req) => users.me(req.actor),
  );

  app.get(
    '/api/v1/organisations',
    {
      config: policy('list', 'organisation'),
      schema: { tags: ['accounts'], response: { 200: OrganisationList, ...errors } },
    },
    async (req) => ({ items: await organisations.list(req.actor) }),
  );
  app.post(
    '/api/v1/organisations',
    {
      config: policy('create', 'organisation'),
      schema: {
        tags: ['accounts'],
        body: OrganisationCreateBody,
        response: { 201: OrganisationOut, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await organisations.create(req.actor, req.body as OrganisationCreateBody)),
  );
  app.get(
    '/api/v1/organisations/:id',
    {
      config: policy('read', 'organisation'),
      schema: { tags: ['accounts'], params: IdParams, response: { 200: OrganisationOut, ...errors } },
    },
    async (req) => organisations.get(req.actor, req.params as { id: string }),
  );
  app.patch(
    '/api/v1/organisations/:id',
    {
      config: policy('update', 'organisation'),
      schema: {
        tags: ['accounts'],
        params: IdParams,
        body: OrganisationUpdateBody,
        response: { 200: OrganisationOut, ...errors },
      },
    },
    async (req) =>
      organisations.update(req.actor, {
        ...(req.body as OrganisationUpdateBody),
        ...(req.params as { id: string }),
      }),
  );

  app.get(
    '/api/v1/users',
    {
      config: policy('list', 'person'),
      schema: { tags: ['accounts'], response: { 200: UserList, ...errors } },
    },
    async (req) => ({ items: await users.list(req.actor) }),
  );
  app.post(
    '/api/v1/users',
    {
      config: policy('create', 'person'),
      schema: {
        tags: ['accounts'],
        summary: 'Create a staff member; the generated password is returned once',
        body: UserCreateBody,
        response: { 201: UserCreated, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await users.create(req.actor, req.body as UserCreateBody)),
  );
  app.get(
    '/api/v1/users/:id',
    {
      config: policy('read', 'person'),
      schema: { tags: ['accounts'], params: IdParams, response: { 200: UserDetailOut, ...errors } },
    },
    async (req) => users.get(req.actor, req.params as { id: string }),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      config: policy('update', 'person'),
      schema: {
        tags: ['accounts'],
        params: IdParams,
        body: UserUpdateBody,
        response: { 200: UserDetailOut, ...errors },
      },
    },
    async (req) =>
      users.update(req.actor, { ...(req.body as UserUpdateBody), ...(req.params as { id: string }) }),
  );
  app.post(
    '/api/v1/users/:id/roles',
    {
      config: policy('grant', 'person'),
      schema: {
        tags: ['accounts'],
        params: IdParams,
        body: GrantIn,
        response: { 201: UserDetailOut, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await users.addGrant(req.actor, {
          ...(req.body as { role: string; areaCode: string }),
          ...(req.params as { id: string }),
        }),
      ),
  );
  // Four-eyes: a grant of a role that reads personal data waits here until a second person decides.
  app.get(
    '/api/v1/grant-requests',
    {
      config: policy('list', 'grant_request'),
      schema: {
        tags: ['accounts'],
        summary:
          'Grants asked for, pending and decided, within the caller’s areas (administrators, oversight)',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union(['pending', 'confirmed', 'refused', 'revoked'].map((s) => Type.Literal(s))),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(GrantRequestOut) }), ...errors },
      },
    },
    async (req) => ({
      items: await users.listGrantRequests(req.actor, req.query as { status?: 'pending' }),
    }),
  );
  app.post(
    '/api/v1/grant-requests/:id/:decision',
    {
      config: policy('confirm_grant', 'person'),
      schema: {
        tags: ['accounts'],
        summary: 'Confirm or refuse a pending grant (not the one who asked for it, not the grantee)',
        params: Type.Object(
          {
            id: Type.String({ maxLength: 40 }),
            decision: Type.Union([Type.Literal('confirm'), Type.Literal('refuse')]),
          },
          { additionalProperties: false },
        ),
        response: { 200: GrantRequestOut, 403: ErrorOut, ...errors },
      },
    },
    async (req) => {
      const { id, decision } = req.params as { id: string; decision: 'confirm' | 'refuse' };
      return users.decideGrant(req.actor, { requestId: id, decision });
    },
  );
  app.delete(
    '/api/v1/users/:id/roles/:grantId',
    {
      config: policy('revoke_grant', 'person'),
      schema: { tags: ['accounts'], params: GrantParams, response: { 200: UserDetailOut, ...errors } },
    },
    async (req) => users.removeGrant(req.actor, req.params as { id: string; grantId: string }),
  );
  app.post(
    '/api/v1/users/:id/disable',
    {
      config: policy('disable', 'person'),
      schema: {
        tags: ['accounts'],
        summary: 'Disable; ends sessions and revokes tokens',
        params: IdParams,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => {
      await users.disable(req.actor, req.params as { id: string });
      return { ok: true as const };
    },
  );
}
