/**
 * Who may do what with partnership forums. Role *and* jurisdiction decide, and membership adds:
 * - staff of an area (police roles, prevention coordinators, analysts, oversight, admins) see the
 *   area's forums; a partner sees the forums its organisation or the person sits on;
 * - coordinators and supervisors of the area, and the forum's chair, manage the forum and its members;
 * - the forum's chairs and secretaries (and the area's coordinators and supervisors) run its meetings;
 * - the public sees only public meetings and their summaries (`read_public`), never members' names;
 * - a commitment's owner (the person, or staff of the owning organisation) updates its status.
 * Partnership data is walled off from nothing here but investigation: there is no investigative role.
 */
import { coversAllAreas } from '../accounts/accounts.policy.ts';
import { allow, inJurisdiction, STAFF_ROLES, type RuleContext, type StaffRole } from '../../shared/policy.ts';

export const FORUM = 'forum';
export const MEETING = 'forum_meeting';
export const COMMITMENT = 'forum_commitment';
export const PARTNERSHIP = 'partnership';

/** What forum rules look at: the forum's area and who currently sits on it. */
export interface ForumResource {
  areaPath: string;
  memberPersonIds: string[];
  memberOrganisationIds: string[];
  /** Current chairs and secretaries (person ids). */
  editorPersonIds: string[];
  chairPersonIds: string[];
}
export interface MeetingResource extends ForumResource {
  visibility: 'public' | 'members';
}
export interface CommitmentResource extends ForumResource {
  ownerPersonId: string | null;
  ownerOrganisationId: string | null;
}
export interface PartnershipResource {
  organisationId: string;
  areaPaths: string[];
}

/** Roles that see every forum of their jurisdiction. */
export const AREA_ROLES: readonly StaffRole[] = [
  'officer',
  'supervisor',
  'prevention_coordinator',
  'analyst',
  'oversight',
  'admin',
];
/** Roles that set up forums and run any meeting of their jurisdiction. */
export const COORDINATOR_ROLES: readonly StaffRole[] = ['supervisor', 'prevention_coordinator', 'admin'];

type Ctx<R> = RuleContext<R>;
/** Partner staff act for their organisation; police organisations are too large for that to be need-to-know. */
const forMyOrganisation = (ctx: Ctx<unknown>, organisationId: string | null): boolean =>
  !!ctx.actor.organisationId && ctx.actor.organisationId === organisationId && ctx.grant?.role === 'partner';
const isMember = (ctx: Ctx<ForumResource>): boolean =>
  (!!ctx.actor.personId && ctx.resource.memberPersonIds.includes(ctx.actor.personId)) ||
  ctx.resource.memberOrganisationIds.some((o) => forMyOrganisation(ctx, o));
const isEditor = (ctx: Ctx<ForumResource>): boolean =>
  !!ctx.actor.personId && ctx.resource.editorPersonIds.includes(ctx.actor.personId);
const isChair = (ctx: Ctx<ForumResource>): boolean =>
  !!ctx.actor.personId && ctx.resource.chairPersonIds.includes(ctx.actor.personId);
const isOwner = (ctx: Ctx<CommitmentResource>): boolean =>
  (!!ctx.actor.personId && ctx.resource.ownerPersonId === ctx.actor.personId) ||
  forMyOrganisation(ctx, ctx.resource.ownerOrganisationId) ||
  (!!ctx.actor.organisationId &&
    ctx.resource.ownerOrganisationId === ctx.actor.organisationId &&
    inJurisdiction(ctx));
const coversAnyArea = (ctx: Ctx<PartnershipResource>): boolean =>
  !!ctx.grant && ctx.resource.areaPaths.some((p) => p.startsWith(ctx.grant!.areaPath));
const ownOrganisation = (ctx: Ctx<PartnershipResource>): boolean =>
  !!ctx.actor.organisationId && ctx.actor.organisationId === ctx.resource.organisationId;

