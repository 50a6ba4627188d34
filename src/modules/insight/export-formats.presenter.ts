/**
 * Writers for exported tables: CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read Cyrillic),
 * XLSX (exceljs streaming writer, with or without shared strings) and GeoJSON. Each reads the table
 * batch by batch and waits for the sink to drain, so memory stays flat whatever the row count.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json; charset=utf-8',
};

export type Cell = string | number | null;

export interface ExportColumn {
  /** Property name in GeoJSON (stable, ASCII). */
  key: string;
  /** Heading in the reader's language (CSV and XLSX). */
  label: string;
  /** `date`: an ISO-8601 UTC instant (a date cell in XLSX). */
  kind: 'text' | 'number' | 'date';
}

export interface ExportRow {
  cells: Cell[];
  /** [lon, lat] for GeoJSON, or null. */
  point: [number, number] | null;
}

export interface ExportTable {
  columns: ExportColumn[];
  batches: AsyncIterable<ExportRow[]>;
}

export interface WriteOptions {
  /** XLSX only: shared strings make smaller files of repetitive text, at a cost in speed and memory. */
  sharedStrings?: boolean;
  /** Called after each batch with the rows written so far. */
  progress?: (rows: number) => Promise<void> | void;
}

/**
 * Text a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1", "@SUM") gets a leading
 * apostrophe: residents' words are exported, and a CSV must not become a way to attack its reader.
 */
export function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(value: Cell, kind: ExportColumn['kind']): string {
  if (value === null) return '';
  const text = kind === 'text' ? defuse(String(value)) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export async function writeCsv(table: ExportTable, out: Writable, opts: WriteOptions = {}): Promise<number> {
  const kinds = table.columns.map((c) => c.kind);
  await write(out, '\uFEFF' + table.columns.map((c) => csvCell(c.label, 'text')).join(',') + '\r\n');
  let n = 0;
  for await (const batch of table.batches) {
    let chunk = '';
    for (const row of batch) {
      for (let i = 0; i < row.cells.length; i++) {
        if (i) chunk += ',';
        chunk += csvCell(row.cells[i] ?? null, kinds[i]!);
      }
      chunk += '\r\n';
    }
    n += batch.length;
    await write(out, chunk);
    await opts.progress?.(n);
  }
  return n;
}

export async function writeGeoJson(
  table: ExportTable,
  out: Writable,
  opts: WriteOptions = {},
): Promise<number> {
  const keys = table.columns.map((c) => c.key);
  await write(out, '{"type":"FeatureCollection","features":[\n');
  let n = 0;
  for await (const batch of table.batches) {
    let chunk = '';
    for (const row of batch) {
      const properties: Record<string, Cell> = {};
      keys.forEach((k, i) => (properties[k] = row.cells[i] ?? null));
      const geometry = row.point ? { type: 'Point', coordinates: row.point } : null;
      chunk += (n ? ',\n' : '') + JSON.stringify({ type: 'Feature', geometry, properties });
      n++;
    }
    await write(out, chunk);
    await opts.progress?.(n);
  }
  await write(out, '\n]}\n');
  return n;
}

export async function writeXlsx(table: ExportTable, out: Writable, opts: WriteOptions = {}): Promise<number> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: opts.sharedStrings ?? false,
    useStyles: true,
  });
  const sheet = book.addWorksheet('export');
  const dateCols = table.columns.map((c, i) => (c.kind === 'date' ? i : -1)).filter((i) => i >= 0);
  sheet.columns = table.columns.map((c) => ({
    header: c.label,
    key: c.key,
    width: c.kind === 'text' ? 24 : 18,
    style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd hh:mm' } : {},
  }));
  let n = 0;
  for await (const batch of table.batches) {
    for (const row of batch) {
      const values: Array<string | number | Date | null> = row.cells.map((c, i) =>
        c !== null && table.columns[i]!.kind === 'text' ? defuse(String(c)) : c,
      );
      for (const i of dateCols) if (values[i] !== null) values[i] = new Date(String(values[i]));
      sheet.addRow(values).commit();
    }
    n += batch.length;
    await opts.progress?.(n);
    // The writer pushes into `out` without waiting: let a slow sink drain between batches.
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet.commit();
  await book.commit();
  return n;
}

export async function writeExport(
  format: ExportFormat,
  table: ExportTable,
  out: Writable,
  opts: WriteOptions = {},
): Promise<number> {
  if (format === 'csv') return writeCsv(table, out, opts);
  if (format === 'geojson') return writeGeoJson(table, out, opts);
  return writeXlsx(table, out, opts);
}
