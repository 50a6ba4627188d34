/**
 * Survey builder pages for analysts and prevention coordinators (HTML first, JS off, POST → 303 →
 * GET, errors next to fields with a summary): the list, one survey's builder, the item bank and
 * its translations.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { LOCALES, type Locale } from '../../shared/i18n.ts';
import { jurisdictionPaths } from '../../shared/policy.ts';
import { timeFormat } from '../../shared/time-format.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { formHandlers, type Body } from '../../views/form-route.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { POPULATION_ROLES, SURVEY, SURVEY_ITEM, SURVEY_POPULATION, SURVEY_ROLES } from './surveys.policy.ts';
import type { LocaleText } from './surveys.types.ts';
import { FIELD_ERROR_KEYS } from './views/labels.ts';
import { resultsCsv, resultsXlsx } from './surveys.presenter.ts';
import { populationTemplate, type RowError } from './stats/population-csv.ts';
import { PopulationPage, ResultsPage } from './views/results-pages.tsx';
import { ItemBankPage, ItemPage, SurveyPage, SurveysListPage } from './views/staff-pages.tsx';

const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
const list = (max = 64) =>
  Type.Optional(
    Type.Union([
      Type.String({ maxLength: max }),
      Type.Array(Type.String({ maxLength: max }), { maxItems: 20 }),
    ]),
  );
const perLocale = (prefix: string, max: number) =>
  Object.fromEntries(LOCALES.map((l) => [`${prefix}_${l}`, text(max)]));
const form = (fields: Record<string, unknown>) =>
  Type.Object(
    { _csrf: text(200), ...(fields as Record<string, ReturnType<typeof text>>) },
    { additionalProperties: false },
  );
const IdS = Type.String({ pattern: ID_PATTERN });
const Id = Type.Object({ id: IdS });
const ItemP = Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) });
const QuestionP = Type.Object({ id: IdS, key: Type.String({ pattern: '^q[0-9]{1,4}$' }) });

const CreateForm = form({ title: text(300), areaCode: text(64) });
const SettingsForm = form({ languages: list(10), demographics: list(20), ...perLocale('title', 300) });
const SectionForm = form(perLocale('sectionTitle', 300));
const BankForm = form({ section: text(10), itemId: text(64) });
const OwnForm = form({
  ownSection: text(10),
  kind: text(20),
  ...perLocale('questionText', 1000),
  ...perLocale('options', 3000),
});
const TargetForm = form({ targetArea: text(64), targetSample: text(10), quota: text(10) });
const WaveForm = form({ opensDate: text(10), opensTime: text(5), closesDate: text(10), closesTime: text(5) });
const HeldForm = form({ waveId: text(64), areaCode: text(64), decision: text(20) });
const TranslationForm = form({
  locale: text(10),
  text: text(2000),
  status: text(20),
  backTranslation: text(2000),
  notes: text(4000),
});
const EmptyForm = form({});
const PopulationForm = form({ source: text(300), csv: text(500_000) });

const { handleForm } = formHandlers((req, err, field) => {
  if (err.code === 'conflict') return req.t('surveys.errors.conflict');
  const key = FIELD_ERROR_KEYS[field];
  if (key) return req.t(key, { message: err.message });
  return req.t('surveys.errors.field', { message: err.message });
});

const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v as string]);
const localeText = (b: Body, prefix: string): LocaleText =>
  Object.fromEntries(LOCALES.map((l) => [l, b[`${prefix}_${l}`] ?? '']).filter(([, v]) => v)) as LocaleText;
/** Options typed one per line per language → one LocaleText per option. */
function optionsFrom(b: Body): LocaleText[] {
  const perLang = LOCALES.map(
    (l) =>
      [
        l,
        (b[`options_${l}`] ?? '')
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean),
      ] as const,
  );
  const n = Math.max(0, ...perLang.map(([, o]) => o.length));
  return Array.from(
    { length: n },
    (_, i) => Object.fromEntries(perLang.filter(([, o]) => o[i]).map(([l, o]) => [l, o[i]])) as LocaleText,
  );
}
const num = (s: string | undefined): number =>
  s && /^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : Number.NaN;

