/**
 * The shared pickers (rule 11, "pick, never type"): people, organisations, problems, reports and plan
 * priorities are chosen from what the system knows, never typed as ids or references. The choices
 * come from a service call that authorizes (only what the actor may see is offered), and the service
 * that takes the choice checks it again: a forged or stale value is a field error in the reader's
 * language (`unknownChoice` in shared/errors.ts).
 *
 * Without JavaScript each is a native select, grouped where a group helps (organisations by kind,
 * people by organisation, problems by stage), with a label, the hint and the error tied to it through
 * aria-describedby — keyboard and screen-reader friendly as browsers make selects. The
 * `data-island="picker"` hook lets the picker island add type-ahead filtering over the same options.
 * For several values (areas of an organisation, problems of a priority) it is a multiple select.
 */
import { described, Labelled, type FieldErrors } from './form.tsx';

/** One option: the value posted, the words shown (never the bare id). */
export interface Choice {
  value: string;
  label: string;
}

/** An optgroup; an empty label means options without a group. */
export interface ChoiceGroup {
  label: string;
  choices: Choice[];
}

/** Groups from items and a function naming each item's group; groups keep first-seen order. */
export function groupChoices<T>(
  items: readonly T[],
  choice: (item: T) => Choice,
  group: (item: T) => string = () => '',
): ChoiceGroup[] {
  const out = new Map<string, ChoiceGroup>();
  for (const item of items) {
    const g = group(item);
    let entry = out.get(g);
    if (!entry) out.set(g, (entry = { label: g, choices: [] }));
    entry.choices.push(choice(item));
  }
  return [...out.values()];
}

export interface PickerProps {
  id: string;
  label: string;
  groups: ChoiceGroup[];
  /** The chosen value, or values for a multiple picker. */
  value?: string | readonly string[];
  errors: FieldErrors;
  hint?: string;
  /** The first, empty choice ("Anyone", "Choose a problem"); leave out to require a choice. */
  emptyLabel?: string;
  /** Field name when it differs from the id. */
  name?: string;
  /** Several values (a multiple select; the island keeps it one). */
  multiple?: boolean;
  required?: boolean;
}

function Options(p: { choices: Choice[]; chosen: Set<string> }) {
  return (
    <>
      {p.choices.map((c) => (
        <option key={c.value} value={c.value} selected={p.chosen.has(c.value)}>
          {c.label}
        </option>
      ))}
    </>
  );
}

/** The one picker every kind below is: a labelled, grouped native select. */
export function Picker(p: PickerProps & { kind: string }) {
  const chosen = new Set(typeof p.value === 'string' ? [p.value] : (p.value ?? []));
  const count = p.groups.reduce((n, g) => n + g.choices.length, 0);
  return (
    <Labelled id={p.id} label={p.label} hint={p.hint} errors={p.errors}>
      <select
        id={p.id}
        name={p.name ?? p.id}
        multiple={p.multiple}
        size={p.multiple ? Math.min(8, Math.max(3, count)) : undefined}
        required={p.required}
        data-island="picker"
        data-picker={p.kind}
        {...described(p.errors, p.id, !!p.hint)}
      >
        {p.emptyLabel !== undefined && !p.multiple ? <option value="">{p.emptyLabel}</option> : null}
        {p.groups.map((g) =>
          g.label ? (
            <optgroup label={g.label} key={g.label}>
              <Options choices={g.choices} chosen={chosen} />
            </optgroup>
          ) : (
            <Options key="" choices={g.choices} chosen={chosen} />
          ),
        )}
      </select>
    </Labelled>
  );
}

/** Staff and members by name (and e-mail, to tell two namesakes apart), grouped by organisation. */
export interface PersonChoice {
  id: string;
  displayName: string;
  email: string | null;
  organisation: string | null;
}
export function personGroups(people: readonly PersonChoice[], noOrganisation: string): ChoiceGroup[] {
  return groupChoices(
    people,
    (x) => ({ value: x.id, label: x.email ? `${x.displayName} (${x.email})` : x.displayName }),
    (x) => x.organisation ?? noOrganisation,
  );
}
export function PersonPicker(
  p: Omit<PickerProps, 'groups'> & { people: PersonChoice[]; noOrganisation: string },
) {
  return <Picker {...p} kind="person" groups={personGroups(p.people, p.noOrganisation)} />;
}

/** Organisations by name, grouped by kind in the reader's words. */
export interface OrganisationChoice {
  id: string;
  name: string;
  /** The kind in the reader's words ("Police", "Local government"), the group. */
  kindLabel: string;
}
export function OrganisationPicker(p: Omit<PickerProps, 'groups'> & { organisations: OrganisationChoice[] }) {
  const groups = groupChoices(
    p.organisations,
    (o) => ({ value: o.id, label: o.name }),
    (o) => o.kindLabel,
  );
  return <Picker {...p} kind="organisation" groups={groups} />;
}

/** Problems, reports, priorities: by reference (or number) and title, grouped by stage or plan. */
export interface ReferencedChoice {
  id: string;
  /** "R-7K3M…", "2.1": what people quote on the phone ('' where a thing has only its title). */
  reference: string;
  title: string;
  /** The group: a stage, a plan's title ('' for none). */
  group?: string;
}
export function referencedGroups(items: readonly ReferencedChoice[]): ChoiceGroup[] {
  return groupChoices(
    items,
    (x) => ({ value: x.id, label: [x.reference, x.title].filter(Boolean).join(' · ') }),
    (x) => x.group ?? '',
  );
}
export function ProblemPicker(p: Omit<PickerProps, 'groups'> & { problems: ReferencedChoice[] }) {
  return <Picker {...p} kind="problem" groups={referencedGroups(p.problems)} />;
}
export function ReportPicker(p: Omit<PickerProps, 'groups'> & { reports: ReferencedChoice[] }) {
  return <Picker {...p} kind="report" groups={referencedGroups(p.reports)} />;
}
export function PriorityPicker(p: Omit<PickerProps, 'groups'> & { priorities: ReferencedChoice[] }) {
  return <Picker {...p} kind="priority" groups={referencedGroups(p.priorities)} />;
}
