/**
 * Demo problems, worked through the same services as the pages: livestock theft from night pens in
 * Kashgar-Kyshtak (Kara-Suu district, in Kyrgyz; in Response, with a rights-checked police action and
 * a published public summary) and racketeering of pupils near a school in Kara-Suu town (in Russian;
 * in Analysis). Linked to the demo reports of those categories. Runs only when there are no problems.
 */
import type { AppContext } from '../../context.ts';
import type { Actor } from '../../shared/policy.ts';
import { DAY, nowIso } from '../../shared/time.ts';
import { organisationRepository } from '../accounts/organisations.repository.ts';
import { personRepository } from '../accounts/session.repository.ts';

async function demoActor(ctx: AppContext, role: string): Promise<Actor | null> {
  const person = await personRepository.getByEmail(ctx.db.read, `${role}@demo.ishenim.org`);
  return person ? ctx.services.sessions.actorFor(person, 'session') : null;
}

async function orgId(ctx: AppContext, name: string): Promise<string | null> {
  return (await organisationRepository.getByName(ctx.db.read, name))?.id ?? null;
}

async function unlinkedReports(ctx: AppContext, category: string): Promise<string[]> {
  const rows = await ctx.db.read
    .selectFrom('report')
    .select('id')
    .where('category_code', '=', category)
    .where('problem_id', 'is', null)
    .where('desk', '=', 'triage')
    .where('area_path', 'like', '/KG/KG-O/KG-O.kara-suu/%')
    .execute();
  return rows.map((r) => r.id);
}

const day = (offset: number) => new Date(Date.parse(nowIso()) + offset * DAY).toISOString().slice(0, 10);

