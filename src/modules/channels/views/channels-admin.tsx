/** Admin pages of the channels module: settings per channel, test message, outbox failures. */
import type { Translate } from '../../../shared/i18n.ts';
import { Csrf, ErrorSummary, FieldError, described, type FieldErrors } from '../../../views/form.tsx';
import type { SettingView } from '../channel-settings.service.ts';
import type { ChannelKind } from '../channel.types.ts';
import type { OutboxItemView } from '../outbox.service.ts';
import type { BotApiFailure, WebhookInfoResult } from '../telegram/telegram-webhook.service.ts';
import { onceAction } from '../../../views/once.ts';

export const CHANNEL_NAME_KEYS: Record<ChannelKind, string> = {
  telegram: 'channels.kind.telegram',
  whatsapp: 'channels.kind.whatsapp',
  sms: 'channels.kind.sms',
};
const STATUS_KEYS: Record<string, string> = {
  pending: 'channels.outbox.statusPending',
  sending: 'channels.outbox.statusSending',
  sent: 'channels.outbox.statusSent',
  failed: 'channels.outbox.statusFailed',
};
const PURPOSE_KEYS: Record<string, string> = {
  reply: 'channels.outbox.purposeReply',
  notify: 'channels.outbox.purposeNotify',
  test: 'channels.outbox.purposeTest',
};

export interface ChannelSection {
  kind: ChannelKind;
  fields: SettingView[];
  /** Values typed in a form that failed (secrets are never echoed back). */
  values?: Record<string, string>;
  errors: FieldErrors;
  testAddress?: string;
  testErrors: FieldErrors;
  /** The provider's answer while sends fail for a wrong setting (outbox: ChannelConfigurationError). */
  configurationProblem?: string;
}

function SettingField(p: {
  t: Translate;
  kind: ChannelKind;
  f: SettingView;
  value?: string;
  errors: FieldErrors;
}) {
  const id = `${p.kind}-${p.f.key}`;
  const errors: FieldErrors = p.errors[p.f.key] ? { [id]: p.errors[p.f.key]! } : {};
  const hintId = `${id}-hint`;
  return (
    <div>
      <label for={id}>{p.t(p.f.labelKey)}</label>
      {p.f.secret ? (
        <p class="hint" id={hintId}>
          {p.f.isSet ? p.t('channels.secretSet') : p.t('channels.secretNotSet')} {p.t('channels.secretHint')}
        </p>
      ) : null}
      <FieldError id={id} errors={errors} />
      <input
        id={id}
        name={p.f.key}
        type={p.f.secret ? 'password' : p.f.type === 'url' ? 'url' : 'text'}
        autocomplete={p.f.secret ? 'new-password' : 'off'}
        value={p.f.secret ? '' : (p.value ?? p.f.value)}
        {...described(errors, id, !!p.f.secret)}
      />
      {p.f.secret && p.f.isSet ? (
        <label class="inline">
          <input type="checkbox" name={`clear_${p.f.key}`} value="1" /> {p.t('channels.clearSecret')}
        </label>
      ) : null}
    </div>
  );
}

/** The Telegram webhook block: what Telegram reports, and the "register" button. */
export interface TelegramWebhookView {
  /** PUBLIC_URL + /channels/telegram/webhook. */
  url: string;
  isHttps: boolean;
  info: WebhookInfoResult;
  /** Why the last "register" failed, already in words. */
  error?: string;
}

const REGISTER_ID = 'telegram-webhook-register';

/** A Bot API failure in plain words: Telegram's own description, or that it did not answer. */
export function botApiReason(t: Translate, f: BotApiFailure): string {
  return f.kind === 'refused' ? f.description : t('channels.telegram.apiUnreachable');
}

