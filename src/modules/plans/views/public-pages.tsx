/** Public plan pages, in every resident language: approved plans by area; priorities, tasks, progress. No names. */
import type { Locale, Translate } from '../../../shared/i18n.ts';
import { areaName } from '../../geo/geo.presenter.ts';
import type { PublicPlanDetail, PublicPlanView } from '../plans.presenter.ts';
import { formatAmount, label, PUBLIC_FUNDING_KEYS, PUBLIC_SEAT_KEYS, PUBLIC_STATUS_KEYS } from './labels.ts';
import { DataTable } from '../../../views/data-table.tsx';

export function PublicPlansPage(p: {
  t: Translate;
  locale: Locale;
  items: PublicPlanView[];
  areas: Array<{ code: string; name: string }>;
  area: string;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.plans.list.title')}</h1>
      <p>{t('resident.plans.list.intro')}</p>
      {p.areas.length ? (
        <form method="get" action="/plans" class="filters">
          <div>
            <label for="area">{t('resident.plans.list.area')}</label>
            <select id="area" name="area">
              <option value="">{t('resident.plans.list.allAreas')}</option>
              {p.areas.map((a) => (
                <option key={a.code} value={a.code} selected={a.code === p.area}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit">{t('resident.plans.list.show')}</button>
          </div>
        </form>
      ) : null}
      {p.items.length ? (
        <ul>
          {p.items.map((pl) => (
            <li key={pl.id}>
              <a href={`/plans/${pl.id}`}>{pl.title}</a> —{' '}
              {t('resident.plans.list.item', {
                area: areaName(pl.areaNames, p.locale, pl.areaCode),
                from: pl.periodStart,
                to: pl.periodEnd,
              })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('resident.plans.list.empty')}</p>
      )}
    </section>
  );
}

export function PublicPlanPage(p: { t: Translate; locale: Locale; d: PublicPlanDetail }) {
  const { t, d, locale } = p;
  return (
    <section>
      <p>
        <a href="/plans">{t('resident.plans.plan.back')}</a>
      </p>
      <h1>{d.title}</h1>
      <dl>
        <dt>{t('resident.plans.plan.area')}</dt>
        <dd>{areaName(d.areaNames, locale, d.areaCode)}</dd>
        <dt>{t('resident.plans.plan.period')}</dt>
        <dd>
          {d.periodStart} – {d.periodEnd}
        </dd>
        <dt>{t('resident.plans.plan.progress')}</dt>
        <dd>{t('resident.plans.plan.progressValue', { progress: d.progress })}</dd>
      </dl>
      {d.summary ? <p>{d.summary}</p> : null}
      <h2>{t('resident.plans.plan.approvedBy')}</h2>
      <ul>
        {d.signatures.map((s) => (
          <li key={s.seat}>
            {t('resident.plans.plan.signature', {
              seat: t(label(PUBLIC_SEAT_KEYS, s.seat, 'resident.plans.seat.police')),
              date: s.approvedOn,
            })}
          </li>
        ))}
      </ul>
      {d.revisionPending ? <p class="notice">{t('resident.plans.plan.revisionPending')}</p> : null}
      <h2>{t('resident.plans.plan.priorities')}</h2>
      {d.priorities.map((pr, i) => {
        const tasks = d.tasks.filter((tk) => tk.priorityId === pr.id);
        return (
          <article key={pr.id} class="card">
            <h3>
              {i + 1}. {pr.title}
            </h3>
            {pr.justification ? <p>{pr.justification}</p> : null}
            {pr.source ? <p>{t('resident.plans.plan.source', { source: pr.source })}</p> : null}
            <DataTable
              rows={tasks}
              head={[
                t('resident.plans.plan.task'),
                t('resident.plans.plan.owner'),
                t('resident.plans.plan.deadline'),
                t('resident.plans.plan.funding'),
                t('resident.plans.plan.budget'),
                t('resident.plans.plan.status'),
              ]}
              caption={t('resident.plans.plan.tasksOf', { priority: pr.title })}
              captionClass="visually-hidden"
              empty={t('resident.plans.plan.noTasks')}
              row={(tk) => (
                <tr key={tk.id}>
                  <td>{tk.title}</td>
                  <td>{tk.ownerOrganisationName ?? '—'}</td>
                  <td>{tk.deadline}</td>
                  <td>{t(label(PUBLIC_FUNDING_KEYS, tk.fundingSource, 'resident.plans.funding.none'))}</td>
                  <td>
                    {t('resident.plans.plan.spentOf', {
                      spent: formatAmount(locale, tk.spent, d.currency),
                      budget: formatAmount(locale, tk.budget, d.currency),
                    })}
                  </td>
                  <td>
                    {t(label(PUBLIC_STATUS_KEYS, tk.status, 'resident.plans.taskStatus.not_started'))},{' '}
                    {tk.progress}%
                  </td>
                </tr>
              )}
            />
          </article>
        );
      })}
    </section>
  );
}
