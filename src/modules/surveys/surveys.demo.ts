/**
 * Demo survey (idempotent: skipped when its title exists): "Safety and trust in the police" in
 * Kara-Suu and Nookat districts, in Kyrgyz and Russian, two waves (March and October 2026), answers
 * generated from a fixed seed through the same service as the public link, and population tables —
 * cells for Kara-Suu, only margins for Nookat (so both post-stratification and raking show). Nookat's
 * first wave has only a handful of answers, so a newcomer sees suppression at work beside the CIs.
 * The bank items used are marked reviewed in the demo database only, with a note saying so.
 * Needs the demo geography and accounts (the analyst and the administrator of the demo).
 */
import type { AppContext } from '../../context.ts';
import { ANONYMOUS, type Actor } from '../../shared/policy.ts';
import { clock } from '../../shared/time.ts';
import { personRepository } from '../accounts/session.repository.ts';
import { DEMO_DOMAIN } from '../accounts/accounts.demo.ts';

export const DEMO_SURVEY_TITLE =
  'Коопсуздук жана милицияга ишеним: Кара-Суу, Ноокат / Безопасность и доверие к милиции: Кара-Суу, Ноокат';
const KARA_SUU = 'KG-O.kara-suu';
const NOOKAT = 'KG-O.nookat';
const ITEMS = ['ess-trstplc', 'csew-confidence', 'ess-aesfdrk', 'ess-d15', 'csew-patrol'];

async function actorByEmail(ctx: AppContext, email: string): Promise<Actor | null> {
  const person = await personRepository.getByEmail(ctx.db.read, email);
  return person ? ctx.services.sessions.actorFor(person, 'session') : null;
}

