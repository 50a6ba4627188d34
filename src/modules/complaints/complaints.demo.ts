/**
 * Demo complaints: two about police conduct in Kara-Suu District, anonymised (no names, a made-up
 * badge number) — one anonymous and decided as upheld with reasons and recommendations, one name-hidden
 * and under review — so the oversight queue, the track page and the figures have something to show.
 * Runs only when there are no complaints yet, through the same services as the web form.
 */
import type { AppContext } from '../../context.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { clock, DAY, HOUR } from '../../shared/time.ts';
import { personRepository } from '../accounts/session.repository.ts';

export async function seedDemoComplaints(ctx: AppContext): Promise<{ complaints: number }> {
  const existing = await ctx.db.read.selectFrom('complaint').select('id').limit(1).execute();
  if (existing.length > 0) return { complaints: 0 };
  const { complaints, sessions } = ctx.services;
  const person = await personRepository.getByEmail(ctx.db.read, 'oversight@demo.ishenim.org');
  const oversight = person ? await sessions.actorFor(person, 'session') : null;
  const start = clock.nowMs();

  const upheld = await clock.runAt(new Date(start - 20 * DAY), () =>
    complaints.submit(ANONYMOUS, {
      kind: 'complaint',
      description:
        'Базардын жанындагы текшерүү бекетинде кызматкер бир тууганымдын паспортун эки саатка кармап, эч себеп айтпай кыйкырды. Акыры «акча берсең кетесиң» деди.',
      privacy: 'anonymous',
      area: 'KG-O.kara-suu',
      occurredAt: new Date(start - 23 * DAY).toISOString(),
      address: 'Кара-Суу, борбордук базардын чыгыш кире бериши',
      officerBadge: '04-117',
      locale: 'ky',
      followUpCode: true,
    }),
  );
  const review = await clock.runAt(new Date(start - 6 * DAY), () =>
    complaints.submit(ANONYMOUS, {
      kind: 'complaint',
      description:
        'Участковый пришёл по заявлению соседки, но разговаривал с моей матерью грубо и отказался принять её встречное заявление о порче забора.',
      privacy: 'name_hidden',
      area: 'KG-O.kara-suu',
      occurredAt: new Date(start - 7 * DAY).toISOString(),
      officerDescription: 'Участковый инспектор нашего участка, в форме, приезжал на белой «Ниве»',
      contact: { phone: '+996 700 000 111' },
      locale: 'ru',
      followUpCode: true,
    }),
  );
  if (!oversight) return { complaints: 2 };
  const idOf = async (reportId: string) =>
    (
      await ctx.db.read
        .selectFrom('complaint')
        .select('id')
        .where('report_id', '=', reportId)
        .executeTakeFirstOrThrow()
    ).id;
  const a = await idOf(upheld.id);
  const b = await idOf(review.id);
  await clock.runAt(new Date(start - 19 * DAY), () => complaints.move(oversight, a, 'acknowledge'));
  await clock.runAt(new Date(start - 17 * DAY), () => complaints.move(oversight, a, 'review'));
  await clock.runAt(new Date(start - 8 * DAY + 3 * HOUR), () =>
    complaints.decide(oversight, a, {
      outcome: 'upheld',
      reasoning:
        'Бекеттин журналы жана эки күбөнүн сөзү паспорт эки саат бою негизсиз кармалганын тастыктады. Акча талап кылынганы боюнча материал ички коопсуздук кызматына жөнөтүлдү.',
      recommendations:
        'Бекеттин кезметинде документ текшерүү эрежелери боюнча окутуу өткөрүү; бекетке видеокамера орнотуу.',
      disclosure: 'Паспортту негизсиз кармоо боюнча даттануу негиздүү деп табылды.',
    }),
  );
  await clock.runAt(new Date(start - 5 * DAY), () => complaints.move(oversight, b, 'acknowledge'));
  await clock.runAt(new Date(start - 3 * DAY), () => complaints.move(oversight, b, 'review'));
  return { complaints: 2 };
}
