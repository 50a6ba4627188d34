/**
 * The complaint's part of the track page: its stage and deadlines, the reasoned outcome once decided,
 * and the one appeal the complainant may make (a POST form carrying the receipt in a hidden field).
 */
import type { Translate } from '../../../shared/i18n.ts';
import { FieldError, describedBy, type FieldErrors } from '../../../views/form.tsx';
import { onceAction } from '../../../views/once.ts';
import type { ReporterComplaintView } from '../complaints.service.ts';
import { label, STAGE_KEYS, OUTCOME_KEYS } from './labels.ts';

export function ComplaintTrackSection(p: {
  t: Translate;
  view: ReporterComplaintView;
  threadKey: { name: string; value: string };
  errors: FieldErrors;
  values: Record<string, string>;
  formatDate: (iso: string) => string;
}) {
  const { t, view: c, errors } = p;
  return (
    <section aria-labelledby="complaint-heading">
      <h2 id="complaint-heading">
        {c.kind === 'commendation'
          ? t('complaints.track.headingCommendation')
          : t('complaints.track.heading')}
      </h2>
      <dl class="facts">
        <dt>{t('complaints.track.stage')}</dt>
        <dd>
          <strong id="complaint-stage">{label(t, STAGE_KEYS, c.stage)}</strong>
        </dd>
        {c.stage === 'registered' ? (
          <>
            <dt>{t('complaints.track.ackDue')}</dt>
            <dd>
              <time dateTime={c.ackDueAt}>{p.formatDate(c.ackDueAt)}</time>
            </dd>
          </>
        ) : null}
        {c.stage !== 'decided' ? (
          <>
            <dt>{t('complaints.track.decisionDue')}</dt>
            <dd>
              <time dateTime={c.decisionDueAt}>{p.formatDate(c.decisionDueAt)}</time>
            </dd>
          </>
        ) : null}
      </dl>
      {c.outcome ? (
        <div class="decision" id="complaint-decision">
          <h3>{t('complaints.track.outcome', { outcome: label(t, OUTCOME_KEYS, c.outcome) })}</h3>
          {c.decidedAt ? (
            <p class="hint">
              <time dateTime={c.decidedAt}>{p.formatDate(c.decidedAt)}</time>
            </p>
          ) : null}
          <h4>{t('complaints.track.reasoning')}</h4>
          <p class="body">{c.reasoning}</p>
          {c.recommendations ? (
            <>
              <h4>{t('complaints.track.recommendations')}</h4>
              <p class="body">{c.recommendations}</p>
            </>
          ) : null}
        </div>
      ) : null}
      {c.appealed ? <p class="hint">{t('complaints.track.appealed')}</p> : null}
      {c.canAppeal ? (
        <form method="post" action={onceAction('/complaints/appeal')} class="stack" novalidate>
          <input type="hidden" name={p.threadKey.name} value={p.threadKey.value} />
          <h3>{t('complaints.appeal.title')}</h3>
          <p class="hint" id="appeal_reason-hint">
            {t('complaints.appeal.hint')}
          </p>
          <div>
            <label for="appeal_reason">{t('complaints.appeal.reason')}</label>
            <FieldError id="appeal_reason" errors={errors} />
            <textarea
              id="appeal_reason"
              name="reason"
              rows={4}
              maxLength={4000}
              aria-invalid={errors.appeal_reason ? 'true' : undefined}
              aria-describedby={describedBy('appeal_reason', errors, true)}
            >
              {p.values.appeal_reason ?? ''}
            </textarea>
          </div>
          <div>
            <button type="submit">{t('complaints.appeal.submit')}</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
