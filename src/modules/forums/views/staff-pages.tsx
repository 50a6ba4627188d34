/** Staff pages for forums: list and create, a forum, a meeting, one's commitments, a partnership. */
import type { Translate } from '../../../shared/i18n.ts';
import { LOCALE_NAMES, LOCALES } from '../../../shared/i18n.ts';
import type { MaterialView } from '../materials.service.ts';
import type { RsvpAnswer } from '../forums.types.ts';
import { MaterialsSection } from './materials.tsx';
import { chosenOf, InviteChoice, RsvpChoice } from './invitations.tsx';
import { orgKindKey } from '../../accounts/views/labels.ts';
import type { Composition, Cell } from '../composition.ts';
import type { ForumDetail, MeetingDetail } from '../forums.service.ts';
import type { CommitmentView, ForumView } from '../forums.presenter.ts';
import {
  COMMITMENT_STATUSES,
  FORUM_KINDS,
  MEETING_MODES,
  MEETING_STATUSES,
  MEMBER_ROLES,
  REF_KINDS,
  VISIBILITIES,
} from '../forums.types.ts';
import type { PartnershipView } from '../partnerships.service.ts';
import { AGE_BANDS, GENDERS } from '../composition.ts';
import { Csrf, ErrorSummary, Field, formatWhen, Select, TextArea, type FormPageProps } from './controls.tsx';
import {
  AGE_BAND_KEYS,
  COMMITMENT_STATUS_KEYS,
  FORUM_KIND_KEYS,
  GENDER_KEYS,
  label,
  MEETING_STATUS_KEYS,
  MEMBER_ROLE_KEYS,
  MODE_KEYS,
  PARTNERSHIP_STATUS_KEYS,
  REF_KIND_KEYS,
  RSVP_KEYS,
  VISIBILITY_KEYS,
} from './labels.ts';
import { PostForm } from '../../../views/post-form.tsx';
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { AreaPicker, areaLabelsOf } from '../../../views/area-picker.tsx';
import {
  OrganisationPicker,
  PersonPicker,
  type OrganisationChoice,
  type PersonChoice,
} from '../../../views/pickers.tsx';
import { DataTable } from '../../../views/data-table.tsx';

