/** The database as Kysely sees it. Booleans are integers, timestamps ISO-8601 UTC text, JSON text. */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface AreaTable {
  id: string;
  code: string;
  country_code: string;
  kind: 'country' | 'region' | 'district' | 'municipality' | 'beat';
  subtype: string | null;
  parent_code: string | null;
  path: string;
  names: string;
  centre_lat: number | null;
  centre_lon: number | null;
  boundary: string | null;
  min_lat: number | null;
  min_lon: number | null;
  max_lat: number | null;
  max_lon: number | null;
  valid_from: string;
  valid_to: string | null;
  successor_code: string | null;
  created_at: string;
  updated_at: string;
}
export type Area = Selectable<AreaTable>;
export type NewArea = Insertable<AreaTable>;
export type AreaUpdate = Updateable<AreaTable>;

export interface OrganisationTable {
  id: string;
  name: string;
  kind: string;
  sector: 'police' | 'partner';
  status: 'active' | 'suspended';
  created_at: string;
  updated_at: string;
}
export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;

export interface OrganisationAreaTable {
  organisation_id: string;
  area_code: string;
}

export interface PersonTable {
  id: string;
  kind: 'staff' | 'resident';
  email: string | null;
  phone: string | null;
  display_name: string;
  password_hash: string | null;
  locale: string | null;
  organisation_id: string | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  /** Last accepted TOTP time step (replay protection); null until the first code. */
  totp_last_step: number | null;
  disabled_at: string | null;
  is_demo: number;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;

export interface RoleGrantTable {
  id: string;
  person_id: string;
  role: string;
  area_code: string;
  created_at: string;
  created_by: string | null;
}
export type RoleGrant = Selectable<RoleGrantTable>;

/** Every grant asked for, with its four-eyes decision (see the grant-confirmation migration). */
export interface GrantRequestTable {
  id: string;
  person_id: string;
  role: string;
  area_code: string;
  status: 'pending' | 'confirmed' | 'refused' | 'revoked';
  requested_by: string | null;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  revoked_by: string | null;
  revoked_at: string | null;
  grant_id: string | null;
}
export type GrantRequest = Selectable<GrantRequestTable>;

export interface RecoveryCodeTable {
  id: string;
  person_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface SessionTable {
  id: string;
  person_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  mfa_at: string | null;
}
export type Session = Selectable<SessionTable>;

export interface ApiTokenTable {
  id: string;
  person_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}
export type ApiToken = Selectable<ApiTokenTable>;

export interface ThrottleTable {
  key: string;
  count: number;
  window_start: string;
}

/** A one-time submission key of a page form (see plugins/once.ts). */
export interface FormSubmissionTable {
  key: string;
  actor: string;
  method_path: string;
  state: 'pending' | 'done';
  status_code: number | null;
  location: string | null;
  created_at: string;
}

export interface AuditEventTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}
export type AuditEvent = Selectable<AuditEventTable>;

export interface AuditCheckpointTable {
  seq: number;
  head_hash: string;
  at: string;
  key_id: string;
  signature: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface JobTable {
  id: string;
  kind: string;
  payload: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  run_at: string;
  attempts: number;
  max_attempts: number;
  unique_key: string | null;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}
export type Job = Selectable<JobTable>;

export interface ReportCategoryTable {
  id: string;
  code: string;
  group_code: string;
  /** JSON: { locale: name } */
  names: string;
  /** JSON: { locale: guidance text } (when to call 102/112 instead) */
  guidance: string;
  desk: 'triage' | 'prevention' | 'complaints';
  /** 1: never shown publicly. */
  sensitive: number;
  /** JSON: CategoryQuestion[] */
  questions: string;
  active: number;
  sort: number;
  created_at: string;
  updated_at: string;
}
export type ReportCategory = Selectable<ReportCategoryTable>;
export type NewReportCategory = Insertable<ReportCategoryTable>;
export type ReportCategoryUpdate = Updateable<ReportCategoryTable>;

export interface ReportTable {
  id: string;
  reference: string;
  category_code: string;
  description: string;
  privacy: 'public' | 'name_hidden' | 'anonymous';
  status: string;
  desk: 'triage' | 'prevention' | 'complaints';
  sensitive: number;
  area_code: string;
  area_path: string;
  lat: number | null;
  lon: number | null;
  public_lat: number | null;
  public_lon: number | null;
  address: string | null;
  occurred_at: string | null;
  channel: string;
  locale: string | null;
  reporter_person_id: string | null;
  entered_by_person_id: string | null;
  /** encryptField(secret, 'report-contact', JSON) — never for anonymous reports. */
  contact: string | null;
  /** hmacHex(secret, 'receipt', digits) — anonymous reports only. */
  receipt_hash: string | null;
  last_activity_at: string;
  answers: string;
  assigned_person_id: string | null;
  assigned_organisation_id: string | null;
  held_for_review: number;
  duplicate_of: string | null;
  problem_id: string | null;
  created_at: string;
  updated_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  closed_reason: string | null;
  referred_to: string | null;
  time_to_ack_seconds: number | null;
  time_to_resolve_seconds: number | null;
  personal_data_deleted_at: string | null;
}
export type Report = Selectable<ReportTable>;
export type NewReport = Insertable<ReportTable>;
export type ReportUpdate = Updateable<ReportTable>;

export interface ReportEventTable {
  id: string;
  report_id: string;
  kind: string;
  visibility: 'public' | 'reporter' | 'internal';
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  body: string | null;
  details: string | null;
  actor_person_id: string | null;
  created_at: string;
}
export type ReportEvent = Selectable<ReportEventTable>;
export type NewReportEvent = Insertable<ReportEventTable>;

export interface ReportPhotoTable {
  id: string;
  report_id: string;
  storage_key: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  source: 'reporter' | 'staff';
  created_at: string;
}
export type ReportPhoto = Selectable<ReportPhotoTable>;

export interface ReportFeedbackTable {
  id: string;
  report_id: string;
  resolved: 'yes' | 'partly' | 'no';
  answers: string;
  created_at: string;
}
export type ReportFeedback = Selectable<ReportFeedbackTable>;

export interface ResponseTemplateTable {
  id: string;
  category_code: string | null;
  locale: string;
  title: string;
  body: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type ResponseTemplate = Selectable<ResponseTemplateTable>;

// --- forums (partnership forums, meetings, commitments) ---------------------------------------

export interface OrganisationCommitmentTable {
  id: string;
  organisation_id: string;
  /** YYYY-MM-DD */
  confirmed_on: string;
  /** Name and position of whoever confirmed on the organisation's behalf. */
  confirmed_by: string;
  text: string;
  recorded_by: string | null;
  created_at: string;
}
export type OrganisationCommitment = Selectable<OrganisationCommitmentTable>;

export interface OrganisationStatusChangeTable {
  id: string;
  organisation_id: string;
  status: 'active' | 'suspended';
  reason: string;
  changed_by: string | null;
  created_at: string;
}
export type OrganisationStatusChange = Selectable<OrganisationStatusChangeTable>;

export interface OrganisationContactTable {
  organisation_id: string;
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  /** JSON: locale codes */
  languages: string;
  updated_by: string | null;
  updated_at: string;
}
export type OrganisationContact = Selectable<OrganisationContactTable>;

export interface ForumTable {
  id: string;
  name: string;
  kind: 'prevention_centre' | 'working_group' | 'public_council' | 'other';
  area_code: string;
  area_path: string;
  description: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type Forum = Selectable<ForumTable>;

export interface ForumMemberTable {
  id: string;
  forum_id: string;
  person_id: string | null;
  display_name: string;
  organisation_id: string | null;
  role: 'chair' | 'secretary' | 'member' | 'observer';
  term_start: string;
  term_end: string | null;
  gender: 'woman' | 'man' | 'other' | null;
  age_band: 'under_18' | '18_29' | '30_44' | '45_59' | '60_plus' | null;
  created_at: string;
  updated_at: string;
}
export type ForumMember = Selectable<ForumMemberTable>;

export interface MeetingTable {
  id: string;
  forum_id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  mode: 'in_person' | 'online' | 'hybrid';
  place: string;
  online_url: string | null;
  visibility: 'public' | 'members';
  status: 'scheduled' | 'held' | 'cancelled';
  residents_count: number;
  minutes: string;
  public_summary: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type Meeting = Selectable<MeetingTable>;

export interface MeetingAgendaItemTable {
  id: string;
  meeting_id: string;
  position: number;
  title: string;
  ref_kind: 'report' | 'problem' | 'plan_task' | null;
  ref_id: string | null;
  commitment_id: string | null;
  created_at: string;
}
export type MeetingAgendaItem = Selectable<MeetingAgendaItemTable>;

export interface MeetingParticipantTable {
  meeting_id: string;
  member_id: string;
  invited: number;
  attended: number;
  /** The invited member's answer: null (none yet) | 'yes' | 'no' | 'maybe'. */
  rsvp: 'yes' | 'no' | 'maybe' | null;
  rsvp_at: string | null;
}

/** A file attached to a training/workshop or a meeting; stored under DATA_DIR by its random key. */
export interface ForumMaterialTable {
  id: string;
  owner_kind: 'training_event' | 'meeting';
  owner_id: string;
  title: string;
  /** The uploader's file name, shown and offered on download only (never used as a path). */
  file_name: string;
  mime: string;
  bytes: number;
  storage_key: string;
  /** 1: listed on the public page of a public meeting. */
  is_public: number;
  created_by: string | null;
  created_at: string;
}
export type ForumMaterial = Selectable<ForumMaterialTable>;

/** A public meeting's summary in one resident language. */
export interface MeetingSummaryTable {
  meeting_id: string;
  locale: string;
  text: string;
  updated_by: string | null;
  updated_at: string;
}

/** Who has answered a training's evaluation (the answers themselves carry no person). */
export interface TrainingEvaluationGivenTable {
  event_id: string;
  person_id: string;
}

export interface MeetingDecisionTable {
  id: string;
  meeting_id: string;
  position: number;
  text: string;
  created_at: string;
}
export type MeetingDecision = Selectable<MeetingDecisionTable>;

export interface ForumCommitmentTable {
  id: string;
  forum_id: string;
  meeting_id: string;
  decision_id: string;
  text: string;
  owner_person_id: string | null;
  owner_organisation_id: string | null;
  /** YYYY-MM-DD */
  deadline: string;
  status: 'open' | 'in_progress' | 'done' | 'dropped';
  done_at: string | null;
  created_at: string;
  updated_at: string;
}
export type ForumCommitment = Selectable<ForumCommitmentTable>;

export interface ReceptionTable {
  id: string;
  area_code: string;
  area_path: string;
  van: string;
  place: string;
  starts_at: string;
  ends_at: string;
  /** JSON: officers' names for the public notice */
  officers: string;
  notice: string;
  status: 'scheduled' | 'held' | 'cancelled';
  people_received: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type Reception = Selectable<ReceptionTable>;

export interface ReceptionReportTable {
  reception_id: string;
  report_id: string;
  created_at: string;
}

export interface TrainingEventTable {
  id: string;
  title: string;
  area_code: string;
  area_path: string;
  place: string;
  starts_on: string;
  ends_on: string;
  seat_limit: number;
  /** JSON: [{ name, country }] */
  organisers: string;
  /** JSON: [{ name, country }] */
  partners: string;
  description: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type TrainingEvent = Selectable<TrainingEventTable>;

export interface TrainingSessionTable {
  id: string;
  event_id: string;
  day: string;
  time: string;
  title: string;
  /** JSON: names */
  speakers: string;
}
export type TrainingSession = Selectable<TrainingSessionTable>;

export interface TrainingRegistrationTable {
  id: string;
  event_id: string;
  person_id: string | null;
  full_name: string;
  organisation_name: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  status: 'pending' | 'approved' | 'rejected';
  created_at: string;
  decided_at: string | null;
}
export type TrainingRegistration = Selectable<TrainingRegistrationTable>;

export interface TrainingAttendanceTable {
  registration_id: string;
  day: string;
}

export interface TrainingEvaluationTable {
  id: string;
  event_id: string;
  relevance: number;
  quality: number;
  organisation: number;
  /** 1 yes, 0 no */
  will_apply: number;
  comment: string;
  created_at: string;
}
export type TrainingEvaluation = Selectable<TrainingEvaluationTable>;

// Joint local prevention plans (Kyrgyz Law No. 60 of 5 May 2021): per municipality or district and
// period; priorities, tasks, approvals by three signatories against a numbered version of the content.
export interface PlanTable {
  id: string;
  title: string;
  area_code: string;
  area_path: string;
  /** YYYY-MM-DD, inclusive. */
  period_start: string;
  period_end: string;
  summary: string;
  /** ISO 4217 code of budget amounts (KGS, KZT, TJS). */
  currency: string;
  /** 'draft' (never approved) | 'approved' (current version approved) | 'revision' (changed since). */
  status: 'draft' | 'approved' | 'revision';
  current_version: number;
  approved_version: number | null;
  approved_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type Plan = Selectable<PlanTable>;
export type NewPlan = Insertable<PlanTable>;
export type PlanUpdate = Updateable<PlanTable>;

export interface PlanVersionTable {
  id: string;
  plan_id: string;
  number: number;
  /** JSON snapshot of the signed content (plan fields, priorities, tasks, links). */
  snapshot: string;
  created_by: string | null;
  created_at: string;
  /** Set by the first approval: from then on the version never changes. */
  frozen_at: string | null;
}
export type PlanVersion = Selectable<PlanVersionTable>;

export interface PlanPriorityTable {
  id: string;
  plan_id: string;
  position: number;
  title: string;
  justification: string;
  /** Where the evidence comes from (a resident questionnaire, statistics, a forum meeting). */
  source: string;
  created_at: string;
  updated_at: string;
}
export type PlanPriority = Selectable<PlanPriorityTable>;

export interface PlanPriorityProblemTable {
  priority_id: string;
  problem_id: string;
  plan_id: string;
}

export interface PlanTaskTable {
  id: string;
  plan_id: string;
  priority_id: string;
  position: number;
  title: string;
  description: string;
  owner_organisation_id: string | null;
  /** YYYY-MM-DD */
  deadline: string;
  funding_source: 'local_budget' | 'donor' | 'in_kind' | 'none';
  /** Whole currency units of the plan's currency. */
  budget: number;
  spent: number;
  status: 'not_started' | 'in_progress' | 'done' | 'cancelled';
  progress: number;
  completed_on: string | null;
  created_at: string;
  updated_at: string;
}
export type PlanTask = Selectable<PlanTaskTable>;
export type NewPlanTask = Insertable<PlanTaskTable>;

export interface PlanTaskProblemTable {
  task_id: string;
  problem_id: string;
  plan_id: string;
}

export interface PlanTaskUpdateTable {
  id: string;
  task_id: string;
  plan_id: string;
  status: 'not_started' | 'in_progress' | 'done' | 'cancelled';
  progress: number;
  spent: number;
  note: string;
  /** YYYY-MM-DD */
  reported_on: string;
  reported_by: string | null;
  created_at: string;
}
export type PlanTaskUpdate = Selectable<PlanTaskUpdateTable>;

export interface PlanApprovalTable {
  id: string;
  plan_id: string;
  version_id: string;
  version_number: number;
  /** Which of the three signatures: head of district police, head of municipality, council chair. */
  seat: 'police' | 'municipality' | 'council';
  person_id: string | null;
  signatory_name: string;
  role_title: string;
  organisation_id: string | null;
  organisation_name: string;
  /** YYYY-MM-DD: the date written next to the signature. */
  approved_on: string;
  created_at: string;
}
export type PlanApproval = Selectable<PlanApprovalTable>;

// --- problems (SARA) ---------------------------------------------------------------------------

export interface ProblemTable {
  id: string;
  title: string;
  description: string;
  status: 'scanning' | 'analysis' | 'response' | 'assessment' | 'closed';
  clustering_type: 'place' | 'time' | 'behaviour' | 'victim_group' | 'offender_behaviour';
  category_code: string | null;
  origin: 'reports' | 'survey' | 'forum' | 'hand';
  /** YYYY-MM-DD */
  first_seen: string | null;
  last_seen: string | null;
  frequency: string;
  harms: string;
  priority: 'low' | 'medium' | 'high';
  priority_rationale: string;
  goal: string;
  /** JSON: ProblemAnalysis */
  analysis: string;
  area_path: string;
  published: number;
  public_title: string;
  public_summary: string;
  published_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}
export type Problem = Selectable<ProblemTable>;

export interface ProblemAreaTable {
  problem_id: string;
  area_code: string;
  area_path: string;
}

export interface ProblemPartnerTable {
  problem_id: string;
  organisation_id: string;
  raised: number;
  created_at: string;
}

export interface ProblemMeasureTable {
  id: string;
  problem_id: string;
  phase: 'baseline' | 'after';
  period_start: string;
  period_end: string;
  category_code: string | null;
  /** JSON: string[] */
  area_codes: string;
  comparison_area_code: string | null;
  buffer_area_code: string | null;
  /** JSON: { target: number[]; comparison: number[] | null; buffer: number[] | null } */
  weekly: string;
  target_total: number;
  comparison_total: number | null;
  buffer_total: number | null;
  survey_note: string;
  computed_by: string | null;
  computed_at: string;
}
export type ProblemMeasure = Selectable<ProblemMeasureTable>;

export interface ProblemActionTable {
  id: string;
  problem_id: string;
  title: string;
  description: string;
  responsible_organisation_id: string | null;
  responsible_person_id: string | null;
  /** YYYY-MM-DD */
  deadline: string | null;
  funding_source: 'local_budget' | 'donor' | 'in_kind' | 'none';
  status: 'planned' | 'in_progress' | 'done' | 'cancelled';
  progress: number;
  /** The plan task this action serves (plan_task.id; no foreign key). */
  plan_task_id: string | null;
  coercive: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  done_at: string | null;
}
export type ProblemAction = Selectable<ProblemActionTable>;

export interface ProblemRightsCheckTable {
  id: string;
  action_id: string;
  legality: string;
  necessity: string;
  proportionality: string;
  non_discrimination: string;
  outcome: 'approved' | 'refused';
  checker_name: string;
  checked_by: string | null;
  checked_at: string;
}
export type ProblemRightsCheck = Selectable<ProblemRightsCheckTable>;

export interface ProblemAssessmentTable {
  id: string;
  problem_id: string;
  process_check: string;
  baseline_measure_id: string | null;
  after_measure_id: string | null;
  comparison: string;
  resident_feedback: string;
  decision: 'close' | 'adjust' | 'reanalyse';
  notes: string;
  assessed_by: string | null;
  created_at: string;
}
export type ProblemAssessment = Selectable<ProblemAssessmentTable>;

export interface ProblemEventTable {
  id: string;
  problem_id: string;
  kind: string;
  actor_person_id: string | null;
  details: string;
  created_at: string;
}
export type ProblemEvent = Selectable<ProblemEventTable>;

// --- channels (Telegram, WhatsApp, SMS) ----------------------------------------------------------

export interface ChannelSettingTable {
  channel: string;
  key: string;
  /** Plain for ordinary settings; sealed with encryptField when `secret` is 1. */
  value: string;
  secret: number;
  updated_by_person_id: string | null;
  updated_at: string;
}
export type ChannelSetting = Selectable<ChannelSettingTable>;

export interface ConversationTable {
  id: string;
  channel: string;
  address_hash: string;
  /** Sealed chat id / phone number (only to reply). */
  address: string;
  locale: string | null;
  step: string;
  /** JSON: the draft report and the step's context. */
  data: string;
  expires_at: string;
  created_at: string;
  updated_at: string;
}
export type Conversation = Selectable<ConversationTable>;

export interface ChannelInboundTable {
  channel: string;
  message_hash: string;
  created_at: string;
}

export interface ChannelThreadTable {
  id: string;
  report_id: string;
  channel: string;
  address_hash: string;
  address: string;
  locale: string;
  last_event_id: string | null;
  feedback_asked_at: string | null;
  created_at: string;
  updated_at: string;
}
export type ChannelThread = Selectable<ChannelThreadTable>;

export interface ChannelOutboxTable {
  id: string;
  channel: string;
  address_hash: string;
  address: string;
  /** Sealed JSON of the OutboundMessage. */
  message: string;
  purpose: 'reply' | 'notify' | 'test' | 'account' | 'alert';
  report_id: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  /** The provider's id of the sent message (WhatsApp `wamid`), to match later status webhooks. */
  provider_message_id: string | null;
  /** The last delivery status the provider reported. */
  delivery_status: 'sent' | 'delivered' | 'read' | 'failed' | null;
}
export type ChannelOutbox = Selectable<ChannelOutboxTable>;

// --- e-mail delivery reports ---------------------------------------------------------------------

export interface EmailReportTable {
  id: string;
  /** addressHash(secret, 'email', address): the address itself is never stored here. */
  address_hash: string;
  kind: 'hard_bounce' | 'soft_bounce' | 'complaint';
  /** The DSN status code (e.g. 5.1.1), when the report gave one. */
  status: string | null;
  created_at: string;
}
export type EmailReport = Selectable<EmailReportTable>;

export interface EmailSuppressionTable {
  address_hash: string;
  reason: 'hard_bounce' | 'complaint';
  created_at: string;
}

export interface AccountEmailTokenTable {
  id: string;
  purpose: 'verify' | 'reset';
  /** hmacHex(secret, 'account-email-token', token). */
  token_hash: string;
  /** The account a reset is for (null for a sign-up: the account does not exist yet). */
  person_id: string | null;
  /** Sign-up: sealed JSON of the pending account (e-mail, name, password hash, phone, language). */
  payload: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}
export type AccountEmailToken = Selectable<AccountEmailTokenTable>;

// --- area alerts (issue 18) ----------------------------------------------------------------------

export type AlertChannel = 'email' | 'telegram' | 'whatsapp' | 'sms';
export type AlertPriority = 'urgent' | 'normal' | 'low';
export type AlertKind = 'safety' | 'meeting' | 'appeal' | 'good_news' | 'problem_update';

export interface AlertSubscriptionTable {
  id: string;
  channel: AlertChannel;
  /** Sealed e-mail address / phone number / chat id: used only to send these alerts. */
  address: string;
  address_hash: string;
  locale: string;
  /** JSON: AlertKind[]. */
  topics: string;
  min_priority: AlertPriority;
  /** Quiet hours as minutes after local midnight (TIME_ZONE); null for none. */
  quiet_start: number | null;
  quiet_end: number | null;
  digest: 'immediate' | 'daily' | 'weekly';
  status: 'pending' | 'active' | 'stopped';
  /** When the subscriber confirmed on this channel (double opt-in): the consent record. */
  consent_at: string | null;
  created_at: string;
  updated_at: string;
}
export type AlertSubscription = Selectable<AlertSubscriptionTable>;

export interface AlertSubscriptionAreaTable {
  subscription_id: string;
  area_code: string;
  area_path: string;
}

export interface AlertTable {
  id: string;
  kind: AlertKind;
  priority: AlertPriority;
  /** JSON: { [locale]: { title, body } }. */
  content: string;
  link: string | null;
  expires_at: string | null;
  send_at: string;
  status: 'scheduled' | 'sending' | 'sent';
  created_by: string | null;
  created_at: string;
  sent_at: string | null;
}
export type Alert = Selectable<AlertTable>;

export interface AlertAreaTable {
  alert_id: string;
  area_code: string;
  area_path: string;
}

export interface AlertDeliveryTable {
  id: string;
  alert_id: string;
  subscription_id: string | null;
  channel: AlertChannel;
  address_hash: string;
  locale: string;
  /** held: waiting for the end of quiet hours or the digest; queued: in the outbox (outbox_id). */
  status: 'held' | 'queued';
  due_at: string;
  outbox_id: string | null;
  created_at: string;
}
export type AlertDelivery = Selectable<AlertDeliveryTable>;

// --- open311 ----------------------------------------------------------------------------------

export interface Open311ApiKeyTable {
  id: string;
  name: string;
  key_hash: string;
  key_hint: string;
  /** JSON: string[] of service (category) codes. */
  services: string;
  rate_per_hour: number;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}
export type Open311ApiKey = Selectable<Open311ApiKeyTable>;

export interface Open311RequestTable {
  report_id: string;
  token: string;
  api_key_id: string;
  created_at: string;
}

export interface Open311UpdateTable {
  id: string;
  api_key_id: string;
  client_update_id: string | null;
  report_id: string;
  created_at: string;
}

// Trust and safety surveys: item bank, versioned questionnaires, waves, anonymous responses (no
// person, IP, user agent or time finer than the day), population tables for weighting.
export interface SurveyItemTable {
  id: string;
  origin: 'bank' | 'post_contact';
  construct: string;
  scale: string;
  source: string;
  status: 'verbatim' | 'paraphrase';
  position: number;
  created_at: string;
}
export type SurveyItem = Selectable<SurveyItemTable>;
export interface SurveyItemTextTable {
  item_id: string;
  locale: string;
  text: string;
  status: 'draft' | 'reviewed' | 'back_translated';
  back_translation: string | null;
  reviewer_notes: Generated<string>;
  updated_by: string | null;
  updated_at: string;
}
export type SurveyItemText = Selectable<SurveyItemTextTable>;
export interface SurveyTable {
  id: string;
  title: string;
  area_code: string;
  area_path: string;
  current_version: number;
  published_version: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type Survey = Selectable<SurveyTable>;
export interface SurveyVersionTable {
  survey_id: string;
  number: number;
  definition: string;
  status: 'draft' | 'published';
  published_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type SurveyVersion = Selectable<SurveyVersionTable>;
export interface SurveyTargetTable {
  survey_id: string;
  area_code: string;
  area_path: string;
  target_sample: number;
  quota: number;
  link_token: string;
  created_at: string;
}
export type SurveyTarget = Selectable<SurveyTargetTable>;
export interface SurveyWaveTable {
  id: string;
  survey_id: string;
  number: number;
  version_number: number;
  opens_at: string;
  closes_at: string;
  created_by: string | null;
  created_at: string;
}
export type SurveyWave = Selectable<SurveyWaveTable>;
export interface SurveyResponseTable {
  id: string;
  survey_id: string;
  wave_id: string;
  version_number: number;
  area_code: string;
  locale: string;
  channel: 'web' | 'paper';
  status: 'accepted' | 'held' | 'rejected';
  gender: string | null;
  age_band: string | null;
  residence_area_code: string | null;
  received_on: string;
}
export type SurveyResponse = Selectable<SurveyResponseTable>;
export interface SurveyAnswerTable {
  response_id: string;
  question_key: string;
  number_value: number | null;
  text_value: string | null;
  choice_values: string | null;
}
export type SurveyAnswer = Selectable<SurveyAnswerTable>;
export interface SurveyLinkWindowTable {
  link_token: string;
  window_start: string;
  count: number;
}
export interface SurveyPopulationTable {
  area_code: string;
  area_path: string;
  gender: string;
  age_band: string;
  population: number;
  source: string;
  loaded_by: string | null;
  loaded_at: string;
}
export type SurveyPopulation = Selectable<SurveyPopulationTable>;
/** Prevention referrals (see the referrals migration). `_enc` columns are sealed with the referral's data key. */
export interface ReferralPanelMemberTable {
  id: string;
  area_code: string;
  area_path: string;
  person_id: string;
  added_by: string | null;
  added_at: string;
}
export type ReferralPanelMember = Selectable<ReferralPanelMemberTable>;

export interface ReferralTable {
  id: string;
  area_code: string;
  area_path: string;
  source: 'prevention_desk' | 'forum' | 'partner';
  source_report_id: string | null;
  source_forum_id: string | null;
  referring_organisation_id: string | null;
  status: 'consultation' | 'consented' | 'support' | 'closed';
  observed_at: string;
  observed_area_code: string;
  subject_minor: number;
  behaviour_enc: string;
  factors_enc: string;
  subject_enc: string | null;
  consent_status: 'none' | 'given' | 'withdrawn';
  legal_duty_role: string | null;
  legal_duty_by: string | null;
  legal_duty_at: string | null;
  legal_duty_enc: string | null;
  checklist: string | null;
  checklist_by: string | null;
  checklist_at: string | null;
  decision: string | null;
  decision_enc: string | null;
  decided_by: string | null;
  decided_at: string | null;
  outcome: string | null;
  support_delivered: number | null;
  closed_at: string | null;
  closed_by: string | null;
  key_id: string;
  wrapped_key: string;
  opened_by: string | null;
  created_at: string;
  updated_at: string;
}
export type Referral = Selectable<ReferralTable>;
export type NewReferral = Insertable<ReferralTable>;
export type ReferralUpdate = Updateable<ReferralTable>;

export interface ReferralConsentTable {
  id: string;
  referral_id: string;
  given_by: 'person' | 'guardian';
  method: 'in_person' | 'written' | 'phone';
  given_at: string;
  purposes: string;
  agency_ids: string;
  details_enc: string;
  recorded_by: string | null;
  recorded_at: string;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawal_enc: string | null;
}
export type ReferralConsent = Selectable<ReferralConsentTable>;

export interface ReferralActionTable {
  id: string;
  referral_id: string;
  owner_organisation_id: string;
  text_enc: string;
  deadline: string;
  review_dates: string;
  status: 'planned' | 'in_progress' | 'done' | 'not_done';
  note_enc: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type ReferralAction = Selectable<ReferralActionTable>;

export interface ReferralReviewTable {
  id: string;
  referral_id: string;
  reviewed_on: string;
  notes_enc: string;
  next_review_on: string | null;
  recorded_by: string | null;
  created_at: string;
}
export type ReferralReview = Selectable<ReferralReviewTable>;

export interface ReferralOutcomeTallyTable {
  id: string;
  area_code: string;
  area_path: string;
  outcome: string;
  support_delivered: number;
  closed_month: string;
}
// --- complaints and commendations about police (oversight) ------------------------------------

export interface OversightBodyTable {
  id: string;
  area_code: string;
  area_path: string;
  kind: 'public_council' | 'ombudsman' | 'internal_affairs';
  name: string;
  /** Only oversight staff of this organisation read the body's complaints (null: any oversight grant). */
  organisation_id: string | null;
  ack_days: number;
  decision_days: number;
  active: number;
  created_at: string;
  updated_at: string;
}
export type OversightBody = Selectable<OversightBodyTable>;

export interface OversightBodyChangeTable {
  id: string;
  /** null: a new body. */
  body_id: string | null;
  /** JSON: the proposed fields. */
  proposal: string;
  status: 'pending' | 'confirmed' | 'refused';
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
}
export type OversightBodyChange = Selectable<OversightBodyChangeTable>;

export interface ComplaintTable {
  id: string;
  report_id: string;
  kind: 'complaint' | 'commendation';
  officer_badge: string | null;
  officer_description: string | null;
  body_id: string | null;
  area_code: string;
  area_path: string;
  stage: 'registered' | 'acknowledged' | 'under_review' | 'decided' | 'appealed';
  /** 1: the complainant chose to let oversight see who they are. */
  identity_shared: number;
  registered_at: string;
  ack_due_at: string;
  acknowledged_at: string | null;
  decision_due_at: string;
  decided_at: string | null;
  outcome: string | null;
  reasoning: string | null;
  recommendations: string | null;
  /** What the oversight body discloses to the officer concerned at closure. */
  disclosure: string | null;
  /** The officer concerned, when oversight identified them: they see the disclosure, nothing else. */
  officer_person_id: string | null;
  appeal_count: number;
  appeal_reason: string | null;
  updated_at: string;
}
export type Complaint = Selectable<ComplaintTable>;
export type NewComplaint = Insertable<ComplaintTable>;
export type ComplaintUpdate = Updateable<ComplaintTable>;

export interface ComplaintEventTable {
  id: string;
  complaint_id: string;
  from_stage: string | null;
  to_stage: string;
  outcome: string | null;
  note: string | null;
  actor_person_id: string | null;
  created_at: string;
}
export type ComplaintEvent = Selectable<ComplaintEventTable>;

export interface DB {
  area: AreaTable;
  organisation: OrganisationTable;
  organisation_area: OrganisationAreaTable;
  person: PersonTable;
  role_grant: RoleGrantTable;
  grant_request: GrantRequestTable;
  recovery_code: RecoveryCodeTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  throttle: ThrottleTable;
  form_submission: FormSubmissionTable;
  open311_api_key: Open311ApiKeyTable;
  open311_request: Open311RequestTable;
  open311_update: Open311UpdateTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  audit_checkpoint: AuditCheckpointTable;
  job: JobTable;
  report_category: ReportCategoryTable;
  report: ReportTable;
  report_event: ReportEventTable;
  report_photo: ReportPhotoTable;
  report_feedback: ReportFeedbackTable;
  response_template: ResponseTemplateTable;
  channel_setting: ChannelSettingTable;
  conversation: ConversationTable;
  channel_inbound: ChannelInboundTable;
  channel_thread: ChannelThreadTable;
  channel_outbox: ChannelOutboxTable;
  email_report: EmailReportTable;
  email_suppression: EmailSuppressionTable;
  account_email_token: AccountEmailTokenTable;
  alert_subscription: AlertSubscriptionTable;
  alert_subscription_area: AlertSubscriptionAreaTable;
  alert: AlertTable;
  alert_area: AlertAreaTable;
  alert_delivery: AlertDeliveryTable;
  problem: ProblemTable;
  problem_area: ProblemAreaTable;
  problem_partner: ProblemPartnerTable;
  problem_measure: ProblemMeasureTable;
  problem_action: ProblemActionTable;
  problem_rights_check: ProblemRightsCheckTable;
  problem_assessment: ProblemAssessmentTable;
  problem_event: ProblemEventTable;
  organisation_commitment: OrganisationCommitmentTable;
  organisation_status_change: OrganisationStatusChangeTable;
  organisation_contact: OrganisationContactTable;
  forum: ForumTable;
  forum_member: ForumMemberTable;
  meeting: MeetingTable;
  meeting_agenda_item: MeetingAgendaItemTable;
  meeting_participant: MeetingParticipantTable;
  meeting_decision: MeetingDecisionTable;
  forum_commitment: ForumCommitmentTable;
  reception: ReceptionTable;
  reception_report: ReceptionReportTable;
  training_event: TrainingEventTable;
  training_session: TrainingSessionTable;
  training_registration: TrainingRegistrationTable;
  training_attendance: TrainingAttendanceTable;
  training_evaluation: TrainingEvaluationTable;
  training_evaluation_given: TrainingEvaluationGivenTable;
  forum_material: ForumMaterialTable;
  meeting_summary: MeetingSummaryTable;
  plan: PlanTable;
  plan_version: PlanVersionTable;
  plan_priority: PlanPriorityTable;
  plan_priority_problem: PlanPriorityProblemTable;
  plan_task: PlanTaskTable;
  plan_task_problem: PlanTaskProblemTable;
  plan_task_update: PlanTaskUpdateTable;
  plan_approval: PlanApprovalTable;
  survey_item: SurveyItemTable;
  survey_item_text: SurveyItemTextTable;
  survey: SurveyTable;
  survey_version: SurveyVersionTable;
  survey_target: SurveyTargetTable;
  survey_wave: SurveyWaveTable;
  survey_response: SurveyResponseTable;
  survey_answer: SurveyAnswerTable;
  survey_link_window: SurveyLinkWindowTable;
  survey_population: SurveyPopulationTable;
  referral_panel_member: ReferralPanelMemberTable;
  referral: ReferralTable;
  referral_consent: ReferralConsentTable;
  referral_action: ReferralActionTable;
  referral_review: ReferralReviewTable;
  referral_outcome_tally: ReferralOutcomeTallyTable;
  insight_export: InsightExportTable;
  oversight_body: OversightBodyTable;
  oversight_body_change: OversightBodyChangeTable;
  complaint: ComplaintTable;
  complaint_event: ComplaintEventTable;
}

export interface InsightExportTable {
  id: string;
  person_id: string;
  list: 'reports' | 'problems';
  format: 'csv' | 'xlsx' | 'geojson';
  locale: string;
  filters: string;
  status: 'pending' | 'running' | 'done' | 'failed' | 'expired';
  rows_written: Generated<number>;
  rows_total: number | null;
  file_bytes: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  expires_at: string | null;
  downloads: Generated<number>;
}
export type InsightExport = Selectable<InsightExportTable>;
export type NewInsightExport = Insertable<InsightExportTable>;
