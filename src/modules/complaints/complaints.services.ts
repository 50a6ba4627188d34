/** Builds the complaints services (wired into `createServices`). */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { createReportServices } from '../reports/reports.services.ts';
import { AccessReviewService } from './access-review.service.ts';
import { ComplaintsService } from './complaints.service.ts';
import { OversightBodiesService } from './oversight-bodies.service.ts';

export function createComplaintServices(
  deps: { config: Config; db: Database },
  audit: AuditService,
  reportServices: ReturnType<typeof createReportServices>,
) {
  return {
    complaints: new ComplaintsService(
      deps.db,
      deps.config,
      audit,
      reportServices.reports,
      reportServices.reportFollowUp,
    ),
    oversightBodies: new OversightBodiesService(deps.db, audit),
    accessReview: new AccessReviewService(deps.db, deps.config, audit),
  };
}
