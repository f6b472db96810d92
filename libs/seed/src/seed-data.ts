import type { Priority } from '@app/domain';
import type { WorkingHours } from '@app/database';

/**
 * Demo data for Zhambyl region: reference rows, staff names and resident comments. Pure data, so
 * its consistency is unit-tested without a database; seed.ts turns it into rows.
 */

export interface CodedSeed {
  code: string;
  nameKk: string;
  nameRu: string;
}

export interface DistrictSeed extends CodedSeed {
  /** Full name of the akimat's press secretary (user press.<code>@tynda.kz). */
  pressSecretary: string;
}

export interface DepartmentSeed extends CodedSeed {
  head: string;
  staff: readonly [string, string];
}

export interface CategorySeed extends CodedSeed {
  /** null only for `other`: nothing to route, a press secretary rejects or re-triages it. */
  departmentCode: string | null;
  /** Lowercase stems matched as word prefixes, so "жерді", "земельным" hit "жер", "земел"; "жол*0.5" weighs half. */
  keywords: readonly string[];
  /** Phrases whose words never count for this category ("бұл жолы"). */
  exclusions?: readonly string[];
}

export type PageChannel = 'facebook' | 'instagram' | 'telegram' | 'vk';

export interface PageSeed {
  channel: PageChannel;
  externalId: string;
  districtCode: string;
}

/** Why a comment is not actionable; decides the rejection note and whether the akimat answers it. */
export type RejectionKind = 'praise' | 'spam' | 'off_topic';

export interface TicketTextSeed {
  text: string;
  categoryCode: string;
  districtCode: string;
  /** The village or town named in the comment (Kazakh spelling, as the ticket's `locality`). */
  locality: string;
  /** Set where the comment itself makes the case urgent or minor; others get a weighted draw. */
  priority?: Priority;
  /** Only for category `other`. */
  rejection?: RejectionKind;
}

export const DISTRICTS: readonly DistrictSeed[] = [
  { code: 'baizak', nameKk: 'Байзақ ауданы', nameRu: 'Байзакский район', pressSecretary: 'Айгерім Сәрсенбаева' },
  { code: 'zhambyl', nameKk: 'Жамбыл ауданы', nameRu: 'Жамбылский район', pressSecretary: 'Нұрлан Есенов' },
  { code: 'zhualy', nameKk: 'Жуалы ауданы', nameRu: 'Жуалынский район', pressSecretary: 'Мадина Құдайбергенова' },
  { code: 'kordai', nameKk: 'Қордай ауданы', nameRu: 'Кордайский район', pressSecretary: 'Асқар Бекмұратов' },
  { code: 'merki', nameKk: 'Меркі ауданы', nameRu: 'Меркенский район', pressSecretary: 'Динара Әлімбекова' },
  { code: 'moiynkum', nameKk: 'Мойынқұм ауданы', nameRu: 'Мойынкумский район', pressSecretary: 'Ерболат Тоқтаров' },
  { code: 'sarysu', nameKk: 'Сарысу ауданы', nameRu: 'Сарысуский район', pressSecretary: 'Жанар Омарова' },
  { code: 'talas', nameKk: 'Талас ауданы', nameRu: 'Таласский район', pressSecretary: 'Бауыржан Ахметов' },
  { code: 't-ryskulov', nameKk: 'Т. Рысқұлов ауданы', nameRu: 'район Т. Рыскулова', pressSecretary: 'Әсел Жақыпова' },
  { code: 'shu', nameKk: 'Шу ауданы', nameRu: 'Шуский район', pressSecretary: 'Руслан Бейсенов' },
  { code: 'taraz', nameKk: 'Тараз қаласы', nameRu: 'город Тараз', pressSecretary: 'Аружан Қасымова' },
];

/** Regional departments ("basqarma") of the Zhambyl region akimat. */
export const DEPARTMENTS: readonly DepartmentSeed[] = [
  {
    code: 'land',
    nameKk: 'Жер қатынастары басқармасы',
    nameRu: 'Управление земельных отношений',
    head: 'Серік Байжанов',
    staff: ['Ақмарал Жұмағұлова', 'Темірлан Сыздықов'],
  },
  {
    code: 'roads',
    nameKk: 'Жолаушылар көлігі және автомобиль жолдары басқармасы',
    nameRu: 'Управление пассажирского транспорта и автомобильных дорог',
    head: 'Марат Исаев',
    staff: ['Ғалым Нұрпейісов', 'Айнұр Шәріпова'],
  },
  {
    code: 'water',
    nameKk: 'Энергетика және сумен жабдықтау басқармасы',
    nameRu: 'Управление энергетики и водоснабжения',
    head: 'Қанат Әбілов',
    staff: ['Сәуле Мұхамеджанова', 'Данияр Төлеуов'],
  },
  {
    code: 'education',
    nameKk: 'Білім басқармасы',
    nameRu: 'Управление образования',
    head: 'Гүлмира Тұрсынова',
    staff: ['Ләззат Қалиева', 'Ерасыл Мамыров'],
  },
  {
    code: 'health',
    nameKk: 'Денсаулық сақтау басқармасы',
    nameRu: 'Управление здравоохранения',
    head: 'Ержан Сұлтанов',
    staff: ['Жұлдыз Байтанова', 'Арман Рахымжанов'],
  },
  {
    code: 'housing',
    nameKk: 'Тұрғын үй-коммуналдық шаруашылығы басқармасы',
    nameRu: 'Управление жилищно-коммунального хозяйства',
    head: 'Болат Кенжебаев',
    staff: ['Индира Садықова', 'Нұржан Әуезов'],
  },
  {
    code: 'social',
    nameKk: 'Жұмыспен қамтуды үйлестіру және әлеуметтік бағдарламалар басқармасы',
    nameRu: 'Управление координации занятости и социальных программ',
    head: 'Роза Ілиясова',
    staff: ['Гаухар Әмірова', 'Еркебұлан Досанов'],
  },
  {
    code: 'agriculture',
    nameKk: 'Ауыл шаруашылығы басқармасы',
    nameRu: 'Управление сельского хозяйства',
    head: 'Талғат Оспанов',
    staff: ['Мейрамбек Жолдасов', 'Айжан Кәрімова'],
  },
];

