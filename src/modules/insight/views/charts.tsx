/**
 * Charts drawn on the server as SVG (no script needed), each with its figures in a table beside it:
 * the SVG is one image with a text alternative, the table is what screen readers and copy-paste use.
 * Colours pass contrast on white; the previous period is grey, the current one blue.
 */
import type { ComponentChildren } from 'preact';

export interface ChartRow {
  label: string;
  /** null: hidden (a small count suppressed). */
  value: number | null;
  previous?: number | null;
}

const CURRENT = '#1f5f99';
const PREVIOUS = '#767676';
const INK = '#1a1a1a';

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function DataTableOf(p: {
  caption: string;
  head: [string, string, string?];
  rows: ChartRow[];
  format: (n: number | null | undefined) => string;
}) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{p.head[0]}</th>
            <th scope="col">{p.head[1]}</th>
            {p.head[2] ? <th scope="col">{p.head[2]}</th> : null}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r, i) => (
            <tr key={i}>
              <th scope="row">{r.label}</th>
              <td>{p.format(r.value)}</td>
              {p.head[2] ? <td>{p.format(r.previous)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Horizontal bars, one per row, with the previous period as a thin grey bar under each. */
export function BarChart(p: {
  id: string;
  title: string;
  /** One sentence for the image's text alternative, e.g. the largest row. */
  summary: string;
  head: [string, string, string?];
  rows: ChartRow[];
  format?: (n: number | null | undefined) => string;
  children?: ComponentChildren;
}) {
  const format = p.format ?? ((n) => (n === null || n === undefined ? '—' : String(n)));
  const max = Math.max(1, ...p.rows.flatMap((r) => [r.value ?? 0, r.previous ?? 0]));
  const rowH = 22;
  const height = p.rows.length * rowH + 4;
  const x0 = 120;
  const w = 160;
  return (
    <figure aria-labelledby={`${p.id}-caption`}>
      <figcaption id={`${p.id}-caption`}>
        <h3>{p.title}</h3>
      </figcaption>
      {p.rows.length ? (
        <svg
          viewBox={`0 0 320 ${height}`}
          width="100%"
          role="img"
          aria-labelledby={`${p.id}-title`}
          preserveAspectRatio="xMinYMin meet"
        >
          <title id={`${p.id}-title`}>{`${p.title}. ${p.summary}`}</title>
          {p.rows.map((r, i) => {
            const y = i * rowH + 2;
            const len = r.value === null ? 0 : (w * r.value) / max;
            const prev = r.previous === null || r.previous === undefined ? 0 : (w * r.previous) / max;
            return (
              <g key={i}>
                <text x="0" y={y + 12} font-size="11" fill={INK}>
                  {short(r.label, 20)}
                </text>
                <rect x={x0} y={y + 2} width={Math.max(len, r.value ? 1 : 0)} height="11" fill={CURRENT} />
                {p.head[2] ? <rect x={x0} y={y + 15} width={prev} height="3" fill={PREVIOUS} /> : null}
                <text x={x0 + len + 4} y={y + 12} font-size="11" fill={INK}>
                  {format(r.value)}
                </text>
              </g>
            );
          })}
        </svg>
      ) : null}
      <DataTableOf caption={p.title} head={p.head} rows={p.rows} format={format} />
      {p.children}
    </figure>
  );
}

/** Columns over time, the previous period's value as a grey column beside each. */
export function ColumnChart(p: {
  id: string;
  title: string;
  summary: string;
  head: [string, string, string];
  rows: ChartRow[];
}) {
  const format = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(n));
  const max = Math.max(1, ...p.rows.flatMap((r) => [r.value ?? 0, r.previous ?? 0]));
  const h = 120;
  const slot = 320 / Math.max(1, p.rows.length);
  const col = Math.max(1, slot * 0.4);
  return (
    <figure aria-labelledby={`${p.id}-caption`}>
      <figcaption id={`${p.id}-caption`}>
        <h3>{p.title}</h3>
      </figcaption>
      <svg viewBox={`0 0 320 ${h + 2}`} width="100%" role="img" aria-labelledby={`${p.id}-title`}>
        <title id={`${p.id}-title`}>{`${p.title}. ${p.summary}`}</title>
        <line x1="0" y1={h} x2="320" y2={h} stroke={INK} stroke-width="1" />
        {p.rows.map((r, i) => {
          const v = ((r.value ?? 0) * (h - 4)) / max;
          const pv = ((r.previous ?? 0) * (h - 4)) / max;
          const x = i * slot + slot * 0.1;
          return (
            <g key={i}>
              <rect x={x} y={h - pv} width={col} height={pv} fill={PREVIOUS} />
              <rect x={x + col} y={h - v} width={col} height={v} fill={CURRENT} />
            </g>
          );
        })}
      </svg>
      <DataTableOf caption={p.title} head={p.head} rows={p.rows} format={format} />
    </figure>
  );
}
