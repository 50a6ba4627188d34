/**
 * Demo referral (idempotent: skipped when Kara-Suu already has one): a 15-year-old referred by the
 * NGO «Ынтымак» three weeks ago for what he said and shared at a youth club — behaviour only, no
 * name in the referral text; the mother's written consent; the checklist by the NGO's member, the
 * decision by the prevention coordinator; a support plan with two actions (mentoring by the NGO,
 * family support by the women's council) and one review. Anonymised: the person is "Б." and the
 * mother "Г." only. Texts in Kyrgyz with Russian where staff would write it so.
 */
import type { AppContext } from '../../context.ts';
import type { Actor } from '../../shared/policy.ts';
import { clock, DAY } from '../../shared/time.ts';
import { localDay } from '../../shared/time-format.ts';
import { DEMO_DOMAIN } from '../accounts/accounts.demo.ts';
import { organisationRepository } from '../accounts/organisations.repository.ts';
import { personRepository } from '../accounts/session.repository.ts';
import { CHECKLIST_ITEMS } from './referrals.types.ts';

const AREA = 'KG-O.kara-suu';
const NGO = '«Ынтымак» коомдук бирикмеси';
const WOMEN = 'Кара-Суу аялдар кеңеши';

async function actor(ctx: AppContext, role: string): Promise<Actor | null> {
  const p = await personRepository.getByEmail(ctx.db.read, `${role}@${DEMO_DOMAIN}`);
  return p ? ctx.services.sessions.actorFor(p, 'session') : null;
}

export async function seedDemoReferrals(ctx: AppContext): Promise<{ referrals: number }> {
  const existing = await ctx.db.read
    .selectFrom('referral')
    .select('id')
    .where('area_code', '=', AREA)
    .executeTakeFirst();
  if (existing) return { referrals: 0 };
  const coordinator = await actor(ctx, 'prevention_coordinator');
  const partner = await actor(ctx, 'partner');
  const ngo = await organisationRepository.getByName(ctx.db.read, NGO);
  const women = await organisationRepository.getByName(ctx.db.read, WOMEN);
  if (!coordinator || !partner || !ngo || !women) return { referrals: 0 };
  const s = ctx.services.referrals;
  const zone = 'Asia/Bishkek';
  const daysAgo = (n: number) => new Date(clock.nowMs() - n * DAY);
  const day = (n: number) => localDay(zone, daysAgo(n));

  const panel = await s.listPanel(coordinator, { areaCode: AREA });
  for (const a of [coordinator, partner])
    if (!panel.some((m) => m.personId === a.personId))
      await s.addPanelMember(coordinator, { areaCode: AREA, personId: a.personId! });

  const { id } = await clock.runAt(daysAgo(21), () =>
    s.open(partner, {
      source: 'partner',
      areaCode: AREA,
      observedDate: day(24),
      observedTime: '17:30',
      observedAreaCode: AREA,
      behaviour:
        'Жаштар клубунда машыгуудан кийин 15 жаштагы бала башка балдарга куралдуу кол салуу тууралуу видео көрсөтүп, «мектепте да ушундай болот» деди. Эки жолу кичүү балдарды мушташка чакырган. / После тренировки показал ребятам видео вооружённого нападения и сказал, что «в школе тоже так будет»; дважды подбивал младших на драку.',
      riskFactors: ['glorifies_violence', 'pressures_others', 'crisis_at_home'],
      protectiveFactors: ['trusted_adult', 'community_activity', 'open_to_help'],
      riskNotes: 'Атасы Россияда иштейт, үйдө апасы жана эки иниси. Акыркы айда клубга сейрек келет.',
      protectiveNotes: 'Футбол машыктыруучусун угат; апасы жардам сурап кайрылган.',
      subjectMinor: true,
    }),
  );
  await clock.runAt(daysAgo(18), () =>
    s.recordConsent(coordinator, id, {
      givenBy: 'guardian',
      method: 'written',
      givenDate: day(18),
      givenTime: '10:00',
      purposes: ['assessment', 'support_plan', 'information_sharing'],
      agencyIds: [ngo.id, women.id],
      consenterName: 'Г. (апасы)',
      relationship: 'апасы / мать',
      subjectName: 'Б.',
      note: 'Апасы жазуу жүзүндө макулдук берди; бала өзү да жолугушууга макул.',
    }),
  );
  await clock.runAt(daysAgo(14), () => s.recordChecklist(partner, id, { items: [...CHECKLIST_ITEMS] }));
  await clock.runAt(daysAgo(14), () =>
    s.decide(coordinator, id, {
      decision: 'support_offered',
      rationale:
        'Коркутуу жана видео көрсөтүү — байкалган жүрүм-турум; үй-бүлө жардам сурап жатат. Насаатчы жана үй-бүлөгө колдоо ылайыктуу; милициянын катышуусу талап кылынбайт. / Наставничество и поддержка семьи соразмерны; участие милиции не требуется.',
    }),
  );
  await clock.runAt(daysAgo(13), async () => {
    await s.addAction(coordinator, id, {
      ownerOrganisationId: ngo.id,
      text: 'Жумасына бир жолу насаатчы менен жолугушуу, футбол командасына кайра кошуу.',
      deadline: day(-60),
      reviewDates: [day(-7), day(-35)],
    });
    await s.addAction(coordinator, id, {
      ownerOrganisationId: women.id,
      text: 'Апасына колдоо: үй-бүлөлүк кеңеш, кичүү балдарга мектептен кийинки топ.',
      deadline: day(-30),
      reviewDates: [day(-7)],
    });
  });
  await clock.runAt(daysAgo(3), () =>
    s.addReview(partner, id, {
      reviewedOn: day(3),
      notes: 'Үч жолугушуу өттү, машыгууга кайра келе баштады. Мектептен жаңы тынчсыздануу жок.',
      nextReviewOn: day(-7),
    }),
  );
  return { referrals: 1 };
}