export const CATEGORIES: readonly CategorySeed[] = [
  {
    code: 'land',
    nameKk: 'Жер қатынастары',
    nameRu: 'Земельные вопросы',
    departmentCode: 'land',
    // жер is also "place" (осы жерде), учаске also the police officer's and a school's area: half weight, and excluded there.
    keywords: [
      'жер*0.5',
      'жер учаске',
      'жер телім',
      'жер беру',
      'жер комитет',
      'учаске*0.5',
      'телім',
      'кадастр',
      'участок',
      'участк*0.7',
      'земел',
      'земл',
      'межев',
      'ижс',
      'самозахват',
    ],
    exclusions: [
      'осы жер',
      'бұл жер',
      'сол жер',
      'шақырым жер',
      'км жер',
      'учаскелік',
      'участков',
      'мектеп учаске',
      'школьн участ',
      'сайлау учаске',
      'избирательн участ',
      'орошен участк',
      'полив участк',
      'жер сілкініс',
      'землетряс',
    ],
  },
  {
    code: 'roads',
    nameKk: 'Жолдар және қоғамдық көлік',
    nameRu: 'Дороги и общественный транспорт',
    departmentCode: 'roads',
    // жол is also "time/way" (бұл жолы, заң жолымен) and a street's name (Жібек жолы); дорогие is "dear".
    keywords: [
      'жол*0.5',
      'жол жөнде',
      'жолы бұзыл',
      'шұңқыр',
      'көпір',
      'автобус',
      'аялдама',
      'остановк',
      'дорог',
      'асфальт',
      'ям',
      'ямочн',
      'мост',
      'трасс',
      'маршрут',
      'светофор',
      'бағдаршам',
      'тротуар',
      'грейдер',
      'разметк',
      'лежач полиц',
    ],
    exclusions: [
      'бұл жолы',
      'осы жолы',
      'бұл жолға',
      'заң жол',
      'жібек жол',
      'жол полиция',
      'жолдас',
      'жолдау',
      'дорогие',
      'дорогая',
      'дорогой',
      'дорогим',
      'дорого',
    ],
  },
  {
    code: 'water',
    nameKk: 'Ауыз су',
    nameRu: 'Водоснабжение',
    departmentCode: 'water',
    // су and вод also name sewage, floods and irrigation water: excluded next to those words, and anywhere in a
    // comment that names a garden, a field, irrigation or sewage (then the water is the farm's or the sewer's).
    keywords: [
      'су',
      'ауыз су',
      'ауызсу',
      'су құбыр',
      'су мұнара',
      'су жоқ',
      'вод',
      'водопровод',
      'водоснаб',
      'водоканал',
      'водонапорн',
      'питьев',
      'скважин',
      'ұңғыма',
      'напор',
    ],
    exclusions: [
      'кәріз су',
      'су басу',
      'су басты',
      'су басып',
      'канализационн вод',
      'талая вод',
      'талые вод',
      'паводк',
      'для полив',
      'на полив',
      'арыққа су',
      'арыкка су',
      'суару су',
      'су … бақша|огород|арық|суар|полив|егін|егіс|орошен|дача',
      'су … кәріз|канализ|сточн|септик|ағынды су|ассениз',
      'вод … бақша|огород|арық|суар|полив|егін|егіс|орошен|дача',
      'вод … кәріз|канализ|сточн|септик|ағынды су|ассениз',
    ],
  },
  {
    code: 'education',
    nameKk: 'Білім беру: мектептер мен балабақшалар',
    nameRu: 'Образование: школы и детские сады',
    departmentCode: 'education',
    // Heating and cold are the housing department's in homes: no longer keywords here (the model learns "school + cold").
    keywords: [
      'мектеп',
      'балабақша',
      'мұғалім',
      'тәрбиеші',
      'оқушы',
      'оқулық',
      'сынып',
      'школ',
      'гимнази',
      'лицей',
      'садик',
      'детсад',
      'детск сад',
      'учител',
      'учительниц',
      'воспитател',
      'ученик',
      'учебник',
    ],
  },
  {
    code: 'health',
    nameKk: 'Денсаулық сақтау',
    nameRu: 'Здравоохранение',
    departmentCode: 'health',
    keywords: [
      'аурухана',
      'емхана',
      'дәрі*0.7',
      'дәрігер',
      'дәріхана',
      'жедел жәрдем',
      'перзентхана',
      'медбике',
      'медсестр',
      'екпе',
      'больниц',
      'поликлиник',
      'врач',
      'лекарств',
      'фап',
      'амбулатор',
      'скорая',
      'скорой',
      'скорую',
      'медпункт',
      'фельдшер',
      'терапевт',
      'роддом',
      'аптек',
      'прививк',
    ],
    exclusions: ['ветврач', 'мал дәрігер', 'малдәрігер'],
  },
  {
    code: 'utilities',
    nameKk: 'Коммуналдық қызметтер',
    nameRu: 'Коммунальные услуги',
    departmentCode: 'housing',
    // Home heating is here; свет also starts Светлана and светофор.
    keywords: [
      'жарық*0.7',
      'электр',
      'газ*0.8',
      'газ құбыр',
      'газопровод',
      'қоқыс',
      'көше шам',
      'свет*0.7',
      'мусор',
      'свалк',
      'фонар',
      'канализац',
      'кәріз',
      'сточн',
      'ағынды су',
      'септик',
      'отоплен',
      'батаре',
      'үйде жылу',
      'пәтерде жылу',
      'жылу*0.5',
      'столб',
      'бағана',
      'лифт',
      'коммунал',
    ],
    exclusions: ['светофор', 'светлан', 'светл', 'газет', 'мектеп жылу', 'мектепте жылу'],
  },
  {
    code: 'social',
    nameKk: 'Әлеуметтік көмек',
    nameRu: 'Социальная защита',
    departmentCode: 'social',
    keywords: [
      'жәрдемақы',
      'зейнет',
      'мүгедек',
      'атаулы',
      'көп балалы',
      'әлеуметтік көмек',
      'аз қамтылған',
      'жұмыссыз',
      'пособи',
      'пенси',
      'инвалид',
      'адресн',
      'многодет',
      'малоимущ',
      'соцработ',
      'центр занятости',
      'жұмыспен қамту',
      'безработ',
      'матпомощ',
      'льгот',
      'асп',
      'соцзащит',
      'соцпомощ',
      'соц помощ',
      'социальн помощ',
      'әлеуметтік қорғау',
    ],
  },
  {
    code: 'agriculture',
    nameKk: 'Ауыл шаруашылығы',
    nameRu: 'Сельское хозяйство',
    departmentCode: 'agriculture',
    // мал is also Russian "little" (мало, маленький) and малоимущие: excluded there.
    keywords: [
      'мал*0.7',
      'малдәрігер',
      'мал дәрігер',
      'егін',
      'жайылым',
      'суар',
      'тұқым',
      'ветеринар',
      'ветврач',
      'арық',
      'скот',
      'пастбищ',
      'полив',
      'арык',
      'урожа',
      'удобрен',
      'тыңайтқыш',
      'бақша',
      'огород',
      'фермер',
      'орошен',
      'посев',
      'семен',
      'бруцеллез',
    ],
    exclusions: ['мало', 'малень', 'малыш', 'малоимущ', 'мала', 'мал ұрлы'],
  },
  {
    code: 'other',
    nameKk: 'Басқа',
    nameRu: 'Другое',
    departmentCode: null,
    // "Not an appeal" signals: found in a comment, it is never routed without a person. Thanks and greetings,
    // the police, and sale or rent listings (a house "with gas and water" is no water complaint).
    keywords: [
      'рахмет',
      'рақмет',
      'алғыс',
      'спасибо',
      'благодар',
      'құттықта',
      'поздравля',
      'с праздник',
      'мерекең',
      'мерекем',
      'мейрамым',
      'туған күн',
      'с днем рожд',
      'с днем побед',
      'молодц',
      'жарайсың',
      'учаскелік',
      'участков',
      'полиц',
      'продаю',
      'продам',
      'продается',
      'куплю',
      'сдаю',
      'сдается',
      'сатамын',
      'сатылады',
      'сатып аламын',
      'жалға беремін',
      'жалға беріледі',
    ],
    exclusions: ['лежач полиц'],
  },
];