function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function TelegramWebhook(p: { t: Translate; csrf: string; w: TelegramWebhookView }) {
  const { t, w } = p;
  const errors: FieldErrors = w.error ? { [REGISTER_ID]: w.error } : {};
  const info = w.info;
  return (
    <div class="stack">
      <h3>{t('channels.telegram.webhookTitle')}</h3>
      {info.state === 'not_configured' ? (
        <p>{t('channels.telegram.needToken')}</p>
      ) : info.state === 'failed' ? (
        <p>{t('channels.telegram.infoFailed', { reason: botApiReason(t, info.failure) })}</p>
      ) : (
        <ul>
          {info.info.url ? (
            <li>
              {t('channels.telegram.infoUrl', { url: info.info.url })}{' '}
              {info.info.url === w.url ? null : t('channels.telegram.infoOtherUrl', { url: w.url })}
            </li>
          ) : (
            <li>{t('channels.telegram.infoNoUrl')}</li>
          )}
          <li>{t('channels.telegram.infoPending', { count: info.info.pendingUpdateCount })}</li>
          <li>
            {info.info.lastErrorAt
              ? t('channels.telegram.infoLastError', {
                  time: utcMinute(info.info.lastErrorAt),
                  message: info.info.lastErrorMessage ?? '',
                })
              : t('channels.telegram.infoNoError')}
          </li>
        </ul>
      )}
      <form method="post" action={onceAction('/admin/channels/telegram/webhook')} class="stack" novalidate>
        <Csrf token={p.csrf} />
        <p class="hint" id={`${REGISTER_ID}-hint`}>
          {t('channels.telegram.registerHint', { url: w.url })}
          {w.isHttps ? null : <> {t('channels.telegram.notHttps')}</>}
        </p>
        <FieldError id={REGISTER_ID} errors={errors} />
        <button type="submit" id={REGISTER_ID} {...described(errors, REGISTER_ID, true)}>
          {t('channels.telegram.register')}
        </button>
      </form>
    </div>
  );
}

export function ChannelsPage(p: {
  t: Translate;
  csrf: string;
  sections: ChannelSection[];
  notice?: string;
  publicUrl: string;
  telegramWebhook?: TelegramWebhookView;
}) {
  const { t } = p;
  const allErrors: FieldErrors = {};
  for (const s of p.sections) {
    for (const [k, v] of Object.entries(s.errors)) allErrors[`${s.kind}-${k}`] = v;
    for (const [k, v] of Object.entries(s.testErrors)) allErrors[`${s.kind}-test-${k}`] = v;
  }
  if (p.telegramWebhook?.error) allErrors[REGISTER_ID] = p.telegramWebhook.error;
  return (
    <section class="stack">
      <h1>{t('channels.title')}</h1>
      <p>{t('channels.lead')}</p>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <ErrorSummary errors={allErrors} t={t} />
      <p>
        <a href="/admin/channels/outbox">{t('channels.outbox.link')}</a>
      </p>
      {p.sections.map((s) => (
        <section key={s.kind} class="stack" aria-labelledby={`${s.kind}-title`}>
          <h2 id={`${s.kind}-title`}>{t(CHANNEL_NAME_KEYS[s.kind])}</h2>
          {s.configurationProblem ? (
            <p class="warning" role="alert" id={`${s.kind}-problem`}>
              {t('channelHealth.configProblem', { error: s.configurationProblem })}
            </p>
          ) : null}
          {s.kind === 'telegram' ? (
            <p class="hint">
              {t('channels.telegram.webhookHint', { url: `${p.publicUrl}/channels/telegram/webhook` })}
            </p>
          ) : null}
          <form method="post" action={onceAction(`/admin/channels/${s.kind}`)} class="stack" novalidate>
            <Csrf token={p.csrf} />
            {s.fields.map((f) => (
              <SettingField
                key={f.key}
                t={t}
                kind={s.kind}
                f={f}
                value={s.values?.[f.key]}
                errors={s.errors}
              />
            ))}
            <button type="submit">{t('channels.save', { channel: t(CHANNEL_NAME_KEYS[s.kind]) })}</button>
          </form>
          {s.kind === 'telegram' && p.telegramWebhook ? (
            <TelegramWebhook t={t} csrf={p.csrf} w={p.telegramWebhook} />
          ) : null}
          <form method="post" action={onceAction(`/admin/channels/${s.kind}/test`)} class="stack" novalidate>
            <Csrf token={p.csrf} />
            <div>
              <label for={`${s.kind}-test-address`}>{t('channels.testAddress')}</label>
              <p class="hint" id={`${s.kind}-test-address-hint`}>
                {t('channels.testAddressHint')}
              </p>
              <FieldError
                id={`${s.kind}-test-address`}
                errors={s.testErrors.address ? { [`${s.kind}-test-address`]: s.testErrors.address } : {}}
              />
              <input
                id={`${s.kind}-test-address`}
                name="address"
                type="text"
                autocomplete="off"
                value={s.testAddress ?? ''}
                {...described(
                  s.testErrors.address ? { [`${s.kind}-test-address`]: s.testErrors.address } : {},
                  `${s.kind}-test-address`,
                  true,
                )}
              />
            </div>
            <button type="submit">{t('channels.sendTest', { channel: t(CHANNEL_NAME_KEYS[s.kind]) })}</button>
          </form>
        </section>
      ))}
    </section>
  );
}

