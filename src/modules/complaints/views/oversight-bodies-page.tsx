/**
 * Which oversight body reads complaints where. Every change is a proposal until a second
 * administrator confirms it (four eyes): this page lists the bodies, the pending proposals with
 * confirm / refuse, and the form to propose a new body or a change.
 */
import type { OversightBody } from '../../../db/schema.ts';
import type { Translate } from '../../../shared/i18n.ts';
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { DataTable } from '../../../views/data-table.tsx';
import { ErrorSummary, Field, Select, type FieldErrors } from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import { BODY_KINDS } from '../complaints.types.ts';
import { label, BODY_KIND_KEYS } from './labels.ts';

export interface PendingChange {
  id: string;
  mine: boolean;
  name: string;
  kind: string;
  areaName: string;
  ackDays: number;
  decisionDays: number;
  active: boolean;
  isNew: boolean;
}

export function OversightBodiesPage(p: {
  t: Translate;
  csrf: string;
  bodies: OversightBody[];
  pending: PendingChange[];
  areas: AreaChoiceGroup[];
  areaName: (code: string) => string;
  organisations: Array<{ value: string; label: string }>;
  canPropose: boolean;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t, errors, values: v } = p;
  return (
    <section>
      <h1>{t('oversight.bodies.title')}</h1>
      <ErrorSummary errors={errors} t={t} />
      <p>{t('oversight.bodies.intro')}</p>
      <DataTable
        caption={t('oversight.bodies.caption')}
        head={[
          t('oversight.bodies.name'),
          t('oversight.bodies.kind'),
          t('oversight.bodies.area'),
          t('oversight.bodies.ackDays'),
          t('oversight.bodies.decisionDays'),
          t('oversight.bodies.active'),
        ]}
        rows={p.bodies}
        empty={t('oversight.bodies.empty')}
        row={(b) => (
          <tr key={b.id}>
            <td>{b.name}</td>
            <td>{label(t, BODY_KIND_KEYS, b.kind)}</td>
            <td>{p.areaName(b.area_code)}</td>
            <td>{b.ack_days}</td>
            <td>{b.decision_days}</td>
            <td>{b.active ? t('oversight.bodies.yes') : t('oversight.bodies.no')}</td>
          </tr>
        )}
      />
      <h2>{t('oversight.bodies.pending')}</h2>
      <DataTable
        caption={t('oversight.bodies.pendingCaption')}
        captionClass="visually-hidden"
        head={[
          t('oversight.bodies.name'),
          t('oversight.bodies.area'),
          t('oversight.bodies.deadlines'),
          t('oversight.bodies.decide'),
        ]}
        rows={p.pending}
        empty={t('oversight.bodies.noPending')}
        row={(c) => (
          <tr key={c.id}>
            <td>
              {c.name} ({label(t, BODY_KIND_KEYS, c.kind)}){c.isNew ? ` — ${t('oversight.bodies.new')}` : ''}
              {c.active ? '' : ` — ${t('oversight.bodies.deactivate')}`}
            </td>
            <td>{c.areaName}</td>
            <td>{t('oversight.bodies.deadlineText', { ack: c.ackDays, decision: c.decisionDays })}</td>
            <td>
              {c.mine ? (
                t('oversight.bodies.waitingForSecond')
              ) : p.canPropose ? (
                <>
                  <PostForm
                    action={`/admin/oversight-bodies/changes/${c.id}/confirm`}
                    csrf={p.csrf}
                    submit={t('oversight.bodies.confirm')}
                  />
                  <PostForm
                    action={`/admin/oversight-bodies/changes/${c.id}/refuse`}
                    csrf={p.csrf}
                    submit={t('oversight.bodies.refuse')}
                  />
                </>
              ) : null}
            </td>
          </tr>
        )}
      />
      {p.canPropose ? (
        <PostForm action="/admin/oversight-bodies" csrf={p.csrf} submit={t('oversight.bodies.propose')}>
          <h2>{t('oversight.bodies.proposeTitle')}</h2>
          <p class="hint">{t('oversight.bodies.fourEyes')}</p>
          <Select
            id="body_id"
            label={t('oversight.bodies.which')}
            value={v.body_id}
            errors={errors}
            options={[
              { value: '', label: t('oversight.bodies.newBody') },
              ...p.bodies.map((b) => ({ value: b.id, label: b.name })),
            ]}
          />
          <Field id="name" label={t('oversight.bodies.name')} value={v.name} errors={errors} />
          <Select
            id="kind"
            label={t('oversight.bodies.kind')}
            value={v.kind}
            errors={errors}
            options={BODY_KINDS.map((k) => ({ value: k, label: label(t, BODY_KIND_KEYS, k) }))}
          />
          <AreaPicker
            id="area"
            label={t('oversight.bodies.area')}
            groups={p.areas}
            value={v.area}
            errors={errors}
          />
          <Select
            id="organisation"
            label={t('oversight.bodies.organisation')}
            value={v.organisation}
            errors={errors}
            options={[{ value: '', label: t('oversight.bodies.anyOversight') }, ...p.organisations]}
          />
          <Field
            id="ack_days"
            label={t('oversight.bodies.ackDays')}
            inputmode="numeric"
            value={v.ack_days ?? '5'}
            errors={errors}
          />
          <Field
            id="decision_days"
            label={t('oversight.bodies.decisionDays')}
            inputmode="numeric"
            value={v.decision_days ?? '30'}
            errors={errors}
          />
          <div class="choice">
            <input type="checkbox" id="active" name="active" value="1" checked={v.active !== '0'} />
            <label for="active">{t('oversight.bodies.active')}</label>
          </div>
        </PostForm>
      ) : null}
    </section>
  );
}