/**
 * One Facebook and one Instagram page per district akimat, plus the Sarysu Telegram channel (and its
 * discussion group) and the
 * Zhambyl district VK group. The Merki and T. Ryskulov Facebook ids, the Zhualy Instagram id, the
 * Telegram chat id and the VK group id are fixtures that webhook tests and demo scripts send to.
 */
export const PAGES: readonly PageSeed[] = [
  { channel: 'facebook', externalId: '100064712358829', districtCode: 'baizak' },
  { channel: 'facebook', externalId: '100069154270346', districtCode: 'zhambyl' },
  { channel: 'facebook', externalId: '100057896321470', districtCode: 'zhualy' },
  { channel: 'facebook', externalId: '100063381947205', districtCode: 'kordai' },
  { channel: 'facebook', externalId: '104538291276431', districtCode: 'merki' },
  { channel: 'facebook', externalId: '100068827415693', districtCode: 'moiynkum' },
  { channel: 'facebook', externalId: '100066203958714', districtCode: 'sarysu' },
  { channel: 'facebook', externalId: '100071149627385', districtCode: 'talas' },
  { channel: 'facebook', externalId: '100871455329018', districtCode: 't-ryskulov' },
  { channel: 'facebook', externalId: '100064479812036', districtCode: 'shu' },
  { channel: 'facebook', externalId: '100050262915847', districtCode: 'taraz' },
  { channel: 'instagram', externalId: '17841402219583370', districtCode: 'baizak' },
  { channel: 'instagram', externalId: '17841406370925518', districtCode: 'zhambyl' },
  { channel: 'instagram', externalId: '17841405822304914', districtCode: 'zhualy' },
  { channel: 'instagram', externalId: '17841408114763092', districtCode: 'kordai' },
  { channel: 'instagram', externalId: '17841401567239846', districtCode: 'merki' },
  { channel: 'instagram', externalId: '17841409935172608', districtCode: 'moiynkum' },
  { channel: 'instagram', externalId: '17841403348860275', districtCode: 'sarysu' },
  { channel: 'instagram', externalId: '17841407761094423', districtCode: 'talas' },
  { channel: 'instagram', externalId: '17841404492617351', districtCode: 't-ryskulov' },
  { channel: 'instagram', externalId: '17841400873156684', districtCode: 'shu' },
  { channel: 'instagram', externalId: '17841402605439127', districtCode: 'taraz' },
  { channel: 'telegram', externalId: '-1001873345001', districtCode: 'sarysu' },
  // The channel's discussion group: residents' comments arrive from the group's chat id, not the channel's.
  { channel: 'telegram', externalId: '-1001873345777', districtCode: 'sarysu' },
  { channel: 'vk', externalId: '218455001', districtCode: 'zhambyl' },
];

