/**
 * The columns of each exported list: exactly those the list's page shows to the same person, with
 * the same labels (the page's own label helpers), so an export never carries a column the reader
 * could not see on screen. Times are exported as ISO-8601 UTC (XLSX: date cells); the page shows the
 * same instants through the shared time formatter.
 */
import type { Report } from '../../db/schema.ts';
import type { Translate } from '../../shared/i18n.ts';
import type { ProblemSummaryView } from '../problems/problems.presenter.ts';
import { PRIORITY_KEYS, STAGE_KEYS, label } from '../problems/views/labels.ts';
import type { QueueResult } from '../reports/reports.service.ts';
import { localName, privacyName, statusName } from '../reports/views/staff-labels.ts';
import type { ExportColumn, ExportRow } from './export-formats.presenter.ts';

export interface ReportColumnContext {
  t: Translate;
  locale: string;
  view: QueueResult['view'];
  personId: string | null;
  categoryNames: Map<string, Record<string, string>>;
  areaNames: Map<string, Record<string, string>>;
}

/** The queue page's excerpt of what the resident wrote (staff-queue-page.tsx): the first 140 characters. */
export function excerpt(text: string): string {
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

export function reportColumns(c: ReportColumnContext): ExportColumn[] {
  const { t } = c;
  const cols: ExportColumn[] = [
    { key: 'reference', label: t('reports.field.reference'), kind: 'text' },
    { key: 'received', label: t('reports.field.received'), kind: 'date' },
    { key: 'category', label: t('reports.field.category'), kind: 'text' },
    { key: 'area', label: t('reports.field.area'), kind: 'text' },
    { key: 'status', label: t('reports.field.status'), kind: 'text' },
    { key: 'privacy', label: t('reports.field.privacy'), kind: 'text' },
    { key: 'assigned', label: t('reports.field.assigned'), kind: 'text' },
    { key: 'held', label: t('reports.queue.heldTag'), kind: 'text' },
  ];
  // What the resident wrote is shown only on the working queue, never to analysts.
  if (c.view === 'work') cols.push({ key: 'excerpt', label: t('reports.field.excerpt'), kind: 'text' });
  return cols;
}

export function reportRow(c: ReportColumnContext, r: Report): ExportRow {
  const { t } = c;
  const assigned =
    r.assigned_person_id && r.assigned_person_id === c.personId
      ? t('reports.queue.assignedToYou')
      : r.assigned_person_id || r.assigned_organisation_id
        ? t('reports.queue.assignedYes')
        : t('reports.queue.assignedNo');
  const cells: ExportRow['cells'] = [
    r.reference,
    r.created_at,
    localName(c.categoryNames.get(r.category_code), c.locale, r.category_code),
    c.areaNames.has(r.area_code)
      ? localName(c.areaNames.get(r.area_code), c.locale, r.area_code)
      : r.area_code,
    statusName(t, r.status),
    privacyName(t, r.privacy),
    assigned,
    r.held_for_review ? t('reports.queue.heldTag') : '',
  ];
  if (c.view === 'work') cells.push(excerpt(r.description));
  // Working staff open each report and its exact place; analysts only ever get the public, coarsened point.
  const lat = c.view === 'work' ? r.lat : r.public_lat;
  const lon = c.view === 'work' ? r.lon : r.public_lon;
  return { cells, point: lat !== null && lon !== null ? [lon, lat] : null };
}

export interface ProblemColumnContext {
  t: Translate;
  /** Area code → [lon, lat] of its centre (GeoJSON places a problem at its first area). */
  centres: Map<string, [number, number]>;
}

export function problemColumns({ t }: ProblemColumnContext): ExportColumn[] {
  return [
    { key: 'title', label: t('problems.field.title'), kind: 'text' },
    { key: 'published', label: t('problems.list.published'), kind: 'text' },
    { key: 'stage', label: t('problems.field.stage'), kind: 'text' },
    { key: 'priority', label: t('problems.field.priority'), kind: 'text' },
    { key: 'areas', label: t('problems.field.areas'), kind: 'text' },
    { key: 'progress', label: t('problems.field.progress'), kind: 'number' },
    { key: 'updated', label: t('problems.field.updated'), kind: 'date' },
  ];
}

export function problemRow({ t, centres }: ProblemColumnContext, p: ProblemSummaryView): ExportRow {
  return {
    cells: [
      p.title,
      p.published ? t('problems.list.published') : '',
      t(label(STAGE_KEYS, p.status, 'problems.stage.scanning')),
      t(label(PRIORITY_KEYS, p.priority, 'problems.priority.medium')),
      p.areaCodes.join(', '),
      p.progress,
      p.updatedAt,
    ],
    point: (p.areaCodes[0] && centres.get(p.areaCodes[0])) || null,
  };
}
