import type { ResponseTemplate } from '../../../db/schema.ts';
import type { Translate } from '../../../shared/i18n.ts';
import { Csrf, described, ErrorSummary, FieldError, type FieldErrors } from '../../../views/form.tsx';
import type { ReportDetail } from '../reports.service.ts';
import type { ReportDirectory } from '../staff-desk.service.ts';
import { CLOSED_STATUSES, TRANSITIONS, type Contact, type Status } from '../reports.types.ts';
import {
  VISIBILITY_KEYS,
  channelName,
  duration,
  eventName,
  localName,
  privacyName,
  statusName,
  when,
} from './staff-labels.ts';
import { onceAction } from '../../../views/once.ts';
import { feedbackQuestions } from '../reports.presenter.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';

export interface StatusValues {
  status: string;
  reason: string;
  public_note: string;
  referred_to: string;
  template: string;
}
export interface EntryValues {
  kind: 'note' | 'message_out' | 'public_update';
  body: string;
}

export interface ReportPageProps {
  t: Translate;
  locale: string;
  /** Times in the deployment's zone (one clock). */
  time: TimeFormat;
  csrf: string;
  nowMs: number;
  detail: ReportDetail;
  directory: ReportDirectory;
  areaName: string;
  templates: ResponseTemplate[];
  identity: {
    contact: Contact | null;
    person: { displayName: string; email: string | null; phone: string | null } | null;
  } | null;
  may: { manage: boolean; assign: boolean; merge: boolean; release: boolean };
  errors: FieldErrors;
  statusValues: StatusValues;
  entryValues: EntryValues;
  assignValues: { person_id: string; organisation_id: string };
  mergeValues: { into: string; reason: string };
  problemValues: { problem_id: string };
  notice: string | null;
}

/** Moves offered from the current status (merging has its own form). */
export function nextStatuses(current: string): Status[] {
  return (TRANSITIONS[current as Status] ?? []).filter((s) => s !== 'closed_duplicate');
}

