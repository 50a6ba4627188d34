/** Builds the insight services (wired into `createServices`). */
import type { ServiceDeps } from '../../services.ts';
import type { SessionService } from '../accounts/session.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { JobService } from '../jobs/job.service.ts';
import type { ProblemsService } from '../problems/problems.service.ts';
import type { ReportCategoriesService } from '../reports/categories.service.ts';
import type { ReportsService } from '../reports/reports.service.ts';
import type { StaffDeskService } from '../reports/staff-desk.service.ts';
import { DashboardService } from './dashboard.service.ts';
import { ExportsService } from './exports.service.ts';
import type { GeoService } from '../geo/geo.service.ts';
import { ExportStore } from './exports.store.ts';
import { OpenDataService } from './open-data.service.ts';
import { HotspotsService } from './hotspots.service.ts';

export function createInsightServices(
  deps: ServiceDeps,
  others: {
    audit: AuditService;
    jobs: JobService;
    sessions: SessionService;
    reports: ReportsService;
    reportCategories: ReportCategoriesService;
    staffDesk: StaffDeskService;
    problems: ProblemsService;
    geo: GeoService;
  },
) {
  const exports = new ExportsService({
    ...deps,
    ...others,
    store: new ExportStore(deps.config.dataDir),
  });
  const dashboards = new DashboardService(deps.db, deps.config, others.geo, others.reportCategories);
  const openData = new OpenDataService(deps.db, deps.config);
  const hotspots = new HotspotsService(deps.db, deps.config, others.geo);
  return {
    insightExports: exports,
    insightDashboards: dashboards,
    insightOpenData: openData,
    insightHotspots: hotspots,
  };
}
