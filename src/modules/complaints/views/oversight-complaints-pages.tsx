/**
 * Oversight's complaint pages: the work queue (filters, overdue deadlines first to the eye) and one
 * complaint with its history and the forms that move it on. The complainant's identity is shown only
 * when they chose to share it with oversight, and only after a deliberate, audited request.
 */
import type { ComplaintEvent } from '../../../db/schema.ts';
import type { Translate } from '../../../shared/i18n.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { DataTable } from '../../../views/data-table.tsx';
import { ErrorSummary, Select, TextArea, type FieldErrors } from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import type { ComplaintDetail } from '../complaints.service.ts';
import type { QueueRow } from '../complaints.repository.ts';
import { COMPLAINT_KINDS, OUTCOMES_FOR, STAGES } from '../complaints.types.ts';
import { label, STAGE_KEYS, OUTCOME_KEYS, KIND_KEYS, PRIVACY_KEYS } from './labels.ts';

export interface QueueFilters {
  stage: string;
  kind: string;
  area: string;
  overdue: boolean;
}

export function ComplaintQueuePage(p: {
  t: Translate;
  time: TimeFormat;
  items: Array<QueueRow & { overdue: boolean; areaName: string }>;
  filters: QueueFilters;
  areas: AreaChoiceGroup[];
  errors: FieldErrors;
}) {
  const { t, time, filters: f } = p;
  return (
    <section>
      <h1>{t('oversight.queue.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <p>{t('oversight.queue.intro')}</p>
      <form method="get" action="/staff/complaints" class="filters stack" novalidate>
        <Select
          id="stage"
          label={t('oversight.queue.stage')}
          value={f.stage}
          errors={p.errors}
          options={[
            { value: '', label: t('oversight.queue.any') },
            ...STAGES.map((s) => ({ value: s, label: label(t, STAGE_KEYS, s) })),
          ]}
        />
        <Select
          id="kind"
          label={t('oversight.queue.kind')}
          value={f.kind}
          errors={p.errors}
          options={[
            { value: '', label: t('oversight.queue.any') },
            ...COMPLAINT_KINDS.map((k) => ({ value: k, label: label(t, KIND_KEYS, k) })),
          ]}
        />
        <AreaPicker
          id="area"
          label={t('oversight.queue.area')}
          groups={p.areas}
          value={f.area}
          errors={p.errors}
          emptyLabel={t('oversight.queue.allAreas')}
        />
        <div class="choice">
          <input type="checkbox" id="overdue" name="overdue" value="1" checked={f.overdue} />
          <label for="overdue">{t('oversight.queue.overdueOnly')}</label>
        </div>
        <div>
          <button type="submit">{t('oversight.queue.filter')}</button>
        </div>
      </form>
      <DataTable
        caption={t('oversight.queue.caption', { count: p.items.length })}
        head={[
          t('oversight.queue.reference'),
          t('oversight.queue.kind'),
          t('oversight.queue.area'),
          t('oversight.queue.stage'),
          t('oversight.queue.registered'),
          t('oversight.queue.due'),
        ]}
        rows={p.items}
        empty={t('oversight.queue.empty')}
        row={(c) => (
          <tr key={c.id}>
            <td>
              <a href={`/staff/complaints/${c.id}`}>{c.reference}</a>
            </td>
            <td>{label(t, KIND_KEYS, c.kind)}</td>
            <td>{c.areaName}</td>
            <td>{label(t, STAGE_KEYS, c.stage)}</td>
            <td>
              <time dateTime={c.registered_at}>{time.date(c.registered_at)}</time>
            </td>
            <td>
              {c.stage === 'decided' ? (
                '—'
              ) : (
                <>
                  <time dateTime={c.stage === 'registered' ? c.ack_due_at : c.decision_due_at}>
                    {time.date(c.stage === 'registered' ? c.ack_due_at : c.decision_due_at)}
                  </time>
                  {c.overdue ? (
                    <>
                      {' '}
                      <strong class="badge overdue">{t('oversight.queue.overdue')}</strong>
                    </>
                  ) : null}
                </>
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}

export interface IdentityView {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export function ComplaintPage(p: {
  t: Translate;
  time: TimeFormat;
  csrf: string;
  complaint: ComplaintDetail;
  events: ComplaintEvent[];
  areaName: string;
  canManage: boolean;
  canViewIdentity: boolean;
  overdue: boolean;
  photoIds: string[];
  identity: IdentityView | null;
  /** Officers of the area, to name the officer concerned in a decision. */
  officers: Array<{ id: string; name: string }>;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t, time, complaint: c, errors } = p;
  const base = `/staff/complaints/${c.id}`;
  const decidable = c.stage === 'acknowledged' || c.stage === 'under_review';
  return (
    <section>
      <p>
        <a href="/staff/complaints">{t('oversight.detail.back')}</a>
      </p>
      <h1>{t('oversight.detail.title', { reference: c.reference })}</h1>
      <ErrorSummary errors={errors} t={t} />
      {p.overdue ? (
        <p class="warning" role="note">
          {t('oversight.detail.overdue')}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('oversight.queue.kind')}</dt>
        <dd>{label(t, KIND_KEYS, c.kind)}</dd>
        <dt>{t('oversight.queue.stage')}</dt>
        <dd>
          <strong id="stage-now">{label(t, STAGE_KEYS, c.stage)}</strong>
        </dd>
        <dt>{t('oversight.detail.body')}</dt>
        <dd>{c.body_name ?? t('oversight.detail.noBody')}</dd>
        <dt>{t('oversight.detail.ackDue')}</dt>
        <dd>
          <time dateTime={c.ack_due_at}>{time.date(c.ack_due_at)}</time>
        </dd>
        <dt>{t('oversight.detail.decisionDue')}</dt>
        <dd>
          <time dateTime={c.decision_due_at}>{time.date(c.decision_due_at)}</time>
        </dd>
        <dt>{t('oversight.detail.officer')}</dt>
        <dd>
          {[c.officer_badge, c.officer_description].filter(Boolean).join(' · ') ||
            t('oversight.detail.notGiven')}
        </dd>
        <dt>{t('oversight.queue.area')}</dt>
        <dd>{c.address ? `${c.address} · ${p.areaName}` : p.areaName}</dd>
        <dt>{t('oversight.detail.when')}</dt>
        <dd>
          {c.occurred_at ? (
            <time dateTime={c.occurred_at}>{time.dateTime(c.occurred_at)}</time>
          ) : (
            t('oversight.detail.notGiven')
          )}
        </dd>
        <dt>{t('oversight.detail.privacy')}</dt>
        <dd>{label(t, PRIVACY_KEYS, c.privacy)}</dd>
      </dl>
      <h2>{t('oversight.detail.what')}</h2>
      <p class="body">{c.description}</p>
      {p.photoIds.length ? (
        <ul class="inline-list" aria-label={t('oversight.detail.photos')}>
          {p.photoIds.map((id, i) => (
            <li key={id}>
              <a href={`${base}/photos/${id}`}>{t('oversight.detail.photo', { n: i + 1 })}</a>
            </li>
          ))}
        </ul>
      ) : null}
      {c.appeal_reason ? (
        <>
          <h2>{t('oversight.detail.appeal')}</h2>
          <p class="body">{c.appeal_reason}</p>
        </>
      ) : null}

      <h2>{t('oversight.detail.identity')}</h2>
      {p.identity ? (
        <dl class="facts" id="identity">
          <dt>{t('oversight.detail.name')}</dt>
          <dd>{p.identity.name ?? '—'}</dd>
          <dt>{t('oversight.detail.phone')}</dt>
          <dd>{p.identity.phone ?? '—'}</dd>
          <dt>{t('oversight.detail.email')}</dt>
          <dd>{p.identity.email ?? '—'}</dd>
        </dl>
      ) : p.canViewIdentity ? (
        <PostForm action={`${base}/identity`} csrf={p.csrf} submit={t('oversight.detail.showIdentity')}>
          <p class="hint">{t('oversight.detail.identityAudited')}</p>
        </PostForm>
      ) : (
        <p>{t('oversight.detail.identityNotShared')}</p>
      )}

      {c.stage === 'decided' ? (
        <>
          <h2>{t('oversight.detail.decision')}</h2>
          <dl class="facts">
            <dt>{t('oversight.decide.outcome')}</dt>
            <dd>{label(t, OUTCOME_KEYS, c.outcome ?? 'withdrawn')}</dd>
          </dl>
          <h3>{t('oversight.decide.reasoning')}</h3>
          <p class="body">{c.reasoning}</p>
          {c.recommendations ? (
            <>
              <h3>{t('oversight.decide.recommendations')}</h3>
              <p class="body">{c.recommendations}</p>
            </>
          ) : null}
          {c.disclosure ? (
            <>
              <h3>{t('oversight.decide.disclosure')}</h3>
              <p class="body">{c.disclosure}</p>
            </>
          ) : null}
        </>
      ) : null}

      {p.canManage && c.stage === 'registered' ? (
        <PostForm action={`${base}/acknowledge`} csrf={p.csrf} submit={t('oversight.detail.acknowledge')}>
          <TextArea
            id="note"
            label={t('oversight.detail.note')}
            value={p.values.note}
            errors={errors}
            rows={2}
          />
        </PostForm>
      ) : null}
      {p.canManage && (c.stage === 'acknowledged' || c.stage === 'appealed') ? (
        <PostForm action={`${base}/review`} csrf={p.csrf} submit={t('oversight.detail.startReview')}>
          <TextArea
            id="note"
            label={t('oversight.detail.note')}
            value={p.values.note}
            errors={errors}
            rows={2}
          />
        </PostForm>
      ) : null}
      {p.canManage && decidable ? (
        <PostForm action={`${base}/decide`} csrf={p.csrf} submit={t('oversight.decide.submit')}>
          <h2>{t('oversight.decide.title')}</h2>
          <Select
            id="outcome"
            label={t('oversight.decide.outcome')}
            value={p.values.outcome}
            errors={errors}
            options={[
              { value: '', label: t('oversight.decide.choose') },
              ...OUTCOMES_FOR[c.kind].map((o) => ({ value: o, label: label(t, OUTCOME_KEYS, o) })),
            ]}
          />
          <TextArea
            id="reasoning"
            label={t('oversight.decide.reasoning')}
            hint={t('oversight.decide.reasoningHint')}
            value={p.values.reasoning}
            errors={errors}
            rows={6}
          />
          <TextArea
            id="recommendations"
            label={t('oversight.decide.recommendations')}
            value={p.values.recommendations}
            errors={errors}
          />
          <Select
            id="officer"
            label={t('oversight.decide.officer')}
            hint={t('oversight.decide.officerHint')}
            value={p.values.officer}
            errors={errors}
            options={[
              { value: '', label: t('oversight.decide.officerUnknown') },
              ...p.officers.map((o) => ({ value: o.id, label: o.name })),
            ]}
          />
          <TextArea
            id="disclosure"
            label={t('oversight.decide.disclosure')}
            hint={t('oversight.decide.disclosureHint')}
            value={p.values.disclosure}
            errors={errors}
          />
        </PostForm>
      ) : null}

      <h2>{t('oversight.detail.history')}</h2>
      <ol class="thread">
        {p.events.map((e) => (
          <li key={e.id}>
            <p class="hint">
              <time dateTime={e.created_at}>{time.dateTime(e.created_at)}</time>
            </p>
            <p>
              {label(t, STAGE_KEYS, e.to_stage)}
              {e.outcome ? ` — ${label(t, OUTCOME_KEYS, e.outcome)}` : ''}
            </p>
            {e.note ? <p class="body">{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function DisclosuresPage(p: {
  t: Translate;
  time: TimeFormat;
  items: Array<{
    id: string;
    kind: string;
    outcome: string | null;
    decided_at: string | null;
    disclosure: string | null;
  }>;
}) {
  const { t, time } = p;
  return (
    <section>
      <h1>{t('oversight.disclosures.title')}</h1>
      <p>{t('oversight.disclosures.intro')}</p>
      {p.items.length === 0 ? (
        <p>{t('oversight.disclosures.empty')}</p>
      ) : (
        <ul class="cards">
          {p.items.map((d) => (
            <li key={d.id}>
              <p class="hint">
                {d.decided_at ? <time dateTime={d.decided_at}>{time.date(d.decided_at)}</time> : null} ·{' '}
                {label(t, KIND_KEYS, d.kind)}
                {d.outcome ? ` · ${label(t, OUTCOME_KEYS, d.outcome)}` : ''}
              </p>
              <p class="body">{d.disclosure}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