export function OutboxPage(p: {
  t: Translate;
  csrf: string;
  status: string;
  items: OutboxItemView[];
  counts: Array<{ channel: string; status: string; n: number }>;
  notice?: string;
}) {
  const { t } = p;
  const name = (c: string) =>
    CHANNEL_NAME_KEYS[c as ChannelKind] ? t(CHANNEL_NAME_KEYS[c as ChannelKind]) : c;
  return (
    <section class="stack">
      <p>
        <a href="/admin/channels">{t('channels.title')}</a>
      </p>
      <h1>{t('channels.outbox.title')}</h1>
      <p>{t('channels.outbox.lead')}</p>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <h2>{t('channels.outbox.countsTitle')}</h2>
      {p.counts.length === 0 ? (
        <p>{t('channels.outbox.empty')}</p>
      ) : (
        <ul>
          {p.counts.map((c) => (
            <li key={`${c.channel}-${c.status}`}>
              {t('channels.outbox.countLine', {
                channel: name(c.channel),
                status: t(STATUS_KEYS[c.status] ?? c.status),
                count: c.n,
              })}
            </li>
          ))}
        </ul>
      )}
      <form method="get" action="/admin/channels/outbox" class="inline-form">
        <label for="status">{t('channels.outbox.filter')}</label>
        <select id="status" name="status">
          {['failed', 'pending', 'sending', 'sent'].map((s) => (
            <option key={s} value={s} selected={s === p.status}>
              {t(STATUS_KEYS[s]!)}
            </option>
          ))}
        </select>
        <button type="submit">{t('channels.outbox.show')}</button>
      </form>
      <h2>{t('channels.outbox.listTitle', { status: t(STATUS_KEYS[p.status] ?? p.status) })}</h2>
      {p.items.length === 0 ? (
        <p>{t('channels.outbox.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('channels.outbox.created')}</th>
                <th scope="col">{t('channels.outbox.channel')}</th>
                <th scope="col">{t('channels.outbox.purpose')}</th>
                <th scope="col">{t('channels.outbox.attempts')}</th>
                <th scope="col">{t('channels.outbox.error')}</th>
                <th scope="col">{t('channels.outbox.action')}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    <time dateTime={i.createdAt}>{i.createdAt.slice(0, 16).replace('T', ' ')}</time>
                  </td>
                  <td>{name(i.channel)}</td>
                  <td>{t(PURPOSE_KEYS[i.purpose] ?? i.purpose)}</td>
                  <td>{i.attempts}</td>
                  <td>{i.lastError ?? ''}</td>
                  <td>
                    {i.status === 'failed' ? (
                      <form method="post" action={onceAction(`/admin/channels/outbox/${i.id}/retry`)}>
                        <Csrf token={p.csrf} />
                        <button type="submit">{t('channels.outbox.retry')}</button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
