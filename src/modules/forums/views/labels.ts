/** Literal message keys for values stored as codes (the unused-key test finds them here). */
import type { AgeBand, Gender } from '../composition.ts';
import type {
  CommitmentStatus,
  ForumKind,
  MeetingMode,
  MeetingStatus,
  MemberRole,
  RefKind,
  Visibility,
} from '../forums.types.ts';

export const FORUM_KIND_KEYS: Record<ForumKind, string> = {
  prevention_centre: 'forums.kind.prevention_centre',
  working_group: 'forums.kind.working_group',
  public_council: 'forums.kind.public_council',
  other: 'forums.kind.other',
};
export const MEMBER_ROLE_KEYS: Record<MemberRole, string> = {
  chair: 'forums.role.chair',
  secretary: 'forums.role.secretary',
  member: 'forums.role.member',
  observer: 'forums.role.observer',
};
export const MODE_KEYS: Record<MeetingMode, string> = {
  in_person: 'forums.mode.in_person',
  online: 'forums.mode.online',
  hybrid: 'forums.mode.hybrid',
};
export const PUBLIC_MODE_KEYS: Record<MeetingMode, string> = {
  in_person: 'resident.forums.mode.in_person',
  online: 'resident.forums.mode.online',
  hybrid: 'resident.forums.mode.hybrid',
};
export const VISIBILITY_KEYS: Record<Visibility, string> = {
  public: 'forums.visibility.public',
  members: 'forums.visibility.members',
};
export const MEETING_STATUS_KEYS: Record<MeetingStatus, string> = {
  scheduled: 'forums.meetingStatus.scheduled',
  held: 'forums.meetingStatus.held',
  cancelled: 'forums.meetingStatus.cancelled',
};
export const COMMITMENT_STATUS_KEYS: Record<CommitmentStatus, string> = {
  open: 'forums.commitmentStatus.open',
  in_progress: 'forums.commitmentStatus.in_progress',
  done: 'forums.commitmentStatus.done',
  dropped: 'forums.commitmentStatus.dropped',
};
export const REF_KIND_KEYS: Record<RefKind, string> = {
  report: 'forums.refKind.report',
  problem: 'forums.refKind.problem',
  plan_task: 'forums.refKind.plan_task',
};
export const GENDER_KEYS: Record<Gender | 'not_recorded', string> = {
  woman: 'forums.gender.woman',
  man: 'forums.gender.man',
  other: 'forums.gender.other',
  not_recorded: 'forums.notRecorded',
};
export const AGE_BAND_KEYS: Record<AgeBand | 'not_recorded', string> = {
  under_18: 'forums.ageBand.under_18',
  '18_29': 'forums.ageBand.18_29',
  '30_44': 'forums.ageBand.30_44',
  '45_59': 'forums.ageBand.45_59',
  '60_plus': 'forums.ageBand.60_plus',
  not_recorded: 'forums.notRecorded',
};
export const PARTNERSHIP_STATUS_KEYS: Record<'active' | 'suspended', string> = {
  active: 'forums.partnership.active',
  suspended: 'forums.partnership.suspended',
};

export function label(map: Record<string, string>, value: string, fallback: string): string {
  return map[value] ?? fallback;
}

export const COUNTRY_KEYS: Record<string, string> = {
  KG: 'forums.country.KG',
  KZ: 'forums.country.KZ',
  TJ: 'forums.country.TJ',
  UZ: 'forums.country.UZ',
  TM: 'forums.country.TM',
  AF: 'forums.country.AF',
  RU: 'forums.country.RU',
  CN: 'forums.country.CN',
  OTHER: 'forums.country.OTHER',
};
export const REGISTRATION_STATUS_KEYS: Record<'pending' | 'approved' | 'rejected', string> = {
  pending: 'forums.training.status.pending',
  approved: 'forums.training.status.approved',
  rejected: 'forums.training.status.rejected',
};
export const SCORE_KEYS: Record<'relevance' | 'quality' | 'organisation', string> = {
  relevance: 'forums.training.eval.relevance',
  quality: 'forums.training.eval.quality',
  organisation: 'forums.training.eval.organisation',
};
export const RSVP_KEYS: Record<'yes' | 'no' | 'maybe' | 'none', string> = {
  yes: 'forums.rsvp.yes',
  no: 'forums.rsvp.no',
  maybe: 'forums.rsvp.maybe',
  none: 'forums.rsvp.none',
};