export async function seedDemoProblems(ctx: AppContext): Promise<{ problems: number }> {
  const existing = await ctx.db.read.selectFrom('problem').select('id').limit(1).execute();
  if (existing.length > 0) return { problems: 0 };
  const officer = await demoActor(ctx, 'officer');
  const supervisor = await demoActor(ctx, 'supervisor');
  const partner = await demoActor(ctx, 'partner');
  if (!officer || !supervisor || !partner) return { problems: 0 };
  const svc = ctx.services.problems;
  const police = await orgId(ctx, 'Кара-Суу районунун ИИБ');
  const yntymak = await orgId(ctx, '«Ынтымак» коомдук бирикмеси');
  const aksakals = await orgId(ctx, 'Кара-Суу аксакалдар соту');
  const women = await orgId(ctx, 'Кара-Суу аялдар кеңеши');

  // 1. Livestock theft (Kyrgyz).
  const theft = await svc.create(officer, {
    title: 'Кашкар-Кыштакта түнкүсүн короодон мал уурдоо',
    description:
      'Күзүндө мал тоодон түшкөндөн кийин айылдын четиндеги жарыгы жок короолордон түнкүсүн кой-эчки уурдалып жатат. Уурулар жол жээгиндеги короолорду тандашат.',
    clusteringType: 'place',
    priority: 'high',
    priorityRationale:
      'Малчы үй-бүлөлөрдүн негизги кирешеси; тургундар өз алдынча «кайтарууга» чыгып, чыр-чатак чыгуу коркунучу бар.',
    frequency: 'Айына 3–4 жолу, көбүнчө дем алыш түндөрү',
    harms: 'Үй-бүлөлөрдүн кирешеси жоголот, кошуналар ортосунда ишенбөөчүлүк күчөйт.',
    goal: 'Кышка чейин түнкү уурдоону эки эсе азайтуу',
    areaCodes: ['KG-O.kara-suu.kashgar-kyshtak'],
    reportIds: await unlinkedReports(ctx, 'theft-livestock'),
    raisedByOrganisationIds: aksakals ? [aksakals] : [],
  });
  if (yntymak) await svc.addPartner(officer, { id: theft.id, organisationId: yntymak });
  await svc.advance(officer, { id: theft.id, to: 'analysis' });
  await svc.updateAnalysis(partner, {
    id: theft.id,
    offender: {
      known: 'Түнкүсүн жүк ташуучу унаа менен келишет, малды тез арада базарга алып кетишет.',
      missing: 'Мал кайсы базарда сатылып жатканы белгисиз.',
      controller: 'Мал базарынын администрациясы, ветеринардык кызмат (маалымкат текшерүү)',
    },
    target: {
      known: 'Жол жээгиндеги, үйдөн алыс короолордогу кой-эчкилер.',
      missing: 'Малдын канчасы энеленген (белгиленген) экени.',
      controller: 'Малчылар, кошуналар, түнкү кайтаруучу',
    },
    place: {
      known: 'Жарыгы жок, дарбазасы бекитилбеген короолор.',
      missing: '',
      controller: 'Айыл өкмөтү жана жайыт комитети',
    },
    dataSources: 'Ишенимдеги кайрылуулар, аксакалдар сотунун маалыматы, малчылар менен жолугушуу',
    currentResponses: 'Участок инспекторунун кезектеги айланып чыгуусу — түнкүсүн жетишсиз.',
    hypothesis:
      'Жарыгы жок, жолго жакын короолор ууруну жеңилдетет; жалпы жарык короо жана унааларды текшерүү азайтат.',
    statement: 'Кашкар-Кыштактын четиндеги жол жээгиндеги короолордон түнкүсүн мал уурдоо.',
  });
  await svc.recordMeasure(officer, { id: theft.id, phase: 'baseline', from: day(-56), to: day(-1) });
  await svc.advance(officer, { id: theft.id, to: 'response' });
  const raid = await svc.addAction(officer, {
    problemId: theft.id,
    title: 'Түнкү жолдо мал ташыган унааларды текшерүү (ветеринардык маалымкат)',
    description: 'Дем алыш түндөрү Кашкар-Кыштак – Кара-Суу жолунда, 4 жума.',
    responsibleOrganisationId: police,
    responsiblePersonId: officer.personId,
    deadline: day(28),
    fundingSource: 'local_budget',
    coercive: true,
  });
  await svc.recordRightsCheck(supervisor, {
    actionId: raid.id,
    legality:
      '«Ички иштер органдары жөнүндө» мыйзам: жол кыймылында унааларды жана жүктүн документтерин текшерүү',
    necessity:
      'Эскертүүлөрдөн кийин да уурдоо токтогон жок; ветеринардык маалымкатсыз мал ташуу — уурулардын негизги жолу.',
    proportionality:
      'Документтерди гана текшерүү, 4 жума, дем алыш түндөрү; кармоо — ууру малдын белгиси табылганда гана.',
    nonDiscrimination: 'Мал ташыган бардык унаалар текшерилет, айдоочунун ким экенине карабастан.',
    outcome: 'approved',
    checkerName: 'Нурлан Осмонов, райондук ИИБдин башчысынын орун басары',
  });
  await svc.updateAction(officer, { actionId: raid.id, status: 'in_progress', progress: 25 });
  if (yntymak) {
    const pen = await svc.addAction(partner, {
      problemId: theft.id,
      title: 'Жарык берилген жалпы түнкү короо жана түнкү кайтаруучу',
      description: 'Малчылар менен биргеликте; күн панели менен жарык.',
      responsibleOrganisationId: yntymak,
      deadline: day(45),
      fundingSource: 'donor',
    });
    await svc.updateAction(partner, { actionId: pen.id, progress: 40 });
  }
  await svc.setPublication(officer, {
    id: theft.id,
    published: true,
    publicTitle: 'Кашкар-Кыштакта түнкү мал уурдоо',
    publicSummary:
      'Малчылар, аксакалдар соту, «Ынтымак» коомдук бирикмеси жана милиция биргеликте иштеп жатат: жалпы жарык короо курулуп, түнкүсүн мал ташыган унаалар текшерилүүдө.',
  });

  // 2. School racketeering (Russian).
  const school = await svc.create(officer, {
    title: 'Вымогательство денег у школьников после уроков в Кара-Суу',
    description:
      'Старшие подростки поджидают учеников 5–7 классов на пути из школы и требуют деньги и телефоны. Дети боятся рассказывать взрослым.',
    clusteringType: 'victim_group',
    priority: 'high',
    priorityRationale: 'Пострадавшие — дети; по словам родителей, часть детей перестала ходить в школу одна.',
    frequency: 'Почти каждый день после второй смены',
    harms: 'Страх у детей, пропуски уроков, вовлечение подростков в вымогательство.',
    goal: 'Безопасная дорога из школы и доверие детей к учителям и инспектору',
    areaCodes: ['KG-O.kara-suu'],
    reportIds: await unlinkedReports(ctx, 'school-bullying'),
  });
  if (women) await svc.addPartner(officer, { id: school.id, organisationId: women, raised: true });
  await svc.advance(officer, { id: school.id, to: 'analysis' });
  await svc.updateAnalysis(officer, {
    id: school.id,
    offender: {
      known: 'Группа подростков 15–17 лет, не посещающих школу; действуют после 17:00.',
      missing: 'Есть ли за ними взрослые, которые забирают деньги.',
      controller: 'Родители, инспектор по делам несовершеннолетних, тренер спортивной секции',
    },
    target: {
      known: 'Ученики 5–7 классов, которые идут домой одни через пустырь у рынка.',
      missing: 'Сколько детей пострадало и не сообщило.',
      controller: 'Учителя, дежурные родители',
    },
    place: {
      known: 'Пустырь между школой и рынком, без освещения и без взрослых.',
      missing: '',
      controller: 'Мэрия (освещение), администрация рынка',
    },
    dataSources: 'Обращения в Ишеним, беседы с классными руководителями, совет женщин',
    hypothesis: 'Дорога через безлюдный пустырь в одно и то же время делает детей лёгкой целью.',
  });
  if (women)
    await svc.addAction(officer, {
      problemId: school.id,
      title: 'Дежурство родителей и «школьный маршрут» после второй смены',
      responsibleOrganisationId: women,
      deadline: day(30),
      fundingSource: 'in_kind',
    });
  return { problems: 2 };
}
