/** Public pages: the calendar of public meetings and each public meeting's summary. No names. */
import type { Locale, Translate } from '../../../shared/i18n.ts';
import type { MeetingSummaryView, PublicMeetingView } from '../forums.presenter.ts';
import { formatWhen } from './controls.tsx';
import { label, PUBLIC_MODE_KEYS } from './labels.ts';

type CalendarItem = MeetingSummaryView & { forumName: string; areaCode: string };

export function PublicCalendarPage(p: {
  t: Translate;
  locale: Locale;
  items: CalendarItem[];
  areaCode: string;
}) {
  const { t } = p;
  const ics = p.areaCode
    ? `/forums/calendar.ics?area=${encodeURIComponent(p.areaCode)}`
    : '/forums/calendar.ics';
  return (
    <section>
      <h1>{t('resident.forums.calendar.title')}</h1>
      <p>{t('resident.forums.calendar.intro')}</p>
      <form method="get" action="/forums/calendar" class="stack">
        <div>
          <label for="area">{t('resident.forums.calendar.area')}</label>
          <input id="area" name="area" type="text" value={p.areaCode} />
        </div>
        <div>
          <button type="submit">{t('resident.forums.calendar.show')}</button>
        </div>
      </form>
      <p>
        <a href={ics}>{t('resident.forums.calendar.subscribe')}</a>
      </p>
      <p>
        <a href="/forums/receptions">{t('resident.forums.reception.title')}</a>
      </p>
      {p.items.length ? (
        <ul>
          {p.items.map((m) => (
            <li key={m.id}>
              <a href={`/forums/meetings/${m.id}`}>{m.title}</a> — {m.forumName}.{' '}
              {formatWhen(p.locale, m.startsAt, t)}, {m.place}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('resident.forums.calendar.empty')}</p>
      )}
    </section>
  );
}

export function PublicMeetingPage(p: { t: Translate; locale: Locale; m: PublicMeetingView }) {
  const { t, m } = p;
  return (
    <section>
      <h1>{m.title}</h1>
      <p>{m.forumName}</p>
      <dl>
        <dt>{t('resident.forums.meeting.when')}</dt>
        <dd>{formatWhen(p.locale, m.startsAt, t)}</dd>
        <dt>{t('resident.forums.meeting.where')}</dt>
        <dd>
          {m.place} ({t(label(PUBLIC_MODE_KEYS, m.mode, 'resident.forums.mode.in_person'))})
        </dd>
        {m.status === 'cancelled' ? (
          <>
            <dt>{t('resident.forums.meeting.status')}</dt>
            <dd>{t('resident.forums.meeting.cancelled')}</dd>
          </>
        ) : null}
        {m.residentsCount !== null ? (
          <>
            <dt>{t('resident.forums.meeting.residents')}</dt>
            <dd>{String(m.residentsCount)}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t('resident.forums.meeting.agenda')}</h2>
      {m.agenda.length ? (
        <ol>
          {m.agenda.map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ol>
      ) : (
        <p>{t('resident.forums.meeting.noAgenda')}</p>
      )}
      <h2>{t('resident.forums.meeting.decisions')}</h2>
      {m.decisions.length ? (
        <ol>
          {m.decisions.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ol>
      ) : (
        <p>{t('resident.forums.meeting.noDecisions')}</p>
      )}
      {m.summary ? (
        <>
          <h2>{t('resident.forums.meeting.summary')}</h2>
          <p>{m.summary}</p>
        </>
      ) : null}
      <p>
        <a href="/forums/calendar">{t('resident.forums.meeting.back')}</a>
      </p>
    </section>
  );
}