export async function surveysRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { surveys, geo } = opts.ctx.services;
  const zone = opts.ctx.config.timeZone;

  await app.register(async (staff) => {
    staff.addHook('preHandler', requireSignedInPage);

    const areaGroups = async (req: FastifyRequest) =>
      (
        await geo.choices(req.actor, req.locale, {
          within: jurisdictionPaths(req.actor, SURVEY_ROLES),
          kinds: ['country', 'region', 'district', 'municipality'],
        })
      ).groups;

    const renderList = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Body,
      errors: FieldErrors,
    ) => {
      const csrf = reply.generateCsrf();
      return reply.page(
        SurveysListPage({
          t: req.t,
          locale: req.locale,
          csrf,
          values: values as Record<string, string>,
          errors,
          items: await surveys.list(req.actor),
          areas: await areaGroups(req),
          fmt: timeFormat(req.locale, zone),
        }),
        { title: req.t('surveys.list.title'), csrfToken: csrf },
      );
    };
    staff.get('/staff/surveys', { config: policy('list', SURVEY), schema: { hide: true } }, (req, reply) =>
      renderList(req, reply, {}, {}),
    );
    staff.post(
      '/staff/surveys',
      { config: policy('create', SURVEY), schema: { hide: true, body: CreateForm } },
      async (req, reply) => {
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () => surveys.create(req.actor, { title: b.title ?? '', areaCode: b.areaCode ?? '' }),
          fallback: 'title',
          redirect: (_b, s) => `/staff/surveys/${s.id}`,
          render: (v, errors) => renderList(req, reply, v, errors),
        });
      },
    );

    const renderSurvey = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body,
      errors: FieldErrors,
    ) => {
      const detail = await surveys.get(req.actor, { id });
      const csrf = reply.generateCsrf();
      return reply.page(
        SurveyPage({
          t: req.t,
          locale: req.locale,
          csrf,
          values: values as Record<string, string>,
          errors,
          detail,
          areas: (
            await geo.choices(req.actor, req.locale, {
              within: [detail.survey.area_path],
              kinds: ['district', 'municipality'],
            })
          ).groups,
          fmt: timeFormat(req.locale, zone),
          bank: await surveys.listItems(req.actor),
        }),
        { title: detail.survey.title, csrfToken: csrf },
      );
    };
    staff.get(
      '/staff/surveys/:id',
      { config: policy('read', SURVEY), schema: { hide: true, params: Id } },
      (req, reply) => renderSurvey(req, reply, (req.params as { id: string }).id, {}, {}),
    );

    /** One builder form: the service call, then back to the builder (or the builder with errors). */
    const builderPost = (
      url: string,
      body: ReturnType<typeof form>,
      fallback: string,
      action: (req: FastifyRequest, id: string, b: Body) => Promise<unknown>,
      rename: Record<string, string> = {},
      params: typeof Id | typeof QuestionP = Id,
    ) =>
      staff.post(
        url,
        { config: policy('manage', SURVEY), schema: { hide: true, params, body } },
        async (req, reply) => {
          const id = (req.params as { id: string }).id;
          const b = req.body as Body;
          return handleForm(req, reply, {
            body: b,
            action: () => action(req, id, b),
            fallback,
            rename,
            status: (err) => err.statusCode,
            redirect: () => `/staff/surveys/${id}`,
            render: (v, errors) => renderSurvey(req, reply, id, v, errors),
          });
        },
      );

    builderPost('/staff/surveys/:id/settings', SettingsForm, 'languages', (req, id, b) =>
      surveys.saveSettings(req.actor, {
        id,
        languages: asList(b.languages),
        demographics: asList(b.demographics),
        title: localeText(b, 'title'),
      }),
    );
    builderPost('/staff/surveys/:id/sections', SectionForm, 'sectionTitle', (req, id, b) =>
      surveys.addSection(req.actor, { id, title: localeText(b, 'sectionTitle') }),
    );
    builderPost('/staff/surveys/:id/questions/bank', BankForm, 'itemId', (req, id, b) =>
      surveys.addBankQuestion(req.actor, { id, section: b.section ?? '', itemId: b.itemId ?? '' }),
    );
    builderPost(
      '/staff/surveys/:id/questions/own',
      OwnForm,
      'questionText',
      (req, id, b) =>
        surveys.addOwnQuestion(req.actor, {
          id,
          section: b.ownSection ?? '',
          kind: b.kind ?? '',
          text: localeText(b, 'questionText'),
          options: optionsFrom(b),
        }),
      { section: 'ownSection' },
    );
    builderPost(
      '/staff/surveys/:id/questions/:key/remove',
      EmptyForm,
      'questions',
      (req, id) =>
        surveys.removeQuestion(req.actor, { id, questionKey: (req.params as { key: string }).key }),
      { questionKey: 'questions' },
      QuestionP,
    );
    builderPost(
      '/staff/surveys/:id/targets',
      TargetForm,
      'targetArea',
      (req, id, b) =>
        surveys.addTarget(req.actor, {
          id,
          areaCode: b.targetArea ?? '',
          targetSample: num(b.targetSample),
          quota: b.quota?.trim() ? num(b.quota) : null,
        }),
      { areaCode: 'targetArea' },
    );
    builderPost('/staff/surveys/:id/publish', EmptyForm, 'questions', (req, id) =>
      surveys.publish(req.actor, { id }),
    );
    builderPost('/staff/surveys/:id/waves', WaveForm, 'opensDate', (req, id, b) =>
      surveys.addWave(
        req.actor,
        {
          id,
          opensDate: b.opensDate ?? '',
          opensTime: b.opensTime ?? '',
          closesDate: b.closesDate ?? '',
          closesTime: b.closesTime ?? '',
        },
        zone,
      ),
    );
    builderPost('/staff/surveys/:id/held', HeldForm, 'questions', (req, id, b) =>
      surveys.decideHeld(req.actor, {
        id,
        waveId: b.waveId ?? '',
        areaCode: b.areaCode ?? '',
        decision: b.decision ?? '',
      }),
    );

    // --- results ---
    staff.get(
      '/staff/surveys/:id/results',
      { config: policy('results', SURVEY), schema: { hide: true, params: Id } },
      async (req, reply) => {
        const view = await surveys.results(req.actor, { id: (req.params as { id: string }).id });
        return reply.page(
          ResultsPage({ t: req.t, locale: req.locale, view, fmt: timeFormat(req.locale, zone) }),
          {
            title: req.t('surveys.results.title', { title: view.survey.title }),
          },
        );
      },
    );
    staff.get(
      '/staff/surveys/:id/results.csv',
      { config: policy('results', SURVEY), schema: { hide: true, params: Id } },
      async (req, reply) => {
        const id = (req.params as { id: string }).id;
        const view = await surveys.results(req.actor, { id });
        await surveys.recordExport(req.actor, { id, format: 'csv' });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="survey-results-${id}.csv"`)
          .header('cache-control', 'no-store')
          .send(resultsCsv(view));
      },
    );
    staff.get(
      '/staff/surveys/:id/results.xlsx',
      { config: policy('results', SURVEY), schema: { hide: true, params: Id } },
      async (req, reply) => {
        const id = (req.params as { id: string }).id;
        const view = await surveys.results(req.actor, { id });
        await surveys.recordExport(req.actor, { id, format: 'xlsx' });
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="survey-results-${id}.xlsx"`)
          .header('cache-control', 'no-store')
          .send(await resultsXlsx(view));
      },
    );

    // --- population tables ---
    const renderPopulation = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Body,
      errors: FieldErrors,
      rowErrors: RowError[],
    ) => {
      const csrf = reply.generateCsrf();
      return reply.page(
        PopulationPage({
          t: req.t,
          locale: req.locale,
          csrf,
          rows: await surveys.listPopulation(req.actor),
          canLoad: req.actor.grants.some((g) => POPULATION_ROLES.includes(g.role)),
          values: values as Record<string, string>,
          errors,
          rowErrors,
          fmt: timeFormat(req.locale, zone),
        }),
        { title: req.t('surveys.population.title'), csrfToken: csrf },
      );
    };
    staff.get(
      '/staff/surveys/population',
      { config: policy('list', SURVEY_POPULATION), schema: { hide: true } },
      (req, reply) => renderPopulation(req, reply, {}, {}, []),
    );
    staff.get(
      '/staff/surveys/population/template.csv',
      { config: policy('list', SURVEY_POPULATION), schema: { hide: true } },
      async (req, reply) => {
        const targets = (await surveys.list(req.actor).catch(() => [])).map((s) => s.area_code);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="population-template.csv"')
          .send(populationTemplate(targets.slice(0, 1)));
      },
    );
    staff.post(
      '/staff/surveys/population',
      { config: policy('load', SURVEY_POPULATION), schema: { hide: true, body: PopulationForm } },
      async (req, reply) => {
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: async () => {
            const r = await surveys.loadPopulation(req.actor, { csv: b.csv ?? '', source: b.source ?? '' });
            if (r.errors.length) throw new RowErrors(r.errors);
            return r;
          },
          fallback: 'csv',
          redirect: () => '/staff/surveys/population',
          render: (v, errors) => renderPopulation(req, reply, v, errors, []),
        }).catch((err) => {
          if (!(err instanceof RowErrors)) throw err;
          reply.code(400);
          return renderPopulation(
            req,
            reply,
            b,
            { csv: req.t('surveys.population.invalid', { count: err.rows.length }) },
            err.rows,
          );
        });
      },
    );

    // --- item bank ---
    staff.get(
      '/staff/surveys/items',
      { config: policy('list', SURVEY_ITEM), schema: { hide: true } },
      async (req, reply) =>
        reply.page(
          ItemBankPage({ t: req.t, locale: req.locale, items: await surveys.listItems(req.actor) }),
          {
            title: req.t('surveys.items.title'),
          },
        ),
    );
    const renderItem = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body | null,
      errors: FieldErrors,
    ) => {
      const view = await surveys.getItem(req.actor, { id });
      const csrf = reply.generateCsrf();
      const locale = (values?.locale ?? 'ky') as Locale;
      const current = view.texts.find((x) => x.locale === locale);
      const v = values ?? {
        locale,
        text: current?.text ?? '',
        status: current?.status ?? 'draft',
        backTranslation: current?.back_translation ?? '',
        notes: current?.reviewer_notes ?? '',
      };
      return reply.page(
        ItemPage({ t: req.t, locale: req.locale, csrf, values: v as Record<string, string>, errors, view }),
        { title: req.t('surveys.items.title'), csrfToken: csrf },
      );
    };
    staff.get(
      '/staff/surveys/items/:id',
      { config: policy('list', SURVEY_ITEM), schema: { hide: true, params: ItemP } },
      (req, reply) => renderItem(req, reply, (req.params as { id: string }).id, null, {}),
    );
    staff.post(
      '/staff/surveys/items/:id',
      {
        config: policy('translate', SURVEY_ITEM),
        schema: { hide: true, params: ItemP, body: TranslationForm },
      },
      async (req, reply) => {
        const id = (req.params as { id: string }).id;
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () =>
            surveys.saveTranslation(req.actor, {
              itemId: id,
              locale: b.locale ?? '',
              text: b.text ?? '',
              status: b.status ?? '',
              backTranslation: b.backTranslation,
              notes: b.notes,
            }),
          fallback: 'text',
          redirect: () => `/staff/surveys/items/${id}`,
          render: (v, errors) => renderItem(req, reply, id, v, errors),
        });
      },
    );
  });
}

/** The CSV's row problems, carried from the action to the page. */
class RowErrors extends Error {
  constructor(readonly rows: RowError[]) {
    super('population table has errors');
  }
}
