/**
 * Demo concerns: a handful of plausible reports in Kyrgyz, Russian and Uzbek across the demo areas,
 * some already answered, so the queue, the public list and /track have something to show.
 * Runs only when the database has no reports yet.
 */
import type { AppContext } from '../../context.ts';
import { ANONYMOUS, type Actor } from '../../shared/policy.ts';
import { clock } from '../../shared/time.ts';
import { personRepository } from '../accounts/session.repository.ts';
import type { CreateReportInput, StatusInput } from './reports.service.ts';

interface DemoReport {
  input: CreateReportInput;
  /** Steps the demo officer takes on it, in order, each some hours after the one before. */
  steps?: StatusInput[];
}

/** When each demo report came in (days before startup) and how many hours each officer step took. */
const DAYS_AGO = [12, 9, 6, 4, 2, 1] as const;
const HOURS_PER_STEP = [16, 30, 48] as const;

const DEMO: DemoReport[] = [
  {
    input: {
      description:
        'Түнкүсүн короодон эки кой уурдалды. Бул ай ичинде биздин көчөдө үчүнчү жолу болуп жатат, малды тоодон түшкөндө эле алып кетишет.',
      category: 'theft-livestock',
      privacy: 'public',
      location: { area: 'KG-O.kara-suu.kashgar-kyshtak' },
      address: 'Кашкар-Кыштак, Ленин көчөсүнүн аягы',
      locale: 'ky',
      contact: { name: 'Эрлан', phone: '+996 555 123 456' },
    },
    steps: [
      {
        status: 'acknowledged',
        reason: 'Участок инспектору кабыл алды',
        publicNote:
          'Билдирүүңүз кабыл алынды. Участок инспектору ушул жумада айыл өкмөтү жана малчылар менен жолугат.',
      },
    ],
  },
  {
    input: {
      description:
        'На перекрёстке у центрального базара нет пешеходного перехода и светофора. Дети из школы переходят дорогу прямо между машинами.',
      category: 'road-safety',
      privacy: 'public',
      location: { area: 'KG-O.kara-suu' },
      address: 'Кара-Суу, перекрёсток у центрального базара',
      locale: 'ru',
    },
    steps: [
      {
        status: 'acknowledged',
        reason: 'Принято',
        publicNote: 'Спасибо, передали в дорожную службу района.',
      },
      {
        status: 'resolved',
        reason: 'Разметка нанесена, дежурство в часы пик',
        publicNote:
          'Районная служба нанесла разметку «зебра»; в часы начала и окончания уроков у перехода дежурит инспектор.',
      },
    ],
  },
  {
    input: {
      description:
        'Кечқурун соат 10 дан кейин дўкон олдида ёшлар тўпланиб, спиртли ичимлик ичишади ва ўтган-кетганни ҳақорат қилишади.',
      category: 'drugs-alcohol',
      privacy: 'anonymous',
      location: { area: 'KG-O.kara-suu.nariman' },
      locale: 'uz',
    },
  },
  {
    input: {
      description:
        'Старшеклассники у школы каждый день отбирают деньги у младших на перемене за гаражами. Дети боятся говорить учителям.',
      category: 'school-bullying',
      privacy: 'name_hidden',
      location: { area: 'KG-O.kara-suu' },
      locale: 'ru',
      contact: { name: 'Гульмира', phone: '+996 700 987 654' },
    },
    steps: [
      {
        status: 'in_progress',
        reason: 'Совместно с инспектором ПДН и школой',
        publicNote:
          'Инспектор по делам несовершеннолетних встретился с директором; проводим беседы с родителями.',
      },
    ],
  },
  {
    input: {
      description:
        'Во дворе дома не работают фонари уже месяц. Вечером темно, недавно у женщины вырвали сумку.',
      category: 'public-order',
      privacy: 'public',
      location: { area: 'KG-GB.bishkek-leninsky.beat-1' },
      address: 'Бишкек, двор у дома по ул. Ахунбаева',
      locale: 'ru',
    },
  },
  {
    input: {
      description:
        'Незнакомый взрослый несколько раз приходил к спортзалу и звал подростков в закрытый чат, обещая деньги за «поручения». После этого двое ребят перестали ходить на тренировки.',
      category: 'radicalization-concern',
      privacy: 'anonymous',
      location: { area: 'KG-O.kara-suu' },
      answers: { behaviour_seen: 'pressure_to_join' },
      locale: 'ru',
    },
  },
];

async function demoOfficer(ctx: AppContext): Promise<Actor | null> {
  const person = await personRepository.getByEmail(ctx.db.read, 'officer@demo.ishenim.org');
  return person ? ctx.services.sessions.actorFor(person, 'session') : null;
}

export async function seedDemoReports(ctx: AppContext): Promise<{ reports: number }> {
  const existing = await ctx.db.read.selectFrom('report').select('id').limit(1).execute();
  if (existing.length > 0) return { reports: 0 };
  const officer = await demoOfficer(ctx);
  let n = 0;
  // Spread over the past two weeks, so the queue's ages, the first-response timer and the public
  // list look like a working district rather than one burst at startup.
  const start = clock.nowMs();
  for (const [i, d] of DEMO.entries()) {
    let at = start - (DAYS_AGO[i % DAYS_AGO.length]! * 24 + i) * 3_600_000;
    const created = await clock.runAt(new Date(at), () =>
      ctx.services.reports.createReport(ANONYMOUS, { ...d.input, channel: 'web' }),
    );
    n++;
    if (!officer) continue;
    for (const [k, step] of (d.steps ?? []).entries()) {
      at = Math.min(at + HOURS_PER_STEP[k % HOURS_PER_STEP.length]! * 3_600_000, start);
      await clock.runAt(new Date(at), () => ctx.services.reports.changeStatus(officer, created.id, step));
    }
  }
  return { reports: n };
}
