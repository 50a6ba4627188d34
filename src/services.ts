/** Builds every service once, wiring their dependencies. Services never import Fastify. */
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { AccountEmailService } from './modules/accounts/account-email.service.ts';
import { AlertsService } from './modules/alerts/alerts.service.ts';
import { AuthService } from './modules/accounts/auth.service.ts';
import { OrganisationsService } from './modules/accounts/organisations.service.ts';
import { SessionService } from './modules/accounts/session.service.ts';
import { ThrottleService } from './modules/accounts/throttle.service.ts';
import { TokensService } from './modules/accounts/tokens.service.ts';
import { UsersService } from './modules/accounts/users.service.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { ForumsService } from './modules/forums/forums.service.ts';
import { PartnershipsService } from './modules/forums/partnerships.service.ts';
import { ReceptionsService } from './modules/forums/receptions.service.ts';
import { MaterialsService } from './modules/forums/materials.service.ts';
import { MaterialStore } from './modules/forums/materials.store.ts';
import { TrainingsService } from './modules/forums/trainings.service.ts';
import { PlansService } from './modules/plans/plans.service.ts';
import { GeoService } from './modules/geo/geo.service.ts';
import { JobService } from './modules/jobs/job.service.ts';
import { ProblemsService } from './modules/problems/problems.service.ts';
import { SurveysService } from './modules/surveys/surveys.service.ts';
import { ReferralsService } from './modules/referrals/referrals.service.ts';
import { createOpen311Services } from './modules/open311/open311.services.ts';
import { createChannelServices } from './modules/channels/channels.services.ts';
import { createReportServices } from './modules/reports/reports.services.ts';
import { createComplaintServices } from './modules/complaints/complaints.services.ts';
import type { I18n } from './shared/i18n.ts';
import { createInsightServices } from './modules/insight/insight.services.ts';

export interface ServiceDeps {
  config: Config;
  db: Database;
  i18n: I18n;
}

export function createServices(deps: ServiceDeps) {
  const audit = new AuditService(deps.db);
  const sessions = new SessionService(deps.db, deps.config);
  const throttle = new ThrottleService(deps.db);
  const organisations = new OrganisationsService(deps.db, audit);
  const users = new UsersService(deps.db, audit, organisations);
  const auth = new AuthService(deps.db, deps.config, audit, sessions, throttle);
  const tokens = new TokensService(deps.db, audit, sessions);
  const jobs = new JobService(deps.db);
  const geo = new GeoService(deps.db, audit, deps.config);
  const reportServices = createReportServices(deps, audit, geo);
  // Before any channel: complaints hook into the reports intake.
  const complaintServices = createComplaintServices(deps, audit, reportServices);
  const open311Services = createOpen311Services(deps, audit, reportServices, geo);
  const channelServices = createChannelServices(deps, audit, jobs, geo, reportServices);
  const accountEmail = new AccountEmailService(
    deps.db,
    deps.config,
    deps.i18n,
    audit,
    sessions,
    throttle,
    channelServices.outbox,
    channelServices.email,
  );
  const alerts = new AlertsService(
    deps.db,
    deps.config,
    deps.i18n,
    audit,
    jobs,
    throttle,
    channelServices.outbox,
  );
  // STOP by SMS / the bot's stop command ends area alerts to that address too.
  channelServices.conversations.onStop = (channel, address, text) =>
    alerts.handleStop(channel, address, text);
  const forums = new ForumsService(deps.db, audit);
  const partnerships = new PartnershipsService(deps.db, audit, organisations);
  const receptions = new ReceptionsService(deps.db, audit, reportServices.reports);
  const trainings = new TrainingsService(deps.db, audit);
  const plans = new PlansService(deps.db, audit);
  const problems = new ProblemsService(deps.db, audit);
  const surveys = new SurveysService(deps.db, audit, deps.config.smallCellMinimum);
  const referrals = new ReferralsService(deps.db, audit, deps.config);
  const materials = new MaterialsService(
    deps.db,
    audit,
    new MaterialStore(deps.config.dataDir),
    forums,
    trainings,
  );
  const insight = createInsightServices(deps, {
    audit,
    jobs,
    sessions,
    reports: reportServices.reports,
    reportCategories: reportServices.reportCategories,
    staffDesk: reportServices.staffDesk,
    problems,
    geo,
  });
  return {
    ...insight,
    audit,
    jobs,
    sessions,
    throttle,
    organisations,
    users,
    auth,
    accountEmail,
    alerts,
    tokens,
    geo,
    ...reportServices,
    ...complaintServices,
    ...open311Services,
    ...channelServices,
    forums,
    partnerships,
    receptions,
    trainings,
    materials,
    problems,
    plans,
    surveys,
    referrals,
  };
}

export type Services = ReturnType<typeof createServices>;
