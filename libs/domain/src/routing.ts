import { detectLanguage } from './language.js';

export interface RoutingCategory {
  code: string;
  departmentId: string | null;
  /** Kazakh and Russian stems, possibly several words; edited by admins. */
  keywords: readonly string[];
}

export interface RoutingResult {
  categoryCode: string | null;
  departmentId: string | null;
  /** One category and one department only: safe to route without the press secretary. */
  certain: boolean;
  /** The chosen category's keywords found in the text. */
  matched: string[];
}

// Kazakh stacks suffixes: plural, then possessive, then case (жер-лер-і-нде, су-ы-на).
const KK_PLURAL = ['лар', 'лер', 'дар', 'дер', 'тар', 'тер'];
const KK_POSSESSIVE = ['ы', 'і', 'сы', 'сі', 'ым', 'ім', 'м', 'ың', 'ің', 'ымыз', 'іміз', 'мыз', 'міз'];
const KK_CASE = [
  'ның', 'нің', 'дың', 'дің', 'тың', 'тің',
  'ға', 'ге', 'қа', 'ке',
  'ны', 'ні', 'ды', 'ді', 'ты', 'ті',
  'да', 'де', 'та', 'те',
  'дан', 'ден', 'тан', 'тен', 'нан', 'нен',
  'мен', 'бен', 'пен',
  'дағы', 'дегі', 'тағы', 'тегі',
  'сыз', 'сіз', 'лы', 'лі',
];
// A third-person possessive takes the n-forms of the cases: жер-і-не, су-ы-н, көше-сі-нде.
const KK_CASE_AFTER_POSSESSIVE = ['на', 'не', 'а', 'е', 'н', 'нда', 'нде', 'ндағы', 'ндегі'];
const RU_NOUN_ENDINGS = ['а', 'я', 'у', 'ю', 'е', 'и', 'ы', 'ой', 'ей', 'ою', 'ею', 'ом', 'ем', 'ам', 'ям', 'ами', 'ями', 'ах', 'ях', 'ов', 'ев'];

function kazakhEndings(): Set<string> {
  const endings = new Set<string>();
  for (const plural of ['', ...KK_PLURAL]) {
    for (const kase of ['', ...KK_CASE]) endings.add(plural + kase);
    for (const possessive of KK_POSSESSIVE) {
      for (const kase of ['', ...KK_CASE, ...KK_CASE_AFTER_POSSESSIVE]) endings.add(plural + possessive + kase);
    }
  }
  return endings;
}

const KK_ENDINGS = kazakhEndings();
const RU_ENDINGS = new Set(['', ...RU_NOUN_ENDINGS]);
const ALL_ENDINGS = new Set([...KK_ENDINGS, ...RU_ENDINGS]);

// A stem this long is specific enough to match any word it starts (школ -> школьники).
const FREE_PREFIX_LENGTH = 4;
// Kazakh voices a final consonant before a vowel: мектеп -> мектебі, жарық -> жарығы.
const VOICED: Readonly<Record<string, string>> = { п: 'б', к: 'г', қ: 'ғ' };

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .split(/[^\p{L}]+/u)
    .filter((t) => t !== '');
}

function stemForms(stem: string): string[] {
  const voiced = VOICED[stem.slice(-1)];
  return voiced ? [stem, stem.slice(0, -1) + voiced] : [stem];
}

function wordMatches(forms: readonly string[], word: string, endings: ReadonlySet<string>): boolean {
  return forms.some((f) => word.startsWith(f) && (f.length >= FREE_PREFIX_LENGTH || endings.has(word.slice(f.length))));
}

/** A keyword of several words matches that many consecutive words of the text. */
function keywordMatches(keyword: string, words: readonly string[], endings: ReadonlySet<string>): boolean {
  const parts = tokens(keyword).map(stemForms);
  if (parts.length === 0) return false;
  for (let i = 0; i + parts.length <= words.length; i++) {
    if (parts.every((forms, j) => wordMatches(forms, words[i + j], endings))) return true;
  }
  return false;
}

/**
 * Short stems match only with their language's endings, so "су" finds суы, суға, сусыз but not
 * сумма or суд; and in a Russian text Kazakh endings are off, so "решение суда" is no water.
 */
function endingsFor(text: string): ReadonlySet<string> {
  const language = detectLanguage(text);
  if (language === 'ru') return RU_ENDINGS;
  return language === 'kk' ? KK_ENDINGS : ALL_ENDINGS;
}

/**
 * The category whose keywords the text names. Several categories named: the one with the most
 * keywords, but uncertain, so a person decides.
 */
export function routeText(text: string, categories: readonly RoutingCategory[]): RoutingResult {
  const words = tokens(text);
  const endings = endingsFor(text);
  const hits = categories
    .map((category) => ({ category, matched: category.keywords.filter((k) => keywordMatches(k, words, endings)) }))
    .filter((hit) => hit.matched.length > 0);
  const best = hits.reduce<(typeof hits)[number] | null>((top, hit) => (top === null || hit.matched.length > top.matched.length ? hit : top), null);
  if (best === null) return { categoryCode: null, departmentId: null, certain: false, matched: [] };
  return {
    categoryCode: best.category.code,
    departmentId: best.category.departmentId,
    certain: hits.length === 1 && best.category.departmentId !== null,
    matched: best.matched,
  };
}
