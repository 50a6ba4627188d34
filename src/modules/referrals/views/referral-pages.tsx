/**
 * Staff pages for prevention referrals: the panel's list and the owner's actions, the opening form
 * (observable behaviour, guided risks and protective factors, the checker's warnings), one referral
 * with the forms its state allows, one support action for its owner, and the aggregate figures.
 * Every form works without JavaScript; times are shown through the one formatting module.
 */
import type { Locale, Translate } from '../../../shared/i18n.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { DataTable } from '../../../views/data-table.tsx';
import {
  ErrorSummary,
  Field,
  FieldError,
  Select,
  TextArea,
  type FieldErrors,
  type FormPageProps,
} from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import type { BehaviourWarning } from '../behaviour-check.ts';
import type { OwnedActionView, ReferralDetail, ReferralSummary, StatsTable } from '../referrals.service.ts';
import { label } from './labels.ts';
import {
  ACTION_STATUSES,
  CHECKLIST_ITEMS,
  CLOSING_OUTCOMES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  DECISIONS,
  PROTECTIVE_FACTORS,
  RISK_FACTORS,
} from '../referrals.types.ts';

type Values = Record<string, string | string[]>;

/** Checkboxes for a fixed list, each with its guidance text under the label. */
function CheckList(p: {
  id: string;
  legend: string;
  hint?: string;
  items: readonly string[];
  label: (code: string) => string;
  guidance?: (code: string) => string;
  checked: readonly string[];
  errors: FieldErrors;
}) {
  return (
    <fieldset id={p.id} aria-describedby={p.errors[p.id] ? `${p.id}-error` : undefined}>
      <legend>{p.legend}</legend>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
      <FieldError id={p.id} errors={p.errors} />
      {p.items.map((code) => {
        const cid = `${p.id}-${code}`;
        return (
          <div key={code} class="check">
            <input type="checkbox" id={cid} name={p.id} value={code} checked={p.checked.includes(code)} />{' '}
            <label for={cid}>{p.label(code)}</label>
            {p.guidance ? (
              <p class="hint" id={`${cid}-hint`}>
                {p.guidance(code)}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat());
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

function Warnings(p: { t: Translate; warnings: BehaviourWarning[] }) {
  if (p.warnings.length === 0) return null;
  return (
    <div class="notice" role="status">
      <p>
        <strong>{p.t('referrals.check.title')}</strong>
      </p>
      <p>{p.t('referrals.check.explain')}</p>
      <ul>
        {p.warnings.map((w) => (
          <li key={`${w.index}`}>
            {p.t('referrals.check.word', { word: w.word, kind: label(p.t, `check.kind.${w.kind}`) })}
          </li>
        ))}
      </ul>
    </div>
  );
}

// --- list -------------------------------------------------------------------------------------

export function ReferralsListPage(p: {
  t: Translate;
  items: ReferralSummary[];
  actions: OwnedActionView[];
  canOpen: boolean;
  onPanel: boolean;
  tf: TimeFormat;
  areaLabel: (code: string) => string;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('referrals.list.title')}</h1>
      <p>{t('referrals.list.intro')}</p>
      {p.canOpen ? (
        <p>
          <a href="/staff/referrals/new" class="button">
            {t('referrals.list.open')}
          </a>
        </p>
      ) : null}
      {p.onPanel ? (
        <DataTable
          rows={p.items}
          caption={t('referrals.list.panelCaption')}
          head={[
            t('referrals.field.reference'),
            t('referrals.field.area'),
            t('referrals.field.status'),
            t('referrals.field.opened'),
          ]}
          empty={t('referrals.list.empty')}
          row={(r) => (
            <tr key={r.id}>
              <td>
                <a href={`/staff/referrals/${r.id}`}>{r.reference}</a>
              </td>
              <td>{p.areaLabel(r.areaCode)}</td>
              <td>{label(t, `status.${r.status}`)}</td>
              <td>{p.tf.date(r.createdAt)}</td>
            </tr>
          )}
        />
      ) : (
        <p>{t('referrals.list.notOnPanel')}</p>
      )}
      {p.actions.length > 0 ? (
        <>
          <h2>{t('referrals.list.myActions')}</h2>
          <DataTable
            rows={p.actions}
            head={[
              t('referrals.field.reference'),
              t('referrals.action.text'),
              t('referrals.action.deadline'),
              t('referrals.field.status'),
            ]}
            empty=""
            row={(a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/staff/referral-actions/${a.id}`}>{a.reference}</a>
                </td>
                <td>{a.text}</td>
                <td>{p.tf.date(`${a.deadline}T12:00:00Z`)}</td>
                <td>{label(t, `actionStatus.${a.status}`)}</td>
              </tr>
            )}
          />
        </>
      ) : null}
    </section>
  );
}

// --- opening ----------------------------------------------------------------------------------

export function OpenReferralPage(
  p: Omit<FormPageProps, 'values'> & {
    values: Values;
    panelAreas: AreaChoiceGroup[];
    placeAreas: AreaChoiceGroup[];
    sources: readonly string[];
    warnings: BehaviourWarning[];
    zone: string;
  },
) {
  const { t, errors: e, values: v } = p;
  return (
    <section>
      <h1>{t('referrals.open.title')}</h1>
      <p>{t('referrals.open.intro')}</p>
      <ErrorSummary errors={e} t={t} heading={t('referrals.errors.summary')} />
      <Warnings t={t} warnings={p.warnings} />
      <PostForm action="/staff/referrals" csrf={p.csrf} submit={t('referrals.open.submit')}>
        <Select
          id="source"
          label={t('referrals.field.source')}
          options={p.sources.map((s) => ({ value: s, label: label(t, `source.${s}`) }))}
          value={one(v.source)}
          errors={e}
        />
        {one(v.sourceReportId) ? (
          <input type="hidden" name="sourceReportId" value={one(v.sourceReportId)} />
        ) : null}
        {one(v.sourceForumId) ? (
          <input type="hidden" name="sourceForumId" value={one(v.sourceForumId)} />
        ) : null}
        <FieldError id="sourceReportId" errors={e} />
        <FieldError id="sourceForumId" errors={e} />
        <AreaPicker
          id="areaCode"
          label={t('referrals.field.panelArea')}
          hint={t('referrals.field.panelAreaHint')}
          groups={p.panelAreas}
          value={one(v.areaCode)}
          errors={e}
          emptyLabel={t('referrals.field.chooseArea')}
        />
        <fieldset>
          <legend>{t('referrals.open.whatSeen')}</legend>
          <TextArea
            id="behaviour"
            label={t('referrals.field.behaviour')}
            hint={t('referrals.field.behaviourHint')}
            value={one(v.behaviour)}
            errors={e}
            rows={6}
          />
          <Field
            id="observedDate"
            type="date"
            label={t('referrals.field.observedDate')}
            value={one(v.observedDate)}
            errors={e}
          />
          <Field
            id="observedTime"
            type="time"
            label={t('referrals.field.observedTime', { zone: p.zone })}
            value={one(v.observedTime)}
            errors={e}
          />
          <AreaPicker
            id="observedAreaCode"
            label={t('referrals.field.observedArea')}
            groups={p.placeAreas}
            value={one(v.observedAreaCode)}
            errors={e}
            emptyLabel={t('referrals.field.chooseArea')}
          />
        </fieldset>
        <CheckList
          id="riskFactors"
          legend={t('referrals.field.riskFactors')}
          hint={t('referrals.field.factorsHint')}
          items={RISK_FACTORS}
          label={(c) => label(t, `risk.${c}.label`)}
          guidance={(c) => label(t, `risk.${c}.guidance`)}
          checked={list(v.riskFactors)}
          errors={e}
        />
        <TextArea
          id="riskNotes"
          label={t('referrals.field.riskNotes')}
          value={one(v.riskNotes)}
          errors={e}
          rows={3}
        />
        <CheckList
          id="protectiveFactors"
          legend={t('referrals.field.protectiveFactors')}
          items={PROTECTIVE_FACTORS}
          label={(c) => label(t, `protective.${c}.label`)}
          guidance={(c) => label(t, `protective.${c}.guidance`)}
          checked={list(v.protectiveFactors)}
          errors={e}
        />
        <TextArea
          id="protectiveNotes"
          label={t('referrals.field.protectiveNotes')}
          value={one(v.protectiveNotes)}
          errors={e}
          rows={3}
        />
        <Select
          id="subjectMinor"
          label={t('referrals.field.subjectMinor')}
          options={[
            { value: '', label: t('referrals.field.choose') },
            { value: 'yes', label: t('referrals.yes') },
            { value: 'no', label: t('referrals.no') },
          ]}
          value={one(v.subjectMinor)}
          errors={e}
        />
        <p class="hint">{t('referrals.open.noIdentity')}</p>
        {p.warnings.length > 0 ? (
          <div class="check">
            <input type="checkbox" id="confirmBehaviour" name="confirmBehaviour" value="1" />{' '}
            <label for="confirmBehaviour">{t('referrals.check.confirm')}</label>
          </div>
        ) : null}
      </PostForm>
    </section>
  );
}

export function OpenedPage(p: { t: Translate; reference: string }) {
  return (
    <section>
      <h1>{p.t('referrals.opened.title')}</h1>
      <p>{p.t('referrals.opened.body', { reference: p.reference })}</p>
      <p>
        <a href="/staff/referrals">{p.t('referrals.opened.back')}</a>
      </p>
    </section>
  );
}

// --- one referral -----------------------------------------------------------------------------

function Row(p: { label: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt>{p.label}</dt>
      <dd>{p.children}</dd>
    </>
  );
}

export function ReferralPage(
  p: Omit<FormPageProps, 'values'> & {
    values: Values;
    d: ReferralDetail;
    agencies: Array<{ id: string; name: string }>;
    tf: TimeFormat;
    locale: Locale;
    areaLabel: (code: string) => string;
    zone: string;
  },
) {
  const { t, d, errors: e, values: v, tf } = p;
  return (
    <section>
      <h1>{t('referrals.detail.title', { reference: d.reference })}</h1>
      <p>
        <span class="tag">{label(t, `status.${d.status}`)}</span>{' '}
        {d.consentStatus === 'none' ? t('referrals.detail.consultation') : null}
      </p>
      <ErrorSummary errors={e} t={t} heading={t('referrals.errors.summary')} />
      <dl class="facts">
        <Row label={t('referrals.field.source')}>{label(t, `source.${d.source}`)}</Row>
        <Row label={t('referrals.field.area')}>{p.areaLabel(d.areaCode)}</Row>
        <Row label={t('referrals.field.observedWhen')}>{tf.dateTime(d.observedAt)}</Row>
        <Row label={t('referrals.field.observedArea')}>{p.areaLabel(d.observedAreaCode)}</Row>
        <Row label={t('referrals.field.subjectMinor')}>
          {d.subjectMinor ? t('referrals.yes') : t('referrals.no')}
        </Row>
        {d.subject ? (
          <Row label={t('referrals.field.subjectName')}>
            {d.subject.name}
            {d.subject.contact ? ` · ${d.subject.contact}` : ''}
          </Row>
        ) : null}
      </dl>
      <h2>{t('referrals.field.behaviour')}</h2>
      <p class="prewrap">{d.behaviour}</p>
      <Warnings t={t} warnings={d.warnings} />
      <h2>{t('referrals.field.riskFactors')}</h2>
      <ul>
        {d.riskFactors.map((c) => (
          <li key={c}>{label(t, `risk.${c}.label`)}</li>
        ))}
      </ul>
      {d.riskNotes ? <p class="prewrap">{d.riskNotes}</p> : null}
      <h2>{t('referrals.field.protectiveFactors')}</h2>
      <ul>
        {d.protectiveFactors.map((c) => (
          <li key={c}>{label(t, `protective.${c}.label`)}</li>
        ))}
      </ul>
      {d.protectiveNotes ? <p class="prewrap">{d.protectiveNotes}</p> : null}

      <h2>{t('referrals.consent.title')}</h2>
      {d.consent ? (
        <dl class="facts">
          <Row label={t('referrals.consent.givenBy')}>
            {label(t, `consent.giver.${d.consent.givenBy}`)}: {d.consent.consenterName}
            {d.consent.relationship ? ` (${d.consent.relationship})` : ''}
          </Row>
          <Row label={t('referrals.consent.method')}>{label(t, `consent.how.${d.consent.method}`)}</Row>
          <Row label={t('referrals.consent.givenAt')}>{tf.dateTime(d.consent.givenAt)}</Row>
          <Row label={t('referrals.consent.purposes')}>
            {d.consent.purposes.map((x) => label(t, `consent.purpose.${x}`)).join('; ')}
          </Row>
          <Row label={t('referrals.consent.agencies')}>
            {d.consent.agencies.map((a) => a.name).join('; ') || t('referrals.consent.noAgencies')}
          </Row>
          {d.consent.withdrawnAt ? (
            <Row label={t('referrals.consent.withdrawnAt')}>{tf.dateTime(d.consent.withdrawnAt)}</Row>
          ) : null}
        </dl>
      ) : (
        <p>{t('referrals.consent.none')}</p>
      )}
      {d.legalDuty ? (
        <p>{t('referrals.consent.legalDutyShown', { role: d.legalDuty.role, basis: d.legalDuty.basis })}</p>
      ) : null}
      {d.can.consent ? (
        <PostForm
          action={`/staff/referrals/${d.id}/consent`}
          csrf={p.csrf}
          submit={t('referrals.consent.submit')}
        >
          <p class="hint">{t('referrals.consent.intro')}</p>
          <Select
            id="givenBy"
            label={t('referrals.consent.givenBy')}
            options={CONSENT_GIVERS.map((g) => ({ value: g, label: label(t, `consent.giver.${g}`) }))}
            value={one(v.givenBy) || (d.subjectMinor ? 'guardian' : 'person')}
            errors={e}
          />
          <Field
            id="consenterName"
            label={t('referrals.consent.consenterName')}
            value={one(v.consenterName)}
            errors={e}
          />
          <Field
            id="relationship"
            label={t('referrals.consent.relationship')}
            hint={t('referrals.consent.relationshipHint')}
            value={one(v.relationship)}
            errors={e}
          />
          <Select
            id="method"
            label={t('referrals.consent.method')}
            options={CONSENT_METHODS.map((m) => ({ value: m, label: label(t, `consent.how.${m}`) }))}
            value={one(v.method)}
            errors={e}
          />
          <Field
            id="givenDate"
            type="date"
            label={t('referrals.consent.givenDate')}
            value={one(v.givenDate)}
            errors={e}
          />
          <Field
            id="givenTime"
            type="time"
            label={t('referrals.consent.givenTime', { zone: p.zone })}
            value={one(v.givenTime)}
            errors={e}
          />
          <CheckList
            id="purposes"
            legend={t('referrals.consent.purposes')}
            items={CONSENT_PURPOSES}
            label={(c) => label(t, `consent.purpose.${c}`)}
            checked={list(v.purposes)}
            errors={e}
          />
          <CheckList
            id="agencyIds"
            legend={t('referrals.consent.agencies')}
            hint={t('referrals.consent.agenciesHint')}
            items={p.agencies.map((a) => a.id)}
            label={(id) => p.agencies.find((a) => a.id === id)?.name ?? ''}
            checked={list(v.agencyIds)}
            errors={e}
          />
          <Field
            id="subjectName"
            label={t('referrals.field.subjectName')}
            value={one(v.subjectName)}
            errors={e}
          />
          <Field
            id="subjectContact"
            label={t('referrals.field.subjectContact')}
            value={one(v.subjectContact)}
            errors={e}
          />
          <TextArea id="note" label={t('referrals.consent.note')} value={one(v.note)} errors={e} rows={2} />
        </PostForm>
      ) : null}
      {d.can.withdraw ? (
        <details>
          <summary>{t('referrals.withdraw.title')}</summary>
          <PostForm
            action={`/staff/referrals/${d.id}/withdraw`}
            csrf={p.csrf}
            submit={t('referrals.withdraw.submit')}
          >
            <p class="hint">{t('referrals.withdraw.intro')}</p>
            <TextArea
              id="note"
              label={t('referrals.withdraw.note')}
              value={one(v.note)}
              errors={e}
              rows={2}
            />
            <Field
              id="legalDutyRole"
              label={t('referrals.withdraw.legalDutyRole')}
              hint={t('referrals.withdraw.legalDutyRoleHint')}
              value={one(v.legalDutyRole)}
              errors={e}
            />
            <TextArea
              id="legalDutyBasis"
              label={t('referrals.withdraw.legalDutyBasis')}
              value={one(v.legalDutyBasis)}
              errors={e}
              rows={2}
            />
          </PostForm>
        </details>
      ) : null}

      <h2>{t('referrals.panel.title')}</h2>
      {d.checklist ? (
        <p>
          {t('referrals.checklist.done', { name: d.checklist.byName ?? '', at: tf.dateTime(d.checklist.at) })}
        </p>
      ) : null}
      {d.can.checklist ? (
        <PostForm
          action={`/staff/referrals/${d.id}/checklist`}
          csrf={p.csrf}
          submit={t('referrals.checklist.submit')}
        >
          <CheckList
            id="items"
            legend={t('referrals.checklist.legend')}
            hint={t('referrals.checklist.hint')}
            items={CHECKLIST_ITEMS}
            label={(c) => label(t, `checklist.item.${c}`)}
            checked={list(v.items)}
            errors={e}
          />
        </PostForm>
      ) : null}
      {d.decision ? (
        <dl class="facts">
          <Row label={t('referrals.decision.label')}>{label(t, `decision.${d.decision.decision}`)}</Row>
          <Row label={t('referrals.decision.rationale')}>{d.decision.rationale}</Row>
          {d.decision.referredTo ? (
            <Row label={t('referrals.decision.referredTo')}>{d.decision.referredTo}</Row>
          ) : null}
          <Row label={t('referrals.decision.at')}>{tf.dateTime(d.decision.at)}</Row>
        </dl>
      ) : null}
      {d.can.decide ? (
        <PostForm
          action={`/staff/referrals/${d.id}/decision`}
          csrf={p.csrf}
          submit={t('referrals.decision.submit')}
        >
          <Select
            id="decision"
            label={t('referrals.decision.label')}
            options={DECISIONS.map((x) => ({ value: x, label: label(t, `decision.${x}`) }))}
            value={one(v.decision)}
            errors={e}
          />
          <TextArea
            id="rationale"
            label={t('referrals.decision.rationale')}
            hint={t('referrals.decision.rationaleHint')}
            value={one(v.rationale)}
            errors={e}
          />
          <Field
            id="referredTo"
            label={t('referrals.decision.referredTo')}
            value={one(v.referredTo)}
            errors={e}
          />
        </PostForm>
      ) : !d.decision && !d.can.checklist && d.status !== 'closed' ? (
        <p>{t('referrals.decision.waiting')}</p>
      ) : null}

      {d.status === 'support' || d.actions.length > 0 ? (
        <>
          <h2>{t('referrals.plan.title')}</h2>
          <DataTable
            rows={d.actions}
            head={[
              t('referrals.action.owner'),
              t('referrals.action.text'),
              t('referrals.action.deadline'),
              t('referrals.action.reviews'),
              t('referrals.field.status'),
            ]}
            empty={t('referrals.plan.empty')}
            row={(a) => (
              <tr key={a.id}>
                <td>{a.ownerOrganisationName}</td>
                <td>
                  {a.text}
                  {a.note ? <p class="hint">{a.note}</p> : null}
                </td>
                <td>{tf.date(`${a.deadline}T12:00:00Z`)}</td>
                <td>{a.reviewDates.map((x) => tf.date(`${x}T12:00:00Z`)).join(', ')}</td>
                <td>{label(t, `actionStatus.${a.status}`)}</td>
              </tr>
            )}
          />
        </>
      ) : null}
      {d.can.plan ? (
        <PostForm
          action={`/staff/referrals/${d.id}/actions`}
          csrf={p.csrf}
          submit={t('referrals.action.submit')}
        >
          <h3>{t('referrals.action.add')}</h3>
          <Select
            id="ownerOrganisationId"
            label={t('referrals.action.owner')}
            hint={t('referrals.action.ownerHint')}
            options={(d.consent?.agencies ?? []).map((a) => ({ value: a.id, label: a.name }))}
            value={one(v.ownerOrganisationId)}
            errors={e}
          />
          <TextArea id="text" label={t('referrals.action.text')} value={one(v.text)} errors={e} rows={2} />
          <Field
            id="deadline"
            type="date"
            label={t('referrals.action.deadline')}
            value={one(v.deadline)}
            errors={e}
          />
          <Field
            id="reviewDate1"
            name="reviewDates"
            type="date"
            label={t('referrals.action.reviewDate')}
            value={list(v.reviewDates)[0] ?? ''}
            errors={e}
          />
          <FieldError id="reviewDates" errors={e} />
        </PostForm>
      ) : null}
      {d.reviews.length > 0 ? (
        <>
          <h3>{t('referrals.review.list')}</h3>
          <ul>
            {d.reviews.map((r) => (
              <li key={r.id}>
                {tf.date(`${r.reviewedOn}T12:00:00Z`)}: {r.notes}
                {r.nextReviewOn
                  ? ` — ${t('referrals.review.next', { date: tf.date(`${r.nextReviewOn}T12:00:00Z`) })}`
                  : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {d.can.close ? (
        <>
          <PostForm
            action={`/staff/referrals/${d.id}/reviews`}
            csrf={p.csrf}
            submit={t('referrals.review.submit')}
          >
            <h3>{t('referrals.review.add')}</h3>
            <Field
              id="reviewedOn"
              type="date"
              label={t('referrals.review.reviewedOn')}
              value={one(v.reviewedOn)}
              errors={e}
            />
            <TextArea
              id="notes"
              label={t('referrals.review.notes')}
              value={one(v.notes)}
              errors={e}
              rows={3}
            />
            <Field
              id="nextReviewOn"
              type="date"
              label={t('referrals.review.nextOn')}
              value={one(v.nextReviewOn)}
              errors={e}
            />
          </PostForm>
          <PostForm
            action={`/staff/referrals/${d.id}/close`}
            csrf={p.csrf}
            submit={t('referrals.close.submit')}
          >
            <h3>{t('referrals.close.title')}</h3>
            <p class="hint">{t('referrals.close.intro')}</p>
            <Select
              id="outcome"
              label={t('referrals.close.outcome')}
              options={CLOSING_OUTCOMES.map((o) => ({ value: o, label: label(t, `outcome.${o}`) }))}
              value={one(v.outcome)}
              errors={e}
            />
            <Select
              id="supportDelivered"
              label={t('referrals.close.delivered')}
              options={[
                { value: '', label: t('referrals.field.choose') },
                { value: 'yes', label: t('referrals.yes') },
                { value: 'no', label: t('referrals.no') },
              ]}
              value={one(v.supportDelivered)}
              errors={e}
            />
          </PostForm>
        </>
      ) : null}
      {d.outcome ? (
        <dl class="facts">
          <Row label={t('referrals.close.outcome')}>{label(t, `outcome.${d.outcome}`)}</Row>
          <Row label={t('referrals.close.delivered')}>
            {d.supportDelivered ? t('referrals.yes') : t('referrals.no')}
          </Row>
          {d.closedAt ? <Row label={t('referrals.close.at')}>{tf.dateTime(d.closedAt)}</Row> : null}
        </dl>
      ) : null}
    </section>
  );
}

// --- one action, for its owner ----------------------------------------------------------------

export function ActionPage(
  p: Omit<FormPageProps, 'values'> & { values: Values; a: OwnedActionView; tf: TimeFormat },
) {
  const { t, a, errors: e, values: v } = p;
  return (
    <section>
      <h1>{t('referrals.actionPage.title', { reference: a.reference })}</h1>
      <p>{t('referrals.actionPage.intro')}</p>
      <ErrorSummary errors={e} t={t} heading={t('referrals.errors.summary')} />
      <dl class="facts">
        <Row label={t('referrals.action.text')}>{a.text}</Row>
        <Row label={t('referrals.action.deadline')}>{p.tf.date(`${a.deadline}T12:00:00Z`)}</Row>
        <Row label={t('referrals.action.reviews')}>
          {a.reviewDates.map((x) => p.tf.date(`${x}T12:00:00Z`)).join(', ')}
        </Row>
        <Row label={t('referrals.field.status')}>{label(t, `actionStatus.${a.status}`)}</Row>
      </dl>
      <PostForm
        action={`/staff/referral-actions/${a.id}`}
        csrf={p.csrf}
        submit={t('referrals.actionPage.submit')}
      >
        <Select
          id="status"
          label={t('referrals.field.status')}
          options={ACTION_STATUSES.map((s) => ({ value: s, label: label(t, `actionStatus.${s}`) }))}
          value={one(v.status) || a.status}
          errors={e}
        />
        <TextArea
          id="note"
          label={t('referrals.actionPage.note')}
          value={one(v.note) || (a.note ?? '')}
          errors={e}
          rows={3}
        />
      </PostForm>
    </section>
  );
}

// --- aggregate figures ------------------------------------------------------------------------

export function StatsPage(p: { t: Translate; table: StatsTable; areaLabel: (code: string) => string }) {
  const { t, table } = p;
  const shown = (n: number | null) =>
    n === null ? <span class="muted">{t('referrals.stats.suppressed')}</span> : n;
  return (
    <section>
      <h1>{t('referrals.stats.title')}</h1>
      <p>{t('referrals.stats.intro', { n: table.minimum })}</p>
      {table.areaCodes.length === 0 ? (
        <p>{t('referrals.stats.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{t('referrals.stats.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('referrals.stats.count')}</th>
                {table.outcomes.map((o) => (
                  <th scope="col" key={o}>
                    {label(t, `outcome.${o}`)}
                  </th>
                ))}
                <th scope="col">{t('referrals.stats.total')}</th>
              </tr>
            </thead>
            <tbody>
              {table.areaCodes.map((a, i) => (
                <tr key={a}>
                  <th scope="row">{p.areaLabel(a)}</th>
                  {table.cells[i]!.map((n, j) => (
                    <td key={j}>{shown(n)}</td>
                  ))}
                  <td>{shown(table.rowTotals[i] ?? null)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('referrals.stats.total')}</th>
                {table.columnTotals.map((n, j) => (
                  <td key={j}>{shown(n)}</td>
                ))}
                <td>{shown(table.total)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
