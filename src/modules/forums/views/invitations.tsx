/** Meeting invitations: choosing whom to invite, answering (RSVP), and the list on the staff home. */
import type { Locale, Translate } from '../../../shared/i18n.ts';
import type { InvitationView } from '../forums.service.ts';
import { RSVP_ANSWERS, type RsvpAnswer } from '../forums.types.ts';
import { FieldError, formatWhen, type FieldErrors } from './controls.tsx';
import { MODE_KEYS, label, RSVP_KEYS } from './labels.ts';
import { PostForm } from '../../../views/post-form.tsx';

/** The members ticked in a re-rendered form (`invited` may come as one value or several). */
export function chosenOf(values: Record<string, unknown>): string[] {
  const v = values.invited;
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

/** Checkboxes of members to invite; `chosen` null means everyone (the default). */
export function InviteChoice(p: {
  t: Translate;
  members: Array<{ id: string; name: string }>;
  chosen: string[] | null;
  errors: FieldErrors;
  prefix: string;
}) {
  const { t } = p;
  if (p.members.length === 0) return null;
  return (
    <fieldset id="invited">
      <legend>{t('forums.invitations.who')}</legend>
      <p class="hint">{t('forums.invitations.whoHint')}</p>
      <FieldError id="invited" errors={p.errors} />
      <input type="hidden" name="inviteChoice" value="1" />
      {p.members.map((m) => (
        <div key={m.id}>
          <input
            type="checkbox"
            id={`${p.prefix}-${m.id}`}
            name="invited"
            value={m.id}
            checked={p.chosen === null || p.chosen.includes(m.id)}
          />{' '}
          <label for={`${p.prefix}-${m.id}`}>{m.name}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function RsvpChoice(p: {
  t: Translate;
  current: RsvpAnswer | null;
  idPrefix: string;
  errors: FieldErrors;
  legend?: string;
}) {
  const { t } = p;
  return (
    <fieldset id={p.errors.answer ? 'answer' : undefined}>
      <legend>{p.legend ?? t('forums.rsvp.question')}</legend>
      <FieldError id="answer" errors={p.errors} />
      {RSVP_ANSWERS.map((a) => (
        <span key={a} class="choice">
          <input type="radio" id={`${p.idPrefix}-${a}`} name="answer" value={a} checked={p.current === a} />{' '}
          <label for={`${p.idPrefix}-${a}`}>{t(RSVP_KEYS[a])}</label>{' '}
        </span>
      ))}
    </fieldset>
  );
}

/** The invited person's upcoming meetings with an answer form each (on the staff home page). */
export function InvitationsPanel(p: { t: Translate; locale: Locale; csrf: string; items: InvitationView[] }) {
  const { t } = p;
  return (
    <>
      <h2 id="invitations">{t('forums.invitations.mine')}</h2>
      {p.items.length === 0 ? <p>{t('forums.invitations.none')}</p> : null}
      {p.items.map((i) => (
        <article key={i.meetingId} class="card">
          <h3>
            <a href={`/staff/meetings/${i.meetingId}`}>{i.title}</a>
          </h3>
          <p>
            {i.forumName} · {formatWhen(p.locale, i.startsAt, t)} · {i.place} (
            {t(label(MODE_KEYS, i.mode, 'forums.mode.in_person'))})
          </p>
          {i.status === 'cancelled' ? (
            <p>{t('forums.invitations.cancelled')}</p>
          ) : (
            <PostForm action={`/staff/meetings/${i.meetingId}/rsvp`} csrf={p.csrf}>
              <input type="hidden" name="back" value="home" />
              <RsvpChoice
                t={t}
                current={i.rsvp}
                idPrefix={`rsvp-${i.meetingId}`}
                errors={{}}
                legend={t('forums.rsvp.questionFor', { title: i.title })}
              />
              <div>
                <button type="submit">{t('forums.rsvp.send')}</button>{' '}
                <a href={`/staff/meetings/${i.meetingId}/meeting.ics`} download>
                  {t('forums.meeting.ics')}
                </a>
              </div>
            </PostForm>
          )}
        </article>
      ))}
    </>
  );
}