export const CHANNEL_LABELS: Readonly<Record<PageChannel, string>> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  telegram: 'Telegram',
  vk: 'VK',
};

export const ADMIN_NAME = 'Дәурен Әбдірахманов';
export const GOVERNOR_OFFICE_NAME = 'Гүлнар Сейітова';

export const RESIDENT_NAMES: readonly string[] = [
  'Айгүл Мұратова',
  'Ержан Сейітов',
  'Бақыт Жұмабекова',
  'Нұрсұлтан Әбенов',
  'Гүлжан Төлегенова',
  'Қайрат Омаров',
  'Сәуле Ибраимова',
  'Дархан Серікбаев',
  'Жансая Әлиева',
  'Мұрат Қожахметов',
  'Әлия Нұрланқызы',
  'Бекзат Тұрғанбаев',
  'Райхан Мусина',
  'Ерлан Бөкеев',
  'Айдана Сағындықова',
  'Асхат Жақсылықов',
  'Ғалия Рахметова',
  'Талғат Әшімов',
  'Мәдина Серікқызы',
  'Самат Құрманов',
  'Назгүл Әбілқасымова',
  'Ақылбек Дүйсенов',
  'Шынар Қасенова',
  'Берік Сыдықов',
  'Гүлнұр Бейсембаева',
  'Ермек Тастанов',
  'Динара Жолдыбаева',
  'Абай Мырзахметов',
  'Күләш Ахметжанова',
  'Нұрболат Есжанов',
  'Алтынай Сейдахметова',
  'Қуаныш Байболов',
  'Меруерт Тілеуова',
  'Жандос Әмірханов',
  'Салтанат Оразова',
  'Ербол Ниязбеков',
  'Ботагөз Ысқақова',
  'Мақсат Әуелбеков',
  'Дана Сапарова',
  'Әсет Байғабылов',
];

/**
 * Resident comments as they appear under an akim's posts: Kazakh, Russian, and the two mixed in one
 * sentence. Koragaty (Merki district) carries the land disputes, so several comments come from there.
 */
