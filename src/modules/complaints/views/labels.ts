/** Message keys for the complaints vocabulary, written out whole so the catalog check can find them. */
import type { Anomaly } from '../access-review.service.ts';
import type { BodyKind, ComplaintKind, Outcome, Stage } from '../complaints.types.ts';

export const STAGE_KEYS: Record<Stage, string> = {
  registered: 'complaints.stage.registered',
  acknowledged: 'complaints.stage.acknowledged',
  under_review: 'complaints.stage.under_review',
  decided: 'complaints.stage.decided',
  appealed: 'complaints.stage.appealed',
};
export const OUTCOME_KEYS: Record<Outcome, string> = {
  upheld: 'complaints.outcome.upheld',
  partly_upheld: 'complaints.outcome.partly_upheld',
  not_upheld: 'complaints.outcome.not_upheld',
  resolved_informally: 'complaints.outcome.resolved_informally',
  withdrawn: 'complaints.outcome.withdrawn',
  commendation_passed_on: 'complaints.outcome.commendation_passed_on',
};
export const KIND_KEYS: Record<ComplaintKind, string> = {
  complaint: 'oversight.kind.complaint',
  commendation: 'oversight.kind.commendation',
};
export const PRIVACY_KEYS: Record<string, string> = {
  public: 'oversight.privacy.public',
  name_hidden: 'oversight.privacy.name_hidden',
  anonymous: 'oversight.privacy.anonymous',
};
export const BODY_KIND_KEYS: Record<BodyKind, string> = {
  public_council: 'oversight.bodyKind.public_council',
  ombudsman: 'oversight.bodyKind.ombudsman',
  internal_affairs: 'oversight.bodyKind.internal_affairs',
};
export const FLAG_KEYS: Record<Anomaly, string> = {
  outside_hours: 'oversight.access.flag.outside_hours',
  outside_area: 'oversight.access.flag.outside_area',
  bulk: 'oversight.access.flag.bulk',
};
/** Read actions of the audit trail in words; others are named by their code. */
export const ACTION_KEYS: Record<string, string> = {
  'report.read': 'oversight.access.actions.report_read',
  'report.identity.view': 'oversight.access.actions.report_identity_view',
  'report.photo.read': 'oversight.access.actions.report_photo_read',
  'report.queue.read': 'oversight.access.actions.report_queue_read',
  'complaint.read': 'oversight.access.actions.complaint_read',
  'complaint.identity.view': 'oversight.access.actions.complaint_identity_view',
  'complaint.photo.read': 'oversight.access.actions.complaint_photo_read',
  'complaint.queue.read': 'oversight.access.actions.complaint_queue_read',
  'person.read_contact': 'oversight.access.actions.person_read_contact',
  'organisation.contacts.read': 'oversight.access.actions.organisation_contacts_read',
  'training.participants.read': 'oversight.access.actions.training_participants_read',
  'training.export': 'oversight.access.actions.training_export',
};

/** A stage / outcome / … key, tolerating a value the table does not know (shown as its code). */
export function label(t: (k: string) => string, table: Record<string, string>, value: string): string {
  const key = table[value];
  return key ? t(key) : value;
}