export function StaffReportPage(p: ReportPageProps) {
  const { t, errors, detail } = p;
  const r = detail.report;
  const names = p.directory.names;
  const who = (id: string | null) => (id ? (names[id] ?? t('reports.timeline.someone')) : null);
  const answers = JSON.parse(r.answers) as Record<string, string | number>;
  const questions = detail.category?.questions ?? [];
  const createdMs = Date.parse(r.created_at);
  const closed = CLOSED_STATUSES.includes(r.status as Status);
  const moves = nextStatuses(r.status);
  const categoryName = localName(detail.category?.names, p.locale, r.category_code);
  return (
    <article>
      <p>
        <a href="/staff/reports">{t('reports.detail.back')}</a>
      </p>
      <h1>{t('reports.detail.title', { reference: r.reference })}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <ErrorSummary errors={errors} t={t} />

      <dl class="facts">
        <dt>{t('reports.field.status')}</dt>
        <dd>{statusName(t, r.status)}</dd>
        <dt>{t('reports.field.category')}</dt>
        <dd>{categoryName}</dd>
        <dt>{t('reports.field.privacy')}</dt>
        <dd>{privacyName(t, r.privacy)}</dd>
        <dt>{t('reports.field.area')}</dt>
        <dd>{p.areaName}</dd>
        <dt>{t('reports.field.channel')}</dt>
        <dd>{channelName(t, r.channel)}</dd>
        <dt>{t('reports.field.received')}</dt>
        <dd>{when(r.created_at, p.time)}</dd>
        {r.occurred_at ? (
          <>
            <dt>{t('reports.field.occurred')}</dt>
            <dd>{when(r.occurred_at, p.time)}</dd>
          </>
        ) : null}
        <dt>{t('reports.field.assigned')}</dt>
        <dd>
          {r.assigned_person_id || r.assigned_organisation_id
            ? [who(r.assigned_person_id), who(r.assigned_organisation_id)].filter(Boolean).join(' · ')
            : t('reports.queue.assignedNo')}
        </dd>
        {r.held_for_review ? (
          <>
            <dt>{t('reports.detail.held')}</dt>
            <dd>{t('reports.detail.heldExplain')}</dd>
          </>
        ) : null}
        {r.duplicate_of ? (
          <>
            <dt>{t('reports.detail.duplicateOf')}</dt>
            <dd>
              <a href={`/staff/reports/${r.duplicate_of}`}>{t('reports.detail.openOriginal')}</a>
            </dd>
          </>
        ) : null}
        {r.referred_to ? (
          <>
            <dt>{t('reports.form.referredTo')}</dt>
            <dd>{r.referred_to}</dd>
          </>
        ) : null}
        {r.problem_id ? (
          <>
            <dt>{t('reports.detail.problem')}</dt>
            <dd class="mono">{r.problem_id}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t('reports.detail.timers')}</h2>
      <ul>
        <li>
          {r.time_to_ack_seconds !== null
            ? t('reports.detail.ackTook', { duration: duration(t, r.time_to_ack_seconds) })
            : t('reports.detail.ackWaiting', { duration: duration(t, (p.nowMs - createdMs) / 1000) })}
        </li>
        <li>
          {r.time_to_resolve_seconds !== null
            ? t('reports.detail.resolveTook', { duration: duration(t, r.time_to_resolve_seconds) })
            : t('reports.detail.resolveOpen', { duration: duration(t, (p.nowMs - createdMs) / 1000) })}
        </li>
      </ul>

      <h2>{t('reports.detail.description')}</h2>
      <p class="prewrap">{r.description}</p>
      {/* A prevention-desk concern may become a consent-based referral to the area's panel. */}
      {r.category_code === 'radicalization-concern' && r.desk === 'prevention' && !closed ? (
        <p>
          <a href={`/staff/referrals/new?report=${r.id}`}>{t('referrals.fromReport.link')}</a>
        </p>
      ) : null}

      <h2>{t('reports.detail.location')}</h2>
      <dl class="facts">
        <dt>{t('reports.detail.exact')}</dt>
        <dd>{r.lat !== null && r.lon !== null ? `${r.lat}, ${r.lon}` : t('reports.detail.noPoint')}</dd>
        <dt>{t('reports.detail.coarse')}</dt>
        <dd>
          {r.public_lat !== null && r.public_lon !== null
            ? `${r.public_lat.toFixed(4)}, ${r.public_lon.toFixed(4)}`
            : t('reports.detail.notPublic')}
        </dd>
        {r.address ? (
          <>
            <dt>{t('reports.detail.address')}</dt>
            <dd>{r.address}</dd>
          </>
        ) : null}
      </dl>

      {Object.keys(answers).length ? (
        <>
          <h2>{t('reports.detail.answers')}</h2>
          <dl class="facts">
            {Object.entries(answers).map(([key, value]) => {
              const q = questions.find((x) => x.key === key);
              const option = q?.options?.find((o) => o.value === value);
              return (
                <>
                  <dt key={`q-${key}`}>{localName(q?.labels, p.locale, key)}</dt>
                  <dd key={`a-${key}`}>
                    {option ? localName(option.labels, p.locale, String(value)) : String(value)}
                  </dd>
                </>
              );
            })}
          </dl>
        </>
      ) : null}

      {detail.photos.length ? (
        <>
          <h2>{t('reports.detail.photos')}</h2>
          <ul class="photos">
            {detail.photos.map((ph, i) => (
              <li key={ph.id}>
                <a href={`/staff/reports/${r.id}/photos/${ph.id}`}>
                  <img
                    src={`/staff/reports/${r.id}/photos/${ph.id}`}
                    alt={t('reports.detail.photoAlt', { n: i + 1 })}
                    width={Math.min(ph.width, 240)}
                    height={Math.round((Math.min(ph.width, 240) / Math.max(ph.width, 1)) * ph.height)}
                    loading="lazy"
                  />
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <section aria-labelledby="reporter-title">
        <h2 id="reporter-title">{t('reports.identity.title')}</h2>
        {r.privacy === 'anonymous' ? (
          <p>{t('reports.identity.anonymous')}</p>
        ) : p.identity ? (
          <dl class="facts">
            {p.identity.contact?.name ? (
              <>
                <dt>{t('reports.identity.name')}</dt>
                <dd>{p.identity.contact.name}</dd>
              </>
            ) : null}
            {p.identity.contact?.phone ? (
              <>
                <dt>{t('reports.identity.phone')}</dt>
                <dd>{p.identity.contact.phone}</dd>
              </>
            ) : null}
            {p.identity.contact?.email ? (
              <>
                <dt>{t('reports.identity.email')}</dt>
                <dd>{p.identity.contact.email}</dd>
              </>
            ) : null}
            {p.identity.person ? (
              <>
                <dt>{t('reports.identity.account')}</dt>
                <dd>
                  {[p.identity.person.displayName, p.identity.person.email, p.identity.person.phone]
                    .filter(Boolean)
                    .join(' · ')}
                </dd>
              </>
            ) : null}
            {!p.identity.contact && !p.identity.person ? <dd>{t('reports.identity.none')}</dd> : null}
          </dl>
        ) : detail.canViewIdentity ? (
          <form method="post" action={`/staff/reports/${r.id}/identity`}>
            <Csrf token={p.csrf} />
            <p class="hint">{t('reports.identity.logged')}</p>
            <button type="submit" class="secondary">
              {t('reports.identity.show')}
            </button>
          </form>
        ) : (
          <p>{t('reports.identity.notAvailable')}</p>
        )}
      </section>

      <section aria-labelledby="feedback-title">
        <h2 id="feedback-title">{t('reports.feedback.title')}</h2>
        <ResidentFeedback t={t} detail={detail} />
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('reports.timeline.title')}</h2>
        <ol class="timeline">
          {detail.events.map((e) => {
            const d = e.details ? (JSON.parse(e.details) as Record<string, string | null>) : {};
            const fromReporter = e.kind === 'message_in' || e.kind === 'info' || e.kind === 'feedback';
            const actor = fromReporter
              ? t('reports.timeline.reporter')
              : (who(e.actor_person_id) ?? t('reports.timeline.system'));
            return (
              <li key={e.id} class={`event event-${e.visibility}`}>
                <p>
                  <strong>{eventName(t, e.kind)}</strong> · {when(e.created_at, p.time)} · {actor}
                </p>
                <p class="tag">{t(VISIBILITY_KEYS[e.visibility])}</p>
                {e.kind === 'status' && e.to_status ? (
                  <p>
                    {t('reports.timeline.statusChange', {
                      from: e.from_status ? statusName(t, e.from_status) : '—',
                      to: statusName(t, e.to_status),
                    })}
                  </p>
                ) : null}
                {e.kind === 'created' ? <p>{statusName(t, 'new')}</p> : null}
                {e.reason ? <p>{t('reports.timeline.why', { reason: e.reason })}</p> : null}
                {e.kind === 'status' && e.body ? (
                  <p class="prewrap">{t('reports.timeline.publicNote', { note: e.body })}</p>
                ) : e.body ? (
                  <p class="prewrap">{e.body}</p>
                ) : null}
                {d.referred_to ? <p>{t('reports.timeline.referredTo', { body: d.referred_to })}</p> : null}
                {e.kind === 'assign' ? (
                  <p>
                    {d.person_id || d.organisation_id
                      ? t('reports.timeline.assignedTo', {
                          who: [who(d.person_id ?? null), who(d.organisation_id ?? null)]
                            .filter(Boolean)
                            .join(' · '),
                        })
                      : t('reports.timeline.unassigned')}
                  </p>
                ) : null}
                {e.kind === 'merge' && d.reference ? (
                  <p>{t('reports.timeline.merged', { reference: d.reference })}</p>
                ) : null}
                {e.kind === 'problem_link' ? (
                  <p>
                    {d.problem_id
                      ? t('reports.timeline.linked', { problem: d.problem_id })
                      : t('reports.timeline.unlinked')}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>

      {p.may.manage ? (
        <>
          <section aria-labelledby="status-title">
            <h2 id="status-title">{t('reports.form.statusTitle')}</h2>
            {moves.length === 0 ? (
              <p>{t('reports.form.noMoves')}</p>
            ) : (
              <form method="post" action={onceAction(`/staff/reports/${r.id}/status`)} class="stack">
                <Csrf token={p.csrf} />
                <div>
                  <label for="status">{t('reports.form.newStatus')}</label>
                  <FieldError id="status" errors={errors} />
                  <select id="status" name="status" {...described(errors, 'status')}>
                    {moves.map((s) => (
                      <option key={s} value={s} selected={p.statusValues.status === s}>
                        {closed && s === 'in_progress' ? t('reports.form.reopen') : statusName(t, s)}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label for="reason">{t('reports.form.reason')}</label>
                  <p class="hint" id="reason-hint">
                    {t('reports.form.reasonHint')}
                  </p>
                  <FieldError id="reason" errors={errors} />
                  <textarea
                    id="reason"
                    name="reason"
                    rows={2}
                    required
                    {...described(errors, 'reason', true)}
                  >
                    {p.statusValues.reason}
                  </textarea>
                </div>
                <div>
                  <label for="referred_to">{t('reports.form.referredTo')}</label>
                  <p class="hint" id="referred_to-hint">
                    {t('reports.form.referredToHint')}
                  </p>
                  <FieldError id="referred_to" errors={errors} />
                  <input
                    id="referred_to"
                    name="referred_to"
                    value={p.statusValues.referred_to}
                    {...described(errors, 'referred_to', true)}
                  />
                </div>
                {p.templates.length ? (
                  <div>
                    <label for="template">{t('reports.form.template')}</label>
                    <p class="hint" id="template-hint">
                      {t('reports.form.templateHint')}
                    </p>
                    <FieldError id="template" errors={errors} />
                    <select id="template" name="template" {...described(errors, 'template', true)}>
                      <option value="">{t('reports.form.noTemplate')}</option>
                      {p.templates.map((tpl) => (
                        <option key={tpl.id} value={tpl.id} selected={p.statusValues.template === tpl.id}>
                          {tpl.title}
                        </option>
                      ))}
                    </select>
                    <button type="submit" name="use_template" value="1" class="secondary">
                      {t('reports.form.useTemplate')}
                    </button>
                  </div>
                ) : null}
                <div>
                  <label for="public_note">{t('reports.form.publicNote')}</label>
                  <p class="hint" id="public_note-hint">
                    {t('reports.form.publicNoteHint')}
                  </p>
                  <FieldError id="public_note" errors={errors} />
                  <textarea
                    id="public_note"
                    name="public_note"
                    rows={4}
                    {...described(errors, 'public_note', true)}
                  >
                    {p.statusValues.public_note}
                  </textarea>
                </div>
                <div>
                  <button type="submit">{t('reports.form.changeStatus')}</button>
                </div>
              </form>
            )}
          </section>

          <section aria-labelledby="entry-title">
            <h2 id="entry-title">{t('reports.entry.title')}</h2>
            <form method="post" action={onceAction(`/staff/reports/${r.id}/notes`)} class="stack">
              <Csrf token={p.csrf} />
              <fieldset>
                <legend>{t('reports.entry.kind')}</legend>
                <FieldError id="entry-kind" errors={errors} />
                {(
                  [
                    ['note', 'reports.entry.note', 'reports.entry.noteHint'],
                    ['message_out', 'reports.entry.message', 'reports.entry.messageHint'],
                    ['public_update', 'reports.entry.publicUpdate', 'reports.entry.publicUpdateHint'],
                  ] as const
                ).map(([value, label, hint]) => (
                  <div class="check" key={value}>
                    <input
                      type="radio"
                      id={`entry-kind-${value}`}
                      name="kind"
                      value={value}
                      checked={p.entryValues.kind === value}
                      aria-describedby={`entry-kind-${value}-hint`}
                    />
                    <label for={`entry-kind-${value}`}>{t(label)}</label>
                    <p class="hint" id={`entry-kind-${value}-hint`}>
                      {t(hint)}
                    </p>
                  </div>
                ))}
              </fieldset>
              <div>
                <label for="entry-body">{t('reports.entry.body')}</label>
                <FieldError id="entry-body" errors={errors} />
                <textarea id="entry-body" name="body" rows={4} required {...described(errors, 'entry-body')}>
                  {p.entryValues.body}
                </textarea>
              </div>
              <div>
                <button type="submit">{t('reports.entry.submit')}</button>
              </div>
            </form>
          </section>

          <section aria-labelledby="problem-title">
            <h2 id="problem-title">{t('reports.problem.title')}</h2>
            <form method="post" action={onceAction(`/staff/reports/${r.id}/problem`)} class="stack">
              <Csrf token={p.csrf} />
              <div>
                <label for="problem_id">{t('reports.problem.id')}</label>
                <p class="hint" id="problem_id-hint">
                  {t('reports.problem.hint')}
                </p>
                <FieldError id="problem_id" errors={errors} />
                <input
                  id="problem_id"
                  name="problem_id"
                  class="mono"
                  value={p.problemValues.problem_id}
                  {...described(errors, 'problem_id', true)}
                />
              </div>
              <div>
                <button type="submit">{t('reports.problem.submit')}</button>
              </div>
            </form>
          </section>
        </>
      ) : null}

      {p.may.assign ? (
        <section aria-labelledby="assign-title">
          <h2 id="assign-title">{t('reports.assign.title')}</h2>
          <form method="post" action={onceAction(`/staff/reports/${r.id}/assign`)} class="stack">
            <Csrf token={p.csrf} />
            <div>
              <label for="person_id">{t('reports.assign.officer')}</label>
              <FieldError id="person_id" errors={errors} />
              <select id="person_id" name="person_id" {...described(errors, 'person_id')}>
                <option value="">{t('reports.assign.nobody')}</option>
                {p.directory.staff.map((s) => (
                  <option key={s.id} value={s.id} selected={p.assignValues.person_id === s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="organisation_id">{t('reports.assign.organisation')}</label>
              <FieldError id="organisation_id" errors={errors} />
              <select id="organisation_id" name="organisation_id" {...described(errors, 'organisation_id')}>
                <option value="">{t('reports.assign.noOrganisation')}</option>
                {p.directory.organisations.map((o) => (
                  <option key={o.id} value={o.id} selected={p.assignValues.organisation_id === o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <button type="submit">{t('reports.assign.submit')}</button>
            </div>
          </form>
        </section>
      ) : null}

      {p.may.merge && !closed ? (
        <section aria-labelledby="merge-title">
          <h2 id="merge-title">{t('reports.merge.title')}</h2>
          <form method="post" action={onceAction(`/staff/reports/${r.id}/merge`)} class="stack">
            <Csrf token={p.csrf} />
            <div>
              <label for="into">{t('reports.merge.into')}</label>
              <p class="hint" id="into-hint">
                {t('reports.merge.hint')}
              </p>
              <FieldError id="into" errors={errors} />
              <input
                id="into"
                name="into"
                class="mono"
                value={p.mergeValues.into}
                required
                {...described(errors, 'into', true)}
              />
            </div>
            <div>
              <label for="merge-reason">{t('reports.form.reason')}</label>
              <FieldError id="merge-reason" errors={errors} />
              <textarea id="merge-reason" name="reason" rows={2} {...described(errors, 'merge-reason')}>
                {p.mergeValues.reason}
              </textarea>
            </div>
            <div>
              <button type="submit">{t('reports.merge.submit')}</button>
            </div>
          </form>
        </section>
      ) : null}

      {p.may.release && r.held_for_review ? (
        <section aria-labelledby="release-title">
          <h2 id="release-title">{t('reports.release.title')}</h2>
          <form method="post" action={onceAction(`/staff/reports/${r.id}/release`)}>
            <Csrf token={p.csrf} />
            <p class="hint">{t('reports.release.hint')}</p>
            <button type="submit">{t('reports.release.submit')}</button>
          </form>
        </section>
      ) : null}
    </article>
  );
}

/** What the reporter answered after resolution, in words: the loop closed back to the team. */
function ResidentFeedback(p: { t: Translate; detail: ReportDetail }) {
  const { t } = p;
  const fb = p.detail.feedback;
  if (!fb) {
    const closed = (CLOSED_STATUSES as readonly string[]).includes(p.detail.report.status);
    return <p class="hint">{t(closed ? 'reports.feedback.awaited' : 'reports.feedback.notYet')}</p>;
  }
  const answers: Record<string, string> = { ...fb.answers, resolved: fb.resolved };
  return (
    <dl class="facts">
      {feedbackQuestions(t)
        .filter((q) => answers[q.id])
        .map((q) => (
          <>
            <dt>{q.question}</dt>
            <dd>{q.options.find((o) => o.value === answers[q.id])?.label ?? answers[q.id]}</dd>
          </>
        ))}
    </dl>
  );
}
