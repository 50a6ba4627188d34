/**
 * The item bank, seeded (idempotently) at every start from `seed/surveys/item-bank.json` (the
 * English source wording, with its source and whether it is verbatim or a paraphrase) and
 * `seed/surveys/item-translations.json` (draft Russian and Kyrgyz). Existing rows are never
 * overwritten: reviewers' work on a translation survives a restart.
 */
import type { Database } from '../../db/database.ts';
import { nowIso } from '../../shared/time.ts';
import { BANK, BANK_TRANSLATIONS } from './surveys.types.ts';

export async function seedSurveyItems(db: Database): Promise<number> {
  const existing = new Set((await db.read.selectFrom('survey_item').select('id').execute()).map((r) => r.id));
  const at = nowIso();
  const bank = [
    ...BANK.items.map((i) => ({ ...i, origin: 'bank' as const })),
    ...BANK.post_contact.items.map((i) => ({
      ...i,
      origin: 'post_contact' as const,
      construct: 'post_contact',
      source: 'Sunshine & Tyler (2003), procedural justice after contact',
      status: 'paraphrase',
    })),
  ];
  const fresh = bank.filter((i) => !existing.has(i.id));
  if (fresh.length === 0) return 0;
  await db.write(async (trx) => {
    for (const item of fresh) {
      await trx
        .insertInto('survey_item')
        .values({
          id: item.id,
          origin: item.origin,
          construct: item.construct,
          scale: item.scale,
          source: item.source,
          status: item.status === 'verbatim' ? 'verbatim' : 'paraphrase',
          position: bank.indexOf(item),
          created_at: at,
        })
        .execute();
      // The English source is the wording the item was validated in: reviewed by definition.
      const texts = [
        { locale: 'en', text: item.text, status: 'reviewed' as const },
        ...Object.entries(BANK_TRANSLATIONS.items[item.id] ?? {}).map(([locale, text]) => ({
          locale,
          text: text!,
          status: 'draft' as const,
        })),
      ];
      for (const t of texts)
        await trx
          .insertInto('survey_item_text')
          .values({ item_id: item.id, ...t, back_translation: null, reviewer_notes: '', updated_at: at })
          .execute();
    }
  });
  return fresh.length;
}