export const TICKET_TEXTS: readonly TicketTextSeed[] = [
  // Kazakh
  {
    text: 'Сәлеметсіз бе, әкім мырза! Қорағаты ауылында 2019 жылы жер учаскесіне кезекке тұрдым, әлі күнге дейін жауап жоқ. Ал ауылдың шетіндегі жерлер бөтен адамдарға беріліп жатыр. Бұл қалай?',
    categoryCode: 'land',
    districtCode: 'merki',
    locality: 'Қорағаты',
  },
  {
    text: 'Қорағаты тұрғындары атынан жазып отырмын. Ауыл маңындағы жерді біреу қоршап алды, бұрын ол жерде бүкіл ауылдың малы жайылатын. Жер комиссиясының шешімін жариялаңыздар!',
    categoryCode: 'land',
    districtCode: 'merki',
    locality: 'Қорағаты',
    priority: 'high',
  },
  {
    text: 'Әкім мырза, Қорағатыда учаскеме кадастрлық нөмір бере алмай жатыр, жарты жылдан бері «күтіңіз» дейді. Құжаттарымның бәрі толық, неге созбалаңға салады?',
    categoryCode: 'land',
    districtCode: 'merki',
    locality: 'Қорағаты',
  },
  {
    text: 'Меркі ауылында жеке үй салуға жер телімін алу үшін қанша жыл күту керек? Кезектегі нөмірім 1542, бір жылда бір орынға да жылжымады.',
    categoryCode: 'land',
    districtCode: 'merki',
    locality: 'Меркі',
  },
  {
    text: 'Аспара ауылына баратын жол әбден бұзылды, шұңқырдан машина өтпейді. Жаңбыр жауса балалар мектепке бара алмайды. Қашан жөндейсіздер?',
    categoryCode: 'roads',
    districtCode: 'merki',
    locality: 'Аспара',
  },
  {
    text: 'Құлан ауылында үш күннен бері ауыз су жоқ. Су құбыры жарылған дейді, бірақ ешкім келіп жөндеген жоқ. Бала-шағамен не істейміз?',
    categoryCode: 'water',
    districtCode: 't-ryskulov',
    locality: 'Құлан',
    priority: 'urgent',
  },
  {
    text: 'Бауыржан Момышұлы ауылындағы №2 мектепте сыныптар өте суық, балалар күртешемен отырады. Жылу беру қашан қалыпқа келеді?',
    categoryCode: 'education',
    districtCode: 'zhualy',
    locality: 'Бауыржан Момышұлы',
    priority: 'high',
  },
  {
    text: 'Жаңатас қалалық емханасында дәрігерге жазылу мүмкін емес, телефонды ешкім көтермейді, кезек таңғы алтыдан басталады. Тегін дәрі де жетіспейді.',
    categoryCode: 'health',
    districtCode: 'sarysu',
    locality: 'Жаңатас',
  },
  {
    text: 'Төле би ауылының Абай көшесінде бір аптадан бері жарық жоқ. Көше шамдары да жанбайды, кешке балалар қорқып жүреді.',
    categoryCode: 'utilities',
    districtCode: 'shu',
    locality: 'Төле би',
  },
  {
    text: 'Сәлеметсіз бе! Анам мүгедектігі бойынша жәрдемақыны үш айдан бері ала алмай жүр. ХҚКО-ға барсақ, ауданға жібереді, аудан облысқа жібереді. Көмектесіңіздерші.',
    categoryCode: 'social',
    districtCode: 'kordai',
    locality: 'Қордай',
  },
  {
    text: 'Қаратау маңында мал жайылымы жетпейді, жайылымдық жерлердің бәрі жалға беріліп кеткен. Қарапайым шаруалар малын қайда бағады?',
    categoryCode: 'agriculture',
    districtCode: 'talas',
    locality: 'Қаратау',
  },
  {
    text: 'Тараз қаласы, Төле би даңғылы мен Қазыбек би көшесінің қиылысында үлкен шұңқыр бар, күнде бір көліктің дөңгелегі жарылып жатыр. Белгі де қойылмаған.',
    categoryCode: 'roads',
    districtCode: 'taraz',
    locality: 'Тараз',
  },
  {
    text: 'Сарыкемер ауылында ауыз су кестемен ғана беріледі, күніне екі сағат. Жаңа су құбыры тартылады деп былтыр уәде бергенсіздер, не болды?',
    categoryCode: 'water',
    districtCode: 'baizak',
    locality: 'Сарыкемер',
  },
  {
    text: 'Айша бибі ауылында қоқыс екі аптадан бері шығарылмайды, контейнерлер толып кетті, иттер таратып жатыр. Кімге хабарласу керек?',
    categoryCode: 'utilities',
    districtCode: 'zhambyl',
    locality: 'Айша бибі',
  },
  {
    text: 'Мойынқұм ауылындағы балабақшаға орын жоқ, кезекте екі жылдан бері тұрмыз. Жаңа балабақша салу жоспарда бар ма?',
    categoryCode: 'education',
    districtCode: 'moiynkum',
    locality: 'Мойынқұм',
    priority: 'low',
  },
  {
    text: 'Меркі аудандық ауруханасына жедел жәрдем шақырдық, бір жарым сағаттан кейін әрең келді. Ауыл адамдарының өмірі кімге керек?',
    categoryCode: 'health',
    districtCode: 'merki',
    locality: 'Меркі',
    priority: 'high',
  },
  {
    text: 'Көп балалы ана ретінде атаулы әлеуметтік көмекке құжат тапсырдым, екі ай өтті, ешқандай жауап жоқ. Кімге жүгінуге болады?',
    categoryCode: 'social',
    districtCode: 't-ryskulov',
    locality: 'Құлан',
  },
  {
    text: 'Шу ауданында егін суаруға су берілмей жатыр, арықтар тазартылмаған. Қызылша қурап барады, шаруалар үлкен шығынға батады.',
    categoryCode: 'agriculture',
    districtCode: 'shu',
    locality: 'Шу',
  },
  {
    text: 'Жаңатастан Таразға қатынайтын автобус күніне бір рет қана жүреді, онда да уақытында келмейді. Қосымша рейс ашыңыздаршы.',
    categoryCode: 'roads',
    districtCode: 'sarysu',
    locality: 'Жаңатас',
  },
  {
    text: 'Сортөбе ауылында көршім менің учаскемнің шекарасына қоршау салып алды. Жер қатынастары бөліміне арыз бердім, бір ай болды, ешкім өлшеуге келмеді.',
    categoryCode: 'land',
    districtCode: 'kordai',
    locality: 'Сортөбе',
  },
  {
    text: 'Ақкөл ауылындағы су мұнарасы істен шыққан, ауыз суды арбамен тасып жүрміз. Бұл мәселе қашан шешіледі?',
    categoryCode: 'water',
    districtCode: 'talas',
    locality: 'Ақкөл',
  },
  {
    text: 'Сарыкемерде газ қысымы өте төмен, кешке пеш жанбайды. Газ қызметіне хабарластық, жауап бермейді.',
    categoryCode: 'utilities',
    districtCode: 'baizak',
    locality: 'Сарыкемер',
  },
  {
    text: 'Әкім мырза, Көлбастау ауылына жаңа спорт алаңын салғаныңызға көп рахмет! Балалар кешке дейін сонда ойнайды.',
    categoryCode: 'other',
    districtCode: 'zhualy',
    locality: 'Көлбастау',
    rejection: 'praise',
  },
  {
    text: 'Жұмыс бар! Үйде отырып күніне 50 000 теңге табыңыз, тәжірибе керек емес. Жеке хабарламаға жазыңыз.',
    categoryCode: 'other',
    districtCode: 'taraz',
    locality: 'Тараз',
    rejection: 'spam',
  },
  // Russian
  {
    text: 'Добрый день! Жители Корагаты уже год не могут добиться ответа по земельным участкам: землю под ИЖС в черте села распределили непонятно кому, а очередников просят ждать. Просим провести проверку.',
    categoryCode: 'land',
    districtCode: 'merki',
    locality: 'Қорағаты',
  },
  {
    text: 'Здравствуйте. В Корагаты мне выделили участок, а через полгода выяснилось, что на эту же землю уже оформлен чужой кадастровый номер. Куда обращаться, кто будет отвечать?',
    categoryCode: 'land',
    districtCode: 'merki',
    locality: 'Қорағаты',
  },
  {
    text: 'Добрый день! Когда отремонтируют дорогу по улице Жибек жолы в Кулане? Ямы такие, что скорая не может проехать.',
    categoryCode: 'roads',
    districtCode: 't-ryskulov',
    locality: 'Құлан',
  },
  {
    text: 'В Жанатасе в третьем микрорайоне уже неделю нет воды, водовоз приезжает раз в три дня. Дети, пожилые люди — как нам жить?',
    categoryCode: 'water',
    districtCode: 'sarysu',
    locality: 'Жаңатас',
  },
  {
    text: 'В школе-гимназии №7 города Тараз холодно в классах, дети сидят в куртках, батареи еле тёплые. Просим разобраться с отоплением.',
    categoryCode: 'education',
    districtCode: 'taraz',
    locality: 'Тараз',
  },
  {
    text: 'Здравствуйте! В Шуйской районной больнице нет эндокринолога, записи ждём по месяцу, а за бесплатными лекарствами отправляют в Тараз.',
    categoryCode: 'health',
    districtCode: 'shu',
    locality: 'Шу',
  },
  {
    text: 'Кордай, улица Толе би: третий день нет света, в РЭС отвечают «ждите». Продукты пропадают, у соседей пожилой человек на кислородном аппарате.',
    categoryCode: 'utilities',
    districtCode: 'kordai',
    locality: 'Қордай',
    priority: 'urgent',
  },
  {
    text: 'Добрый день. Моему отцу 63 года, пенсию назначили, но выплат нет уже второй месяц. В ЕНПФ говорят обращаться в отдел занятости. Помогите разобраться.',
    categoryCode: 'social',
    districtCode: 'zhambyl',
    locality: 'Аса',
  },
  {
    text: 'Пастбища вокруг Мойынкума раздали крестьянским хозяйствам, простым сельчанам некуда выгонять скот. Просим проверить законность.',
    categoryCode: 'agriculture',
    districtCode: 'moiynkum',
    locality: 'Мойынқұм',
  },
  {
    text: 'Добрый вечер! Автобус №12 в Таразе не ходит после восьми вечера, люди с работы добираются пешком. Когда наладят маршрут?',
    categoryCode: 'roads',
    districtCode: 'taraz',
    locality: 'Тараз',
    priority: 'low',
  },
  {
    text: 'Здравствуйте, аким! В Мерке по улице Исмаилова из крана идёт мутная вода с запахом. Проверьте, пожалуйста, водопровод, люди боятся пить.',
    categoryCode: 'water',
    districtCode: 'merki',
    locality: 'Меркі',
    priority: 'high',
  },
  {
    text: 'В Кулане поликлиника работает только до обеда, после двух часов никого нет. Вчера ребёнку стало плохо, врача так и не нашли.',
    categoryCode: 'health',
    districtCode: 't-ryskulov',
    locality: 'Құлан',
  },
  {
    text: 'Здравствуйте! В Масанчи на детский садик очередь на три года вперёд. Когда откроют новый садик или хотя бы дополнительную группу?',
    categoryCode: 'education',
    districtCode: 'kordai',
    locality: 'Масаншы',
    priority: 'low',
  },
  {
    text: 'Мусор во дворе дома по проспекту Жамбыла не вывозят уже десять дней. Контейнеры переполнены, бегают крысы. Куда смотрит управляющая компания?',
    categoryCode: 'utilities',
    districtCode: 'taraz',
    locality: 'Тараз',
  },
  {
    text: 'Мне отказали в пособии по уходу за ребёнком-инвалидом из-за ошибки в справке. Справку переделали, а повторно рассматривать отказываются. Жанатас.',
    categoryCode: 'social',
    districtCode: 'sarysu',
    locality: 'Жаңатас',
  },
  {
    text: 'Добрый день! В Байзакском районе не хватает поливной воды, арыки не чистили с весны. Урожай пропадает, фермеры в долгах.',
    categoryCode: 'agriculture',
    districtCode: 'baizak',
    locality: 'Сарыкемер',
  },
  {
    text: 'Здравствуйте. Подал документы на земельный участок под крестьянское хозяйство в Жуалынском районе ещё в прошлом году. Заседание комиссии переносят уже четвёртый раз.',
    categoryCode: 'land',
    districtCode: 'zhualy',
    locality: 'Бауыржан Момышұлы',
  },
  {
    text: 'Трасса Тараз — Айша биби: на въезде в село разбитый асфальт и нет освещения, каждую неделю аварии. Сколько можно ждать?',
    categoryCode: 'roads',
    districtCode: 'zhambyl',
    locality: 'Айша бибі',
  },
  {
    text: 'Толе би: напор в многоэтажках такой слабый, что выше второго этажа вода не поднимается. Этот вопрос не решается годами.',
    categoryCode: 'water',
    districtCode: 'shu',
    locality: 'Төле би',
  },
  {
    text: 'В посёлке Хантау ФАП закрыт уже месяц, фельдшер уволилась. За любой справкой приходится ехать в Мойынкум за сто километров.',
    categoryCode: 'health',
    districtCode: 'moiynkum',
    locality: 'Хантау',
    priority: 'high',
  },
  {
    text: 'В Каратау опять отключили газ без всякого предупреждения. В домах холодно, дети болеют. Когда дадут газ?',
    categoryCode: 'utilities',
    districtCode: 'talas',
    locality: 'Қаратау',
  },
  {
    text: 'Добрый день! В Мерке по улице Рыскулова второй год обещают положить асфальт, а пока грязь по колено. Просим включить улицу в план ремонта.',
    categoryCode: 'roads',
    districtCode: 'merki',
    locality: 'Меркі',
  },
  {
    text: 'Спасибо акимату за новый сквер возле нашего дома в Таразе! Наконец есть где гулять с детьми.',
    categoryCode: 'other',
    districtCode: 'taraz',
    locality: 'Тараз',
    rejection: 'praise',
  },
  {
    text: 'Подскажите, пожалуйста, когда будет концерт на День города и будет ли салют?',
    categoryCode: 'other',
    districtCode: 'taraz',
    locality: 'Тараз',
    rejection: 'off_topic',
  },
  // Kazakh and Russian in one comment
  {
    text: 'Әкім мырза, Корагаты по земле вопрос когда решится? Біз бір жылдан бері күтіп жүрміз, участки раздали, а нам ничего не дали.',
    categoryCode: 'land',
    districtCode: 'merki',
    locality: 'Қорағаты',
  },
  {
    text: 'Құланда су жоқ, третий день без воды сидим! Балалар ауырып жатыр, когда почините наконец?',
    categoryCode: 'water',
    districtCode: 't-ryskulov',
    locality: 'Құлан',
  },
  {
    text: 'Қордай ауылындағы жол өте нашар, на дороге такие ямы, что машина не проедет. Жол жөндеу қашан болады?',
    categoryCode: 'roads',
    districtCode: 'kordai',
    locality: 'Қордай',
  },
  {
    text: 'Шу қаласындағы №5 мектепте холодно, отопления нет, балалар ауырып жатыр. Примите меры, пожалуйста!',
    categoryCode: 'education',
    districtCode: 'shu',
    locality: 'Шу',
  },
  {
    text: 'Сарыкемерде свет постоянно өшеді, күніне бес-алты рет. У нас уже сгорели телевизор и стиральная машина, кто это будет возмещать?',
    categoryCode: 'utilities',
    districtCode: 'baizak',
    locality: 'Сарыкемер',
  },
  {
    text: 'Облыстық ауруханада кезек өте көп, по записи тоже не попасть. Дәрігерлер жетіспей ме, что происходит?',
    categoryCode: 'health',
    districtCode: 'taraz',
    locality: 'Тараз',
  },
  {
    text: 'Зейнетақы по возрасту назначили, бірақ жәрдемақы по инвалидности тоқтап қалды. Почему так, кто объяснит?',
    categoryCode: 'social',
    districtCode: 'zhualy',
    locality: 'Бауыржан Момышұлы',
  },
  {
    text: 'Ойық ауылында мал ауырып жатыр, ветеринар не приезжает уже неделю. Көмектесіңіздер, скот гибнет!',
    categoryCode: 'agriculture',
    districtCode: 'talas',
    locality: 'Ойық',
    priority: 'high',
  },
];

