/**
 * The stable report categories, seeded (idempotently) at every start. Codes are stable API values;
 * names, guidance and extra questions are resident-facing text in all seven languages and may be
 * edited by administrators afterwards — the seed only inserts missing codes, it never overwrites.
 *
 * Prevention categories ask about observable behaviour only and warn against describing anyone's
 * religion, ethnicity or beliefs.
 */
import type { Database } from '../../db/database.ts';
import { newId } from '../../shared/ids.ts';
import { nowIso } from '../../shared/time.ts';
import type { CategoryQuestion, Desk, LocalText } from './reports.types.ts';

/** Text in ky, ru, en, uz (Cyrillic), uz-Latn, kk, tg — in that argument order. */
function L(
  ky: string,
  ru: string,
  en: string,
  uz: string,
  uzLatn: string,
  kk: string,
  tg: string,
): LocalText {
  return { ky, ru, en, uz, 'uz-Latn': uzLatn, kk, tg };
}

const EMERGENCY = L(
  'Эгер азыр кимдир бирөө коркунучта болсо, 102 (милиция) же 112 номерине чалыңыз — бул жерден жооп күтпөңүз.',
  'Если кому-то угрожает опасность прямо сейчас, звоните 102 (милиция) или 112 — не ждите ответа здесь.',
  'If someone is in danger right now, call 102 (police) or 112 — do not wait for an answer here.',
  'Агар ҳозир кимдир хавф остида бўлса, 102 (милиция) ёки 112 рақамига қўнғироқ қилинг — бу ердан жавоб кутманг.',
  'Agar hozir kimdir xavf ostida boʻlsa, 102 (militsiya) yoki 112 raqamiga qoʻngʻiroq qiling — bu yerdan javob kutmang.',
  'Егер дәл қазір біреуге қауіп төнсе, 102 (полиция) немесе 112 нөміріне қоңырау шалыңыз — мұнда жауап күтпеңіз.',
  'Агар ҳозир касе дар хатар бошад, ба 102 (милитсия) ё 112 занг занед — ин ҷо ҷавоб интизор нашавед.',
);

function withEmergency(text: LocalText): LocalText {
  const out: LocalText = {};
  for (const [k, v] of Object.entries(text)) out[k] = `${v} ${EMERGENCY[k]}`;
  return out;
}

const YES = L('Ооба', 'Да', 'Yes', 'Ҳа', 'Ha', 'Иә', 'Ҳа');
const NO = L('Жок', 'Нет', 'No', 'Йўқ', 'Yoʻq', 'Жоқ', 'Не');
const UNKNOWN = L('Билбейм', 'Не знаю', 'I do not know', 'Билмайман', 'Bilmayman', 'Білмеймін', 'Намедонам');
const yesNoUnknown = [
  { value: 'yes', labels: YES },
  { value: 'no', labels: NO },
  { value: 'unknown', labels: UNKNOWN },
];

export interface CategorySeed {
  code: string;
  group: string;
  desk: Desk;
  sensitive: boolean;
  names: LocalText;
  guidance: LocalText;
  questions: CategoryQuestion[];
}

