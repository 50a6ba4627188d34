/**
 * Open data as published: long-format rows (one line per month, district, category group and status,
 * with totals marked "*"), the same as JSON, and a DCAT-style description of the dataset.
 */
import type { Config } from '../../config.ts';
import { csvCell } from './export-formats.presenter.ts';
import type { OpenDataset } from './open-data.service.ts';

export const LICENSE_URL = 'https://creativecommons.org/licenses/by/4.0/';

export interface OpenDataRow {
  month: string;
  area_code: string;
  category_group: string;
  status: string;
  /** null: hidden to protect small groups. */
  reports: number | null;
}

/** Every published cell and total of every month, in a stable order. */
export function openDataRows(d: OpenDataset): OpenDataRow[] {
  const out: OpenDataRow[] = [];
  for (const m of d.months) {
    d.areas.forEach((a, i) => {
      d.columns.forEach((c, j) =>
        out.push({
          month: m.month,
          area_code: a.code,
          category_group: c.group,
          status: c.status,
          reports: m.cells[i]![j]!,
        }),
      );
      out.push({
        month: m.month,
        area_code: a.code,
        category_group: '*',
        status: '*',
        reports: m.areaTotals[i]!,
      });
    });
    d.columns.forEach((c, j) =>
      out.push({
        month: m.month,
        area_code: '*',
        category_group: c.group,
        status: c.status,
        reports: m.columnTotals[j]!,
      }),
    );
    out.push({ month: m.month, area_code: '*', category_group: '*', status: '*', reports: m.total });
  }
  return out;
}

const COUNT_HEAD = ['month', 'area_code', 'category_group', 'status', 'reports'];

export function openDataCsv(d: OpenDataset): string {
  const lines = [COUNT_HEAD.join(',')];
  for (const r of openDataRows(d))
    lines.push(
      [r.month, r.area_code, r.category_group, r.status, r.reports === null ? '' : String(r.reports)]
        .map((v) => csvCell(v, 'text'))
        .join(','),
    );
  return lines.join('\r\n') + '\r\n';
}

export function responseTimesCsv(d: OpenDataset): string {
  const lines = ['area_code,median_hours_to_acknowledge,median_days_to_resolve'];
  for (const r of d.responseTimes)
    lines.push(
      [r.areaCode, r.medianHoursToAcknowledge ?? '', r.medianDaysToResolve ?? '']
        .map((v) => csvCell(String(v), 'text'))
        .join(','),
    );
  return lines.join('\r\n') + '\r\n';
}

/** DCAT (W3C Data Catalog Vocabulary) in JSON-LD: what the dataset is, its licence and distributions. */
export function dcat(d: OpenDataset, config: Pick<Config, 'publicUrl'>, title: string, description: string) {
  const base = config.publicUrl;
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@type': 'dcat:Dataset',
    '@id': `${base}/open-data`,
    'dct:title': title,
    'dct:description': description,
    'dct:license': { '@id': LICENSE_URL },
    'dct:modified': { '@value': d.generatedAt, '@type': 'xsd:dateTime' },
    'dct:temporal': {
      '@type': 'dct:PeriodOfTime',
      'dcat:startDate': { '@value': `${d.firstMonth}-01`, '@type': 'xsd:date' },
      'dcat:endDate': { '@value': `${d.lastMonth}-01`, '@type': 'xsd:date' },
    },
    'dct:accrualPeriodicity': { '@id': 'http://purl.org/cld/freq/monthly' },
    'dcat:keyword': ['community policing', 'public safety', 'reports', 'response times'],
    'dcat:landingPage': { '@id': `${base}/open-data` },
    'dcat:distribution': [
      {
        url: '/open-data/reports.csv',
        type: 'text/csv',
        name: 'Reports by month, district, category group and status (CSV)',
      },
      {
        url: '/api/v1/open-data/reports',
        type: 'application/json',
        name: 'Reports by month, district, category group and status (JSON)',
      },
      {
        url: '/open-data/response-times.csv',
        type: 'text/csv',
        name: 'Median response times by district (CSV)',
      },
    ].map((x) => ({
      '@type': 'dcat:Distribution',
      'dct:title': x.name,
      'dcat:accessURL': { '@id': `${base}${x.url}` },
      'dcat:downloadURL': { '@id': `${base}${x.url}` },
      'dcat:mediaType': x.type,
      'dct:license': { '@id': LICENSE_URL },
    })),
  };
}
