/** Resident pages of area alerts: subscribe, confirm, one's subscriptions, stopped, an area's alerts. */
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { LOCALE_NAMES, LOCALES, type Translate } from '../../../shared/i18n.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import {
  ErrorSummary,
  Field,
  FieldError,
  Select,
  described,
  type FieldErrors,
} from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import { ALERT_CHANNELS, ALERT_KINDS, PRIORITIES, type SubscriptionView } from '../alerts.service.ts';
import { KIND_KEYS, PRIORITY_KEYS } from '../alerts.render.ts';

export interface SubscribeValues {
  areaCode: string;
  areaCode2: string;
  topics: string[];
  channel: string;
  address: string;
  locale: string;
  minPriority: string;
  quietStart: string;
  quietEnd: string;
  digest: string;
}

const CHANNEL_KEYS: Record<string, string> = {
  email: 'alerts.channel.email',
  sms: 'alerts.channel.sms',
  whatsapp: 'alerts.channel.whatsapp',
  telegram: 'alerts.channel.telegram',
};
const DIGEST_KEYS: Record<string, string> = {
  immediate: 'alerts.digest.immediate',
  daily: 'alerts.digest.daily',
  weekly: 'alerts.digest.weekly',
};
const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);

function Choices(p: {
  id: string;
  legend: string;
  type: 'radio' | 'checkbox';
  options: { value: string; label: string }[];
  checked: string[];
  errors: FieldErrors;
}) {
  return (
    <fieldset {...described(p.errors, p.id)}>
      <legend>{p.legend}</legend>
      <FieldError id={p.id} errors={p.errors} />
      {p.options.map((o) => (
        <div key={o.value}>
          <input
            type={p.type}
            id={`${p.id}-${o.value}`}
            name={p.id}
            value={o.value}
            checked={p.checked.includes(o.value)}
          />{' '}
          <label for={`${p.id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function SubscribePage(p: {
  t: Translate;
  csrf: string;
  groups: AreaChoiceGroup[];
  values: SubscribeValues;
  errors: FieldErrors;
}) {
  const { t, values: v, errors } = p;
  return (
    <section>
      <h1>{t('alerts.subscribe.title')}</h1>
      <p>{t('alerts.subscribe.intro')}</p>
      <ErrorSummary errors={errors} t={t} />
      <PostForm action="/alerts/subscribe" csrf={p.csrf} submit={t('alerts.subscribe.submit')}>
        <AreaPicker
          id="areaCode"
          label={t('alerts.subscribe.area')}
          groups={p.groups}
          value={v.areaCode}
          errors={errors}
          emptyLabel={t('alerts.subscribe.chooseArea')}
        />
        <AreaPicker
          id="areaCode2"
          label={t('alerts.subscribe.area2')}
          groups={p.groups}
          value={v.areaCode2}
          errors={errors}
          emptyLabel={t('alerts.subscribe.noSecondArea')}
        />
        <Choices
          id="topics"
          type="checkbox"
          legend={t('alerts.subscribe.topics')}
          options={ALERT_KINDS.map((k) => ({ value: k, label: t(KIND_KEYS[k]) }))}
          checked={v.topics}
          errors={errors}
        />
        <Choices
          id="channel"
          type="radio"
          legend={t('alerts.subscribe.channel')}
          options={ALERT_CHANNELS.filter((c) => c !== 'telegram').map((c) => ({
            value: c,
            label: t(CHANNEL_KEYS[c]!),
          }))}
          checked={[v.channel]}
          errors={errors}
        />
        <Field
          id="address"
          label={t('alerts.subscribe.address')}
          hint={t('alerts.subscribe.addressHint')}
          value={v.address}
          autocomplete="email"
          errors={errors}
          required
        />
        <Select
          id="locale"
          label={t('alerts.subscribe.language')}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          value={v.locale}
          errors={errors}
        />
        <Select
          id="minPriority"
          label={t('alerts.subscribe.minPriority')}
          options={[...PRIORITIES].reverse().map((x) => ({ value: x, label: t(PRIORITY_KEYS[x]) }))}
          value={v.minPriority}
          errors={errors}
          hint={t('alerts.subscribe.minPriorityHint')}
        />
        <Choices
          id="digest"
          type="radio"
          legend={t('alerts.subscribe.digest')}
          options={['immediate', 'daily', 'weekly'].map((d) => ({ value: d, label: t(DIGEST_KEYS[d]!) }))}
          checked={[v.digest]}
          errors={errors}
        />
        <fieldset>
          <legend>{t('alerts.subscribe.quiet')}</legend>
          <p class="hint">{t('alerts.subscribe.quietHint')}</p>
          <Select
            id="quietStart"
            label={t('alerts.subscribe.quietFrom')}
            options={[
              { value: '', label: t('alerts.subscribe.quietNone') },
              ...HOURS.map((h) => ({ value: h, label: h })),
            ]}
            value={v.quietStart}
            errors={errors}
          />
          <Select
            id="quietEnd"
            label={t('alerts.subscribe.quietTo')}
            options={[
              { value: '', label: t('alerts.subscribe.quietNone') },
              ...HOURS.map((h) => ({ value: h, label: h })),
            ]}
            value={v.quietEnd}
            errors={errors}
          />
        </fieldset>
        <div {...described(errors, 'consent')}>
          <FieldError id="consent" errors={errors} />
          <input type="checkbox" id="consent" name="consent" value="yes" />{' '}
          <label for="consent">{t('alerts.subscribe.consent')}</label>
        </div>
      </PostForm>
    </section>
  );
}

export function ConfirmPage(p: { t: Translate; csrf: string; token: string }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('alerts.confirm.title')}</h1>
      <p>{t('alerts.confirm.intro')}</p>
      <PostForm action={`/alerts/confirm/${p.token}`} csrf={p.csrf} submit={t('alerts.confirm.submit')} />
    </section>
  );
}

export function ManagePage(p: {
  t: Translate;
  csrf: string;
  subscriptions: SubscriptionView[];
  areaName: (code: string) => string;
  notice?: string;
}) {
  const { t } = p;
  const first = p.subscriptions[0];
  return (
    <section>
      <h1>{t('alerts.manage.title')}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      {first ? (
        <p>
          {t('alerts.manage.contact', { contact: first.contact, channel: t(CHANNEL_KEYS[first.channel]!) })}
        </p>
      ) : null}
      <ul class="stack">
        {p.subscriptions.map((s) => (
          <li key={s.id}>
            <p>
              <strong>{s.areaCodes.map(p.areaName).join('; ')}</strong>
            </p>
            <p>
              {s.topics.map((k) => t(KIND_KEYS[k])).join(', ')} · {t(DIGEST_KEYS[s.digest]!)} ·{' '}
              {t('alerts.manage.from', { priority: t(PRIORITY_KEYS[s.minPriority]) })}
              {s.status === 'pending' ? ` · ${t('alerts.manage.pending')}` : ''}
            </p>
            <PostForm action={`/alerts/stop/${s.token}`} csrf={p.csrf} submit={t('alerts.manage.delete')} />
          </li>
        ))}
      </ul>
      {p.subscriptions.length > 1 && first ? (
        <PostForm
          action={`/alerts/stop/${first.token}?all=1`}
          csrf={p.csrf}
          submit={t('alerts.manage.deleteAll')}
        />
      ) : null}
      <p>
        <a href="/alerts/subscribe">{t('alerts.manage.another')}</a>
      </p>
    </section>
  );
}

export function StopPage(p: { t: Translate; csrf: string; token: string }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('alerts.stop.title')}</h1>
      <p>{t('alerts.stop.intro')}</p>
      <PostForm action={`/alerts/stop/${p.token}`} csrf={p.csrf} submit={t('alerts.stop.submit')} />
    </section>
  );
}

export function AreaAlertsPage(p: {
  t: Translate;
  areaName: string;
  areaCode: string;
  tf: TimeFormat;
  alerts: Array<{
    id: string;
    kind: keyof typeof KIND_KEYS;
    priority: keyof typeof PRIORITY_KEYS;
    title: string;
    body: string;
    link: string | null;
    sentAt: string;
    locale: string;
  }>;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('alerts.area.title', { area: p.areaName })}</h1>
      <p>
        <a href="/alerts/subscribe">{t('alerts.area.subscribe')}</a> ·{' '}
        <a href={`/alerts/area/${encodeURIComponent(p.areaCode)}/feed.atom`}>{t('alerts.area.feed')}</a>
      </p>
      {p.alerts.length === 0 ? <p>{t('alerts.area.none')}</p> : null}
      {p.alerts.map((a) => (
        <article key={a.id} lang={a.locale}>
          <h2>
            {a.priority === 'urgent' ? `${t(PRIORITY_KEYS.urgent)}: ` : ''}
            {a.title}
          </h2>
          <p class="hint">
            {t(KIND_KEYS[a.kind])} · <time datetime={a.sentAt}>{p.tf.dateTime(a.sentAt)}</time>
          </p>
          {a.body ? <p>{a.body}</p> : null}
          {a.link ? (
            <p>
              <a href={a.link} rel="noopener nofollow">
                {a.link}
              </a>
            </p>
          ) : null}
        </article>
      ))}
    </section>
  );
}

export function Notice(p: { title: string; lines: string[]; link?: { href: string; label: string } }) {
  return (
    <section>
      <h1>{p.title}</h1>
      {p.lines.map((l) => (
        <p>{l}</p>
      ))}
      {p.link ? (
        <p>
          <a href={p.link.href}>{p.link.label}</a>
        </p>
      ) : null}
    </section>
  );
}