/** Opening of a second comment about a problem already reported (merged into the first ticket). */
export const DUPLICATE_LEADS: Readonly<Record<'kk' | 'ru', readonly string[]>> = {
  kk: ['Мен де осы мәселе бойынша жазамын!', 'Қосыламын, бізде де дәл солай!', 'Тағы да қайталаймын:'],
  ru: ['Поддерживаю, у нас то же самое!', 'Присоединяюсь к жалобе.', 'Пишу повторно:'],
};

/**
 * First public replies. `{reference}` is the ticket reference, `{name}` the resident's first name.
 * A mixed-language comment gets the Kazakh reply followed by the Russian one.
 */
export const REPLY_TEMPLATES: Readonly<Record<'acknowledge' | 'merged' | 'praise' | 'off_topic', Readonly<Record<'kk' | 'ru', readonly string[]>>>> = {
  acknowledge: {
    kk: [
      'Сәлеметсіз бе! Өтінішіңіз {reference} нөмірімен тіркелді және жауапты басқармаға жіберілді. Нәтижесі туралы хабарлаймыз.',
      'Құрметті {name}, хабарламаңызға рахмет. Мәселе {reference} нөмірімен бақылауға алынды, маман жақын арада сізбен хабарласады.',
      'Сәлеметсіз бе, {name}! Өтінішіңіз бойынша тексеру жүргізілуде ({reference}), жауапты маман нәтижесін хабарлайды.',
    ],
    ru: [
      'Здравствуйте! Ваше обращение зарегистрировано под номером {reference} и передано в профильное управление. О результатах сообщим.',
      '{name}, добрый день! Спасибо за сигнал. Вопрос взят на контроль ({reference}), специалист свяжется с вами в ближайшее время.',
      'Здравствуйте, {name}! По вашему обращению {reference} проводится проверка, ответственный специалист сообщит о результате.',
    ],
  },
  merged: {
    kk: ['Сәлеметсіз бе! Бұл мәселе {parentReference} өтінішімен бірге қаралуда, нәтижесін сол жерде хабарлаймыз.'],
    ru: ['Здравствуйте! Этот вопрос уже рассматривается в рамках обращения {parentReference}, о результатах сообщим там.'],
  },
  praise: {
    kk: ['Жылы лебізіңізге рахмет, {name}! Пікіріңізді әріптестерге жеткіземіз.'],
    ru: ['Спасибо за тёплые слова, {name}! Обязательно передадим коллегам.'],
  },
  off_topic: {
    kk: ['Сәлеметсіз бе! Бұл сұрақ бойынша қалалық мәдениет бөлімінің парақшасын қараңыз, барлық ақпарат сонда жарияланады.'],
    ru: ['Здравствуйте! Афиша городских мероприятий публикуется на странице отдела культуры, следите за новостями там.'],
  },
};

