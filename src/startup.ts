/**
 * Data every deployment needs before it serves (reference geography, report categories), plus demo
 * data in demo mode.
 * All steps are idempotent, so every process runs them at start and a restart changes nothing.
 */
import type { AppContext } from './context.ts';
import { seedDemo, removeDemoAccounts, type DemoSummary } from './demo/demo.ts';
import { seedReferenceGeography } from './modules/geo/geo.seed.ts';
import { seedReportCategories } from './modules/reports/report-categories.seed.ts';
import { seedSurveyItems } from './modules/surveys/surveys.seed.ts';

export async function prepareData(ctx: AppContext): Promise<DemoSummary | null> {
  await seedReferenceGeography(ctx.db);
  await seedReportCategories(ctx.db);
  await seedSurveyItems(ctx.db);
  if (ctx.config.demo) return seedDemo(ctx);
  // Demo accounts exist only in demo mode: a database that once ran as a demo loses them.
  const removed = await removeDemoAccounts(ctx.db);
  if (removed > 0) ctx.log.warn({ removed }, 'demo accounts removed because DEMO is off');
  return null;
}
