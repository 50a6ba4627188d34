/**
 * The shared area picker (rule 11, "pick, never type"): every form that needs a place uses it.
 * Without JavaScript it is a native select grouped by region, each option named in the reader's
 * language with its parent — keyboard and screen-reader friendly as browsers make selects. The
 * `data-island="area-picker"` hook lets a small island add type-ahead over the same options.
 */
import type { AreaChoiceGroup } from '../modules/geo/area-choices.ts';
import { described, Labelled, type FieldErrors } from './form.tsx';

export function AreaPicker(p: {
  id: string;
  label: string;
  groups: AreaChoiceGroup[];
  /** The chosen code, or codes for a multiple picker. */
  value?: string | readonly string[];
  errors: FieldErrors;
  hint?: string;
  /** The first, empty choice ("All areas", "Choose a district"); leave out to require a choice. */
  emptyLabel?: string;
  /** Field name when it differs from the id. */
  name?: string;
  /** Several areas (a multiple select). */
  multiple?: boolean;
}) {
  const chosen = new Set(typeof p.value === 'string' ? [p.value] : (p.value ?? []));
  const count = p.groups.reduce((n, g) => n + g.areas.length, 0);
  return (
    <Labelled id={p.id} label={p.label} hint={p.hint} errors={p.errors}>
      <select
        id={p.id}
        name={p.name ?? p.id}
        multiple={p.multiple}
        size={p.multiple ? Math.min(8, Math.max(3, count)) : undefined}
        data-island="area-picker"
        {...described(p.errors, p.id, !!p.hint)}
      >
        {p.emptyLabel !== undefined && !p.multiple ? <option value="">{p.emptyLabel}</option> : null}
        {p.groups.map((g) =>
          g.label ? (
            <optgroup label={g.label} key={g.label}>
              {g.areas.map((a) => (
                <option key={a.code} value={a.code} selected={chosen.has(a.code)}>
                  {a.label}
                </option>
              ))}
            </optgroup>
          ) : (
            g.areas.map((a) => (
              <option key={a.code} value={a.code} selected={chosen.has(a.code)}>
                {a.label}
              </option>
            ))
          ),
        )}
      </select>
    </Labelled>
  );
}

/** Code → the name shown in the picker, for pages that list areas the reader chose from. */
export function areaLabelsOf(groups: readonly AreaChoiceGroup[]): Map<string, string> {
  return new Map(groups.flatMap((g) => g.areas.map((a) => [a.code, a.label] as const)));
}