export function ForumsListPage(
  p: FormPageProps & { items: ForumView[]; canCreate: boolean; areaGroups: AreaChoiceGroup[] },
) {
  const areaLabels = areaLabelsOf(p.areaGroups);
  const { t } = p;
  return (
    <section>
      <h1>{t('forums.list.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <p>
        <a href="/staff/commitments">{t('forums.commitments.title')}</a> ·{' '}
        <a href="/forums/calendar">{t('forums.list.publicCalendar')}</a> ·{' '}
        <a href="/staff/receptions">{t('forums.reception.title')}</a> ·{' '}
        <a href="/staff/events">{t('forums.training.title')}</a>
      </p>
      <DataTable
        rows={p.items}
        head={[t('forums.field.name'), t('forums.field.kind'), t('forums.field.area')]}
        empty={t('forums.list.empty')}
        row={(f) => (
          <tr key={f.id}>
            <td>
              <a href={`/staff/forums/${f.id}`}>{f.name}</a>
            </td>
            <td>{t(label(FORUM_KIND_KEYS, f.kind, 'forums.kind.other'))}</td>
            <td>{areaLabels.get(f.areaCode) ?? f.areaCode}</td>
          </tr>
        )}
      />
      {p.canCreate ? (
        <>
          <h2>{t('forums.list.create')}</h2>
          <PostForm action="/staff/forums" csrf={p.csrf} submit={t('forums.list.create')}>
            <Field
              id="name"
              label={t('forums.field.name')}
              value={p.values.name}
              errors={p.errors}
              required
            />
            <Select
              id="kind"
              label={t('forums.field.kind')}
              value={p.values.kind}
              errors={p.errors}
              options={FORUM_KINDS.map((k) => ({ value: k, label: t(FORUM_KIND_KEYS[k]) }))}
            />
            <AreaPicker
              id="areaCode"
              label={t('forums.field.area')}
              groups={p.areaGroups}
              value={p.values.areaCode}
              errors={p.errors}
            />
            <TextArea
              id="description"
              label={t('forums.field.description')}
              value={p.values.description}
              errors={p.errors}
            />
          </PostForm>
        </>
      ) : null}
    </section>
  );
}

function CompositionTable(p: {
  t: Translate;
  caption: string;
  cells: Cell[];
  min: number;
  keyLabel: (k: string) => string;
}) {
  const { t } = p;
  return (
    <DataTable
      rows={p.cells}
      head={[t('forums.composition.group'), t('forums.composition.count')]}
      caption={p.caption}
      row={(c) => (
        <tr key={c.key}>
          <th scope="row">{p.keyLabel(c.key)}</th>
          <td>{c.count === null ? t('forums.composition.suppressed', { min: p.min }) : String(c.count)}</td>
        </tr>
      )}
    />
  );
}

function CompositionSection(p: { t: Translate; c: Composition }) {
  const { t, c } = p;
  return (
    <section aria-labelledby="composition">
      <h2 id="composition">{t('forums.composition.title')}</h2>
      <p>{t('forums.composition.intro', { total: c.total, min: c.minCell })}</p>
      <CompositionTable
        t={t}
        caption={t('forums.composition.byOrganisation')}
        cells={c.byOrganisationKind}
        min={c.minCell}
        keyLabel={(k) => (k === 'not_recorded' ? t('forums.composition.noOrganisation') : t(orgKindKey(k)))}
      />
      <CompositionTable
        t={t}
        caption={t('forums.composition.byGender')}
        cells={c.byGender}
        min={c.minCell}
        keyLabel={(k) => t(label(GENDER_KEYS, k, 'forums.notRecorded'))}
      />
      <CompositionTable
        t={t}
        caption={t('forums.composition.byAge')}
        cells={c.byAgeBand}
        min={c.minCell}
        keyLabel={(k) => t(label(AGE_BAND_KEYS, k, 'forums.notRecorded'))}
      />
    </section>
  );
}

export function ForumPage(
  p: FormPageProps & {
    d: ForumDetail;
    form: 'member' | 'meeting' | null;
    people: PersonChoice[];
    organisations: OrganisationChoice[];
  },
) {
  const { t, d } = p;
  const memberErrors = p.form === 'member' ? p.errors : {};
  const meetingErrors = p.form === 'meeting' ? p.errors : {};
  const v = p.values;
  return (
    <section>
      <h1>{d.forum.name}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <p>
        {t(label(FORUM_KIND_KEYS, d.forum.kind, 'forums.kind.other'))} · {d.forum.areaCode}
      </p>
      {d.forum.description ? <p>{d.forum.description}</p> : null}
      <p>
        <a href={`/forums/${d.forum.id}/calendar.ics`}>{t('forums.forum.icsLink')}</a>
      </p>

      <h2>{t('forums.meetings.title')}</h2>
      {d.meetings.length ? (
        <ul>
          {d.meetings.map((m) => (
            <li key={m.id}>
              <a href={`/staff/meetings/${m.id}`}>{m.title}</a> — {formatWhen(p.locale, m.startsAt, t)} ·{' '}
              {t(label(MEETING_STATUS_KEYS, m.status, 'forums.meetingStatus.scheduled'))} ·{' '}
              {t(label(VISIBILITY_KEYS, m.visibility, 'forums.visibility.members'))}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('forums.meetings.none')}</p>
      )}

      <h2>{t('forums.commitments.open')}</h2>
      <CommitmentTable t={p.t} items={d.openCommitments} />

      <h2>{t('forums.members.title')}</h2>
      <DataTable
        rows={d.members}
        empty={d.personalData ? undefined : t('forums.members.namesHidden')}
        head={[
          t('forums.field.memberName'),
          t('forums.field.organisation'),
          t('forums.field.role'),
          t('forums.field.term'),
        ]}
        row={(m) => (
          <tr key={m.id}>
            <td>{m.displayName}</td>
            <td>
              {m.organisationId && m.organisationName ? (
                <a href={`/staff/organisations/${m.organisationId}/partnership`}>{m.organisationName}</a>
              ) : (
                '—'
              )}
            </td>
            <td>{t(label(MEMBER_ROLE_KEYS, m.role, 'forums.role.member'))}</td>
            <td>
              {m.termStart} – {m.termEnd ?? ''}
            </td>
          </tr>
        )}
      />

      <CompositionSection t={t} c={d.composition} />

      {d.canManageMeetings ? (
        <>
          <h2 id="schedule">{t('forums.meetings.schedule')}</h2>
          <PostForm
            action={`/staff/forums/${d.forum.id}/meetings`}
            csrf={p.csrf}
            submit={t('forums.meetings.schedule')}
          >
            <Field
              id="title"
              label={t('forums.field.title')}
              value={v.title}
              errors={meetingErrors}
              required
            />
            <Field
              id="date"
              type="date"
              label={t('forums.field.date')}
              value={v.date}
              errors={meetingErrors}
              required
            />
            <Field
              id="startTime"
              type="time"
              label={t('forums.field.startTime')}
              value={v.startTime ?? '10:00'}
              errors={meetingErrors}
              required
            />
            <Field
              id="endTime"
              type="time"
              label={t('forums.field.endTime')}
              value={v.endTime ?? '12:00'}
              errors={meetingErrors}
              required
            />
            <Select
              id="utcOffset"
              label={t('forums.field.timeZone')}
              value={v.utcOffset ?? '+06:00'}
              errors={meetingErrors}
              options={[
                { value: '+06:00', label: t('forums.tz.kg') },
                { value: '+05:00', label: t('forums.tz.kzTj') },
                { value: '+00:00', label: t('forums.tz.utc') },
              ]}
            />
            <Select
              id="mode"
              label={t('forums.field.mode')}
              value={v.mode}
              errors={meetingErrors}
              options={MEETING_MODES.map((m) => ({ value: m, label: t(MODE_KEYS[m]) }))}
            />
            <Field
              id="place"
              label={t('forums.field.place')}
              value={v.place}
              errors={meetingErrors}
              required
            />
            <Field
              id="onlineUrl"
              type="url"
              label={t('forums.field.onlineUrl')}
              value={v.onlineUrl}
              errors={meetingErrors}
            />
            <Select
              id="visibility"
              label={t('forums.field.visibility')}
              value={v.visibility}
              errors={meetingErrors}
              options={VISIBILITIES.map((x) => ({ value: x, label: t(VISIBILITY_KEYS[x]) }))}
            />
            <TextArea
              id="agenda"
              label={t('forums.field.agenda')}
              hint={t('forums.field.agendaHint')}
              value={v.agenda}
              errors={meetingErrors}
            />
            <InviteChoice
              t={t}
              members={d.members.filter((m) => m.current).map((m) => ({ id: m.id, name: m.displayName }))}
              chosen={p.form === 'meeting' ? chosenOf(p.values) : null}
              errors={meetingErrors}
              prefix="invite"
            />
          </PostForm>
        </>
      ) : null}

      {d.canManage ? (
        <>
          <h2 id="add-member">{t('forums.members.add')}</h2>
          <PostForm
            action={`/staff/forums/${d.forum.id}/members`}
            csrf={p.csrf}
            submit={t('forums.members.add')}
          >
            <Field
              id="displayName"
              label={t('forums.field.memberName')}
              value={v.displayName}
              errors={memberErrors}
            />
            <PersonPicker
              id="personId"
              label={t('forums.field.personId')}
              hint={t('forums.field.personIdHint')}
              people={p.people}
              noOrganisation={t('pickers.person.noOrganisation')}
              emptyLabel={t('pickers.person.none')}
              value={v.personId}
              errors={memberErrors}
            />
            <OrganisationPicker
              id="organisationId"
              label={t('forums.field.organisationId')}
              hint={t('forums.field.organisationIdHint')}
              organisations={p.organisations}
              emptyLabel={t('pickers.organisation.none')}
              value={v.organisationId}
              errors={memberErrors}
            />
            <Select
              id="role"
              label={t('forums.field.role')}
              value={v.role ?? 'member'}
              errors={memberErrors}
              options={MEMBER_ROLES.map((r) => ({ value: r, label: t(MEMBER_ROLE_KEYS[r]) }))}
            />
            <Field
              id="termStart"
              type="date"
              label={t('forums.field.termStart')}
              value={v.termStart}
              errors={memberErrors}
              required
            />
            <Field
              id="termEnd"
              type="date"
              label={t('forums.field.termEnd')}
              value={v.termEnd}
              errors={memberErrors}
            />
            <Select
              id="gender"
              label={t('forums.field.gender')}
              hint={t('forums.field.optionalAggregate')}
              value={v.gender ?? ''}
              errors={memberErrors}
              options={[
                { value: '', label: t('forums.notRecorded') },
                ...GENDERS.map((g) => ({ value: g, label: t(GENDER_KEYS[g]) })),
              ]}
            />
            <Select
              id="ageBand"
              label={t('forums.field.ageBand')}
              hint={t('forums.field.optionalAggregate')}
              value={v.ageBand ?? ''}
              errors={memberErrors}
              options={[
                { value: '', label: t('forums.notRecorded') },
                ...AGE_BANDS.map((a) => ({ value: a, label: t(AGE_BAND_KEYS[a]) })),
              ]}
            />
          </PostForm>
        </>
      ) : null}
      <p>
        <a href="/staff/forums">{t('forums.list.back')}</a>
      </p>
    </section>
  );
}

function CommitmentTable(p: { t: Translate; items: CommitmentView[]; csrf?: string; showForum?: boolean }) {
  const { t } = p;
  return (
    <DataTable
      rows={p.items}
      empty={t('forums.commitments.none')}
      head={[
        t('forums.field.commitment'),
        p.showForum && t('forums.field.forum'),
        t('forums.field.owner'),
        t('forums.field.deadline'),
        t('forums.field.status'),
      ]}
      row={(c) => (
        <tr key={c.id}>
          <td>{c.text}</td>
          {p.showForum ? <td>{c.forumName ?? ''}</td> : null}
          <td>{c.ownerName ?? ''}</td>
          <td>{c.deadline}</td>
          <td>
            {p.csrf ? (
              <form method="post" action={`/staff/commitments/${c.id}`} class="inline">
                <Csrf token={p.csrf} />
                <label for={`status-${c.id}`} class="visually-hidden">
                  {t('forums.field.statusOf', { text: c.text.slice(0, 60) })}
                </label>
                <select id={`status-${c.id}`} name="status">
                  {COMMITMENT_STATUSES.map((s) => (
                    <option key={s} value={s} selected={s === c.status}>
                      {t(COMMITMENT_STATUS_KEYS[s])}
                    </option>
                  ))}
                </select>{' '}
                <button type="submit">{t('forums.commitments.update')}</button>
              </form>
            ) : (
              t(label(COMMITMENT_STATUS_KEYS, c.status, 'forums.commitmentStatus.open'))
            )}
          </td>
        </tr>
      )}
    />
  );
}

export function CommitmentsPage(p: { t: Translate; csrf: string; items: CommitmentView[] }) {
  return (
    <section>
      <h1>{p.t('forums.commitments.title')}</h1>
      <CommitmentTable t={p.t} items={p.items} csrf={p.csrf} showForum />
    </section>
  );
}

export function MeetingPage(
  p: FormPageProps & { d: MeetingDetail; form: string | null; materials: MaterialView[] },
) {
  const { t, d } = p;
  const m = d.meeting;
  const errs = (f: string) => (p.form === f ? p.errors : {});
  const v = p.values;
  const invited = d.participants.filter((x) => x.invited);
  const answers = (a: RsvpAnswer | null) => invited.filter((x) => x.rsvp === a).length;
  return (
    <section>
      <h1>{m.title}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <p>
        <a href={`/staff/forums/${d.forum.id}`}>{d.forum.name}</a>
      </p>
      <dl>
        <dt>{t('forums.field.when')}</dt>
        <dd>{formatWhen(p.locale, m.startsAt, t)}</dd>
        <dt>{t('forums.field.mode')}</dt>
        <dd>{t(label(MODE_KEYS, m.mode, 'forums.mode.in_person'))}</dd>
        <dt>{t('forums.field.place')}</dt>
        <dd>{m.place}</dd>
        {m.onlineUrl ? (
          <>
            <dt>{t('forums.field.onlineUrl')}</dt>
            <dd>{m.onlineUrl}</dd>
          </>
        ) : null}
        <dt>{t('forums.field.visibility')}</dt>
        <dd>{t(label(VISIBILITY_KEYS, m.visibility, 'forums.visibility.members'))}</dd>
        <dt>{t('forums.field.status')}</dt>
        <dd>{t(label(MEETING_STATUS_KEYS, m.status, 'forums.meetingStatus.scheduled'))}</dd>
      </dl>
      <p>
        <a href={`/staff/meetings/${m.id}/meeting.ics`} download>
          {t('forums.meeting.ics')}
        </a>
        {m.visibility === 'public' ? (
          <>
            {' · '}
            <a href={`/forums/meetings/${m.id}`}>{t('forums.meeting.publicPage')}</a>
          </>
        ) : null}
      </p>
      {d.mine ? (
        <PostForm action={`/staff/meetings/${m.id}/rsvp`} csrf={p.csrf} submit={t('forums.rsvp.send')}>
          <input type="hidden" name="back" value="meeting" />
          <RsvpChoice t={t} current={d.mine.rsvp} idPrefix="rsvp-own" errors={errs('rsvp')} />
        </PostForm>
      ) : null}

      <h2 id="invitations">{t('forums.invitations.title')}</h2>
      <p>
        {t('forums.invitations.counts', {
          invited: invited.length,
          yes: answers('yes'),
          no: answers('no'),
          maybe: answers('maybe'),
          none: answers(null),
        })}
      </p>
      {invited.length ? (
        <DataTable
          rows={invited}
          head={[t('forums.field.name'), t('forums.invitations.answer')]}
          row={(x) => (
            <tr key={x.memberId}>
              <td>
                {x.displayName}
                {x.organisationName ? ` (${x.organisationName})` : ''}
              </td>
              <td>{t(RSVP_KEYS[x.rsvp ?? 'none'])}</td>
            </tr>
          )}
        />
      ) : null}
      {d.canManage ? (
        <PostForm
          action={`/staff/meetings/${m.id}/invitations`}
          csrf={p.csrf}
          submit={t('forums.invitations.save')}
        >
          <InviteChoice
            t={t}
            members={d.participants.map((x) => ({ id: x.memberId, name: x.displayName }))}
            chosen={p.form === 'invitations' ? chosenOf(p.values) : invited.map((x) => x.memberId)}
            errors={errs('invitations')}
            prefix="inv"
          />
        </PostForm>
      ) : null}

      <h2 id="agenda-title">{t('forums.field.agenda')}</h2>
      {d.agenda.length ? (
        <ol aria-labelledby="agenda-title">
          {d.agenda.map((a) => (
            <li key={a.id}>
              {a.title}
              {a.commitmentId ? ` (${t('forums.meeting.carried')})` : ''}
              {a.refKind && a.refId
                ? ` — ${t(label(REF_KIND_KEYS, a.refKind, 'forums.refKind.report'))} ${a.refId}`
                : ''}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('forums.meeting.noAgenda')}</p>
      )}
      {d.canManage ? (
        <PostForm
          action={`/staff/meetings/${m.id}/agenda`}
          csrf={p.csrf}
          submit={t('forums.meeting.addAgenda')}
        >
          <Field
            id="itemTitle"
            label={t('forums.meeting.agendaItem')}
            value={v.itemTitle}
            errors={errs('agenda')}
            required
          />
          <Select
            id="refKind"
            label={t('forums.field.refKind')}
            value={v.refKind ?? ''}
            errors={errs('agenda')}
            options={[
              { value: '', label: t('forums.refKind.none') },
              ...REF_KINDS.map((k) => ({ value: k, label: t(REF_KIND_KEYS[k]) })),
            ]}
          />
          <Field id="refId" label={t('forums.field.refId')} value={v.refId} errors={errs('agenda')} />
        </PostForm>
      ) : null}

      <h2>{t('forums.meeting.attendance')}</h2>
      {d.canManage ? (
        <PostForm
          action={`/staff/meetings/${m.id}/attendance`}
          csrf={p.csrf}
          submit={t('forums.meeting.saveAttendance')}
        >
          <fieldset>
            <legend>{t('forums.meeting.membersPresent')}</legend>
            {d.participants.map((x) => (
              <div key={x.memberId}>
                <input
                  type="checkbox"
                  id={`attended-${x.memberId}`}
                  name="attended"
                  value={x.memberId}
                  checked={x.attended}
                />{' '}
                <label for={`attended-${x.memberId}`}>
                  {x.displayName}
                  {x.organisationName ? ` (${x.organisationName})` : ''}
                </label>
              </div>
            ))}
          </fieldset>
          <Field
            id="residentsCount"
            type="number"
            inputmode="numeric"
            label={t('forums.meeting.residentsCount')}
            value={v.residentsCount ?? String(m.residentsCount)}
            errors={errs('attendance')}
          />
        </PostForm>
      ) : d.personalData ? (
        <ul>
          {d.participants
            .filter((x) => x.attended)
            .map((x) => (
              <li key={x.memberId}>{x.displayName}</li>
            ))}
        </ul>
      ) : (
        <p id="attended-count">
          {t('forums.meeting.attendedCount', { n: d.participants.filter((x) => x.attended).length })}
        </p>
      )}

      <h2>{t('forums.meeting.minutes')}</h2>
      {d.canManage ? (
        <PostForm
          action={`/staff/meetings/${m.id}/minutes`}
          csrf={p.csrf}
          submit={t('forums.meeting.saveMinutes')}
        >
          <TextArea
            id="minutes"
            label={t('forums.meeting.minutes')}
            value={v.minutes ?? m.minutes}
            errors={errs('minutes')}
            rows={8}
          />
          <Select
            id="status"
            label={t('forums.field.status')}
            value={v.status ?? m.status}
            errors={errs('minutes')}
            options={MEETING_STATUSES.map((s) => ({ value: s, label: t(MEETING_STATUS_KEYS[s]) }))}
          />
        </PostForm>
      ) : (
        <p>{m.minutes}</p>
      )}

      {m.visibility === 'public' ? (
        <>
          <h2 id="summaries">{t('forums.meeting.publicSummary')}</h2>
          <p class="hint">{t('forums.meeting.publicSummaryHint')}</p>
          {d.canManage ? (
            <PostForm
              action={`/staff/meetings/${m.id}/summaries`}
              csrf={p.csrf}
              submit={t('forums.meeting.saveSummaries')}
            >
              {LOCALES.map((l) => (
                <TextArea
                  key={l}
                  id={`summary_${l}`}
                  label={t('forums.meeting.summaryIn', { language: LOCALE_NAMES[l] })}
                  value={
                    p.form === 'summaries'
                      ? v[`summary_${l}`]
                      : (d.summaries.find((x) => x.locale === l)?.text ??
                        (l === 'ky' && d.summaries.length === 0 ? m.publicSummary : ''))
                  }
                  errors={errs('summaries')}
                  rows={3}
                />
              ))}
            </PostForm>
          ) : d.summaries.length ? (
            <ul>
              {d.summaries.map((x) => (
                <li key={x.locale} lang={x.locale}>
                  {LOCALE_NAMES[x.locale]}: {x.text}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}

      <MaterialsSection
        t={t}
        csrf={p.csrf}
        action={`/staff/meetings/${m.id}/materials`}
        items={p.materials}
        canManage={d.canManage}
        allowPublic={m.visibility === 'public'}
        errors={errs('material')}
        values={v}
      />

      <h2>{t('forums.meeting.decisions')}</h2>
      {d.decisions.length ? (
        <ol>
          {d.decisions.map((x) => (
            <li key={x.id}>
              {x.text}
              {x.commitment
                ? ` — ${t('forums.meeting.commitmentLine', {
                    owner: x.commitment.ownerName ?? '',
                    deadline: x.commitment.deadline,
                  })}`
                : ''}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('forums.meeting.noDecisions')}</p>
      )}
      {d.canManage ? (
        <PostForm
          action={`/staff/meetings/${m.id}/decisions`}
          csrf={p.csrf}
          submit={t('forums.meeting.addDecision')}
        >
          <TextArea
            id="decision"
            label={t('forums.meeting.decision')}
            value={v.decision}
            errors={errs('decision')}
          />
          <Select
            id="owner"
            label={t('forums.field.owner')}
            hint={t('forums.meeting.ownerHint')}
            value={v.owner ?? ''}
            errors={errs('decision')}
            options={[{ value: '', label: t('forums.meeting.noCommitment') }, ...d.owners]}
          />
          <Field
            id="deadline"
            type="date"
            label={t('forums.field.deadline')}
            value={v.deadline}
            errors={errs('decision')}
          />
        </PostForm>
      ) : null}
    </section>
  );
}

export function PartnershipPage(p: FormPageProps & { d: PartnershipView; form: string | null }) {
  const { t, d } = p;
  const errs = (f: string) => (p.form === f ? p.errors : {});
  const v = p.values;
  return (
    <section>
      <h1>{t('forums.partnership.title', { name: d.organisationName })}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <p>
        {t('forums.field.status')}: {t(label(PARTNERSHIP_STATUS_KEYS, d.status, 'forums.partnership.active'))}
      </p>
      <h2>{t('forums.partnership.commitment')}</h2>
      {d.commitment ? (
        <dl>
          <dt>{t('forums.partnership.confirmedOn')}</dt>
          <dd>{d.commitment.confirmedOn}</dd>
          <dt>{t('forums.partnership.confirmedBy')}</dt>
          <dd>{d.commitment.confirmedBy}</dd>
          <dt>{t('forums.partnership.text')}</dt>
          <dd>{d.commitment.text}</dd>
        </dl>
      ) : (
        <p>{t('forums.partnership.noCommitment')}</p>
      )}
      {d.canSeeContacts ? (
        <>
          <h2>{t('forums.partnership.contacts')}</h2>
          {d.contact ? (
            <dl>
              <dt>{t('forums.partnership.contactName')}</dt>
              <dd>{d.contact.contactName ?? '—'}</dd>
              <dt>{t('forums.partnership.phone')}</dt>
              <dd>{d.contact.phone ?? '—'}</dd>
              <dt>{t('forums.partnership.email')}</dt>
              <dd>{d.contact.email ?? '—'}</dd>
              <dt>{t('forums.partnership.languages')}</dt>
              <dd>{d.contact.languages.join(', ')}</dd>
            </dl>
          ) : (
            <p>{t('forums.partnership.noContacts')}</p>
          )}
        </>
      ) : null}
      <h2>{t('forums.partnership.history')}</h2>
      {d.history.length ? (
        <ul>
          {d.history.map((h) => (
            <li key={h.at}>
              {h.at.slice(0, 10)} — {t(label(PARTNERSHIP_STATUS_KEYS, h.status, 'forums.partnership.active'))}
              : {h.reason}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('forums.partnership.noHistory')}</p>
      )}
      {d.canManage ? (
        <>
          <h2>{t('forums.partnership.record')}</h2>
          <PostForm
            action={`/staff/organisations/${d.organisationId}/commitment`}
            csrf={p.csrf}
            submit={t('forums.partnership.record')}
          >
            <Field
              id="confirmedOn"
              type="date"
              label={t('forums.partnership.confirmedOn')}
              value={v.confirmedOn}
              errors={errs('commitment')}
              required
            />
            <Field
              id="confirmedBy"
              label={t('forums.partnership.confirmedBy')}
              value={v.confirmedBy}
              errors={errs('commitment')}
              required
            />
            <TextArea
              id="text"
              label={t('forums.partnership.text')}
              value={v.text}
              errors={errs('commitment')}
              rows={6}
            />
          </PostForm>
          <h2>
            {d.status === 'active' ? t('forums.partnership.suspend') : t('forums.partnership.reinstate')}
          </h2>
          <PostForm
            action={`/staff/organisations/${d.organisationId}/status`}
            csrf={p.csrf}
            submit={
              d.status === 'active' ? t('forums.partnership.suspend') : t('forums.partnership.reinstate')
            }
          >
            <input type="hidden" name="status" value={d.status === 'active' ? 'suspended' : 'active'} />
            <TextArea
              id="reason"
              label={t('forums.partnership.reason')}
              value={v.reason}
              errors={errs('status')}
            />
          </PostForm>
          <h2>{t('forums.partnership.editContacts')}</h2>
          <PostForm
            action={`/staff/organisations/${d.organisationId}/contact`}
            csrf={p.csrf}
            submit={t('forums.partnership.saveContacts')}
          >
            <Field
              id="contactName"
              label={t('forums.partnership.contactName')}
              value={v.contactName ?? d.contact?.contactName ?? ''}
              errors={errs('contact')}
            />
            <Field
              id="phone"
              type="tel"
              label={t('forums.partnership.phone')}
              value={v.phone ?? d.contact?.phone ?? ''}
              errors={errs('contact')}
            />
            <Field
              id="email"
              type="email"
              label={t('forums.partnership.email')}
              value={v.email ?? d.contact?.email ?? ''}
              errors={errs('contact')}
            />
            <Field
              id="languages"
              label={t('forums.partnership.languages')}
              hint={t('forums.partnership.languagesHint', { list: LOCALES.join(', ') })}
              value={v.languages ?? d.contact?.languages.join(', ') ?? ''}
              errors={errs('contact')}
            />
          </PostForm>
        </>
      ) : null}
    </section>
  );
}
