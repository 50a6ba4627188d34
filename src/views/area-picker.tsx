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
  value?: string;
  errors: FieldErrors;
  hint?: string;
  /** The first, empty choice ("All areas", "Choose a district"); leave out to require a choice. */
  emptyLabel?: string;
  /** Field name when it differs from the id. */
  name?: string;
}) {
  return (
    <Labelled id={p.id} label={p.label} hint={p.hint} errors={p.errors}>
      <select
        id={p.id}
        name={p.name ?? p.id}
        data-island="area-picker"
        {...described(p.errors, p.id, !!p.hint)}
      >
        {p.emptyLabel !== undefined ? <option value="">{p.emptyLabel}</option> : null}
        {p.groups.map((g) =>
          g.label ? (
            <optgroup label={g.label} key={g.label}>
              {g.areas.map((a) => (
                <option key={a.code} value={a.code} selected={a.code === p.value}>
                  {a.label}
                </option>
              ))}
            </optgroup>
          ) : (
            g.areas.map((a) => (
              <option key={a.code} value={a.code} selected={a.code === p.value}>
                {a.label}
              </option>
            ))
          ),
        )}
      </select>
    </Labelled>
  );
}
