/**
 * The behaviour-not-belief checker: a warning (never a refusal) when a referral's text describes who
 * a person *is* or what they *think* — religion, ethnicity or nationality, opinions and political
 * views — instead of what they *did or said*. The OSCE guidance is that a referral rests on
 * observable behaviour only; praying, fasting, a beard, a headscarf, a language or a party are not
 * signs of anything.
 *
 * How it works, and why so simply: the text is lower-cased and split into words (letters of any
 * script, with Kyrgyz/Kazakh/Tajik Cyrillic letters and the Uzbek apostrophes kept inside a word);
 * each word is compared with stems in Kyrgyz, Russian and English (a stem matches the start of a
 * word, since all three languages add endings: "мусулман" matches "мусулмандар", "religio" matches
 * "religious"). Stems are chosen long enough not to hit everyday words. A list cannot understand a
 * sentence, so the checker only asks the writer to look again; the panel's checklist is the real
 * safeguard. Pure function: no I/O, the same answer for the same text.
 */
export type ConcernKind = 'religion' | 'ethnicity' | 'opinion';

export interface BehaviourWarning {
  kind: ConcernKind;
  /** The word as written, for the page to quote back. */
  word: string;
  /** Character offset of the word in the text. */
  index: number;
}

/** Stems per kind; each entry matches words that begin with it. Lower case, NFC. */
export const STEMS: Readonly<Record<ConcernKind, readonly string[]>> = {
  religion: [
    // en
    'religio',
    'muslim',
    'islam',
    'christian',
    'orthodox',
    'mosque',
    'church',
    'pray',
    'salafi',
    'wahhab',
    'jihadi',
    'hijab',
    'niqab',
    'beard',
    'headscar',
    'fasting',
    'ramadan',
    'quran',
    'koran',
    'sunni',
    'shia',
    'atheis',
    'pious',
    'devout',
    // ru
    'религи',
    'мусульм',
    'ислам',
    'христиан',
    'православ',
    'мечет',
    'церк',
    'молит',
    'намаз',
    'салафи',
    'ваххаб',
    'хиджаб',
    'никаб',
    'бород',
    'платок',
    'платк',
    'постит',
    'рамадан',
    'ораз',
    'коран',
    'верующ',
    'набожн',
    'атеист',
    // ky
    'дин',
    'мусулман',
    'ислам',
    'христиан',
    'мечит',
    'чиркөө',
    'намаз',
    'сакал',
    'жоолук',
    'орозо',
    'куран',
    'ыйман',
    'динчил',
    'кудайчыл',
  ],
  ethnicity: [
    // en
    'ethnic',
    'nationality',
    'race',
    'racial',
    'uzbek',
    'kyrgyz',
    'russian',
    'tajik',
    'kazakh',
    'uyghur',
    'uighur',
    'dungan',
    'turk',
    'chechen',
    'clan',
    // ru
    'этни',
    'национальн',
    'раса',
    'расов',
    'узбек',
    'кыргыз',
    'киргиз',
    'русск',
    'таджик',
    'казах',
    'уйгур',
    'дунган',
    'турок',
    'турецк',
    'чечен',
    'клан',
    // ky
    'улут',
    'өзбек',
    'кыргыз',
    'орус',
    'тажик',
    'казак',
    'уйгур',
    'дунган',
    'түрк',
    'чечен',
    'уруу',
  ],
  opinion: [
    // en
    'belie',
    'opinion',
    'ideolog',
    'politic',
    'opposition',
    'views',
    'extremist view',
    'radical view',
    'thinks that',
    'sympathi',
    'supporter of',
    // ru
    'убежден',
    'мнени',
    'взгляд',
    'идеолог',
    'политическ',
    'оппозиц',
    'сторонник',
    'сочувств',
    'считает, что',
    'думает, что',
    'верит',
    // ky
    'ишеним',
    'көз караш',
    'пикир',
    'идеолог',
    'саясий',
    'оппозиц',
    'тарапкер',
    'деп ойлойт',
    'деп эсептейт',
  ],
};

/** Everyday words that begin like a stem ("дин…" → "динамика", "turk…" → "turkey"): let through. */
const ALLOWED_WORDS = new Set([
  'дина',
  'динамика',
  'динамит',
  'turkey',
  'turn',
  'turned',
  'turning',
  'turkmen',
  'racetrack',
  'clang',
  'clank',
]);

const WORD = /[\p{L}\p{M}'ʼ’-]+/gu;

/** Words (and two-word phrases, for stems with a space) of the text with their offsets. */
function tokens(text: string): Array<{ word: string; lower: string; index: number; pair: string }> {
  const out: Array<{ word: string; lower: string; index: number; pair: string }> = [];
  const norm = text.normalize('NFC');
  const list = [...norm.matchAll(WORD)];
  for (let i = 0; i < list.length; i++) {
    const m = list[i]!;
    const lower = m[0].toLocaleLowerCase('ru');
    const next = list[i + 1];
    // Phrase stems ("думает, что") compare against the raw slice up to the next word's end.
    const pair = next ? norm.slice(m.index!, next.index! + next[0].length).toLocaleLowerCase('ru') : lower;
    out.push({ word: m[0], lower, index: m.index!, pair });
  }
  return out;
}

/** Warnings for a text, in order of appearance; at most one per word. */
export function checkBehaviourText(text: string): BehaviourWarning[] {
  const warnings: BehaviourWarning[] = [];
  for (const tk of tokens(text)) {
    if (ALLOWED_WORDS.has(tk.lower)) continue;
    for (const kind of Object.keys(STEMS) as ConcernKind[]) {
      const hit = STEMS[kind].some((stem) =>
        stem.includes(' ') ? tk.pair.startsWith(stem) : tk.lower.startsWith(stem),
      );
      if (hit) {
        warnings.push({ kind, word: tk.word, index: tk.index });
        break;
      }
    }
  }
  return warnings;
}

/** The kinds found, for a summary line ("this text mentions religion and opinions"). */
export function concernKinds(warnings: readonly BehaviourWarning[]): ConcernKind[] {
  return [...new Set(warnings.map((w) => w.kind))];
}
