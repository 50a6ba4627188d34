/**
 * What the shared pickers offer, loaded for one reader through the services that authorize (so a
 * page offers only what its reader may choose). Routes call these; the views only render them.
 */
import type { AreaChoiceGroup } from '../modules/geo/area-choices.ts';
import { orgKindKey } from '../modules/accounts/views/labels.ts';
import type { Services } from '../services.ts';
import type { Locale, Translate } from '../shared/i18n.ts';
import { can, jurisdictionPaths, STAFF_ROLES, type Actor, type StaffRole } from '../shared/policy.ts';
import { PROBLEM } from '../modules/problems/problems.policy.ts';
import { label, STAGE_KEYS } from '../modules/problems/views/labels.ts';
import type { Choice, ReferencedChoice } from './pickers.tsx';
import type { OrganisationChoice, PersonChoice } from './pickers.tsx';

/**
 * Areas inside the reader's jurisdiction for `roles` (default: any grant), named in their language
 * with the parent chain. `all` offers every current area (public filters, comparison areas).
 */
export async function areaGroupsFor(
  services: Pick<Services, 'geo'>,
  actor: Actor,
  locale: Locale,
  opts: { roles?: readonly StaffRole[]; all?: boolean } = {},
): Promise<AreaChoiceGroup[]> {
  if (opts.all) return (await services.geo.choices(actor, locale)).groups;
  const within = jurisdictionPaths(actor, opts.roles ?? STAFF_ROLES);
  if (within.length === 0) return [];
  return (await services.geo.choices(actor, locale, { within })).groups;
}

/** Staff near the reader's jurisdiction, each with their organisation's name (the group). */
export async function personChoicesFor(
  services: Pick<Services, 'users' | 'organisations'>,
  actor: Actor,
): Promise<PersonChoice[]> {
  const people = await services.users.personChoices(actor);
  const orgs = new Map((await services.organisations.list(actor)).map((o) => [o.id, o.name]));
  return people.map((x) => ({
    id: x.id,
    displayName: x.displayName,
    email: x.email,
    organisation: x.organisationId ? (orgs.get(x.organisationId) ?? null) : null,
  }));
}

/** Every organisation of the directory, grouped by its kind in the reader's words. */
export async function organisationChoicesFor(
  services: Pick<Services, 'organisations'>,
  actor: Actor,
  t: Translate,
): Promise<OrganisationChoice[]> {
  return (await services.organisations.list(actor)).map((o) => ({
    id: o.id,
    name: o.name,
    kindLabel: t(orgKindKey(o.kind)),
  }));
}

/** Problems the reader may list, by title, grouped by stage in the reader's words; none without the right. */
export async function problemChoicesFor(
  services: Pick<Services, 'problems'>,
  actor: Actor,
  t: Translate,
): Promise<ReferencedChoice[]> {
  if (!can(actor, 'list', PROBLEM)) return [];
  return (await services.problems.list(actor, {})).map((x) => ({
    id: x.id,
    reference: '',
    title: x.title,
    group: t(label(STAGE_KEYS, x.status, 'problems.stage.scanning')),
  }));
}

/** Active report categories by name in the reader's language. */
export async function categoryChoicesFor(
  services: Pick<Services, 'reportCategories'>,
  actor: Actor,
  locale: Locale,
): Promise<Choice[]> {
  return (await services.reportCategories.list(actor)).map((c) => ({
    value: c.code,
    label: c.names[locale] ?? c.names.ru ?? c.names.en ?? c.code,
  }));
}
