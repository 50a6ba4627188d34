import type { Translate } from '../../../shared/i18n.ts';

export function HomePage(p: { t: Translate; signedIn: boolean }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.lead')}</p>
      <p>
        <a class="button" href="/report">
          {t('layout.nav.report')}
        </a>{' '}
        <a href="/track">{t('layout.nav.track')}</a>
      </p>
      <ul class="cards">
        <li>
          <h2>{t('home.safeTitle')}</h2>
          <p>{t('home.safeBody')}</p>
        </li>
        <li>
          <h2>{t('home.partnersTitle')}</h2>
          <p>{t('home.partnersBody')}</p>
          <p>
            <a href="/plans">{t('resident.plans.list.title')}</a>
          </p>
        </li>
        <li>
          <h2>{t('home.moreTitle')}</h2>
          {/* Every public page a resident may look for, so none is reachable only by its address. */}
          <ul>
            <li>
              <a href="/problems">{t('resident.problems.list.title')}</a>
            </li>
            <li>
              <a href="/forums/calendar">{t('resident.forums.calendar.title')}</a>
            </li>
            <li>
              <a href="/alerts/subscribe">{t('alerts.subscribe.title')}</a>
            </li>
            <li>
              <a href="/complaints/new">{t('complaints.form.title')}</a>
            </li>
            <li>
              <a href="/complaints/figures">{t('complaints.figures.title')}</a>
            </li>
            <li>
              <a href="/open-data">{t('opendata.title')}</a>
            </li>
          </ul>
        </li>
        <li>
          <h2>{t('home.rightsTitle')}</h2>
          <p>{t('home.rightsBody')}</p>
        </li>
      </ul>
      <p class="emergency">{t('common.emergency')}</p>
      {p.signedIn ? (
        <p>
          <a href="/staff">{t('layout.nav.staffHome')}</a>
        </p>
      ) : (
        <p>
          <a href="/login">{t('home.staffSignIn')}</a>
        </p>
      )}
    </section>
  );
}
