/** Builds the Open311 services (wired into `createServices`). */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ReportCategoriesService } from '../reports/categories.service.ts';
import type { ReportsService } from '../reports/reports.service.ts';
import type { ResidentReportsService } from '../reports/resident.service.ts';
import { Open311KeysService } from './open311-keys.service.ts';
import { Open311Service, type AreaChains } from './open311.service.ts';

export function createOpen311Services(
  deps: { config: Config; db: Database },
  audit: AuditService,
  reports: {
    reportCategories: ReportCategoriesService;
    reports: ReportsService;
    residentReports: ResidentReportsService;
  },
  geo: AreaChains,
) {
  const open311Keys = new Open311KeysService(deps.db, deps.config, audit, reports.reportCategories);
  const open311 = new Open311Service(
    deps.db,
    deps.config,
    audit,
    reports.reportCategories,
    reports.reports,
    reports.residentReports,
    geo,
    open311Keys,
  );
  return { open311Keys, open311 };
}
