/** Staff pages for joint local prevention plans: list, plan, task, approval, versions, quarterly report. */
import type { Locale, Translate } from '../../../shared/i18n.ts';
import { areaName } from '../../geo/geo.presenter.ts';
import {
  Csrf,
  ErrorSummary,
  Field,
  Select,
  TextArea,
  type FieldErrors,
  type FormPageProps,
} from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { ProblemPicker, type ReferencedChoice } from '../../../views/pickers.tsx';
import { parseIdList } from '../plans.validate.ts';

/** What the plan forms offer to pick: areas of the reader's jurisdiction, problems they may link. */
export interface PlanPickers {
  areas: AreaChoiceGroup[];
  problems: ReferencedChoice[];
}
import type { PlanDetail, PlanView, VersionDetail, VersionSummary } from '../plans.presenter.ts';
import type { PlanReport, TaskDetail } from '../plans.service.ts';
import { FUNDING_SOURCES, PLAN_STATUSES, TASK_STATUSES } from '../plans.types.ts';
import { REPORT_CATEGORIES } from '../quarterly.ts';
import type { Change, PlanSnapshot } from '../snapshot.ts';
import {
  CATEGORY_KEYS,
  CHANGE_KEYS,
  FIELD_KEYS,
  formatAmount,
  FUNDING_KEYS,
  label,
  PLAN_STATUS_KEYS,
  SEAT_KEYS,
  TASK_STATUS_KEYS,
  VERSION_STATE_KEYS,
} from './labels.ts';
import { DataTable } from '../../../views/data-table.tsx';

function StatusTag(p: { t: Translate; status: string }) {
  return <span class="tag">{p.t(label(PLAN_STATUS_KEYS, p.status, 'plans.status.draft'))}</span>;
}

function PlanForm(p: FormPageProps & { action: string; submit: string; pickers: PlanPickers }) {
  const { t, values: v, errors: e } = p;
  return (
    <PostForm action={p.action} csrf={p.csrf} submit={p.submit}>
      <Field id="title" label={t('plans.field.title')} value={v.title} errors={e} required />
      <AreaPicker
        id="areaCode"
        label={t('plans.field.area')}
        groups={p.pickers.areas}
        value={v.areaCode}
        errors={e}
      />
      <Field
        id="periodStart"
        type="date"
        label={t('plans.field.periodStart')}
        value={v.periodStart}
        errors={e}
      />
      <Field id="periodEnd" type="date" label={t('plans.field.periodEnd')} value={v.periodEnd} errors={e} />
      <TextArea id="summary" label={t('plans.field.summary')} value={v.summary} errors={e} rows={4} />
    </PostForm>
  );
}

