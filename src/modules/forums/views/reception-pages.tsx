/** Mobile reception pages: staff schedule and log visits; residents see the public notice. */
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import type { Locale, Translate } from '../../../shared/i18n.ts';
import type { PublicReceptionView, ReceptionDetail, ReceptionView } from '../receptions.service.ts';
import { ErrorSummary, Field, formatWhen, Select, TextArea, type FieldErrors } from './controls.tsx';
import { PostForm } from '../../../views/post-form.tsx';

type Values = Record<string, string>;

const STATUS_KEYS: Record<string, string> = {
  scheduled: 'forums.meetingStatus.scheduled',
  held: 'forums.meetingStatus.held',
  cancelled: 'forums.meetingStatus.cancelled',
};
const PRIVACY_KEYS: Record<string, string> = {
  public: 'forums.reception.privacyPublic',
  name_hidden: 'forums.reception.privacyNameHidden',
  anonymous: 'forums.reception.privacyAnonymous',
};

export function ReceptionsPage(p: {
  areaGroups: AreaChoiceGroup[];
  t: Translate;
  locale: Locale;
  csrf: string;
  items: ReceptionView[];
  canCreate: boolean;
  values: Values;
  errors: FieldErrors;
}) {
  const { t, values: v } = p;
  return (
    <section>
      <h1>{t('forums.reception.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      {p.items.length ? (
        <ul>
          {p.items.map((r) => (
            <li key={r.id}>
              <a href={`/staff/receptions/${r.id}`}>
                {r.place} — {formatWhen(p.locale, r.startsAt, t)}
              </a>{' '}
              · {r.van} · {t(STATUS_KEYS[r.status] ?? 'forums.meetingStatus.scheduled')}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('forums.reception.none')}</p>
      )}
      {p.canCreate ? (
        <>
          <h2>{t('forums.reception.schedule')}</h2>
          <PostForm action="/staff/receptions" csrf={p.csrf} submit={t('forums.reception.schedule')}>
            <AreaPicker
              id="areaCode"
              label={t('forums.field.area')}
              groups={p.areaGroups}
              value={v.areaCode}
              errors={p.errors}
            />
            <Field id="van" label={t('forums.reception.van')} value={v.van} errors={p.errors} required />
            <Field id="place" label={t('forums.field.place')} value={v.place} errors={p.errors} required />
            <Field
              id="date"
              type="date"
              label={t('forums.field.date')}
              value={v.date}
              errors={p.errors}
              required
            />
            <Field
              id="startTime"
              type="time"
              label={t('forums.field.startTime')}
              value={v.startTime ?? '10:00'}
              errors={p.errors}
              required
            />
            <Field
              id="endTime"
              type="time"
              label={t('forums.field.endTime')}
              value={v.endTime ?? '14:00'}
              errors={p.errors}
              required
            />
            <TextArea
              id="officers"
              label={t('forums.reception.officers')}
              hint={t('forums.reception.officersHint')}
              value={v.officers}
              errors={p.errors}
            />
            <TextArea id="notice" label={t('forums.reception.notice')} value={v.notice} errors={p.errors} />
          </PostForm>
        </>
      ) : null}
    </section>
  );
}

export function ReceptionPage(p: {
  t: Translate;
  locale: Locale;
  csrf: string;
  d: ReceptionDetail;
  categories: { value: string; label: string }[];
  canManage: boolean;
  receipt: string | null;
  values: Values;
  errors: FieldErrors;
  form: string | null;
}) {
  const { t, d, values: v } = p;
  const r = d.reception;
  const errs = (f: string) => (p.form === f ? p.errors : {});
  return (
    <section>
      <h1>
        {r.place} — {formatWhen(p.locale, r.startsAt, t)}
      </h1>
      <ErrorSummary errors={p.errors} t={t} />
      {p.receipt ? <p role="status">{t('forums.reception.receipt', { receipt: p.receipt })}</p> : null}
      <dl>
        <dt>{t('forums.reception.van')}</dt>
        <dd>{r.van}</dd>
        <dt>{t('forums.reception.officers')}</dt>
        <dd>{r.officers.join(', ')}</dd>
        <dt>{t('forums.field.status')}</dt>
        <dd>{t(STATUS_KEYS[r.status] ?? 'forums.meetingStatus.scheduled')}</dd>
        <dt>{t('forums.reception.peopleReceived')}</dt>
        <dd>{String(r.peopleReceived)}</dd>
      </dl>
      <h2>{t('forums.reception.concerns')}</h2>
      {d.concerns.length ? (
        <ul>
          {d.concerns.map((c) => (
            <li key={c.id}>
              {c.reference} · {c.category} · {t(PRIVACY_KEYS[c.privacy] ?? 'forums.reception.privacyPublic')}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('forums.reception.noConcerns')}</p>
      )}
      {p.canManage ? (
        <>
          <h2>{t('forums.reception.log')}</h2>
          <PostForm
            action={`/staff/receptions/${r.id}/visit`}
            csrf={p.csrf}
            submit={t('forums.reception.saveLog')}
          >
            <Select
              id="status"
              label={t('forums.field.status')}
              value={v.status ?? r.status}
              errors={errs('visit')}
              options={['scheduled', 'held', 'cancelled'].map((s) => ({
                value: s,
                label: t(STATUS_KEYS[s]!),
              }))}
            />
            <Field
              id="peopleReceived"
              type="number"
              inputmode="numeric"
              label={t('forums.reception.peopleReceived')}
              value={v.peopleReceived ?? String(r.peopleReceived)}
              errors={errs('visit')}
            />
          </PostForm>
          <h2>{t('forums.reception.addConcern')}</h2>
          <PostForm
            action={`/staff/receptions/${r.id}/concerns`}
            csrf={p.csrf}
            submit={t('forums.reception.addConcern')}
          >
            <Select
              id="category"
              label={t('forums.reception.category')}
              value={v.category}
              errors={errs('concern')}
              options={p.categories}
            />
            <TextArea
              id="description"
              label={t('forums.reception.description')}
              hint={t('forums.reception.descriptionHint')}
              value={v.description}
              errors={errs('concern')}
            />
            <Select
              id="privacy"
              label={t('forums.reception.privacy')}
              hint={t('forums.reception.privacyHint')}
              value={v.privacy ?? 'name_hidden'}
              errors={errs('concern')}
              options={['public', 'name_hidden', 'anonymous'].map((x) => ({
                value: x,
                label: t(PRIVACY_KEYS[x]!),
              }))}
            />
            <Field
              id="contactName"
              label={t('forums.partnership.contactName')}
              value={v.contactName}
              errors={errs('concern')}
            />
            <Field
              id="contactPhone"
              type="tel"
              label={t('forums.partnership.phone')}
              value={v.contactPhone}
              errors={errs('concern')}
            />
          </PostForm>
        </>
      ) : null}
      <p>
        <a href="/staff/receptions">{t('forums.reception.title')}</a>
      </p>
    </section>
  );
}

export function PublicReceptionsPage(p: { t: Translate; locale: Locale; items: PublicReceptionView[] }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.forums.reception.title')}</h1>
      <p>{t('resident.forums.reception.intro')}</p>
      {p.items.length ? (
        <ul>
          {p.items.map((r) => (
            <li key={r.id}>
              <strong>{r.place}</strong> — {formatWhen(p.locale, r.startsAt, t)}.{' '}
              {t('resident.forums.reception.officers', { names: r.officers.join(', ') })}
              {r.status === 'cancelled' ? ` ${t('resident.forums.meeting.cancelled')}` : ''}
              {r.notice ? <p>{r.notice}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('resident.forums.reception.none')}</p>
      )}
    </section>
  );
}