export const CATEGORY_SEEDS: readonly CategorySeed[] = [
  {
    code: 'public-order',
    group: 'safety',
    desk: 'triage',
    sensitive: false,
    names: L(
      'Коомдук тартип жана коопсуздук',
      'Общественный порядок и безопасность',
      'Public order and safety',
      'Жамоат тартиби ва хавфсизлик',
      'Jamoat tartibi va xavfsizlik',
      'Қоғамдық тәртіп және қауіпсіздік',
      'Тартиботи ҷамъиятӣ ва амният',
    ),
    guidance: withEmergency(
      L(
        'Ызы-чуу, мушташ, вандализм, коркунучтуу жерлер — аймакта коопсуз эмес сезим жараткан нерселердин баары.',
        'Шум, драки, вандализм, опасные места — всё, из-за чего в округе небезопасно.',
        'Noise, fights, vandalism, unsafe places — anything that makes the area feel unsafe.',
        'Шовқин, муштлашув, вандализм, хавфли жойлар — ҳудудда хавотир уйғотадиган ҳар қандай ҳолат.',
        'Shovqin, mushtlashuv, vandalizm, xavfli joylar — hududda xavotir uygʻotadigan har qanday holat.',
        'Шу, төбелес, вандализм, қауіпті орындар — аумақта қауіпсіздікке нұқсан келтіретін кез келген жағдай.',
        'Садои баланд, занозанӣ, вайронкорӣ, ҷойҳои хатарнок — ҳар чизе, ки маҳалро ноамн мекунад.',
      ),
    ),
    questions: [],
  },
  {
    code: 'violence-threats',
    group: 'safety',
    desk: 'triage',
    sensitive: false,
    names: L(
      'Зордук-зомбулук же коркутуу',
      'Насилие или угрозы',
      'Violence or threats',
      'Зўравонлик ёки таҳдид',
      'Zoʻravonlik yoki tahdid',
      'Зорлық-зомбылық немесе қорқыту',
      'Зӯроварӣ ё таҳдид',
    ),
    guidance: withEmergency(
      L(
        'Кимдир бирөө сабалды же коркутулду, же ушундай болот деп кооптоносуз.',
        'Кого-то избили или ему угрожали, или вы опасаетесь, что это произойдёт.',
        'Someone was hurt or threatened, or you fear they will be.',
        'Кимдир калтакланди ёки унга таҳдид қилинди, ёки шундай бўлишидан хавотирдасиз.',
        'Kimdir kaltaklandi yoki unga tahdid qilindi, yoki shunday boʻlishidan xavotirdasiz.',
        'Біреу ұрып-соғылды немесе қорқытылды, не болмаса солай болады деп қауіптенесіз.',
        'Касеро заданд ё таҳдид карданд, ё шумо метарсед, ки чунин мешавад.',
      ),
    ),
    questions: [],
  },
  {
    code: 'domestic-violence',
    group: 'family-youth',
    desk: 'triage',
    sensitive: true,
    names: L(
      'Үй-бүлөлүк зомбулук',
      'Домашнее насилие',
      'Domestic violence',
      'Оилавий зўравонлик',
      'Oilaviy zoʻravonlik',
      'Тұрмыстық зорлық-зомбылық',
      'Зӯроварии хонаводагӣ',
    ),
    guidance: withEmergency(
      L(
        'Үй-бүлөдөгү же үй ичиндеги зомбулук, коркутуу же көзөмөлдөө. Атыңызды айтуу сизге коркунуч жаратышы мүмкүн болсо, «анонимдүү» же «аты жашырылган» тандаңыз.',
        'Насилие, угрозы или контроль в семье или в доме. Выберите «анонимно» или «имя скрыто», если ваше имя может подвергнуть вас опасности.',
        'Violence, threats or control within a family or household. Choose “anonymous” or “name hidden” if sharing your name could put you at risk.',
        'Оила ёки хонадон ичидаги зўравонлик, таҳдид ёки назорат. Исмингизни айтиш сизни хавф остига қўйиши мумкин бўлса, «аноним» ёки «исм яширин»ни танланг.',
        'Oila yoki xonadon ichidagi zoʻravonlik, tahdid yoki nazorat. Ismingizni aytish sizni xavf ostiga qoʻyishi mumkin boʻlsa, «anonim» yoki «ism yashirin»ni tanlang.',
        'Отбасындағы немесе үй ішіндегі зорлық-зомбылық, қорқыту немесе бақылау. Атыңызды айту сізге қауіп төндіруі мүмкін болса, «анонимді» немесе «аты жасырын» таңдаңыз.',
        'Зӯроварӣ, таҳдид ё назорат дар оила ё хонавода. Агар гуфтани номатон шуморо ба хатар гузорад, «беном» ё «номи пинҳон»-ро интихоб кунед.',
      ),
    ),
    questions: [
      {
        key: 'children_present',
        type: 'choice',
        required: false,
        labels: L(
          'Үйдө балдар барбы?',
          'Есть ли в доме дети?',
          'Are there children in the household?',
          'Уйда болалар борми?',
          'Uyda bolalar bormi?',
          'Үйде балалар бар ма?',
          'Дар хона кӯдакон ҳастанд?',
        ),
        options: yesNoUnknown,
      },
      {
        key: 'still_at_risk',
        type: 'choice',
        required: false,
        labels: L(
          'Адам азыр да коркунучтабы?',
          'Человек всё ещё в опасности?',
          'Is the person still at risk?',
          'Одам ҳали ҳам хавф остидами?',
          'Odam hali ham xavf ostidami?',
          'Адам әлі де қауіпте ме?',
          'Оё шахс ҳоло ҳам дар хатар аст?',
        ),
        options: yesNoUnknown,
      },
    ],
  },
  {
    code: 'youth-at-risk',
    group: 'family-youth',
    desk: 'triage',
    sensitive: false,
    names: L(
      'Тобокелдиктеги жаштар',
      'Молодёжь в группе риска',
      'Young people at risk',
      'Хавф остидаги ёшлар',
      'Xavf ostidagi yoshlar',
      'Қауіп тобындағы жастар',
      'Ҷавонони гирифтори хатар',
    ),
    guidance: withEmergency(
      L(
        'Коргоосуз, кароосуз калган же кылмышка тартылып жаткандай көрүнгөн балдар же жаштар. Эмнени көргөнүңүздү жазыңыз.',
        'Дети или молодые люди, которые выглядят незащищёнными, брошенными или втянутыми в преступления. Опишите, что вы видели.',
        'Children or young people who seem unsafe, neglected or drawn into crime. Describe what you saw.',
        'Ҳимоясиз, қаровсиз қолган ёки жиноятга тортилаётгандек кўринган болалар ёки ёшлар. Нимани кўрганингизни ёзинг.',
        'Himoyasiz, qarovsiz qolgan yoki jinoyatga tortilayotgandek koʻringan bolalar yoki yoshlar. Nimani koʻrganingizni yozing.',
        'Қорғансыз, қараусыз қалған немесе қылмысқа тартылып жатқандай көрінетін балалар мен жастар. Не көргеніңізді жазыңыз.',
        'Кӯдакон ё ҷавононе, ки бепарасторӣ, бехимоя ё ба ҷиноят кашида шуда менамоянд. Нависед, ки чӣ дидед.',
      ),
    ),
    questions: [],
  },
  {
    code: 'drugs-alcohol',
    group: 'safety',
    desk: 'triage',
    sensitive: false,
    names: L(
      'Баңгизат жана спирт ичимдиктери',
      'Наркотики и алкоголь',
      'Drugs and alcohol',
      'Гиёҳванд моддалар ва спиртли ичимликлар',
      'Giyohvand moddalar va spirtli ichimliklar',
      'Есірткі және алкоголь',
      'Маводи мухаддир ва машрубот',
    ),
    guidance: withEmergency(
      L(
        'Баңгизат сатуу же колдонуу, жашы жете электерге спирт ичимдигин сатуу, ушундай окуялар кайталанган жерлер.',
        'Продажа или употребление наркотиков, продажа алкоголя несовершеннолетним, места, где это повторяется.',
        'Selling or use of drugs, sale of alcohol to minors, places where this keeps happening.',
        'Гиёҳванд моддаларни сотиш ёки истеъмол қилиш, вояга етмаганларга спиртли ичимлик сотиш, бу такрорланадиган жойлар.',
        'Giyohvand moddalarni sotish yoki isteʼmol qilish, voyaga yetmaganlarga spirtli ichimlik sotish, bu takrorlanadigan joylar.',
        'Есірткі сату немесе қолдану, кәмелетке толмағандарға алкоголь сату, мұндай жағдай қайталанатын орындар.',
        'Фурӯш ё истеъмоли маводи мухаддир, фурӯши машрубот ба ноболиғон, ҷойҳое, ки ин такрор мешавад.',
      ),
    ),
    questions: [],
  },
  {
    code: 'theft-livestock',
    group: 'safety',
    desk: 'triage',
    sensitive: false,
    names: L(
      'Уурдоо жана мал уурдоо',
      'Кражи и кража скота',
      'Theft and livestock theft',
      'Ўғирлик ва мол ўғирлиги',
      'Oʻgʻirlik va mol oʻgʻirligi',
      'Ұрлық және мал ұрлығы',
      'Дуздӣ ва дуздии чорво',
    ),
    guidance: withEmergency(
      L(
        'Мүлк же мал уурдалышы, үйгө кирип кетүү, байкалган аракеттер.',
        'Кража имущества или скота, проникновение в дом, замеченные попытки.',
        'Stolen property or animals, break-ins, attempts you noticed.',
        'Мол-мулк ёки чорва ўғирлиги, уйга бостириб кириш, сезилган уринишлар.',
        'Mol-mulk yoki chorva oʻgʻirligi, uyga bostirib kirish, sezilgan urinishlar.',
        'Мүлік немесе мал ұрлығы, үйге түсу, байқалған әрекеттер.',
        'Дуздии молу мулк ё чорво, ворид шудан ба хона, кӯшишҳое, ки мушоҳида кардед.',
      ),
    ),
    questions: [
      {
        key: 'animals_count',
        type: 'number',
        required: false,
        labels: L(
          'Канча баш мал уурдалды (эгер мал болсо)?',
          'Сколько голов скота украдено (если речь о скоте)?',
          'How many animals were taken (if livestock)?',
          'Нечта бош мол ўғирланди (агар мол бўлса)?',
          'Nechta bosh mol oʻgʻirlandi (agar mol boʻlsa)?',
          'Қанша бас мал ұрланды (егер мал болса)?',
          'Чанд сар чорво дуздида шуд (агар чорво бошад)?',
        ),
      },
    ],
  },
  {
    code: 'road-safety',
    group: 'safety',
    desk: 'triage',
    sensitive: false,
    names: L(
      'Жол коопсуздугу',
      'Безопасность дорожного движения',
      'Road safety',
      'Йўл ҳаракати хавфсизлиги',
      'Yoʻl harakati xavfsizligi',
      'Жол қозғалысы қауіпсіздігі',
      'Бехатарии ҳаракат дар роҳ',
    ),
    guidance: withEmergency(
      L(
        'Кооптуу айдоо, белгилер же жарык жоктугу, мектептердин жанындагы коопсуз эмес жөө өтмөктөр.',
        'Опасное вождение, нет знаков или освещения, небезопасные переходы у школ.',
        'Dangerous driving, missing signs or lighting, unsafe crossings near schools.',
        'Хавфли ҳайдаш, белгилар ёки ёритиш йўқлиги, мактаблар яқинидаги хавфли ўтиш жойлари.',
        'Xavfli haydash, belgilar yoki yoritish yoʻqligi, maktablar yaqinidagi xavfli oʻtish joylari.',
        'Қауіпті жүргізу, белгілердің немесе жарықтың болмауы, мектеп маңындағы қауіпті өткелдер.',
        'Ронандагии хатарнок, набудани аломатҳо ё равшанӣ, гузаргоҳҳои хатарнок дар назди мактабҳо.',
      ),
    ),
    questions: [],
  },
  {
    code: 'school-bullying',
    group: 'family-youth',
    desk: 'triage',
    sensitive: false,
    names: L(
      'Мектептеги опузалап акча талоо жана кордоо',
      'Школьный рэкет и травля',
      'School racketeering and bullying',
      'Мактабдаги товламачилик ва тазйиқ',
      'Maktabdagi tovlamachilik va tazyiq',
      'Мектептегі бопсалау және қорлау',
      'Тамаъҷӯӣ ва таҳқир дар мактаб',
    ),
    guidance: withEmergency(
      L(
        'Окуучуларды акча төлөөгө мажбурлашат, кордошот же басмырлашат — мектепте же жолдо.',
        'Учеников заставляют платить, травят или унижают — в школе или по дороге.',
        'Pupils forced to pay money, bullied or humiliated — in school or on the way.',
        'Ўқувчиларни пул тўлашга мажбурлашади, таҳқирлашади ёки камситишади — мактабда ёки йўлда.',
        'Oʻquvchilarni pul toʻlashga majburlashadi, tahqirlashadi yoki kamsitishadi — maktabda yoki yoʻlda.',
        'Оқушыларды ақша төлеуге мәжбүрлейді, қорлайды немесе мазақтайды — мектепте не жолда.',
        'Хонандагонро ба додани пул маҷбур мекунанд, таҳқир мекунанд ё паст мезананд — дар мактаб ё дар роҳ.',
      ),
    ),
    questions: [],
  },
  {
    code: 'hate-threats',
    group: 'prevention',
    desk: 'prevention',
    sensitive: true,
    names: L(
      'Адамдар тобуна карата жек көрүү же коркутуу',
      'Ненависть или угрозы в адрес группы людей',
      'Hate or threats against a group',
      'Одамлар гуруҳига нисбатан нафрат ёки таҳдид',
      'Odamlar guruhiga nisbatan nafrat yoki tahdid',
      'Адамдар тобына қарсы өшпенділік немесе қорқыту',
      'Нафрат ё таҳдид нисбат ба гурӯҳи одамон',
    ),
    guidance: withEmergency(
      L(
        'Адамдарга алар таандык болгон топ үчүн коркутуу, кол салуу же чакырык. Эмне айтылганын же жасалганын, качан жана кайда болгонун жазыңыз — кимдир бирөөнүн ишенимин же теги жөнүндө эмес. Кабар профилактика бөлүмүнө жөнөтүлөт.',
        'Угрозы, нападения или призывы против людей из-за группы, к которой они принадлежат. Опишите, что было сказано или сделано, где и когда, — а не чью-то веру или происхождение. Сообщение получит отдел профилактики.',
        'Threats, attacks or incitement against people because of the group they belong to. Describe what was said or done, where and when — not anyone’s faith or origin. This goes to the prevention desk.',
        'Одамларга улар мансуб гуруҳ сабабли таҳдид, ҳужум ёки даъват. Нима айтилгани ёки қилинганини, қаерда ва қачонлигини ёзинг — кимнингдир эътиқоди ёки келиб чиқишини эмас. Хабар профилактика бўлимига юборилади.',
        'Odamlarga ular mansub guruh sababli tahdid, hujum yoki daʼvat. Nima aytilgani yoki qilinganini, qayerda va qachonligini yozing — kimningdir eʼtiqodi yoki kelib chiqishini emas. Xabar profilaktika boʻlimiga yuboriladi.',
        'Адамдарға олар жататын топ үшін қорқыту, шабуыл немесе арандату. Не айтылғанын немесе не істелгенін, қай жерде және қашан болғанын жазыңыз — біреудің сенімін не шығу тегін емес. Хабар алдын алу бөліміне жіберіледі.',
        'Таҳдид, ҳамла ё даъват алайҳи одамон барои гурӯҳе, ки ба он тааллуқ доранд. Нависед, ки чӣ гуфта ё карда шуд, дар куҷо ва кай — на эътиқод ё баромади касе. Хабар ба шӯъбаи пешгирӣ фиристода мешавад.',
      ),
    ),
    questions: [
      {
        key: 'what_happened',
        type: 'choice',
        required: true,
        labels: L(
          'Эмне болду? (жүрүм-турумду гана жазыңыз — динди, улутту же ишенимди эмес)',
          'Что произошло? (только поступки — не религия, национальность или убеждения)',
          'What happened? (actions only — not religion, ethnicity or beliefs)',
          'Нима бўлди? (фақат хатти-ҳаракатлар — дин, миллат ёки эътиқод эмас)',
          'Nima boʻldi? (faqat xatti-harakatlar — din, millat yoki eʼtiqod emas)',
          'Не болды? (тек іс-әрекет — дін, ұлт немесе сенім емес)',
          'Чӣ шуд? (танҳо амалҳо — на дин, миллат ё эътиқод)',
        ),
        options: [
          {
            value: 'spoken_threats',
            labels: L(
              'Оозеки коркутуу же кордоо',
              'Угрозы или оскорбления вслух',
              'Threats or insults said aloud',
              'Оғзаки таҳдид ёки ҳақорат',
              'Ogʻzaki tahdid yoki haqorat',
              'Ауызша қорқыту немесе қорлау',
              'Таҳдид ё таҳқири шифоҳӣ',
            ),
          },
          {
            value: 'written_threats',
            labels: L(
              'Жазуу жүзүндөгү коркутуу же дубалдагы жазуулар',
              'Письменные угрозы или надписи на стенах',
              'Written threats or graffiti',
              'Ёзма таҳдид ёки деворлардаги ёзувлар',
              'Yozma tahdid yoki devorlardagi yozuvlar',
              'Жазбаша қорқыту немесе қабырғадағы жазулар',
              'Таҳдиди хаттӣ ё навиштаҷот дар деворҳо',
            ),
          },
          {
            value: 'attack_or_damage',
            labels: L(
              'Кол салуу же мүлккө зыян келтирүү',
              'Нападение или порча имущества',
              'Physical attack or damage to property',
              'Ҳужум ёки мол-мулкка зарар етказиш',
              'Hujum yoki mol-mulkka zarar yetkazish',
              'Шабуыл немесе мүлікке зиян келтіру',
              'Ҳамла ё зарар ба молу мулк',
            ),
          },
          {
            value: 'incitement',
            labels: L(
              'Башкаларды адамдарга зыян келтирүүгө чакыруу',
              'Призывы к другим причинить людям вред',
              'Calls on others to harm people',
              'Бошқаларни одамларга зарар етказишга чақириш',
              'Boshqalarni odamlarga zarar yetkazishga chaqirish',
              'Басқаларды адамдарға зиян келтіруге шақыру',
              'Даъвати дигарон ба зарар расондан ба одамон',
            ),
          },
        ],
      },
      {
        key: 'people_harmed',
        type: 'number',
        required: false,
        labels: L(
          'Канча адам жабыр тартты же коркутулду?',
          'Сколько людей пострадали или получили угрозы?',
          'How many people were harmed or threatened?',
          'Неча киши жабрланди ёки таҳдид олди?',
          'Necha kishi jabrlandi yoki tahdid oldi?',
          'Қанша адам зардап шекті немесе қорқытылды?',
          'Чанд нафар зарар диданд ё таҳдид гирифтанд?',
        ),
      },
    ],
  },
  {
    code: 'radicalization-concern',
    group: 'prevention',
    desk: 'prevention',
    sensitive: true,
    names: L(
      'Радикалдашуу же зордук-зомбулукка тартуу боюнча тынчсыздануу',
      'Беспокойство о радикализации или вовлечении в насилие',
      'Concern about radicalization or recruitment into violence',
      'Радикаллашув ёки зўравонликка жалб этиш ҳақида хавотир',
      'Radikallashuv yoki zoʻravonlikka jalb etish haqida xavotir',
      'Радикалдану немесе зорлық-зомбылыққа тарту туралы алаңдаушылық',
      'Нигаронӣ аз радикализатсия ё ҷалб ба зӯроварӣ',
    ),
    guidance: withEmergency(
      L(
        'Кимдир бирөө зордук-зомбулукка тартылып жаткандай болсо: ал эмне кылганын же эмне деп айтканын жазыңыз (мисалы, коркутуу, башкаларды зордук-зомбулукка кошулууга кысым көрсөтүү, курал жөнүндө сөз). Эч кимдин динин, улутун же ишенимин жазбаңыз — алар тынчсыздануунун себеби эмес. Кабар профилактика бөлүмүнө жөнөтүлөт, ал үй-бүлөлөр жана жамааттагы өнөктөштөр менен бирге колдоо көрсөтөт.',
        'Если кого-то, возможно, вовлекают в насилие: опишите, что человек делал или говорил (например, угрозы, давление на других, чтобы они присоединились к насилию, разговоры об оружии). Не описывайте чью-либо религию, национальность или убеждения — они не повод для беспокойства. Сообщение получит отдел профилактики, который вместе с семьями и партнёрами в общине предлагает поддержку.',
        'If someone may be being drawn towards violence: describe what you saw them do or heard them say (for example threats, pressure on others to join violence, talk of weapons). Do not describe anyone’s religion, ethnicity or beliefs — they are not a reason for concern. This goes to the prevention desk, which works with families and community partners to offer support.',
        'Агар кимдир зўравонликка тортилаётган бўлса: у нима қилганини ёки нима деганини ёзинг (масалан, таҳдидлар, бошқаларни зўравонликка қўшилишга мажбурлаш, қурол ҳақидаги гаплар). Ҳеч кимнинг дини, миллати ёки эътиқодини ёзманг — улар хавотир сабаби эмас. Хабар профилактика бўлимига юборилади, у оилалар ва маҳалла ҳамкорлари билан бирга ёрдам таклиф қилади.',
        'Agar kimdir zoʻravonlikka tortilayotgan boʻlsa: u nima qilganini yoki nima deganini yozing (masalan, tahdidlar, boshqalarni zoʻravonlikka qoʻshilishga majburlash, qurol haqidagi gaplar). Hech kimning dini, millati yoki eʼtiqodini yozmang — ular xavotir sababi emas. Xabar profilaktika boʻlimiga yuboriladi, u oilalar va mahalla hamkorlari bilan birga yordam taklif qiladi.',
        'Егер біреу зорлық-зомбылыққа тартылып жатуы мүмкін болса: оның не істегенін немесе не айтқанын жазыңыз (мысалы, қорқыту, басқаларды зорлық-зомбылыққа қосылуға мәжбүрлеу, қару туралы әңгіме). Ешкімнің дінін, ұлтын немесе сенімін жазбаңыз — олар алаңдаушылыққа себеп емес. Хабар алдын алу бөліміне жіберіледі, ол отбасылармен және қауымдастық серіктестерімен бірге қолдау көрсетеді.',
        'Агар касе шояд ба зӯроварӣ кашида шавад: нависед, ки ӯ чӣ кард ё чӣ гуфт (масалан, таҳдид, фишор ба дигарон барои ҳамроҳ шудан ба зӯроварӣ, гап дар бораи силоҳ). Дин, миллат ё эътиқоди касеро нанависед — онҳо сабаби нигаронӣ нестанд. Хабар ба шӯъбаи пешгирӣ фиристода мешавад, ки якҷоя бо оилаҳо ва шарикони ҷомеа дастгирӣ пешниҳод мекунад.',
      ),
    ),
    questions: [
      {
        key: 'behaviour_seen',
        type: 'choice',
        required: true,
        labels: L(
          'Эмнени көрдүңүз же уктуңуз? (жүрүм-турумду гана — динди, улутту же ишенимди жазбаңыз)',
          'Что вы видели или слышали? (только поведение — не указывайте религию, национальность или убеждения)',
          'What did you see or hear? (behaviour only — do not give religion, ethnicity or beliefs)',
          'Нимани кўрдингиз ёки эшитдингиз? (фақат хатти-ҳаракат — дин, миллат ёки эътиқодни ёзманг)',
          'Nimani koʻrdingiz yoki eshitdingiz? (faqat xatti-harakat — din, millat yoki eʼtiqodni yozmang)',
          'Не көрдіңіз немесе естідіңіз? (тек мінез-құлық — дінді, ұлтты немесе сенімді жазбаңыз)',
          'Чӣ дидед ё шунидед? (танҳо рафтор — дин, миллат ё эътиқодро нанависед)',
        ),
        options: [
          {
            value: 'threats_of_violence',
            labels: L(
              'Зордук-зомбулук менен коркутуу',
              'Угрозы применить насилие',
              'Threats of violence',
              'Зўравонлик билан таҳдид',
              'Zoʻravonlik bilan tahdid',
              'Зорлық-зомбылықпен қорқыту',
              'Таҳдиди зӯроварӣ',
            ),
          },
          {
            value: 'pressure_to_join',
            labels: L(
              'Башкаларды зордук-зомбулукка кошулууга кысым көрсөтүү',
              'Давление на других, чтобы они присоединились к насилию',
              'Pressure on others to join violent activity',
              'Бошқаларни зўравонликка қўшилишга мажбурлаш',
              'Boshqalarni zoʻravonlikka qoʻshilishga majburlash',
              'Басқаларды зорлық-зомбылыққа қосылуға мәжбүрлеу',
              'Фишор ба дигарон барои ҳамроҳ шудан ба зӯроварӣ',
            ),
          },
          {
            value: 'weapons',
            labels: L(
              'Курал же жарылуучу заттар тууралуу сөз же аларды көрсөтүү',
              'Разговоры об оружии или взрывчатке, их демонстрация',
              'Talk about, or showing, weapons or explosives',
              'Қурол ёки портловчи моддалар ҳақида гап ёки уларни кўрсатиш',
              'Qurol yoki portlovchi moddalar haqida gap yoki ularni koʻrsatish',
              'Қару немесе жарылғыш заттар туралы әңгіме не оларды көрсету',
              'Гап дар бораи силоҳ ё маводи тарканда ё нишон додани онҳо',
            ),
          },
          {
            value: 'violent_material',
            labels: L(
              'Зордук-зомбулукка чакырган материалдарды таратуу',
              'Распространение материалов с призывами к насилию',
              'Sharing material that calls for violence',
              'Зўравонликка чақирувчи материалларни тарқатиш',
              'Zoʻravonlikka chaqiruvchi materiallarni tarqatish',
              'Зорлық-зомбылыққа шақыратын материалдарды тарату',
              'Паҳн кардани маводе, ки ба зӯроварӣ даъват мекунад',
            ),
          },
          {
            value: 'other_behaviour',
            labels: L(
              'Башка жүрүм-турум (жогоруда жазыңыз)',
              'Другое поведение (опишите выше)',
              'Other behaviour (describe above)',
              'Бошқа хатти-ҳаракат (юқорида ёзинг)',
              'Boshqa xatti-harakat (yuqorida yozing)',
              'Басқа мінез-құлық (жоғарыда жазыңыз)',
              'Рафтори дигар (дар боло нависед)',
            ),
          },
        ],
      },
      {
        key: 'still_happening',
        type: 'choice',
        required: false,
        labels: L(
          'Бул азыр да уланып жатабы?',
          'Это продолжается сейчас?',
          'Is this still happening?',
          'Бу ҳозир ҳам давом этяптими?',
          'Bu hozir ham davom etyaptimi?',
          'Бұл әлі жалғасып жатыр ма?',
          'Оё ин ҳоло ҳам идома дорад?',
        ),
        options: yesNoUnknown,
      },
    ],
  },
  {
    code: 'police-conduct',
    group: 'police',
    desk: 'complaints',
    sensitive: true,
    names: L(
      'Милиция кызматкерлеринин жүрүм-туруму',
      'Поведение сотрудников милиции',
      'Police conduct',
      'Милиция ходимларининг хатти-ҳаракати',
      'Militsiya xodimlarining xatti-harakati',
      'Полиция қызметкерлерінің іс-әрекеті',
      'Рафтори кормандони милитсия',
    ),
    guidance: withEmergency(
      L(
        'Милиция кызматкеринин жүрүм-туруму боюнча даттануу же ыраазычылык. Кабарды ал кызматкердин бөлүмү эмес, көз карандысыз көзөмөл бөлүмү алат.',
        'Жалоба или благодарность о поведении сотрудника милиции. Сообщение получает независимый отдел надзора, а не подразделение этого сотрудника.',
        'A complaint or thanks about how a police officer behaved. It goes to an independent oversight desk, not to the officer’s own unit.',
        'Милиция ходимининг хатти-ҳаракати ҳақида шикоят ёки миннатдорчилик. Хабарни ходимнинг ўз бўлинмаси эмас, мустақил назорат бўлими олади.',
        'Militsiya xodimining xatti-harakati haqida shikoyat yoki minnatdorchilik. Xabarni xodimning oʻz boʻlinmasi emas, mustaqil nazorat boʻlimi oladi.',
        'Полиция қызметкерінің іс-әрекеті туралы шағым немесе алғыс. Хабарды қызметкердің өз бөлімшесі емес, тәуелсіз бақылау бөлімі алады.',
        'Шикоят ё сипосгузорӣ дар бораи рафтори корманди милитсия. Хабарро на шӯъбаи худи корманд, балки шӯъбаи мустақили назорат мегирад.',
      ),
    ),
    questions: [
      {
        key: 'kind',
        type: 'choice',
        required: true,
        labels: L(
          'Бул даттануубу же ыраазычылыкпы?',
          'Это жалоба или благодарность?',
          'Is this a complaint or thanks?',
          'Бу шикоятми ёки миннатдорчилик?',
          'Bu shikoyatmi yoki minnatdorchilik?',
          'Бұл шағым ба, әлде алғыс па?',
          'Ин шикоят аст ё сипосгузорӣ?',
        ),
        options: [
          {
            value: 'complaint',
            labels: L('Даттануу', 'Жалоба', 'Complaint', 'Шикоят', 'Shikoyat', 'Шағым', 'Шикоят'),
          },
          {
            value: 'thanks',
            labels: L(
              'Ыраазычылык',
              'Благодарность',
              'Thanks',
              'Миннатдорчилик',
              'Minnatdorchilik',
              'Алғыс',
              'Сипосгузорӣ',
            ),
          },
        ],
      },
      {
        key: 'officer',
        type: 'text',
        required: false,
        labels: L(
          'Кызматкердин төш белгисинин номери же аты-жөнү, эгер билсеңиз',
          'Номер жетона или имя сотрудника, если знаете',
          'The officer’s badge number or name, if you know it',
          'Ходимнинг нишон рақами ёки исми, агар билсангиз',
          'Xodimning nishon raqami yoki ismi, agar bilsangiz',
          'Қызметкердің төсбелгі нөмірі немесе аты-жөні, егер білсеңіз',
          'Рақами нишон ё номи корманд, агар донед',
        ),
      },
    ],
  },
  {
    code: 'other',
    group: 'other',
    desk: 'triage',
    sensitive: false,
    names: L('Башка', 'Другое', 'Something else', 'Бошқа', 'Boshqa', 'Басқа', 'Дигар'),
    guidance: withEmergency(
      L(
        'Аймагыңыздагы коопсуздукка байланыштуу башка нерселер.',
        'Всё остальное, что касается безопасности в вашей округе.',
        'Anything else about safety in your area.',
        'Ҳудудингиздаги хавфсизликка оид бошқа ҳар қандай масала.',
        'Hududingizdagi xavfsizlikka oid boshqa har qanday masala.',
        'Сіздің аумағыңыздағы қауіпсіздікке қатысты басқа кез келген мәселе.',
        'Дигар масъалаҳое, ки ба амнияти маҳаллаи шумо дахл доранд.',
      ),
    ),
    questions: [],
  },
];

