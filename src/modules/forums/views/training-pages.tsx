/**
 * Staff pages for trainings and cross-border workshops: the list with the form to organise one, and
 * the event page (agenda per day, materials, registration, participants by country and organisation,
 * attendance per day, the evaluation form and its summary, the XLSX export).
 */
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import type { Locale, Translate } from '../../../shared/i18n.ts';
import { LOCALE_TAGS } from '../../../shared/i18n.ts';
import type { MaterialView } from '../materials.service.ts';
import {
  COUNTRIES,
  SCORE_FIELDS,
  type EvaluationSummary,
  type RegistrationView,
  type TrainingView,
} from '../trainings.service.ts';
import { described } from '../../../views/form.tsx';
import {
  Csrf,
  ErrorSummary,
  Field,
  FieldError,
  Select,
  TextArea,
  type FieldErrors,
  type FormPageProps,
} from './controls.tsx';
import { COUNTRY_KEYS, label, REGISTRATION_STATUS_KEYS, SCORE_KEYS } from './labels.ts';
import { MaterialsSection } from './materials.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import { DataTable } from '../../../views/data-table.tsx';

type Values = Record<string, string>;

/** Rows of the create form for organisers and partner agencies (works without JavaScript). */
export const ORGANISER_ROWS = 3;
export const PARTNER_ROWS = 6;

export function formatDay(locale: Locale, day: string): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

const countryName = (t: Translate, c: string) => t(label(COUNTRY_KEYS, c, 'forums.country.OTHER'));
const countryOptions = (t: Translate, empty?: string) => [
  ...(empty !== undefined ? [{ value: '', label: empty }] : []),
  ...COUNTRIES.map((c) => ({ value: c, label: countryName(t, c) })),
];