// Forums: role gates (lists are filtered in SQL by jurisdiction and membership), then the forum itself.
allow([...STAFF_ROLES], 'list', FORUM);
allow<ForumResource>([...AREA_ROLES], 'read', FORUM, inJurisdiction);
allow<ForumResource>([...STAFF_ROLES], 'read', FORUM, isMember);
/** Names of members and participants are personal data: analysts get counts and composition only. */
export const MEMBER_NAME_READERS: readonly StaffRole[] = AREA_ROLES.filter((r) => r !== 'analyst');
allow<ForumResource>([...MEMBER_NAME_READERS], 'read_members', FORUM, inJurisdiction);
allow<ForumResource>([...STAFF_ROLES], 'read_members', FORUM, isMember);
allow<ForumResource>([...COORDINATOR_ROLES], ['create', 'manage'], FORUM, inJurisdiction);
allow<ForumResource>([...STAFF_ROLES], 'manage', FORUM, isChair);

// Meetings: whoever sees the forum sees its meetings; chairs, secretaries and coordinators run them.
allow<MeetingResource>([...AREA_ROLES], 'read', MEETING, inJurisdiction);
allow<MeetingResource>([...STAFF_ROLES], 'read', MEETING, isMember);
allow<MeetingResource>(['supervisor', 'prevention_coordinator'], 'manage', MEETING, inJurisdiction);
allow<MeetingResource>([...STAFF_ROLES], 'manage', MEETING, isEditor);
allow<MeetingResource>('anyone', 'read_public', MEETING, (ctx) => ctx.resource?.visibility === 'public');

// Commitments: everyone's own to-do list; owners and meeting managers change the status.
allow([...STAFF_ROLES], 'list', COMMITMENT);
allow<CommitmentResource>([...STAFF_ROLES], 'update', COMMITMENT, isOwner);
allow<CommitmentResource>(['supervisor', 'prevention_coordinator'], 'update', COMMITMENT, inJurisdiction);
allow<CommitmentResource>([...STAFF_ROLES], 'update', COMMITMENT, isEditor);

// Partnerships: commitment and status are part of the shared directory; contacts are need-to-know.
allow([...STAFF_ROLES], 'read', PARTNERSHIP);
allow<PartnershipResource>(
  ['officer', 'supervisor', 'prevention_coordinator', 'admin'],
  'read_contacts',
  PARTNERSHIP,
  coversAnyArea,
);
allow<PartnershipResource>('partner', 'read_contacts', PARTNERSHIP, ownOrganisation);
allow<PartnershipResource>(['supervisor', 'prevention_coordinator', 'admin'], 'manage', PARTNERSHIP, (ctx) =>
  coversAllAreas(ctx),
);

// Mobile receptions: area staff see them, police and coordinators of the area run them; the notice
// (where, when, which van and officers) is public.
export const RECEPTION = 'reception';
export interface ReceptionResource {
  areaPath: string;
}
allow([...AREA_ROLES], 'list', RECEPTION);
allow<ReceptionResource>([...AREA_ROLES], 'read', RECEPTION, inJurisdiction);
allow<ReceptionResource>(
  ['officer', 'supervisor', 'prevention_coordinator'],
  ['create', 'manage'],
  RECEPTION,
  inJurisdiction,
);
allow('anyone', 'read_public', RECEPTION);

// Trainings and cross-border workshops: coordinators of the area organise them and decide
// registrations; area staff see them; any signed-in person may ask for a seat and evaluate.
export const TRAINING = 'training_event';
export interface TrainingResource {
  areaPath: string;
}
allow([...STAFF_ROLES], 'list', TRAINING);
/** Who sees the events of their area: area staff, and partner staff (who ask for seats). */
export const TRAINING_READERS: readonly StaffRole[] = [...AREA_ROLES, 'partner'];
allow<TrainingResource>([...TRAINING_READERS], 'read', TRAINING, inJurisdiction);
allow<TrainingResource>([...COORDINATOR_ROLES], ['create', 'manage'], TRAINING, inJurisdiction);
allow([...STAFF_ROLES, 'resident'], ['register', 'evaluate'], TRAINING);
