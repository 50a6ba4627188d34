import type { ComponentChildren } from 'preact';
import type { Actor } from '../shared/policy.ts';
import { LOCALE_NAMES, LOCALE_TAGS, LOCALES, type Locale, type Translate } from '../shared/i18n.ts';

export interface LayoutOptions {
  title: string;
  /** Set on pages whose forms post; the layout's sign-out form uses it too. */
  csrfToken?: string;
  /** Extra island scripts for this page only (paths under /static/js). */
  islands?: string[];
}

interface Props extends LayoutOptions {
  locale: Locale;
  t: Translate;
  actor: Actor | undefined;
  path: string;
  children: ComponentChildren;
}

/** Link to the language switcher that brings the user back to the page they were on. */
function switchHref(locale: Locale, path: string): string {
  return `/locale/${encodeURIComponent(locale)}?next=${encodeURIComponent(path)}`;
}

const WIDE_PATHS = /^\/(staff|admin|audit)(\/|$)/;

export function Layout(p: Props) {
  const { t } = p;
  const signedIn = p.actor && p.actor.kind !== 'anonymous';
  return (
    <html lang={LOCALE_TAGS[p.locale]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · ${t('layout.product')}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        {/* An icon of 200 bytes, so no browser asks for /favicon.ico and gets a 404 page on 2G. */}
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
        {p.islands?.map((src) => (
          <script type="module" src={src} key={src} />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          {t('layout.skipToContent')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {t('layout.product')}
          </a>
          <nav aria-label={t('layout.mainNav')}>
            <ul>
              <li>
                <a href="/">{t('layout.nav.home')}</a>
              </li>
              <li>
                <a href="/report">{t('layout.nav.report')}</a>
              </li>
              <li>
                <a href="/track">{t('layout.nav.track')}</a>
              </li>
              <li>
                <a href="/reports">{t('layout.nav.reports')}</a>
              </li>
              {signedIn ? (
                <li>
                  <a href="/staff">{t('layout.nav.staffHome')}</a>
                </li>
              ) : null}
              {signedIn ? (
                <li>
                  <form method="post" action="/logout" class="inline">
                    {p.csrfToken ? <input type="hidden" name="_csrf" value={p.csrfToken} /> : null}
                    <button type="submit" class="link">
                      {t('layout.nav.signOut')}
                    </button>
                  </form>
                </li>
              ) : (
                <li>
                  <a href="/login">{t('layout.nav.signIn')}</a>
                </li>
              )}
            </ul>
          </nav>
          <nav aria-label={t('language.switcher')} class="langs">
            <ul>
              {LOCALES.map((l) => (
                <li key={l}>
                  <a
                    href={switchHref(l, p.path)}
                    hreflang={LOCALE_TAGS[l]}
                    lang={LOCALE_TAGS[l]}
                    aria-current={l === p.locale ? 'true' : undefined}
                  >
                    {LOCALE_NAMES[l]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        {/* Staff work pages carry wide tables (the queue, audit, plans): give them the screen. */}
        <main id="main" tabIndex={-1} class={WIDE_PATHS.test(p.path) ? 'wide' : undefined}>
          {p.children}
        </main>
        <footer class="foot">
          <p>{t('layout.footer')}</p>
        </footer>
      </body>
    </html>
  );
}
