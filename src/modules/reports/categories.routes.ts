/**
 * Admin pages for report categories (the JSON API is in reports.routes.ts): list, add, change —
 * names and guidance in every language, desk, sensitivity, order, and the extra questions.
 * Plain forms (POST → 303 → GET); the categories service decides and audits.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../../plugins/typed-routes.ts';
import { policy } from '../../plugins/access.ts';
import { AppError, NotFoundError } from '../../shared/errors.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { CATEGORY_CODE_PATTERN } from './categories.service.ts';
import {
  categoryToForm,
  formFieldFor,
  parseCategoryForm,
  withBlankRow,
  type CategoryForm,
} from './category-form.ts';
import { REPORT_CATEGORY } from './reports.policy.ts';
import {
  AdminCategoriesPage,
  AdminCategoryFormPage,
  categoryErrorKey,
} from './views/admin-categories-pages.tsx';

/** Flat form fields only (names like `names-ky`, `q3-options-ru`); unknown names are ignored. */
const CategoryFormBody = Type.Record(
  Type.String({ pattern: '^[a-zA-Z0-9_-]{1,40}$' }),
  Type.String({ maxLength: 4000 }),
  { maxProperties: 600 },
);
const CodeParams = Type.Object(
  { code: Type.String({ pattern: CATEGORY_CODE_PATTERN, maxLength: 60 }) },
  { additionalProperties: false },
);
const ListQuery = Type.Object({ saved: Type.Optional(Type.Literal('1')) }, { additionalProperties: false });

export const adminCategoriesRoutes: RoutePlugin = async (app, opts) => {
  const { reportCategories } = opts.ctx.services;
  const administer = policy('administer', REPORT_CATEGORY);
  app.addHook('preHandler', requireSignedInPage);

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    code: string | null,
    form: CategoryForm,
    errors: FieldErrors,
  ) {
    const csrfToken = reply.generateCsrf();
    return reply.page(
      AdminCategoryFormPage({ t: req.t, locale: req.locale, csrf: csrfToken, code, form, errors }),
      {
        title: code
          ? req.t('reports.categoriesAdmin.editTitleShort')
          : req.t('reports.categoriesAdmin.newTitle'),
        csrfToken,
      },
    );
  }

  /** The service's refusal as a message next to its box, or null when it is not about the form. */
  function errorsFor(req: FastifyRequest, err: unknown, rowOf: number[]): FieldErrors | null {
    if (!(err instanceof AppError) || (err.code !== 'invalid' && err.code !== 'conflict')) return null;
    const field = formFieldFor(err.field ?? 'code', rowOf);
    return { [field]: req.t(categoryErrorKey(field, err.code === 'conflict')) };
  }

  app.get(
    '/admin/categories',
    { config: administer, schema: { hide: true, querystring: ListQuery } },
    async (req, reply) => {
      const items = await reportCategories.list(req.actor, { includeInactive: true });
      const saved = req.query.saved === '1';
      return reply.page(AdminCategoriesPage({ t: req.t, locale: req.locale, items, saved }), {
        title: req.t('reports.categoriesAdmin.title'),
      });
    },
  );

  app.get('/admin/categories/new', { config: administer, schema: { hide: true } }, async (req, reply) =>
    renderForm(req, reply, null, categoryToForm(null), {}),
  );

  app.post(
    '/admin/categories',
    { config: administer, schema: { hide: true, body: CategoryFormBody } },
    async (req, reply) => {
      const form = req.body;
      const { input, rowOf } = parseCategoryForm(form, true);
      try {
        await reportCategories.create(req.actor, input);
        return reply.redirect('/admin/categories?saved=1', 303);
      } catch (err) {
        const errors = errorsFor(req, err, rowOf);
        if (!errors) throw err;
        reply.code(err instanceof AppError ? err.statusCode : 400);
        return renderForm(req, reply, null, withBlankRow(form), errors);
      }
    },
  );

  app.get(
    '/admin/categories/:code',
    { config: administer, schema: { hide: true, params: CodeParams } },
    async (req, reply) => {
      const { code } = req.params;
      const all = await reportCategories.list(req.actor, { includeInactive: true });
      const found = all.find((c) => c.code === code);
      if (!found) throw new NotFoundError(REPORT_CATEGORY);
      return renderForm(req, reply, code, categoryToForm(found), {});
    },
  );

  app.post(
    '/admin/categories/:code',
    { config: administer, schema: { hide: true, params: CodeParams, body: CategoryFormBody } },
    async (req, reply) => {
      const { code } = req.params;
      const form = req.body;
      const { input, rowOf } = parseCategoryForm(form, false);
      const { code: _ignored, ...patch } = input;
      try {
        await reportCategories.update(req.actor, code, patch);
        return reply.redirect('/admin/categories?saved=1', 303);
      } catch (err) {
        const errors = errorsFor(req, err, rowOf);
        if (!errors) throw err;
        reply.code(err instanceof AppError ? err.statusCode : 400);
        return renderForm(req, reply, code, withBlankRow(form), errors);
      }
    },
  );
};
