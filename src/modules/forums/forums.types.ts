/** Values the forums module stores as codes (labels come from literal key maps in views/labels.ts). */
export const FORUM_KINDS = ['prevention_centre', 'working_group', 'public_council', 'other'] as const;
export type ForumKind = (typeof FORUM_KINDS)[number];
export const MEMBER_ROLES = ['chair', 'secretary', 'member', 'observer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEETING_MODES = ['in_person', 'online', 'hybrid'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];
export const VISIBILITIES = ['public', 'members'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const COMMITMENT_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
export const REF_KINDS = ['report', 'problem', 'plan_task'] as const;
export type RefKind = (typeof REF_KINDS)[number];
export const PARTNERSHIP_STATUSES = ['active', 'suspended'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];