/** A small fixed-seed generator (mulberry32): the same demo every time. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POPULATION_CSV = [
  'area_code,gender,age_band,population',
  // Adults of Kara-Suu district by gender and age band (rounded, demo figures).
  `${KARA_SUU},female,18-29,48000`,
  `${KARA_SUU},female,30-44,42000`,
  `${KARA_SUU},female,45-59,30000`,
  `${KARA_SUU},female,60+,16000`,
  `${KARA_SUU},male,18-29,50000`,
  `${KARA_SUU},male,30-44,41000`,
  `${KARA_SUU},male,45-59,28000`,
  `${KARA_SUU},male,60+,12000`,
  // Nookat: only the margins are published.
  `${NOOKAT},female,*,91000`,
  `${NOOKAT},male,*,89000`,
  `${NOOKAT},*,18-29,62000`,
  `${NOOKAT},*,30-44,55000`,
  `${NOOKAT},*,45-59,40000`,
  `${NOOKAT},*,60+,23000`,
].join('\n');

export async function seedDemoSurveys(ctx: AppContext): Promise<{ surveys: number; answers: number }> {
  const s = ctx.services.surveys;
  const analyst = await actorByEmail(ctx, `analyst@${DEMO_DOMAIN}`);
  const admin = await actorByEmail(ctx, `admin@${DEMO_DOMAIN}`);
  if (!analyst || !admin) return { surveys: 0, answers: 0 };
  if ((await s.list(analyst)).some((x) => x.title === DEMO_SURVEY_TITLE)) return { surveys: 0, answers: 0 };

  for (const itemId of ITEMS) {
    const view = await s.getItem(analyst, { id: itemId });
    for (const locale of ['ky', 'ru']) {
      const current = view.texts.find((x) => x.locale === locale);
      if (!current || current.status !== 'draft') continue;
      await s.saveTranslation(analyst, {
        itemId,
        locale,
        text: current.text,
        status: 'reviewed',
        notes:
          'Demo only: marked reviewed so the demo survey can be published. A real review is still needed.',
      });
    }
  }
  const survey = await s.create(analyst, { title: DEMO_SURVEY_TITLE, areaCode: 'KG-O' });
  await s.saveSettings(analyst, {
    id: survey.id,
    languages: ['ky', 'ru'],
    title: { ky: 'Коопсуздук жана милицияга ишеним', ru: 'Безопасность и доверие к милиции' },
    demographics: ['gender', 'age_band'],
  });
  await s.addSection(analyst, {
    id: survey.id,
    title: { ky: 'Милиция жана коопсуздук', ru: 'Милиция и безопасность' },
  });
  for (const itemId of ITEMS) await s.addBankQuestion(analyst, { id: survey.id, section: 's1', itemId });
  await s.addTarget(analyst, { id: survey.id, areaCode: KARA_SUU, targetSample: 150 });
  await s.addTarget(analyst, { id: survey.id, areaCode: NOOKAT, targetSample: 60 });
  await s.publish(analyst, { id: survey.id });
  const zone = ctx.config.timeZone;
  await s.addWave(
    analyst,
    {
      id: survey.id,
      opensDate: '2026-03-01',
      opensTime: '08:00',
      closesDate: '2026-04-01',
      closesTime: '00:00',
    },
    zone,
  );
  await s.addWave(
    analyst,
    {
      id: survey.id,
      opensDate: '2026-10-01',
      opensTime: '08:00',
      closesDate: '2026-11-01',
      closesTime: '00:00',
    },
    zone,
  );
  await s.loadPopulation(admin, {
    csv: POPULATION_CSV,
    source: 'Demo figures, rounded (not official statistics)',
  });

  const links = new Map(
    (await s.get(analyst, { id: survey.id })).targets.map((t) => [t.area_code, t.link_token]),
  );
  const rnd = random(20261203);
  const pick = <T>(xs: readonly T[], weights: readonly number[]): T => {
    let r = rnd() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < xs.length; i++) if ((r -= weights[i]!) < 0) return xs[i]!;
    return xs[xs.length - 1]!;
  };
  let answers = 0;
  // Online samples lean young and female; wave 2 (after the joint patrols) a little more trusting.
  const plan = [
    { area: KARA_SUU, start: '2026-03-02T04:00:00Z', n: 140, lift: 0 },
    { area: NOOKAT, start: '2026-03-02T04:00:00Z', n: 6, lift: 0 },
    { area: KARA_SUU, start: '2026-10-02T04:00:00Z', n: 150, lift: 0.08 },
    { area: NOOKAT, start: '2026-10-02T04:00:00Z', n: 36, lift: 0.04 },
  ];
  for (const p of plan) {
    for (let i = 0; i < p.n; i++) {
      const gender = pick(['female', 'male'], [0.58, 0.42]);
      const ageBand = pick(['18-29', '30-44', '45-59', '60+'], [0.4, 0.32, 0.18, 0.1]);
      const older = ageBand === '45-59' || ageBand === '60+' ? 0.08 : 0;
      const base = 0.45 + p.lift + older + (gender === 'female' ? -0.03 : 0.03);
      const trust = Math.max(0, Math.min(10, Math.round(base * 10 + (rnd() - 0.5) * 6)));
      const form: Record<string, string> = {
        q_q1: String(trust),
        q_q2: String(
          pick([0, 1, 2, 3, 4], [base * 0.4, base * 0.8, 0.5, (1 - base) * 0.8, (1 - base) * 0.4]),
        ),
        q_q3: String(pick([0, 1, 2, 3], [base * 0.6, 0.9, (1 - base) * 0.9, (1 - base) * 0.4])),
        q_q4: String(pick([0, 1, 2, 3], [0.15, 0.35 + p.lift, 0.35, 0.15])),
        q_q5: String(pick([0, 1, 2, 3], [0.1 + p.lift, 0.3, 0.35, 0.25])),
        d_gender: rnd() < 0.05 ? '' : gender,
        d_age_band: rnd() < 0.05 ? '' : ageBand,
      };
      // Answers 40 seconds apart: a steady trickle, under the burst rule of the public link.
      const at = new Date(Date.parse(p.start) + i * 40_000);
      await clock.runAt(at, () =>
        s.respond(ANONYMOUS, { token: links.get(p.area)!, locale: rnd() < 0.6 ? 'ky' : 'ru', form }),
      );
      answers++;
    }
  }
  return { surveys: 1, answers };
}
