/**
 * Demo forums (idempotent: a forum whose name exists is left alone): the Kara-Suu prevention centre
 * in Osh region with members, a held public meeting with decisions and a commitment, and the next
 * meeting carrying it; a community safety working group in Bishkek. Needs the demo geography and
 * accounts (`seedDemoGeography`, `seedDemoAccounts`) first; people or organisations missing are skipped.
 * Plus a schedule of mobile receptions in Kara-Suu district and a two-day cross-border workshop in Osh
 * with participants from Kyrgyzstan, Kazakhstan and Tajikistan.
 */
import type { AppContext } from '../../context.ts';
import type { Forum, ForumMember } from '../../db/schema.ts';
import { newId } from '../../shared/ids.ts';
import { DAY, nowIso } from '../../shared/time.ts';
import { organisationRepository } from '../accounts/organisations.repository.ts';
import { areaRepository } from '../accounts/organisations.repository.ts';
import { receptionRepository } from './receptions.repository.ts';
import {
  agendaRepository,
  commitmentRepository,
  decisionRepository,
  forumRepository,
  meetingRepository,
  memberRepository,
  participantRepository,
} from './forums.repository.ts';

const DEMO_DOMAIN = 'demo.ishenim.org';

interface DemoMember {
  name: string;
  email?: string;
  org?: string;
  role: ForumMember['role'];
  gender?: ForumMember['gender'];
  ageBand?: ForumMember['age_band'];
}

const KARA_SUU: DemoMember[] = [
  {
    name: 'Жыпар Мамытова',
    email: `prevention_coordinator@${DEMO_DOMAIN}`,
    role: 'chair',
    gender: 'woman',
    ageBand: '45_59',
  },
  {
    name: 'Бакыт Жумабеков',
    email: `officer@${DEMO_DOMAIN}`,
    role: 'secretary',
    gender: 'man',
    ageBand: '30_44',
  },
  {
    name: 'Гүлнара Абдыкадырова',
    email: `partner@${DEMO_DOMAIN}`,
    role: 'member',
    gender: 'woman',
    ageBand: '30_44',
  },
  {
    name: 'Абдыраим Ташиев',
    org: 'Кара-Суу аксакалдар соту',
    role: 'member',
    gender: 'man',
    ageBand: '60_plus',
  },
  {
    name: 'Мээрим Садыкова',
    org: 'Кара-Суу аялдар кеңеши',
    role: 'member',
    gender: 'woman',
    ageBand: '18_29',
  },
  { name: 'Нурбек Алиев', role: 'member', gender: 'man', ageBand: '18_29' },
  { name: 'Бурулай Асанова', org: '«Ынтымак» коомдук бирикмеси', role: 'member', gender: 'woman' },
  { name: 'Тилек Орозбаев', role: 'observer' },
];

const BISHKEK: DemoMember[] = [
  {
    name: 'Нурлан Осмонов',
    email: `supervisor@${DEMO_DOMAIN}`,
    role: 'chair',
    gender: 'man',
    ageBand: '45_59',
  },
  { name: 'Айдана Бекова', role: 'secretary', gender: 'woman', ageBand: '30_44' },
  { name: 'Сергей Ким', role: 'member', gender: 'man', ageBand: '30_44' },
  { name: 'Айпери Жусупова', role: 'member', gender: 'woman', ageBand: '18_29' },
];

