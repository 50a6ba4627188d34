/** Demo mode: realistic, small data for trying Ishenim out, and one account per role. */
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { AuditService } from '../modules/audit/audit.service.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../modules/accounts/accounts.demo.ts';
import { seedDemoForums } from '../modules/forums/forums.demo.ts';
import { seedDemoGeography } from '../modules/geo/geo.demo.ts';
import { seedDemoProblems } from '../modules/problems/problems.demo.ts';
import { seedDemoPlans } from '../modules/plans/plans.demo.ts';
import { seedDemoReferrals } from '../modules/referrals/referrals.demo.ts';
import { seedDemoReports } from '../modules/reports/reports.demo.ts';
import { seedDemoSurveys } from '../modules/surveys/surveys.demo.ts';
import { seedDemoComplaints } from '../modules/complaints/complaints.demo.ts';

export interface DemoSummary {
  password: string;
  accounts: { email: string; role: string }[];
}

export async function seedDemo(ctx: AppContext): Promise<DemoSummary> {
  await seedDemoGeography(ctx.db);
  const accounts = await seedDemoAccounts(ctx.db, ctx.services);
  await seedDemoForums(ctx);
  await seedDemoReports(ctx);
  await seedDemoComplaints(ctx);
  await seedDemoProblems(ctx);
  accounts.push(...(await seedDemoPlans(ctx, DEMO_PASSWORD)).accounts);
  await seedDemoSurveys(ctx);
  await seedDemoReferrals(ctx);
  return { password: DEMO_PASSWORD, accounts };
}

export async function removeDemoAccounts(db: Database): Promise<number> {
  const demo = await db.read.selectFrom('person').select('id').where('is_demo', '=', 1).execute();
  if (demo.length === 0) return 0;
  const audit = new AuditService(db);
  await db.write(async (trx) => {
    // Sessions, grants, tokens and recovery codes go with the person (ON DELETE CASCADE).
    await trx.deleteFrom('person').where('is_demo', '=', 1).execute();
    await audit.record(trx, {
      actor: null,
      role: 'system',
      action: 'demo.accounts.removed',
      subjectType: 'person',
      details: { count: demo.length },
    });
  });
  return demo.length;
}

export function formatDemoSummary(url: string, demo: DemoSummary): string {
  const width = Math.max(...demo.accounts.map((a) => a.email.length));
  return [
    '',
    `Ishenim is running at ${url}`,
    '',
    'Demo accounts (demo mode only; staff set up two-step sign-in at first login):',
    ...demo.accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.role}`),
    `  password for all: ${demo.password}`,
    '',
  ].join('\n');
}
