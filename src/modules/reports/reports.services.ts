/** Builds the reports services (wired into `createServices`). */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { GeoService } from '../geo/geo.service.ts';
import { ReportCategoriesService } from './categories.service.ts';
import { FollowUpService } from './follow-up.service.ts';
import { PhotoStore } from './photos.store.ts';
import { ReportsService, type AreaLookup } from './reports.service.ts';
import { ResidentReportsService } from './resident.service.ts';
import { StaffDeskService } from './staff-desk.service.ts';

export function createReportServices(
  deps: { config: Config; db: Database },
  audit: AuditService,
  geo: AreaLookup = new GeoService(deps.db, audit, deps.config),
) {
  const photos = new PhotoStore(deps.config.dataDir);
  const reportCategories = new ReportCategoriesService(deps.db, audit);
  const reports = new ReportsService(deps.db, deps.config, audit, reportCategories, geo, photos);
  const reportFollowUp = new FollowUpService(deps.db, deps.config, audit, photos);
  const staffDesk = new StaffDeskService(deps.db);
  const residentReports = new ResidentReportsService(deps.db, audit);
  return { reportCategories, reports, reportFollowUp, staffDesk, residentReports };
}
