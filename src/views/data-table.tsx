/**
 * A list shown as a table: scrolls sideways on a phone (table-wrap), column headings with
 * scope="col", one row per item, or a sentence instead when there is nothing to list.
 */
import type { ComponentChildren } from 'preact';

export function DataTable<T>(p: {
  /** Column headings; a false/null/undefined entry is a column the page leaves out. */
  head: (ComponentChildren | false)[];
  rows: readonly T[];
  /** One <tr> for an item. */
  row: (item: T, index: number) => ComponentChildren;
  caption?: ComponentChildren;
  /** E.g. "visually-hidden" for a caption only screen readers need. */
  captionClass?: string;
  /** Said instead of the table when there are no rows (left out: the empty table is shown). */
  empty?: ComponentChildren;
}) {
  if (p.rows.length === 0 && p.empty !== undefined) return <p>{p.empty}</p>;
  const head = p.head.filter((h) => h !== false && h !== null && h !== undefined);
  return (
    <div class="table-wrap">
      <table>
        {p.caption !== undefined ? <caption class={p.captionClass}>{p.caption}</caption> : null}
        <thead>
          <tr>
            {head.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{p.rows.map(p.row)}</tbody>
      </table>
    </div>
  );
}
