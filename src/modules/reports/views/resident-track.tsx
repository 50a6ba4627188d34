import type { ComponentChildren } from 'preact';
/**
 * Following a report: the receipt form, "My reports" for signed-in residents, and the thread. Every
 * action is a POST that carries the key (receipt or own report id) in a hidden field, never in a URL.
 */
import type { Translate } from '../../../shared/i18n.ts';
import { ErrorSummary, FieldError, type FieldErrors } from '../../../views/form.tsx';
import type { presentThread } from '../reports.presenter.ts';
import { onceAction } from '../../../views/once.ts';

export type ThreadData = ReturnType<typeof presentThread>;
/** The hidden field that names the thread in every follow-up form. */
export type ThreadKey = { name: 'receipt' | 'report_id'; value: string };

export interface MineItem {
  id: string;
  reference: string;
  categoryName: string;
  statusLabel: string;
  createdAt: string;
}

export function TrackStart(p: {
  t: Translate;
  errors: FieldErrors;
  mine: MineItem[] | null;
  formatDate: (iso: string) => string;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.track.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <form method="post" action="/track" class="stack" novalidate>
        <div>
          <label for="receipt">{t('resident.track.receipt')}</label>
          <p class="hint" id="receipt-hint">
            {t('resident.track.receiptHint')}
          </p>
          <FieldError id="receipt" errors={p.errors} />
          <input
            id="receipt"
            name="receipt"
            inputMode="numeric"
            autocomplete="off"
            maxLength={100}
            aria-invalid={p.errors.receipt ? 'true' : undefined}
            aria-describedby={p.errors.receipt ? 'receipt-hint receipt-error' : 'receipt-hint'}
          />
        </div>
        <div>
          <button type="submit">{t('resident.track.open')}</button>
        </div>
      </form>
      {p.mine ? (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">{t('resident.track.mine')}</h2>
          {p.mine.length === 0 ? (
            <p>{t('resident.track.mineNone')}</p>
          ) : (
            <ul class="list">
              {p.mine.map((m) => (
                <li key={m.id}>
                  <form method="post" action="/track" class="inline">
                    <input type="hidden" name="report_id" value={m.id} />
                    <button type="submit" class="link">
                      {m.reference}
                    </button>
                  </form>{' '}
                  {m.categoryName} · {m.statusLabel} ·{' '}
                  <time dateTime={m.createdAt}>{p.formatDate(m.createdAt)}</time>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : (
        <p class="hint">{t('resident.track.signInHint')}</p>
      )}
    </section>
  );
}

const AGREE_FIELDS = ['pc-voice', 'pc-respect', 'pc-fair', 'pc-informed'];

export function ThreadPage(p: {
  t: Translate;
  thread: ThreadData;
  categoryName: string;
  /** The place as the reporter gave it: the area's name, and the address if they typed one. */
  placeName: string;
  threadKey: ThreadKey;
  errors: FieldErrors;
  notice: string | null;
  values: Record<string, string>;
  formatDate: (iso: string) => string;
  /** A module's own part of the thread (a complaint's stage, outcome and appeal), after the facts. */
  section?: ComponentChildren;
}) {
  const { t, thread: th, errors } = p;
  const key = <input type="hidden" name={p.threadKey.name} value={p.threadKey.value} />;
  return (
    <section>
      <h1>{t('resident.track.threadTitle', { reference: th.reference })}</h1>
      <ErrorSummary errors={errors} t={t} />
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('resident.track.category')}</dt>
        <dd>{p.categoryName}</dd>
        <dt>{t('resident.track.status')}</dt>
        <dd>
          <strong id="status">{th.status_label}</strong>
        </dd>
        <dt>{t('resident.track.sent')}</dt>
        <dd>
          <time dateTime={th.created_at}>{p.formatDate(th.created_at)}</time>
        </dd>
      </dl>
      {p.section ?? null}

      <h2>{t('resident.track.yours.title')}</h2>
      <dl class="facts">
        <dt>{t('resident.track.yours.place')}</dt>
        <dd>{th.address ? `${th.address} · ${p.placeName}` : p.placeName}</dd>
        {th.photos ? (
          <>
            <dt>{t('resident.track.yours.photos')}</dt>
            <dd>{th.photos}</dd>
          </>
        ) : null}
      </dl>
      {th.description ? <p class="body">{th.description}</p> : null}
      <p class="hint">
        {th.is_public ? (
          <>
            {t('resident.track.yours.public')}{' '}
            <a href={`/reports/${th.reference}`}>{t('resident.track.yours.publicLink')}</a>
          </>
        ) : (
          t(th.privacy === 'anonymous' ? 'resident.track.yours.anonymous' : 'resident.track.yours.notPublic')
        )}
      </p>

      <h2>{t('resident.track.history')}</h2>
      <ol class="thread">
        {th.events.map((e, i) => (
          <li key={i} class={e.from === 'you' ? 'from-you' : 'from-team'}>
            <p class="hint">
              <time dateTime={e.at}>{p.formatDate(e.at)}</time> ·{' '}
              {e.from === 'you' ? t('resident.track.fromYou') : t('resident.track.fromTeam')}
            </p>
            {e.kind === 'created' ? <p>{t('resident.track.created')}</p> : null}
            {e.status_label && e.kind !== 'created' ? (
              <p>{t('resident.track.statusChanged', { status: e.status_label })}</p>
            ) : null}
            {e.body ? <p class="body">{e.body}</p> : null}
          </li>
        ))}
      </ol>

      {th.can_give_feedback ? (
        <form method="post" action={onceAction('/track/feedback')} class="stack" novalidate>
          {key}
          <h2>{t('resident.track.feedbackTitle')}</h2>
          {th.feedback_questions.map((q) => (
            <fieldset key={q.id} id={q.id}>
              <legend>{q.question}</legend>
              <FieldError id={q.id} errors={errors} />
              {q.options.map((o) => (
                <div class="choice" key={o.value}>
                  <input
                    type="radio"
                    id={`${q.id}-${o.value}`}
                    name={q.id === 'resolved' ? 'resolved' : q.id}
                    value={o.value}
                    checked={p.values[q.id] === o.value}
                  />
                  <label for={`${q.id}-${o.value}`}>{o.label}</label>
                </div>
              ))}
              {AGREE_FIELDS.includes(q.id) ? <p class="hint">{t('resident.track.optional')}</p> : null}
            </fieldset>
          ))}
          <div>
            <button type="submit">{t('resident.track.feedbackSend')}</button>
          </div>
        </form>
      ) : th.feedback_given ? (
        <p class="notice">{t('resident.track.feedbackThanks')}</p>
      ) : null}

      <form method="post" action={onceAction('/track/message')} class="stack" novalidate>
        {key}
        <h2>
          <label for="message">{t('resident.track.messageTitle')}</label>
        </h2>
        <p class="hint" id="message-hint">
          {t('resident.track.messageHint')}
        </p>
        {errors.message ? (
          <p class="field-error" id="message-error">
            {errors.message}
          </p>
        ) : null}
        <textarea
          id="message"
          name="text"
          rows={4}
          maxLength={4000}
          aria-invalid={errors.message ? 'true' : undefined}
          aria-describedby={errors.message ? 'message-hint message-error' : 'message-hint'}
        >
          {p.values.message ?? ''}
        </textarea>
        <div>
          <button type="submit">{t('resident.track.messageSend')}</button>
        </div>
      </form>

      <form
        method="post"
        action={onceAction('/track/info')}
        enctype="multipart/form-data"
        class="stack"
        novalidate
      >
        {key}
        <h2>{t('resident.track.infoTitle')}</h2>
        <div>
          <label for="info">{t('resident.track.infoText')}</label>
          {errors.info ? (
            <p class="field-error" id="info-error">
              {errors.info}
            </p>
          ) : null}
          <textarea
            id="info"
            name="text"
            rows={3}
            maxLength={4000}
            aria-invalid={errors.info ? 'true' : undefined}
            aria-describedby={errors.info ? 'info-error' : undefined}
          >
            {p.values.info ?? ''}
          </textarea>
        </div>
        <div>
          <label for="photos">{t('resident.report.photos')}</label>
          <p class="hint" id="photos-hint">
            {t('resident.track.photosHint', { count: th.photos })}
          </p>
          {errors.photos ? (
            <p class="field-error" id="photos-error">
              {errors.photos}
            </p>
          ) : null}
          <input
            id="photos"
            name="photos"
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
            aria-describedby={errors.photos ? 'photos-hint photos-error' : 'photos-hint'}
          />
        </div>
        <div>
          <button type="submit" class="secondary">
            {t('resident.track.infoSend')}
          </button>
        </div>
      </form>
      <p class="hint">{t('resident.track.keepPrivate')}</p>
    </section>
  );
}