/** Notes recorded with status changes, in the language of the ticket. */
export const STATUS_NOTES: Readonly<Record<'awaiting_resident' | 'reopened' | RejectionKind, Readonly<Record<'kk' | 'ru', string>>>> = {
  awaiting_resident: {
    kk: 'Тұрғыннан нақты мекенжай мен құжаттардың көшірмесі сұралды.',
    ru: 'У жителя запрошены точный адрес и копии документов.',
  },
  reopened: {
    kk: 'Тұрғын мәселе толық шешілмегенін хабарлады.',
    ru: 'Житель сообщил, что проблема решена не полностью.',
  },
  praise: { kk: 'Алғыс білдіру, шара қажет емес.', ru: 'Благодарность, мер не требуется.' },
  spam: { kk: 'Спам, жарнама.', ru: 'Спам, реклама.' },
  off_topic: { kk: 'Әкімдіктің құзыретіне жатпайды.', ru: 'Вопрос не относится к компетенции акимата.' },
};

export interface CalendarSeed {
  name: string;
  timeZone: string;
  workingHours: WorkingHours;
  holidays: readonly string[];
  exceptions: ReadonlyArray<{ date: string; working: boolean }>;
}

const OFFICE_HOURS: Array<[string, string]> = [['09:00', '18:00']];

