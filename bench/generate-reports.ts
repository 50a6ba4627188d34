/**
 * Generates a SQLite database of N realistic-looking reports for the export benchmark (never
 * committed: it lives in a temporary folder). `npx tsx bench/generate-reports.ts <rows> <dir>`.
 * Reports spread over a year, 10 categories, 3 privacy choices, 8 channels, statuses, with excerpts
 * in Kyrgyz and Russian of realistic length.
 */
import { openDatabase } from '../src/db/database.ts';
import type { NewReport } from '../src/db/schema.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedReportCategories } from '../src/modules/reports/report-categories.seed.ts';
import { reportRow } from '../src/modules/insight/insight.fixtures.ts';
import { insertAreaChain } from '../test/factories.ts';

const CATS = [
  'public-order',
  'road-safety',
  'theft-livestock',
  'drugs-alcohol',
  'youth-at-risk',
  'school-bullying',
  'violence-threats',
  'other',
];
const CHANNELS = ['web', 'telegram', 'whatsapp', 'sms', 'walk_in', 'reception', 'api', 'open311'];
const PRIVACY = ['public', 'name_hidden', 'anonymous'] as const;
const STATUS = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed_no_action'];
const TEXTS = [
  'Кечинде мектептин жанында өспүрүмдөр ичимдик ичип, кичүү балдарды коркутушат. Жарык жок, көчө караңгы.',
  'Возле базара каждую ночь собираются пьяные водители, машины паркуют на тротуаре, дети идут по дороге.',
  'Айылдын четинде малды уурдап кетишти, кошуналар түнкүсүн бейтааныш машинаны көрүшкөн.',
  'Во дворе сломан фонарь уже третий месяц, женщины боятся возвращаться домой вечером, просим помочь.',
];

export async function generate(rows: number, dir: string): Promise<void> {
  const db = openDatabase({ databaseUrl: '', dataDir: dir, groupCommitMs: 0 });
  await migrateToLatest(db);
  await seedReportCategories(db);
  const { district } = await insertAreaChain(db);
  const start = Date.UTC(2025, 11, 1);
  const BATCH = 5000;
  for (let done = 0; done < rows; done += BATCH) {
    const batch: NewReport[] = [];
    for (let i = done; i < Math.min(rows, done + BATCH); i++) {
      const created = new Date(start + ((i * 31_557) % (365 * 86_400)) * 1000).toISOString();
      const lat = 40.5 + ((i * 7919) % 24_000) / 100_000;
      const lon = 72.7 + ((i * 104_729) % 40_000) / 100_000;
      batch.push(
        reportRow({
          area_code: district.code,
          area_path: district.path,
          created_at: created,
          category_code: CATS[i % CATS.length]!,
          channel: CHANNELS[i % CHANNELS.length]!,
          privacy: PRIVACY[i % 3]!,
          status: STATUS[i % STATUS.length]!,
          description: TEXTS[i % TEXTS.length]!,
          lat,
          lon,
          public_lat: Math.round(lat * 400) / 400,
          public_lon: Math.round(lon * 400) / 400,
        }),
      );
    }
    await db.write(async (trx) => {
      for (let j = 0; j < batch.length; j += 250)
        await trx
          .insertInto('report')
          .values(batch.slice(j, j + 250))
          .execute();
    });
  }
  await db.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 100_000);
  const dir = process.argv[3];
  if (!dir) throw new Error('usage: generate-reports.ts <rows> <dir>');
  const t0 = Date.now();
  await generate(rows, dir);
  console.log(`generated ${rows} reports in ${((Date.now() - t0) / 1000).toFixed(1)} s into ${dir}`);
}