export function PlansListPage(
  p: FormPageProps & {
    items: PlanView[];
    canCreate: boolean;
    filters: { area: string; status: string; year: string };
    pickers: PlanPickers;
  },
) {
  const { t } = p;
  return (
    <section>
      <h1>{t('plans.list.title')}</h1>
      <p>{t('plans.list.intro')}</p>
      <ErrorSummary errors={p.errors} t={t} />
      <p>
        <a href="/plans">{t('plans.list.publicPage')}</a>
      </p>
      <form method="get" action="/staff/plans" class="filters">
        <AreaPicker
          id="f-area"
          name="area"
          label={t('plans.field.area')}
          groups={p.pickers.areas}
          value={p.filters.area}
          emptyLabel={t('pickers.area.any')}
          errors={p.errors}
        />
        <div>
          <label for="f-status">{t('plans.field.status')}</label>
          <select id="f-status" name="status">
            <option value="">{t('plans.list.anyStatus')}</option>
            {PLAN_STATUSES.map((s) => (
              <option key={s} value={s} selected={p.filters.status === s}>
                {t(label(PLAN_STATUS_KEYS, s, 'plans.status.draft'))}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-year">{t('plans.list.year')}</label>
          <input id="f-year" name="year" type="text" inputMode="numeric" value={p.filters.year} />
        </div>
        <div>
          <button type="submit">{t('plans.list.filter')}</button>
        </div>
      </form>
      <DataTable
        rows={p.items}
        head={[
          t('plans.field.title'),
          t('plans.field.area'),
          t('plans.field.period'),
          t('plans.field.status'),
          t('plans.field.version'),
        ]}
        empty={t('plans.list.empty')}
        row={(pl) => (
          <tr key={pl.id}>
            <td>
              <a href={`/staff/plans/${pl.id}`}>{pl.title}</a>
            </td>
            <td>{areaName(pl.areaNames, p.locale, pl.areaCode)}</td>
            <td>
              {pl.periodStart} – {pl.periodEnd}
            </td>
            <td>
              <StatusTag t={t} status={pl.status} />
            </td>
            <td>{String(pl.currentVersion)}</td>
          </tr>
        )}
      />
      {p.canCreate ? (
        <>
          <h2>{t('plans.list.create')}</h2>
          <PlanForm {...p} action="/staff/plans" submit={t('plans.list.createSubmit')} />
        </>
      ) : null}
    </section>
  );
}

function ProblemList(p: { t: Translate; problems: PlanDetail['priorities'][number]['problems'] }) {
  if (!p.problems.length) return null;
  return (
    <p>
      {p.t('plans.field.problems')}:{' '}
      {p.problems.map((pr, i) => (
        <span key={pr.id}>
          {i ? ', ' : ''}
          {pr.title ?? p.t('plans.problem.hidden')}
        </span>
      ))}
    </p>
  );
}

function Revision(p: { t: Translate; plan: PlanView; id: string }) {
  const { t, plan } = p;
  if (plan.status === 'draft')
    return <p class="notice">{t('plans.plan.draftNotice', { version: plan.currentVersion })}</p>;
  if (plan.status === 'revision')
    return (
      <p class="notice">
        {t('plans.plan.revisionNotice', {
          approved: plan.approvedVersion ?? 0,
          version: plan.currentVersion,
        })}{' '}
        <a href={`/staff/plans/${p.id}/versions`}>{t('plans.versions.title')}</a>
      </p>
    );
  return <p>{t('plans.plan.approvedNotice', { version: plan.approvedVersion ?? 0 })}</p>;
}

export function PlanPage(
  p: FormPageProps & {
    d: PlanDetail;
    owners: Array<{ id: string; name: string }>;
    form: 'priority' | 'task' | null;
    pickers: PlanPickers;
  },
) {
  const { t, d, locale } = p;
  const plan = d.plan;
  const id = plan.id;
  const cur = plan.currency;
  const fresh = { values: {}, errors: {} };
  const formProps = (which: 'priority' | 'task') =>
    p.form === which ? { values: p.values, errors: p.errors } : fresh;
  const today = new Date().toISOString().slice(0, 10);
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return (
    <section>
      <p>
        <a href="/staff/plans">{t('plans.list.back')}</a>
      </p>
      <h1>{plan.title}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <dl>
        <dt>{t('plans.field.area')}</dt>
        <dd>{areaName(plan.areaNames, locale, plan.areaCode)}</dd>
        <dt>{t('plans.field.period')}</dt>
        <dd>
          {plan.periodStart} – {plan.periodEnd}
        </dd>
        <dt>{t('plans.field.status')}</dt>
        <dd>
          <StatusTag t={t} status={plan.status} />{' '}
          {t('plans.plan.versionN', { version: plan.currentVersion })}
        </dd>
        <dt>{t('plans.plan.totals')}</dt>
        <dd>
          {t('plans.plan.totalsValue', {
            budget: formatAmount(locale, d.totals.budget, cur),
            spent: formatAmount(locale, d.totals.spent, cur),
            progress: d.totals.progress,
          })}
        </dd>
      </dl>
      {plan.summary ? <p>{plan.summary}</p> : null}
      <Revision t={t} plan={plan} id={id} />
      <ul class="actions">
        <li>
          <a href={`/staff/plans/${id}/approval`}>{t('plans.approval.link')}</a>
        </li>
        <li>
          <a href={`/staff/plans/${id}/versions`}>{t('plans.versions.title')}</a>
        </li>
        <li>
          <a href={`/staff/plans/${id}/report?year=${today.slice(0, 4)}&quarter=${q}`}>
            {t('plans.report.link')}
          </a>
        </li>
        {plan.status !== 'draft' ? (
          <li>
            <a href={`/plans/${id}`}>{t('plans.plan.publicPage')}</a>
          </li>
        ) : null}
      </ul>
      <h2>{t('plans.approval.signatures')}</h2>
      <Signatures t={t} approvals={d.approvals} missing={d.missingSeats} />
      <h2>{t('plans.plan.priorities')}</h2>
      {d.priorities.length === 0 ? <p>{t('plans.plan.noPriorities')}</p> : null}
      {d.priorities.map((pr, i) => {
        const tasks = d.tasks.filter((tk) => tk.priorityId === pr.id);
        return (
          <article key={pr.id} class="card">
            <h3>
              {i + 1}. {pr.title}
            </h3>
            {pr.justification ? <p>{pr.justification}</p> : null}
            {pr.source ? (
              <p>
                {t('plans.field.source')}: {pr.source}
              </p>
            ) : null}
            <ProblemList t={t} problems={pr.problems} />
            <DataTable
              rows={tasks}
              head={[
                t('plans.field.task'),
                t('plans.field.owner'),
                t('plans.field.deadline'),
                t('plans.field.fundingSource'),
                t('plans.field.budget'),
                t('plans.field.spent'),
                t('plans.field.status'),
              ]}
              caption={t('plans.plan.tasksOf', { priority: pr.title })}
              captionClass="visually-hidden"
              empty={t('plans.plan.noTasks')}
              row={(tk) => (
                <tr key={tk.id}>
                  <td>
                    <a href={`/staff/plans/${id}/tasks/${tk.id}`}>{tk.title}</a>
                  </td>
                  <td>{tk.ownerOrganisationName ?? '—'}</td>
                  <td>{tk.deadline}</td>
                  <td>{t(label(FUNDING_KEYS, tk.fundingSource, 'plans.funding.none'))}</td>
                  <td>{formatAmount(locale, tk.budget, cur)}</td>
                  <td>{formatAmount(locale, tk.spent, cur)}</td>
                  <td>
                    {t(label(TASK_STATUS_KEYS, tk.status, 'plans.taskStatus.not_started'))}, {tk.progress}%
                    {tk.late ? <strong> {t('plans.task.late')}</strong> : null}
                  </td>
                </tr>
              )}
            />
            {d.canManage ? (
              <p>
                <a href={`/staff/plans/${id}/priorities/${pr.id}`}>
                  {t('plans.priority.editNamed', { priority: pr.title })}
                </a>
              </p>
            ) : null}
          </article>
        );
      })}
      {d.canManage ? (
        <>
          <h2>{t('plans.priority.add')}</h2>
          <PriorityForm
            t={t}
            locale={locale}
            csrf={p.csrf}
            {...formProps('priority')}
            action={`/staff/plans/${id}/priorities`}
            submit={t('plans.priority.add')}
            pickers={p.pickers}
          />
          {d.priorities.length ? (
            <>
              <h2>{t('plans.task.add')}</h2>
              <TaskForm
                t={t}
                locale={locale}
                csrf={p.csrf}
                {...formProps('task')}
                action={`/staff/plans/${id}/tasks`}
                submit={t('plans.task.add')}
                priorities={d.priorities}
                owners={p.owners}
                pickers={p.pickers}
              />
            </>
          ) : null}
          <p>
            <a href={`/staff/plans/${id}/edit`}>{t('plans.plan.edit')}</a>
          </p>
          {plan.status !== 'draft' ? <p class="hint">{t('plans.plan.editHint')}</p> : null}
        </>
      ) : null}
    </section>
  );
}

function PriorityForm(p: FormPageProps & { action: string; submit: string; pickers: PlanPickers }) {
  const { t, values: v, errors: e } = p;
  return (
    <PostForm action={p.action} csrf={p.csrf} submit={p.submit}>
      <Field id="title" label={t('plans.field.title')} value={v.title} errors={e} required />
      <TextArea
        id="justification"
        label={t('plans.field.justification')}
        hint={t('plans.field.justificationHint')}
        value={v.justification}
        errors={e}
        rows={3}
      />
      <Field
        id="source"
        label={t('plans.field.source')}
        hint={t('plans.field.sourceHint')}
        value={v.source}
        errors={e}
      />
      <ProblemPicker
        id="problemIds"
        label={t('plans.field.problemIds')}
        hint={t('plans.field.problemIdsHint')}
        problems={p.pickers.problems}
        value={parseIdList(v.problemIds)}
        multiple
        errors={e}
      />
    </PostForm>
  );
}

export function PriorityPage(
  p: FormPageProps & { plan: PlanView; priority: PlanDetail['priorities'][number]; pickers: PlanPickers },
) {
  const { t } = p;
  return (
    <section>
      <p>
        <a href={`/staff/plans/${p.plan.id}`}>{t('plans.task.back', { plan: p.plan.title })}</a>
      </p>
      <h1>{t('plans.priority.edit')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      {p.plan.status !== 'draft' ? <p class="hint">{t('plans.plan.editHint')}</p> : null}
      <PriorityForm
        {...p}
        action={`/staff/plans/${p.plan.id}/priorities/${p.priority.id}`}
        submit={t('plans.priority.save')}
      />
      <h2>{t('plans.priority.delete')}</h2>
      <form method="post" action={`/staff/plans/${p.plan.id}/priorities/${p.priority.id}/delete`}>
        <Csrf token={p.csrf} />
        <button type="submit">{t('plans.priority.delete')}</button>
      </form>
    </section>
  );
}

export function PlanEditPage(p: FormPageProps & { plan: PlanView; pickers: PlanPickers }) {
  const { t } = p;
  return (
    <section>
      <p>
        <a href={`/staff/plans/${p.plan.id}`}>{t('plans.task.back', { plan: p.plan.title })}</a>
      </p>
      <h1>{t('plans.plan.edit')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      {p.plan.status !== 'draft' ? <p class="hint">{t('plans.plan.editHint')}</p> : null}
      <PlanForm {...p} action={`/staff/plans/${p.plan.id}`} submit={t('plans.plan.save')} />
    </section>
  );
}

function TaskForm(
  p: FormPageProps & {
    action: string;
    submit: string;
    priorities: Array<{ id: string; title: string }>;
    owners: Array<{ id: string; name: string }>;
    pickers: PlanPickers;
  },
) {
  const { t, values: v, errors: e } = p;
  return (
    <PostForm action={p.action} csrf={p.csrf} submit={p.submit}>
      <Select
        id="priorityId"
        label={t('plans.field.priority')}
        options={p.priorities.map((x) => ({ value: x.id, label: x.title }))}
        value={v.priorityId}
        errors={e}
      />
      <Field id="taskTitle" label={t('plans.field.task')} value={v.taskTitle} errors={e} required />
      <TextArea
        id="description"
        label={t('plans.field.description')}
        value={v.description}
        errors={e}
        rows={3}
      />
      <Select
        id="ownerOrganisationId"
        label={t('plans.field.owner')}
        options={[
          { value: '', label: t('plans.task.noOwner') },
          ...p.owners.map((o) => ({ value: o.id, label: o.name })),
        ]}
        value={v.ownerOrganisationId}
        errors={e}
      />
      <Field id="deadline" type="date" label={t('plans.field.deadline')} value={v.deadline} errors={e} />
      <Select
        id="fundingSource"
        label={t('plans.field.fundingSource')}
        options={FUNDING_SOURCES.map((f) => ({
          value: f,
          label: t(label(FUNDING_KEYS, f, 'plans.funding.none')),
        }))}
        value={v.fundingSource ?? 'local_budget'}
        errors={e}
      />
      <Field
        id="budget"
        label={t('plans.field.budget')}
        hint={t('plans.field.amountHint')}
        value={v.budget}
        inputmode="numeric"
        errors={e}
      />
      <ProblemPicker
        id="taskProblemIds"
        label={t('plans.field.problemIds')}
        hint={t('plans.field.problemIdsHint')}
        problems={p.pickers.problems}
        value={parseIdList(v.taskProblemIds)}
        multiple
        errors={e}
      />
    </PostForm>
  );
}

export function TaskPage(
  p: FormPageProps & {
    d: TaskDetail;
    priorities: Array<{ id: string; title: string }>;
    owners: Array<{ id: string; name: string }>;
    form: 'task' | 'progress' | null;
    pickers: PlanPickers;
  },
) {
  const { t, d, locale } = p;
  const task = d.task;
  const cur = d.plan.currency;
  const base = `/staff/plans/${d.plan.id}/tasks/${task.id}`;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <section>
      <p>
        <a href={`/staff/plans/${d.plan.id}`}>{t('plans.task.back', { plan: d.plan.title })}</a>
      </p>
      <h1>{task.title}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <dl>
        <dt>{t('plans.field.priority')}</dt>
        <dd>{d.priorityTitle}</dd>
        {task.description ? (
          <>
            <dt>{t('plans.field.description')}</dt>
            <dd>{task.description}</dd>
          </>
        ) : null}
        <dt>{t('plans.field.owner')}</dt>
        <dd>{task.ownerOrganisationName ?? '—'}</dd>
        <dt>{t('plans.field.deadline')}</dt>
        <dd>
          {task.deadline}
          {task.late ? <strong> {t('plans.task.late')}</strong> : null}
        </dd>
        <dt>{t('plans.field.fundingSource')}</dt>
        <dd>{t(label(FUNDING_KEYS, task.fundingSource, 'plans.funding.none'))}</dd>
        <dt>{t('plans.field.budget')}</dt>
        <dd>{formatAmount(locale, task.budget, cur)}</dd>
        <dt>{t('plans.field.spent')}</dt>
        <dd>{formatAmount(locale, task.spent, cur)}</dd>
        <dt>{t('plans.field.status')}</dt>
        <dd>
          {t(label(TASK_STATUS_KEYS, task.status, 'plans.taskStatus.not_started'))}, {task.progress}%
          {task.completedOn ? ` (${task.completedOn})` : ''}
        </dd>
      </dl>
      <ProblemList t={t} problems={task.problems} />
      <h2>{t('plans.task.actions')}</h2>
      {task.actions.length ? (
        <ul>
          {task.actions.map((a) => (
            <li key={a.id}>
              <a href={`/staff/problems/${a.problemId}`}>{a.problemTitle}</a>: {a.title} — {a.status},{' '}
              {a.progress}%{a.deadline ? ` (${a.deadline})` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('plans.task.noActions')}</p>
      )}
      {task.canReportProgress ? (
        <>
          <h2>{t('plans.progress.title')}</h2>
          <PostForm action={`${base}/progress`} csrf={p.csrf} submit={t('plans.progress.submit')}>
            <Select
              id="status"
              label={t('plans.field.status')}
              options={TASK_STATUSES.map((s) => ({
                value: s,
                label: t(label(TASK_STATUS_KEYS, s, 'plans.taskStatus.not_started')),
              }))}
              value={p.form === 'progress' ? p.values.status : task.status}
              errors={p.form === 'progress' ? p.errors : {}}
            />
            <Field
              id="progress"
              label={t('plans.field.progress')}
              hint={t('plans.progress.progressHint')}
              inputmode="numeric"
              value={p.form === 'progress' ? p.values.progress : String(task.progress)}
              errors={p.form === 'progress' ? p.errors : {}}
            />
            <Field
              id="spent"
              label={t('plans.field.spent')}
              hint={t('plans.progress.spentHint')}
              inputmode="numeric"
              value={p.form === 'progress' ? p.values.spent : String(task.spent)}
              errors={p.form === 'progress' ? p.errors : {}}
            />
            <Field
              id="reportedOn"
              type="date"
              label={t('plans.progress.reportedOn')}
              value={p.form === 'progress' ? p.values.reportedOn : today}
              errors={p.form === 'progress' ? p.errors : {}}
            />
            <TextArea
              id="note"
              label={t('plans.progress.note')}
              value={p.form === 'progress' ? p.values.note : ''}
              errors={p.form === 'progress' ? p.errors : {}}
              rows={3}
            />
          </PostForm>
        </>
      ) : null}
      <h2>{t('plans.progress.history')}</h2>
      <DataTable
        rows={d.updates}
        head={[
          t('plans.progress.reportedOn'),
          t('plans.field.status'),
          t('plans.field.progress'),
          t('plans.field.spent'),
          t('plans.progress.note'),
        ]}
        empty={t('plans.progress.none')}
        row={(u, i) => (
          <tr key={i}>
            <td>{u.reportedOn}</td>
            <td>{t(label(TASK_STATUS_KEYS, u.status, 'plans.taskStatus.not_started'))}</td>
            <td>{u.progress}%</td>
            <td>{formatAmount(locale, u.spent, cur)}</td>
            <td>{u.note}</td>
          </tr>
        )}
      />
      {d.canManage ? (
        <>
          <h2>{t('plans.task.edit')}</h2>
          <TaskForm
            t={t}
            locale={locale}
            csrf={p.csrf}
            values={
              p.form === 'task'
                ? p.values
                : {
                    priorityId: task.priorityId,
                    taskTitle: task.title,
                    description: task.description,
                    ownerOrganisationId: task.ownerOrganisationId ?? '',
                    deadline: task.deadline,
                    fundingSource: task.fundingSource,
                    budget: String(task.budget),
                    taskProblemIds: task.problems.map((x) => x.id).join(' '),
                  }
            }
            errors={p.form === 'task' ? p.errors : {}}
            action={base}
            submit={t('plans.task.save')}
            priorities={p.priorities}
            owners={p.owners}
            pickers={p.pickers}
          />
          {d.plan.status !== 'draft' ? <p class="hint">{t('plans.plan.editHint')}</p> : null}
          <form method="post" action={`${base}/delete`}>
            <Csrf token={p.csrf} />
            <button type="submit">{t('plans.task.delete')}</button>
          </form>
        </>
      ) : null}
    </section>
  );
}

function Signatures(p: { t: Translate; approvals: PlanDetail['approvals']; missing: string[] }) {
  const { t } = p;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('plans.approval.seat')}</th>
            <th scope="col">{t('plans.approval.signatory')}</th>
            <th scope="col">{t('plans.approval.roleTitle')}</th>
            <th scope="col">{t('plans.approval.approvedOn')}</th>
          </tr>
        </thead>
        <tbody>
          {p.approvals.map((a) => (
            <tr key={a.seat}>
              <th scope="row">{t(label(SEAT_KEYS, a.seat, 'plans.seat.police'))}</th>
              <td>
                {a.signatoryName}, {a.organisationName}
              </td>
              <td>{a.roleTitle}</td>
              <td>{a.approvedOn}</td>
            </tr>
          ))}
          {p.missing.map((s) => (
            <tr key={s}>
              <th scope="row">{t(label(SEAT_KEYS, s, 'plans.seat.police'))}</th>
              <td colSpan={3}>{t('plans.approval.notYet')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The content of one version, exactly as stored: what the signatories saw. */
function Content(p: { t: Translate; locale: Locale; c: PlanSnapshot }) {
  const { t, c, locale } = p;
  return (
    <>
      <dl>
        <dt>{t('plans.field.title')}</dt>
        <dd>{c.title}</dd>
        <dt>{t('plans.field.area')}</dt>
        <dd>{c.areaCode}</dd>
        <dt>{t('plans.field.period')}</dt>
        <dd>
          {c.periodStart} – {c.periodEnd}
        </dd>
      </dl>
      {c.summary ? <p>{c.summary}</p> : null}
      {c.priorities.map((pr, i) => (
        <article key={pr.id} class="card">
          <h3>
            {i + 1}. {pr.title}
          </h3>
          {pr.justification ? <p>{pr.justification}</p> : null}
          {pr.source ? (
            <p>
              {t('plans.field.source')}: {pr.source}
            </p>
          ) : null}
          <ol>
            {c.tasks
              .filter((tk) => tk.priorityId === pr.id)
              .map((tk) => (
                <li key={tk.id}>
                  <strong>{tk.title}</strong>
                  {tk.description ? ` — ${tk.description}` : ''}.{' '}
                  {t('plans.content.taskLine', {
                    owner: tk.ownerOrganisationName ?? '—',
                    deadline: tk.deadline,
                    funding: t(label(FUNDING_KEYS, tk.fundingSource, 'plans.funding.none')),
                    budget: formatAmount(locale, tk.budget, c.currency),
                  })}
                </li>
              ))}
          </ol>
        </article>
      ))}
    </>
  );
}

function Changes(p: { t: Translate; changes: Change[] }) {
  const { t } = p;
  if (!p.changes.length) return <p>{t('plans.versions.noChanges')}</p>;
  return (
    <ul>
      {p.changes.map((c, i) => (
        <li key={i}>
          {t(label(CHANGE_KEYS, `${c.kind}.${c.change}`, 'plans.change.planChanged'), { title: c.title })}
          {c.fields.length ? (
            <ul>
              {c.fields.map((f) => (
                <li key={f.field}>
                  {t('plans.change.field', {
                    field: t(label(FIELD_KEYS, f.field, 'plans.field.title')),
                    from: f.from || '—',
                    to: f.to || '—',
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function ApprovalPage(
  p: FormPageProps & { d: PlanDetail; version: VersionDetail; changesSinceApproved: Change[]; today: string },
) {
  const { t, d, locale } = p;
  const plan = d.plan;
  const n = plan.currentVersion;
  return (
    <section>
      <p>
        <a href={`/staff/plans/${plan.id}`}>{t('plans.task.back', { plan: plan.title })}</a>
      </p>
      <h1>{t('plans.approval.title', { version: n })}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <p>{t('plans.approval.intro')}</p>
      <Revision t={t} plan={plan} id={plan.id} />
      <h2>{t('plans.approval.signatures')}</h2>
      <Signatures t={t} approvals={d.approvals} missing={d.missingSeats} />
      {plan.status === 'revision' ? (
        <>
          <h2>{t('plans.approval.changesSince', { version: plan.approvedVersion ?? 0 })}</h2>
          <Changes t={t} changes={p.changesSinceApproved} />
        </>
      ) : null}
      <h2>{t('plans.approval.content', { version: n })}</h2>
      <Content t={t} locale={locale} c={p.version.content} />
      {d.signerSeat && !d.alreadySigned && d.missingSeats.length ? (
        <>
          <h2>
            {t('plans.approval.sign', { seat: t(label(SEAT_KEYS, d.signerSeat, 'plans.seat.police')) })}
          </h2>
          <PostForm
            action={`/staff/plans/${plan.id}/approvals`}
            csrf={p.csrf}
            submit={t('plans.approval.submit', { version: n })}
          >
            <input type="hidden" name="version" value={String(n)} />
            <Field
              id="roleTitle"
              label={t('plans.approval.roleTitle')}
              hint={t('plans.approval.roleTitleHint')}
              value={p.values.roleTitle}
              errors={p.errors}
              required
            />
            <Field
              id="approvedOn"
              type="date"
              label={t('plans.approval.approvedOn')}
              value={p.values.approvedOn ?? p.today}
              errors={p.errors}
            />
            <div class="check">
              <input
                id="confirm"
                name="confirm"
                type="checkbox"
                value="yes"
                aria-describedby={p.errors.confirm ? 'confirm-error' : undefined}
                aria-invalid={p.errors.confirm ? 'true' : undefined}
              />
              <label for="confirm">{t('plans.approval.confirm', { version: n })}</label>
              {p.errors.confirm ? (
                <p class="field-error" id="confirm-error">
                  {p.errors.confirm}
                </p>
              ) : null}
            </div>
          </PostForm>
        </>
      ) : d.signerSeat && d.alreadySigned ? (
        <p>{t('plans.approval.youSigned', { version: n })}</p>
      ) : null}
    </section>
  );
}

/** Who signed a version, as it was signed. */
function SignedBy(p: { t: Translate; approvals: VersionSummary['approvals'] }) {
  const { t } = p;
  return (
    <ul>
      {p.approvals.map((a) => (
        <li key={a.seat}>
          {t('plans.versions.signedBy', {
            seat: t(label(SEAT_KEYS, a.seat, 'plans.seat.police')),
            name: a.signatoryName,
            title: a.roleTitle,
            date: a.approvedOn,
          })}
        </li>
      ))}
    </ul>
  );
}

function VersionItem(p: { t: Translate; planId: string; v: VersionSummary }) {
  const { t, v } = p;
  return (
    <article class="card">
      <h2>
        <a href={`/staff/plans/${p.planId}/versions/${v.number}`}>
          {t('plans.plan.versionN', { version: v.number })}
        </a>{' '}
        <span class="tag">{t(label(VERSION_STATE_KEYS, v.state, 'plans.versionState.open'))}</span>
      </h2>
      <p>{t('plans.versions.created', { at: v.createdAt.slice(0, 10) })}</p>
      {v.approvals.length ? <SignedBy t={t} approvals={v.approvals} /> : null}
      {v.number > 1 ? (
        <>
          <h3>{t('plans.versions.changes')}</h3>
          <Changes t={t} changes={v.changes} />
        </>
      ) : null}
    </article>
  );
}

export function VersionsPage(p: { t: Translate; plan: PlanView; items: VersionSummary[] }) {
  const { t } = p;
  return (
    <section>
      <p>
        <a href={`/staff/plans/${p.plan.id}`}>{t('plans.task.back', { plan: p.plan.title })}</a>
      </p>
      <h1>{t('plans.versions.heading', { plan: p.plan.title })}</h1>
      <p>{t('plans.versions.intro')}</p>
      {p.items.map((v) => (
        <VersionItem key={v.number} t={t} planId={p.plan.id} v={v} />
      ))}
    </section>
  );
}

export function VersionPage(p: { t: Translate; locale: Locale; v: VersionDetail }) {
  const { t, v } = p;
  return (
    <section>
      <p>
        <a href={`/staff/plans/${v.planId}/versions`}>{t('plans.versions.title')}</a>
      </p>
      <h1>
        {v.planTitle}: {t('plans.plan.versionN', { version: v.number })}
      </h1>
      <p>
        <span class="tag">{t(label(VERSION_STATE_KEYS, v.state, 'plans.versionState.open'))}</span>{' '}
        {v.current ? t('plans.versions.current') : null}
      </p>
      <h2>{t('plans.approval.signatures')}</h2>
      {v.approvals.length ? (
        <SignedBy t={t} approvals={v.approvals} />
      ) : (
        <p>{t('plans.versions.unsigned')}</p>
      )}
      {v.number > 1 ? (
        <>
          <h2>{t('plans.versions.changes')}</h2>
          <Changes t={t} changes={v.changes} />
        </>
      ) : null}
      <h2>{t('plans.versions.content')}</h2>
      <Content t={t} locale={p.locale} c={v.content} />
    </section>
  );
}

export function ReportPage(
  p: FormPageProps & { plan: PlanView; r: PlanReport | null; year: string; quarter: string },
) {
  const { t, r, locale } = p;
  return (
    <section class="print-report">
      <p class="no-print">
        <a href={`/staff/plans/${p.plan.id}`}>{t('plans.task.back', { plan: p.plan.title })}</a>
      </p>
      <h1>
        {r
          ? t('plans.report.title', { year: r.report.year, quarter: r.report.quarter })
          : t('plans.report.link')}
        : {p.plan.title}
      </h1>
      <ErrorSummary errors={p.errors} t={t} />
      <form method="get" action={`/staff/plans/${p.plan.id}/report`} class="filters no-print">
        <div>
          <label for="year">{t('plans.list.year')}</label>
          <FieldErrorLine errors={p.errors} id="year" />
          <input id="year" name="year" type="text" inputMode="numeric" value={p.year} />
        </div>
        <div>
          <label for="quarter">{t('plans.report.quarter')}</label>
          <FieldErrorLine errors={p.errors} id="quarter" />
          <select id="quarter" name="quarter">
            {['1', '2', '3', '4'].map((q) => (
              <option key={q} value={q} selected={p.quarter === q}>
                {t('plans.report.quarterN', { quarter: Number(q) })}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">{t('plans.report.show')}</button>
        </div>
      </form>
      {r ? <ReportBody t={t} locale={locale} r={r} /> : null}
    </section>
  );
}

function FieldErrorLine(p: { errors: FieldErrors; id: string }) {
  const e = p.errors[p.id];
  return e ? (
    <p class="field-error" id={`${p.id}-error`}>
      {e}
    </p>
  ) : null;
}

function ReportBody(p: { t: Translate; locale: Locale; r: PlanReport }) {
  const { t, r, locale } = p;
  const rep = r.report;
  const cur = r.plan.currency;
  const prio = new Map(r.priorities.map((x) => [x.id, x.title]));
  const xlsx = `/api/v1/plans/${r.plan.id}/report.xlsx?year=${rep.year}&quarter=${rep.quarter}`;
  return (
    <>
      <p class="no-print">
        <a href={xlsx}>{t('plans.report.xlsx')}</a> · {t('plans.report.printHint')}
      </p>
      <dl>
        <dt>{t('plans.field.area')}</dt>
        <dd>{areaName(r.plan.areaNames, locale, r.plan.areaCode)}</dd>
        <dt>{t('plans.report.quarter')}</dt>
        <dd>
          {rep.from} – {rep.to}
        </dd>
        <dt>{t('plans.xlsx.asOf')}</dt>
        <dd>{rep.asOf}</dd>
      </dl>
      <h2>{t('plans.report.summary')}</h2>
      <div class="table-wrap">
        <table>
          <tbody>
            <tr>
              <th scope="row">{t('plans.report.total')}</th>
              <td>{String(rep.total)}</td>
            </tr>
            {REPORT_CATEGORIES.map((c) => (
              <tr key={c}>
                <th scope="row">{t(label(CATEGORY_KEYS, c, 'plans.report.category.done'))}</th>
                <td>{String(rep.counts[c])}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('plans.report.dueThisQuarter')}</th>
              <td>{String(rep.dueThisQuarter)}</td>
            </tr>
            <tr>
              <th scope="row">{t('plans.report.doneThisQuarter')}</th>
              <td>{String(rep.doneThisQuarter)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>{t('plans.report.money')}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('plans.field.fundingSource')}</th>
              <th scope="col">{t('plans.field.budget')}</th>
              <th scope="col">{t('plans.field.spent')}</th>
              <th scope="col">{t('plans.report.percentSpent')}</th>
            </tr>
          </thead>
          <tbody>
            {FUNDING_SOURCES.map((f) => (
              <tr key={f}>
                <th scope="row">{t(label(FUNDING_KEYS, f, 'plans.funding.none'))}</th>
                <td>{formatAmount(locale, rep.byFunding[f].budget, cur)}</td>
                <td>{formatAmount(locale, rep.byFunding[f].spent, cur)}</td>
                <td>{rep.byFunding[f].percent === null ? '—' : `${rep.byFunding[f].percent}%`}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('plans.report.total')}</th>
              <td>{formatAmount(locale, rep.money.budget, cur)}</td>
              <td>{formatAmount(locale, rep.money.spent, cur)}</td>
              <td>{rep.money.percent === null ? '—' : `${rep.money.percent}%`}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>{t('plans.report.tasks')}</h2>
      <DataTable
        rows={rep.tasks}
        head={[
          t('plans.field.priority'),
          t('plans.field.task'),
          t('plans.field.owner'),
          t('plans.field.deadline'),
          t('plans.field.budget'),
          t('plans.field.spent'),
          t('plans.field.progress'),
          t('plans.xlsx.category'),
        ]}
        row={(row) => (
          <tr key={row.id}>
            <td>{prio.get(row.priorityId) ?? ''}</td>
            <td>{row.title}</td>
            <td>{row.ownerOrganisationName ?? '—'}</td>
            <td>{row.deadline}</td>
            <td>{formatAmount(locale, row.budget, cur)}</td>
            <td>{formatAmount(locale, row.spent, cur)}</td>
            <td>{row.progress}%</td>
            <td>{t(label(CATEGORY_KEYS, row.category, 'plans.report.category.done'))}</td>
          </tr>
        )}
      />
    </>
  );
}