export const CALENDAR: CalendarSeed = {
  name: 'Kazakhstan 5-day week',
  timeZone: 'Asia/Almaty',
  workingHours: { mon: OFFICE_HOURS, tue: OFFICE_HOURS, wed: OFFICE_HOURS, thu: OFFICE_HOURS, fri: OFFICE_HOURS },
  /** Public holidays of Kazakhstan in 2026; Kurban Ait falls on 27 May that year. */
  holidays: [
    '2026-01-01',
    '2026-01-02',
    '2026-01-07',
    '2026-03-08',
    '2026-03-21',
    '2026-03-22',
    '2026-03-23',
    '2026-05-01',
    '2026-05-07',
    '2026-05-09',
    '2026-05-27',
    '2026-07-06',
    '2026-08-30',
    '2026-10-25',
    '2026-12-16',
  ],
  exceptions: [],
};

export interface SlaPolicySeed {
  name: string;
  priority: Priority | null;
  firstResponse: string;
  resolution: string;
  escalateAfter: string;
  isDefault: boolean;
}

export const SLA_POLICIES: readonly SlaPolicySeed[] = [
  { name: 'Default: 1 working day / 15 working days', priority: null, firstResponse: 'P1D', resolution: 'P15D', escalateAfter: 'P2D', isDefault: true },
  { name: 'Urgent: 2 working hours / 2 working days', priority: 'urgent', firstResponse: 'PT2H', resolution: 'P2D', escalateAfter: 'PT4H', isDefault: false },
];

export interface SavedReplySeed {
  code: string;
  title: string;
  bodyKk: string;
  bodyRu: string;
  categoryCode: string | null;
}

/** The answers a press secretary gives many times a day, in both languages (placeholders: libs/domain `saved-replies.ts`). */
export const SAVED_REPLIES: readonly SavedReplySeed[] = [
  {
    code: 'received',
    title: 'Өтініш тіркелді / Обращение зарегистрировано',
    bodyKk:
      'Сәлеметсіз бе, {resident_name}! Өтінішіңіз {reference} нөмірімен тіркелді және {district} әкімдігінің бақылауында. Нәтижесі туралы осында хабарлаймыз.',
    bodyRu:
      'Здравствуйте, {resident_name}! Ваше обращение зарегистрировано под номером {reference} и находится на контроле акимата ({district}). О результате сообщим здесь.',
    categoryCode: null,
  },
  {
    code: 'water-outage',
    title: 'Су жоқ / Нет воды',
    bodyKk:
      'Құрметті {resident_name}, {locality} елді мекеніндегі су беру мәселесі бойынша өтінішіңіз ({reference}) су шаруашылығы басқармасына жіберілді. Апат бригадасы жағдайды тексереді.',
    bodyRu:
      'Уважаемый(ая) {resident_name}, ваше обращение ({reference}) по подаче воды в {locality} передано в управление водного хозяйства. Аварийная бригада проверит ситуацию.',
    categoryCode: 'water',
  },
  {
    code: 'road-repair',
    title: 'Жол жөндеу / Ремонт дороги',
    bodyKk:
      'Сәлеметсіз бе, {resident_name}! Жол жағдайы туралы хабарламаңызға рахмет. Өтініш ({reference}) жолдар басқармасына жіберілді, жөндеу мерзімін хабарлаймыз.',
    bodyRu:
      'Здравствуйте, {resident_name}! Спасибо за сообщение о состоянии дороги. Обращение ({reference}) передано в управление дорог, о сроках ремонта сообщим.',
    categoryCode: 'roads',
  },
  {
    code: 'land-documents',
    title: 'Жер құжаттары / Документы на землю',
    bodyKk:
      'Құрметті {resident_name}, жер учаскесі бойынша өтінішіңіз ({reference}) жер қатынастары бөліміне жіберілді. Маман сізбен хабарласып, қажетті құжаттарды айтады.',
    bodyRu:
      'Уважаемый(ая) {resident_name}, ваше обращение по земельному участку ({reference}) передано в отдел земельных отношений. Специалист свяжется с вами и уточнит нужные документы.',
    categoryCode: 'land',
  },
  {
    code: 'thanks',
    title: 'Алғыс / Благодарность',
    bodyKk: 'Жылы лебізіңізге рахмет, {resident_name}! Пікіріңізді әріптестерге жеткіземіз.',
    bodyRu: 'Спасибо за тёплые слова, {resident_name}! Обязательно передадим коллегам.',
    categoryCode: 'other',
  },
];