export function TrainingsListPage(
  p: FormPageProps & { items: TrainingView[]; canCreate: boolean; areaGroups: AreaChoiceGroup[] },
) {
  const { t, values: v, errors } = p;
  return (
    <section>
      <h1>{t('forums.training.title')}</h1>
      <ErrorSummary errors={errors} t={t} />
      <DataTable
        rows={p.items}
        head={[
          t('forums.training.field.title'),
          t('forums.training.field.dates'),
          t('forums.field.place'),
          t('forums.training.field.seats'),
        ]}
        empty={t('forums.training.empty')}
        row={(e) => (
          <tr key={e.id}>
            <td>
              <a href={`/staff/events/${e.id}`}>{e.title}</a>
            </td>
            <td>
              {t('forums.training.dateRange', {
                from: formatDay(p.locale, e.startsOn),
                to: formatDay(p.locale, e.endsOn),
              })}
            </td>
            <td>{e.place}</td>
            <td>{t('forums.training.seatsLine', { taken: e.seatsTaken, limit: e.seatLimit })}</td>
          </tr>
        )}
      />
      {p.canCreate ? (
        <>
          <h2>{t('forums.training.create')}</h2>
          <PostForm action="/staff/events" csrf={p.csrf} submit={t('forums.training.create')}>
            <Field
              id="title"
              label={t('forums.training.field.title')}
              value={v.title}
              errors={errors}
              required
            />
            <AreaPicker
              id="areaCode"
              label={t('forums.field.area')}
              groups={p.areaGroups}
              value={v.areaCode}
              errors={errors}
            />
            <Field id="place" label={t('forums.field.place')} value={v.place} errors={errors} required />
            <Field
              id="startsOn"
              type="date"
              label={t('forums.training.field.startsOn')}
              value={v.startsOn}
              errors={errors}
              required
            />
            <Field
              id="endsOn"
              type="date"
              label={t('forums.training.field.endsOn')}
              value={v.endsOn}
              errors={errors}
              required
            />
            <Field
              id="seatLimit"
              type="number"
              inputmode="numeric"
              label={t('forums.training.field.seatLimit')}
              value={v.seatLimit}
              errors={errors}
              required
            />
            <fieldset>
              <legend>{t('forums.training.field.organisers')}</legend>
              {Array.from({ length: ORGANISER_ROWS }, (_, i) => (
                <div class="row" key={`o${i}`}>
                  <Field
                    id={`organiserName${i + 1}`}
                    label={t('forums.training.field.organiserName', { n: i + 1 })}
                    value={v[`organiserName${i + 1}`]}
                    errors={errors}
                  />
                  <Select
                    id={`organiserCountry${i + 1}`}
                    label={t('forums.training.field.organiserCountry', { n: i + 1 })}
                    value={v[`organiserCountry${i + 1}`] ?? 'KG'}
                    errors={errors}
                    options={countryOptions(t)}
                  />
                </div>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('forums.training.field.partners')}</legend>
              <p class="hint">{t('forums.training.field.partnersHint')}</p>
              {Array.from({ length: PARTNER_ROWS }, (_, i) => (
                <div class="row" key={`p${i}`}>
                  <Field
                    id={`partnerName${i + 1}`}
                    label={t('forums.training.field.partnerName', { n: i + 1 })}
                    value={v[`partnerName${i + 1}`]}
                    errors={errors}
                  />
                  <Select
                    id={`partnerCountry${i + 1}`}
                    label={t('forums.training.field.partnerCountry', { n: i + 1 })}
                    value={v[`partnerCountry${i + 1}`] ?? ''}
                    errors={errors}
                    options={countryOptions(t, t('forums.training.field.chooseCountry'))}
                  />
                </div>
              ))}
            </fieldset>
            <TextArea
              id="description"
              label={t('forums.field.description')}
              value={v.description}
              errors={errors}
            />
          </PostForm>
        </>
      ) : null}
    </section>
  );
}

export interface TrainingDetail {
  event: TrainingView;
  days: string[];
  sessions: Array<{ day: string; time: string; title: string; speakers: string[] }>;
  participants: RegistrationView[] | null;
  canManage: boolean;
  mine: RegistrationView | null;
  evaluated: boolean;
}

function Parties(p: { t: Translate; list: Array<{ name: string; country: string }> }) {
  return (
    <ul>
      {p.list.map((x, i) => (
        <li key={i}>
          {x.name} — {countryName(p.t, x.country)}
        </li>
      ))}
    </ul>
  );
}

function ScoreSelect(p: {
  t: Translate;
  id: 'relevance' | 'quality' | 'organisation';
  value?: string;
  errors: FieldErrors;
}) {
  const { t } = p;
  return (
    <fieldset id={p.id} {...described(p.errors, p.id)}>
      <legend>{t(SCORE_KEYS[p.id])}</legend>
      <p class="hint">{t('forums.training.eval.scale')}</p>
      {[1, 2, 3, 4, 5].map((n) => (
        <span key={n} class="choice">
          <input
            type="radio"
            id={`${p.id}-${n}`}
            name={p.id}
            value={String(n)}
            checked={p.value === String(n)}
            required
          />{' '}
          <label for={`${p.id}-${n}`}>{String(n)}</label>{' '}
        </span>
      ))}
      <FieldError id={p.id} errors={p.errors} />
    </fieldset>
  );
}

function EvaluationForm(p: {
  t: Translate;
  id: string;
  csrf: string;
  values: Values;
  errors: FieldErrors;
  paper: boolean;
}) {
  const { t, values: v, errors } = p;
  return (
    <PostForm
      action={`/staff/events/${p.id}/evaluation`}
      csrf={p.csrf}
      submit={t('forums.training.eval.submit')}
    >
      {p.paper ? (
        <p class="hint">{t('forums.training.eval.paperHint')}</p>
      ) : (
        <p class="hint">{t('forums.training.eval.anonymousHint')}</p>
      )}
      {SCORE_FIELDS.map((f) => (
        <ScoreSelect key={f} t={t} id={f} value={v[f]} errors={errors} />
      ))}
      <Select
        id="willApply"
        label={t('forums.training.eval.willApply')}
        value={v.willApply ?? ''}
        errors={errors}
        options={[
          { value: '', label: t('forums.training.eval.choose') },
          { value: 'yes', label: t('forums.training.eval.yes') },
          { value: 'no', label: t('forums.training.eval.no') },
        ]}
      />
      <TextArea id="comment" label={t('forums.training.eval.comment')} value={v.comment} errors={errors} />
    </PostForm>
  );
}

function SummaryTable(p: { t: Translate; s: EvaluationSummary }) {
  const { t, s } = p;
  return (
    <>
      <p>{t('forums.training.eval.responses', { n: s.responses })}</p>
      <div class="table-wrap">
        <table>
          <caption>{t('forums.training.eval.summaryCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('forums.training.eval.question')}</th>
              <th scope="col">{t('forums.training.eval.mean')}</th>
              {[1, 2, 3, 4, 5].map((n) => (
                <th scope="col" key={n}>
                  {String(n)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {SCORE_FIELDS.map((f) => (
              <tr key={f}>
                <th scope="row">{t(SCORE_KEYS[f])}</th>
                <td>{s.means[f] === null ? '—' : s.means[f]!.toFixed(2)}</td>
                {s.distribution[f].map((n, i) => (
                  <td key={i}>{String(n)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>{t('forums.training.eval.willApplyLine', { n: s.willApply, total: s.responses })}</p>
      {s.comments.length ? (
        <>
          <h3>{t('forums.training.eval.comments')}</h3>
          <ul>
            {s.comments.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function TrainingPage(
  p: FormPageProps & {
    d: TrainingDetail;
    summary: EvaluationSummary | null;
    materials: MaterialView[];
    form: string | null;
    selfName: string;
  },
) {
  const { t, d } = p;
  const e = d.event;
  const errs = (f: string) => (p.form === f ? p.errors : {});
  const v = p.values;
  const dayLabel = (day: string) =>
    t('forums.training.dayLabel', { n: d.days.indexOf(day) + 1, date: formatDay(p.locale, day) });
  const participants = d.participants ?? [];
  const approved = participants.filter((x) => x.status === 'approved');
  const byCountry = new Map<string, RegistrationView[]>();
  for (const x of participants) byCountry.set(x.country, [...(byCountry.get(x.country) ?? []), x]);
  const orgCounts = new Map<string, { country: string; organisation: string; n: number }>();
  for (const x of approved) {
    const k = `${x.country}\u0000${x.organisationName}`;
    const c = orgCounts.get(k) ?? { country: x.country, organisation: x.organisationName, n: 0 };
    c.n++;
    orgCounts.set(k, c);
  }
  const mayEvaluate = d.canManage || (d.mine?.status === 'approved' && !d.evaluated);
  return (
    <section>
      <h1>{e.title}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <p>
        <a href="/staff/events">{t('forums.training.title')}</a>
      </p>
      <dl>
        <dt>{t('forums.training.field.dates')}</dt>
        <dd>
          {t('forums.training.dateRange', {
            from: formatDay(p.locale, e.startsOn),
            to: formatDay(p.locale, e.endsOn),
          })}
        </dd>
        <dt>{t('forums.field.place')}</dt>
        <dd>{e.place}</dd>
        <dt>{t('forums.field.area')}</dt>
        <dd>{e.areaCode}</dd>
        <dt>{t('forums.training.field.seats')}</dt>
        <dd>{t('forums.training.seatsLine', { taken: e.seatsTaken, limit: e.seatLimit })}</dd>
      </dl>
      {e.description ? <p>{e.description}</p> : null}
      <h2>{t('forums.training.field.organisers')}</h2>
      <Parties t={t} list={e.organisers} />
      {e.partners.length ? (
        <>
          <h2>{t('forums.training.field.partners')}</h2>
          <Parties t={t} list={e.partners} />
        </>
      ) : null}

      <h2>{t('forums.training.agenda')}</h2>
      {d.days.map((day) => {
        const list = d.sessions.filter((s) => s.day === day);
        return (
          <div key={day}>
            <h3>{dayLabel(day)}</h3>
            <DataTable
              rows={list}
              head={[
                t('forums.training.field.time'),
                t('forums.training.field.session'),
                t('forums.training.field.speakers'),
              ]}
              empty={t('forums.training.noSessions')}
              row={(s, i) => (
                <tr key={i}>
                  <td>{s.time}</td>
                  <td>{s.title}</td>
                  <td>{s.speakers.join(', ')}</td>
                </tr>
              )}
            />
          </div>
        );
      })}
      {d.canManage ? (
        <PostForm
          action={`/staff/events/${e.id}/sessions`}
          csrf={p.csrf}
          submit={t('forums.training.addSession')}
        >
          <h3>{t('forums.training.addSession')}</h3>
          <Select
            id="day"
            label={t('forums.training.field.day')}
            value={v.day ?? d.days[0]}
            errors={errs('session')}
            options={d.days.map((day) => ({ value: day, label: dayLabel(day) }))}
          />
          <Field
            id="time"
            type="time"
            label={t('forums.training.field.time')}
            value={v.time}
            errors={errs('session')}
            required
          />
          <Field
            id="sessionTitle"
            label={t('forums.training.field.session')}
            value={v.sessionTitle}
            errors={errs('session')}
            required
          />
          <Field
            id="speakers"
            label={t('forums.training.field.speakers')}
            hint={t('forums.training.field.speakersHint')}
            value={v.speakers}
            errors={errs('session')}
          />
        </PostForm>
      ) : null}

      <MaterialsSection
        t={t}
        csrf={p.csrf}
        action={`/staff/events/${e.id}/materials`}
        items={p.materials}
        canManage={d.canManage}
        allowPublic={false}
        errors={errs('material')}
        values={v}
      />

      <h2>{t('forums.training.registration')}</h2>
      {d.mine ? (
        <p>
          {t('forums.training.yourStatus', {
            status: t(label(REGISTRATION_STATUS_KEYS, d.mine.status, 'forums.training.status.pending')),
          })}
        </p>
      ) : null}
      {!d.mine || d.canManage ? (
        <PostForm
          action={`/staff/events/${e.id}/register`}
          csrf={p.csrf}
          submit={d.canManage ? t('forums.training.registerOther') : t('forums.training.registerSelf')}
        >
          <p class="hint">
            {d.canManage ? t('forums.training.registerOtherHint') : t('forums.training.registerSelfHint')}
          </p>
          <Field
            id="fullName"
            label={t('forums.training.field.fullName')}
            value={v.fullName ?? (d.canManage ? '' : p.selfName)}
            errors={errs('register')}
            required
          />
          <Field
            id="organisationName"
            label={t('forums.training.field.organisation')}
            value={v.organisationName}
            errors={errs('register')}
            required
          />
          <Select
            id="country"
            label={t('forums.training.field.country')}
            value={v.country ?? 'KG'}
            errors={errs('register')}
            options={countryOptions(t)}
          />
        </PostForm>
      ) : null}

      {d.participants ? (
        <>
          <h2 id="participants">{t('forums.training.participants')}</h2>
          <p>
            <a href={`/api/v1/events/${e.id}/export.xlsx`} download>
              {t('forums.training.export')}
            </a>
          </p>
          {participants.length === 0 ? <p>{t('forums.training.noParticipants')}</p> : null}
          {[...byCountry.entries()].map(([country, list]) => (
            <div key={country}>
              <h3>
                {t('forums.training.countryHeading', { country: countryName(t, country), n: list.length })}
              </h3>
              <DataTable
                rows={list}
                head={[
                  t('forums.training.field.fullName'),
                  t('forums.training.field.organisation'),
                  t('forums.training.field.status'),
                  t('forums.training.field.daysAttended'),
                  t('forums.training.field.decision'),
                ]}
                row={(x) => (
                  <tr key={x.id}>
                    <td>{x.fullName}</td>
                    <td>{x.organisationName}</td>
                    <td>{t(label(REGISTRATION_STATUS_KEYS, x.status, 'forums.training.status.pending'))}</td>
                    <td>{String(x.daysAttended.length)}</td>
                    <td>
                      {x.status !== 'approved' ? (
                        <form
                          method="post"
                          action={`/staff/events/${e.id}/registrations/${x.id}`}
                          class="inline"
                        >
                          <Csrf token={p.csrf} />
                          <input type="hidden" name="decision" value="approved" />
                          <button
                            type="submit"
                            aria-label={t('forums.training.approveWho', { name: x.fullName })}
                          >
                            {t('forums.training.approve')}
                          </button>
                        </form>
                      ) : null}{' '}
                      {x.status !== 'rejected' ? (
                        <form
                          method="post"
                          action={`/staff/events/${e.id}/registrations/${x.id}`}
                          class="inline"
                        >
                          <Csrf token={p.csrf} />
                          <input type="hidden" name="decision" value="rejected" />
                          <button
                            type="submit"
                            aria-label={t('forums.training.rejectWho', { name: x.fullName })}
                          >
                            {t('forums.training.reject')}
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                )}
              />
            </div>
          ))}
          {orgCounts.size ? (
            <DataTable
              rows={[...orgCounts.values()]}
              head={[
                t('forums.training.field.country'),
                t('forums.training.field.organisation'),
                t('forums.training.field.approvedCount'),
              ]}
              caption={t('forums.training.byOrganisation')}
              row={(c, i) => (
                <tr key={i}>
                  <td>{countryName(t, c.country)}</td>
                  <td>{c.organisation}</td>
                  <td>{String(c.n)}</td>
                </tr>
              )}
            />
          ) : null}

          <h2>{t('forums.training.attendance')}</h2>
          {approved.length === 0 ? <p>{t('forums.training.noApproved')}</p> : null}
          {approved.length
            ? d.days.map((day, i) => (
                <PostForm
                  key={day}
                  action={`/staff/events/${e.id}/attendance`}
                  csrf={p.csrf}
                  submit={t('forums.training.saveAttendance', { n: i + 1 })}
                >
                  <input type="hidden" name="day" value={day} />
                  <fieldset>
                    <legend>{dayLabel(day)}</legend>
                    {approved.map((x) => (
                      <div key={x.id}>
                        <input
                          type="checkbox"
                          id={`present-${i}-${x.id}`}
                          name="present"
                          value={x.id}
                          checked={x.daysAttended.includes(day)}
                        />{' '}
                        <label for={`present-${i}-${x.id}`}>
                          {x.fullName} ({x.organisationName})
                        </label>
                      </div>
                    ))}
                  </fieldset>
                </PostForm>
              ))
            : null}
        </>
      ) : null}

      <h2 id="evaluation">{t('forums.training.evaluation')}</h2>
      {d.evaluated ? <p>{t('forums.training.eval.thanks')}</p> : null}
      {mayEvaluate ? (
        <EvaluationForm
          t={t}
          id={e.id}
          csrf={p.csrf}
          values={v}
          errors={errs('evaluation')}
          paper={d.canManage}
        />
      ) : !d.evaluated ? (
        <p>{t('forums.training.eval.onlyParticipants')}</p>
      ) : null}
      {p.summary ? <SummaryTable t={t} s={p.summary} /> : null}
    </section>
  );
}