export async function seedDemoForums(ctx: AppContext): Promise<{ forums: number }> {
  const { db, services } = ctx;
  const now = nowIso();
  const day = (offsetDays: number, hourUtc: number) => {
    const d = new Date(Date.parse(now) + offsetDays * DAY);
    d.setUTCHours(hourUtc, 0, 0, 0);
    return d.toISOString();
  };
  let created = 0;

  async function forum(
    name: string,
    kind: Forum['kind'],
    areaCode: string,
    description: string,
    members: DemoMember[],
  ): Promise<{ forum: Forum; members: ForumMember[] } | null> {
    const path = (await areaRepository.currentPaths(db.read, [areaCode])).get(areaCode);
    if (!path) return null;
    const existing = await db.read
      .selectFrom('forum')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (existing) return null;
    const f: Forum = {
      id: newId(),
      name,
      kind,
      area_code: areaCode,
      area_path: path,
      description,
      created_by: null,
      created_at: now,
      updated_at: now,
    };
    const rows: ForumMember[] = [];
    for (const m of members) {
      const person = m.email
        ? await db.read
            .selectFrom('person')
            .select(['id', 'organisation_id'])
            .where('email', '=', m.email)
            .executeTakeFirst()
        : undefined;
      const org = m.org ? await organisationRepository.getByName(db.read, m.org) : undefined;
      rows.push({
        id: newId(),
        forum_id: f.id,
        person_id: person?.id ?? null,
        display_name: m.name,
        organisation_id: org?.id ?? person?.organisation_id ?? null,
        role: m.role,
        term_start: '2026-01-15',
        term_end: null,
        gender: m.gender ?? null,
        age_band: m.ageBand ?? null,
        created_at: now,
        updated_at: now,
      });
    }
    await db.write(async (trx) => {
      await forumRepository.create(trx, f);
      for (const r of rows) await memberRepository.create(trx, r);
      await services.audit.record(trx, {
        actor: null,
        role: 'system',
        action: 'demo.forum.create',
        subjectType: 'forum',
        subjectId: f.id,
      });
    });
    created++;
    return { forum: f, members: rows };
  }

  const ks = await forum(
    'Кара-Суу районунун коомдук-профилактикалык борбору',
    'prevention_centre',
    'KG-O.kara-suu',
    'Айыл өкмөтү, милиция, аксакалдар соту, аялдар жана жаштар кеңештери биргелешип коопсуздук маселелерин чечет.',
    KARA_SUU,
  );
  if (ks) {
    const held = {
      id: newId(),
      forum_id: ks.forum.id,
      title: 'Мектеп жанындагы коопсуздук',
      starts_at: day(-14, 4),
      ends_at: day(-14, 6),
      mode: 'in_person' as const,
      place: 'Кара-Суу шаары, айыл өкмөтүнүн чоң залы',
      online_url: null,
      visibility: 'public' as const,
      status: 'held' as const,
      residents_count: 23,
      minutes:
        'Катышкандар мектеп жанындагы көчөдө жарык жоктугун жана жаштардын кечки убакта топтолушун талкуулашты. Участкалык инспектор акыркы айдагы кайрылуулар жөнүндө маалымат берди.',
      public_summary:
        'Мектеп жанындагы көчөнүн жарыгы жана жаштар үчүн кечки спорт секциялары талкууланды. Айыл өкмөтү жарык орнотот, жаштар кеңеши спорт залды ачууну сунуштайт.',
      created_by: null,
      created_at: now,
      updated_at: now,
    };
    const next = {
      ...held,
      id: newId(),
      title: 'Айлык жыйын: аткарылган иштер',
      starts_at: day(10, 4),
      ends_at: day(10, 6),
      mode: 'hybrid' as const,
      online_url: 'https://meet.example.org/kara-suu-opc',
      status: 'scheduled' as const,
      residents_count: 0,
      minutes: '',
      public_summary: '',
    };
    const decision1 = {
      id: newId(),
      meeting_id: held.id,
      position: 1,
      text: 'Мектеп жанындагы көчөгө 6 чырак орнотуу',
      created_at: now,
    };
    const decision2 = {
      id: newId(),
      meeting_id: held.id,
      position: 2,
      text: 'Жаштар үчүн кечки спорт секциясын ачуу',
      created_at: now,
    };
    const owner = await organisationRepository.getByName(db.read, 'Кара-Суу аялдар кеңеши');
    await db.write(async (trx) => {
      await meetingRepository.create(trx, held);
      await meetingRepository.create(trx, next);
      let pos = 1;
      for (const title of [
        'Мектеп жанындагы көчөнүн жарыгы',
        'Жаштардын бош убактысы',
        'Ар кандай маселелер',
      ])
        await agendaRepository.create(trx, {
          id: newId(),
          meeting_id: held.id,
          position: pos++,
          title,
          ref_kind: null,
          ref_id: null,
          commitment_id: null,
          created_at: now,
        });
      for (const m of ks.members) {
        await participantRepository.upsert(trx, held.id, m.id, {
          invited: 1,
          attended: m.role === 'observer' ? 0 : 1,
        });
        await participantRepository.upsert(trx, next.id, m.id, { invited: 1 });
      }
      // The public summary in the resident languages it was written in (Uzbek for the Uzbek-speaking villages).
      for (const [locale, text] of [
        ['ky', held.public_summary],
        [
          'ru',
          'Обсудили освещение улицы у школы и вечерние спортивные секции для молодёжи. Айыл окмоту установит фонари, молодёжный совет предлагает открыть спортзал.',
        ],
        [
          'uz',
          'Мактаб ёнидаги кўча ёритилиши ва ёшлар учун кечки спорт тўгараклари муҳокама қилинди. Айил өкмөтү чироқлар ўрнатади, ёшлар кенгаши спорт залини очишни таклиф қилмоқда.',
        ],
      ] as const)
        await trx
          .insertInto('meeting_summary')
          .values({ meeting_id: held.id, locale, text, updated_by: null, updated_at: now })
          .execute();
      // Two members have already answered the invitation to the next meeting.
      for (const [role, rsvp] of [
        ['chair', 'yes'],
        ['member', 'maybe'],
      ] as const) {
        const m = ks.members.find((x) => x.role === role);
        if (m)
          await trx
            .updateTable('meeting_participant')
            .set({ rsvp, rsvp_at: now })
            .where('meeting_id', '=', next.id)
            .where('member_id', '=', m.id)
            .execute();
      }
      await decisionRepository.create(trx, decision1);
      await decisionRepository.create(trx, decision2);
      const commitment = {
        id: newId(),
        forum_id: ks.forum.id,
        meeting_id: held.id,
        decision_id: decision1.id,
        text: decision1.text,
        owner_person_id: ks.members.find((m) => m.role === 'secretary')?.person_id ?? null,
        owner_organisation_id: owner?.id ?? null,
        deadline: day(20, 0).slice(0, 10),
        status: 'in_progress' as const,
        done_at: null,
        created_at: now,
        updated_at: now,
      };
      if (commitment.owner_person_id || commitment.owner_organisation_id) {
        await commitmentRepository.create(trx, commitment);
        await agendaRepository.create(trx, {
          id: newId(),
          meeting_id: next.id,
          position: 1,
          title: commitment.text,
          ref_kind: null,
          ref_id: null,
          commitment_id: commitment.id,
          created_at: now,
        });
      }
    });
  }

  const gb = await forum(
    'Бишкек, Ленин району: коомдук коопсуздук боюнча жумушчу топ',
    'working_group',
    'KG-GB.bishkek-leninsky',
    'Рабочая группа района: милиция, мэрия, школы и общественные объединения обсуждают безопасность дворов и остановок.',
    BISHKEK,
  );
  if (gb) {
    await db.write(async (trx) => {
      const m = {
        id: newId(),
        forum_id: gb.forum.id,
        title: 'Безопасность на остановках общественного транспорта',
        starts_at: day(7, 9),
        ends_at: day(7, 11),
        mode: 'in_person' as const,
        place: 'Бишкек, ул. Льва Толстого, 17, актовый зал школы № 61',
        online_url: null,
        visibility: 'public' as const,
        status: 'scheduled' as const,
        residents_count: 0,
        minutes: '',
        public_summary: '',
        created_by: null,
        created_at: now,
        updated_at: now,
      };
      await meetingRepository.create(trx, m);
      await agendaRepository.create(trx, {
        id: newId(),
        meeting_id: m.id,
        position: 1,
        title: 'Освещение остановок на ул. Токтогула',
        ref_kind: null,
        ref_id: null,
        commitment_id: null,
        created_at: now,
      });
      for (const x of gb.members) await participantRepository.upsert(trx, m.id, x.id, { invited: 1 });
    });
  }
  // A reception schedule: the van visits villages of Kara-Suu district in the coming weeks.
  const ksPath = (await areaRepository.currentPaths(db.read, ['KG-O.kara-suu'])).get('KG-O.kara-suu');
  const anyReception = await db.read.selectFrom('reception').select('id').limit(1).executeTakeFirst();
  if (ksPath && !anyReception) {
    const stops = [
      { place: 'Папан айылы, маданият үйүнүн алдында', days: 3 },
      { place: 'Кашкар-Кыштак айылы, айыл өкмөтүнүн короосу', days: 10 },
      { place: 'Мады айылы, базардын жанында', days: 17 },
    ];
    await db.write(async (trx) => {
      for (const st of stops)
        await receptionRepository.create(trx, {
          id: newId(),
          area_code: 'KG-O.kara-suu',
          area_path: ksPath,
          van: 'Көчмө кабыл алуу унаасы (Газель, 01 KG 457 ADM)',
          place: st.place,
          starts_at: day(st.days, 4),
          ends_at: day(st.days, 8),
          officers: JSON.stringify(['Бакыт Жумабеков', 'Улан Сатаров']),
          notice:
            'Участкалык инспекторлор суроолоруңузду угат. Аты-жөнүңүздү айтпай да кайрыла аласыз. / Участковые выслушают ваши вопросы; можно обратиться и анонимно.',
          status: 'scheduled',
          people_received: 0,
          created_by: null,
          created_at: now,
          updated_at: now,
        });
    });
  }
  // A cross-border workshop with participants from three countries.
  const oshPath = (await areaRepository.currentPaths(db.read, ['KG-O'])).get('KG-O');
  const anyTraining = await db.read.selectFrom('training_event').select('id').limit(1).executeTakeFirst();
  if (oshPath && !anyTraining) {
    const eventId = newId();
    const d1 = day(24, 0).slice(0, 10);
    const d2 = day(25, 0).slice(0, 10);
    const people: Array<[string, string, string, 'approved' | 'pending']> = [
      ['Бакыт Жумабеков', 'Кара-Суу районунун ИИБ', 'KG', 'approved'],
      ['Мээрим Садыкова', 'Кара-Суу аялдар кеңеши', 'KG', 'approved'],
      ['Ерлан Сейткали', 'Департамент полиции Туркестанской области', 'KZ', 'approved'],
      ['Динара Абенова', 'ОО «Қоғамдық келісім»', 'KZ', 'approved'],
      ['Фаридун Рахимов', 'УВД Согдийской области', 'TJ', 'approved'],
      ['Нигора Саидова', 'ОО «Ҷамъияти шаҳрвандӣ»', 'TJ', 'pending'],
    ];
    await db.write(async (trx) => {
      await trx
        .insertInto('training_event')
        .values({
          id: eventId,
          title: 'Региональный семинар: полиция и местные сообщества в профилактике',
          area_code: 'KG-O',
          area_path: oshPath,
          place: 'Ош, конференц-зал гостиницы «Алай»',
          starts_on: d1,
          ends_on: d2,
          seat_limit: 30,
          organisers: JSON.stringify([{ name: 'МВД Кыргызской Республики', country: 'KG' }]),
          partners: JSON.stringify([
            { name: 'МВД Республики Казахстан', country: 'KZ' },
            { name: 'МВД Республики Таджикистан', country: 'TJ' },
          ]),
          description: 'Обмен опытом профилактических центров и мобильных приёмных в приграничных районах.',
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const sessions: Array<[string, string, string, string[]]> = [
        [d1, '09:30', 'Открытие и знакомство', ['Нурлан Осмонов']],
        [d1, '11:00', 'Опыт ОПЦ Кара-Суйского района', ['Жыпар Мамытова']],
        [d2, '10:00', 'Мобильные приёмные: практика Туркестанской области', ['Ерлан Сейткали']],
      ];
      for (const [sd, time, title, speakers] of sessions)
        await trx
          .insertInto('training_session')
          .values({
            id: newId(),
            event_id: eventId,
            day: sd,
            time,
            title,
            speakers: JSON.stringify(speakers),
          })
          .execute();
      for (const [name, org, country, status] of people)
        await trx
          .insertInto('training_registration')
          .values({
            id: newId(),
            event_id: eventId,
            person_id: null,
            full_name: name,
            organisation_name: org,
            country,
            status,
            created_at: now,
            decided_at: status === 'approved' ? now : null,
          })
          .execute();
      await services.audit.record(trx, {
        actor: null,
        role: 'system',
        action: 'demo.training.create',
        subjectType: 'training_event',
        subjectId: eventId,
      });
    });
  }
  return { forums: created };
}