/** Inserts the categories that are missing; never overwrites what administrators changed. */
export async function seedReportCategories(db: Database): Promise<{ inserted: number }> {
  const existing = new Set(
    (await db.read.selectFrom('report_category').select('code').execute()).map((r) => r.code),
  );
  const missing = CATEGORY_SEEDS.map((c, i) => ({ c, sort: (i + 1) * 10 })).filter(
    ({ c }) => !existing.has(c.code),
  );
  if (missing.length === 0) return { inserted: 0 };
  const now = nowIso();
  return db.write(async (trx) => {
    let inserted = 0;
    for (const { c, sort } of missing) {
      // Another process may have seeded meanwhile: skip codes that appeared.
      const taken = await trx
        .selectFrom('report_category')
        .select('id')
        .where('code', '=', c.code)
        .executeTakeFirst();
      if (taken) continue;
      await trx
        .insertInto('report_category')
        .values({
          id: newId(),
          code: c.code,
          group_code: c.group,
          names: JSON.stringify(c.names),
          guidance: JSON.stringify(c.guidance),
          desk: c.desk,
          sensitive: c.sensitive ? 1 : 0,
          questions: JSON.stringify(c.questions),
          active: 1,
          sort,
          created_at: now,
          updated_at: now,
        })
        .execute();
      inserted++;
    }
    return { inserted };
  });
}
