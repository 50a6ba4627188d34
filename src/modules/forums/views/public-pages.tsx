/** Public pages: the calendar of public meetings and each public meeting's summary. No names. */
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import type { FieldErrors } from '../../../views/form.tsx';
import { LOCALE_NAMES, type Locale, type Translate } from '../../../shared/i18n.ts';
import { pickSummary, type SummaryView } from '../forums.service.ts';
import type { MaterialView } from '../materials.service.ts';
import { formatBytes } from './materials.tsx';
import type { MeetingSummaryView, PublicMeetingView } from '../forums.presenter.ts';
import { formatWhen } from './controls.tsx';
import { label, PUBLIC_MODE_KEYS } from './labels.ts';

type CalendarItem = MeetingSummaryView & { forumName: string; areaCode: string };

export function PublicCalendarPage(p: {
  t: Translate;
  locale: Locale;
  items: CalendarItem[];
  areaCode: string;
  areaGroups: AreaChoiceGroup[];
  errors: FieldErrors;
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
        <AreaPicker
          id="area"
          label={t('resident.plans.list.area')}
          groups={p.areaGroups}
          value={p.areaCode}
          emptyLabel={t('resident.plans.list.allAreas')}
          errors={p.errors}
        />
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

export function PublicMeetingPage(p: {
  t: Translate;
  locale: Locale;
  m: PublicMeetingView & { summaries: SummaryView[] };
  /** The language asked for with ?lang=, else the visitor's. */
  summaryLocale: Locale;
  materials: MaterialView[];
}) {
  const { t, m } = p;
  const picked = pickSummary(m.summaries, p.summaryLocale);
  const others = m.summaries.filter((x) => x.locale !== picked?.shown.locale);
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
      {picked ? (
        <>
          <h2 id="summary">{t('resident.forums.meeting.summary')}</h2>
          {picked.fallback ? (
            <p class="hint">
              {t('resident.forums.meeting.summaryFallback', { language: LOCALE_NAMES[picked.shown.locale] })}
            </p>
          ) : null}
          <p lang={picked.shown.locale}>{picked.shown.text}</p>
          {others.length ? (
            <nav aria-labelledby="summary-languages">
              <p id="summary-languages">{t('resident.forums.meeting.summaryOther')}</p>
              <ul>
                {others.map((x) => (
                  <li key={x.locale}>
                    <a
                      href={`/forums/meetings/${m.id}?lang=${encodeURIComponent(x.locale)}#summary`}
                      lang={x.locale}
                      hrefLang={x.locale}
                    >
                      {LOCALE_NAMES[x.locale]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </>
      ) : m.summary ? (
        <>
          <h2 id="summary">{t('resident.forums.meeting.summary')}</h2>
          <p>{m.summary}</p>
        </>
      ) : null}
      {p.materials.length ? (
        <>
          <h2>{t('resident.forums.meeting.materials')}</h2>
          <ul>
            {p.materials.map((f) => (
              <li key={f.id}>
                <a href={`/forums/materials/${f.id}`}>{f.title}</a> ({formatBytes(f.bytes)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href="/forums/calendar">{t('resident.forums.meeting.back')}</a>
      </p>
    </section>
  );
}
