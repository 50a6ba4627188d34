/**
 * Demo plan (idempotent: skipped when its title exists): the joint prevention plan of Kara-Suu
 * district for 2026, in Kyrgyz and Russian, with two priorities (one linked to the demo livestock
 * theft problem when it exists), five tasks with owners, funding and progress reports, signed by the
 * three signatories. The head of the district administration and the chair of the district kenesh
 * are added as demo accounts (partners of their organisations). Needs the demo geography and accounts.
 */
import type { AppContext } from '../../context.ts';
import type { Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import { organisationRepository } from '../accounts/organisations.repository.ts';
import { personRepository } from '../accounts/session.repository.ts';

const DEMO_DOMAIN = 'demo.ishenim.org';
export const DEMO_PLAN_TITLE =
  'Кара-Суу районунда укук бузуулардын алдын алуу боюнча 2026-жылга биргелешкен план / Совместный план профилактики правонарушений Кара-Суйского района на 2026 год';
const AREA = 'KG-O.kara-suu';
const ADMINISTRATION = 'Кара-Суу райондук мамлекеттик администрациясы';
const KENESH = 'Кара-Суу райондук кеңеши';

async function orgId(
  ctx: AppContext,
  name: string,
  kind: 'local_government' | 'local_council',
): Promise<string> {
  const existing = await organisationRepository.getByName(ctx.db.read, name);
  if (existing) return existing.id;
  return (await ctx.services.organisations.create(null, { name, kind, areaCodes: [AREA] })).id;
}

async function actorByEmail(ctx: AppContext, email: string): Promise<Actor | null> {
  const person = await personRepository.getByEmail(ctx.db.read, email);
  return person ? ctx.services.sessions.actorFor(person, 'session') : null;
}

async function ensurePerson(
  ctx: AppContext,
  local: string,
  displayName: string,
  organisationId: string,
  password: string,
): Promise<Actor | null> {
  const email = `${local}@${DEMO_DOMAIN}`;
  if (!(await personRepository.getByEmail(ctx.db.read, email)))
    await ctx.services.users.create(null, {
      email,
      displayName,
      organisationId,
      grants: [{ role: 'partner', areaCode: AREA }],
      password,
      isDemo: true,
    });
  return actorByEmail(ctx, email);
}

/** The day, or today when the day is still ahead (the demo may run early in a year). */
const notAfterToday = (day: string) => {
  const today = nowIso().slice(0, 10);
  return day < today ? day : today;
};

/** Returns the signatories' demo accounts (listed with the others at start-up). */
export async function seedDemoPlans(
  ctx: AppContext,
  password: string,
): Promise<{ plans: number; accounts: { email: string; role: string }[] }> {
  const accounts = [
    { email: `akim@${DEMO_DOMAIN}`, role: 'partner (local government)' },
    { email: `kenesh@${DEMO_DOMAIN}`, role: 'partner (local council)' },
  ];
  const exists = await ctx.db.read
    .selectFrom('plan')
    .select('id')
    .where('title', '=', DEMO_PLAN_TITLE)
    .executeTakeFirst();
  if (exists) return { plans: 0, accounts };
  const coordinator = await actorByEmail(ctx, `prevention_coordinator@${DEMO_DOMAIN}`);
  const policeHead = await actorByEmail(ctx, `supervisor@${DEMO_DOMAIN}`);
  const police = await organisationRepository.getByName(ctx.db.read, 'Кара-Суу районунун ИИБ');
  const area = await ctx.db.read
    .selectFrom('area')
    .select('code')
    .where('code', '=', AREA)
    .executeTakeFirst();
  if (!coordinator || !policeHead || !police || !area) return { plans: 0, accounts: [] };
  const admin = await orgId(ctx, ADMINISTRATION, 'local_government');
  const kenesh = await orgId(ctx, KENESH, 'local_council');
  const akim = await ensurePerson(ctx, 'akim', 'Мирлан Жолдошев', admin, password);
  const chair = await ensurePerson(ctx, 'kenesh', 'Салтанат Абдраимова', kenesh, password);
  if (!akim || !chair) return { plans: 0, accounts: [] };
  const yntymak =
    (await organisationRepository.getByName(ctx.db.read, '«Ынтымак» коомдук бирикмеси'))?.id ?? null;
  const women = (await organisationRepository.getByName(ctx.db.read, 'Кара-Суу аялдар кеңеши'))?.id ?? null;
  const theft = await ctx.db.read
    .selectFrom('problem')
    .select('id')
    .where('title', 'like', 'Кашкар-Кыштакта%')
    .executeTakeFirst();

  const svc = ctx.services.plans;
  const plan = await svc.createPlan(coordinator, {
    title: DEMO_PLAN_TITLE,
    areaCode: AREA,
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    summary:
      'Тургундарды 2025-жылы сурамжылоонун жана милициянын статистикасынын негизинде түзүлдү. / Составлен на основе опроса жителей 2025 года и статистики милиции.',
  });
  const livestock = await svc.addPriority(coordinator, {
    planId: plan.id,
    title: 'Мал уурдоонун алдын алуу / Профилактика кражи скота',
    justification:
      'Сурамжылоого катышкан тургундардын 41 % мал уурдоону эң оор көйгөй деп атады. / 41 % опрошенных жителей назвали кражу скота главной проблемой.',
    source: 'Тургундарды сурамжылоо, 2025-жылдын октябры / Опрос жителей, октябрь 2025 года',
    problemIds: theft ? [theft.id] : [],
  });
  const youth = await svc.addPriority(coordinator, {
    planId: plan.id,
    title: 'Мектептердеги опузалап акча талоону токтотуу / Противодействие вымогательству в школах',
    justification:
      'Мектеп психологдору жана ата-энелер кайрылуулары боюнча. / По обращениям школьных психологов и родителей.',
    source:
      'Профилактика борборунун 2025-жылдын 14-ноябрындагы жыйыны / Заседание центра профилактики 14 ноября 2025 года',
  });
  const task = (
    priorityId: string,
    title: string,
    ownerOrganisationId: string | null,
    deadline: string,
    fundingSource: 'local_budget' | 'donor' | 'in_kind' | 'none',
    budget: number,
  ) =>
    svc.addTask(coordinator, {
      planId: plan.id,
      priorityId,
      title,
      ownerOrganisationId,
      deadline,
      fundingSource,
      budget,
    });
  const patrols = await task(
    livestock.id,
    'Малчылар менен биргелешкен түнкү кайтаруу / Совместное ночное патрулирование с чабанами',
    police.id,
    '2026-10-31',
    'local_budget',
    180_000,
  );
  const lights = await task(
    livestock.id,
    'Айыл четиндеги короолорго жарык орнотуу / Освещение дворов на окраине сёл',
    admin,
    '2026-06-30',
    'local_budget',
    420_000,
  );
  const branding = await task(
    livestock.id,
    'Малды белгилөө жана каттоо акциясы / Акция по маркировке и учёту скота',
    yntymak,
    '2026-04-30',
    'donor',
    95_000,
  );
  const school = await task(
    youth.id,
    'Мектептерде «Коопсуз мектеп» кеңештерин түзүү / Советы «Безопасная школа» в школах района',
    women,
    '2026-12-20',
    'in_kind',
    0,
  );
  await task(youth.id, 'Мугалимдер үчүн окутуу / Обучение учителей', yntymak, '2026-09-30', 'donor', 60_000);
  for (const [who, seat] of [
    [policeHead, 'Кара-Суу райондук ИИБнин башчысы / Начальник Кара-Суйского РОВД'],
    [
      akim,
      'Кара-Суу райондук мамлекеттик администрациясынын башчысы / Глава Кара-Суйской районной госадминистрации',
    ],
    [chair, 'Кара-Суу райондук кеңешинин төрагасы / Председатель Кара-Суйского районного кенеша'],
  ] as const)
    await svc.approve(who, {
      planId: plan.id,
      version: 1,
      roleTitle: seat,
      approvedOn: notAfterToday('2026-01-20'),
    });

  const progress = (
    taskId: string,
    status: 'in_progress' | 'done',
    pct: number,
    spent: number,
    day: string,
    note: string,
  ) =>
    svc.reportProgress(coordinator, {
      planId: plan.id,
      taskId,
      status,
      progress: pct,
      spent,
      note,
      reportedOn: notAfterToday(day),
    });
  await progress(
    branding.id,
    'done',
    100,
    92_000,
    '2026-04-25',
    'Айыл аймактарында 2 300 баш мал белгиленди. / Промаркировано 2 300 голов скота.',
  );
  await progress(
    lights.id,
    'in_progress',
    60,
    250_000,
    '2026-06-15',
    '38 чырактын 23ү орнотулду. / Установлено 23 из 38 фонарей.',
  );
  await progress(patrols.id, 'in_progress', 70, 120_000, '2026-09-30', '');
  await progress(
    school.id,
    'in_progress',
    40,
    0,
    '2026-10-10',
    '12 мектептин 5инде кеңеш түзүлдү. / Советы созданы в 5 из 12 школ.',
  );
  return { plans: 1, accounts };
}
