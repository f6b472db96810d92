import { detectLanguage, languageVotes } from '../language.js';
import { normalizedWords } from './normalize.js';

export interface RoutingCategory {
  code: string;
  /** Null for a category no department works on ("other"): its keywords say "not an appeal". */
  departmentId: string | null;
  /**
   * Kazakh, Russian or Latin-script stems, possibly several words (a phrase matches consecutive
   * words); "жол*0.5" weighs a keyword that is often something else (default weight 1). Edited by admins.
   */
  keywords: readonly string[];
  /**
   * Phrases whose words never count for this category: "бұл жолы", "учаскелік полиция". "су … бақша|огород"
   * excludes су only in a comment that also names one of the words after "…" anywhere (water for a garden
   * is irrigation, not drinking water).
   */
  exclusions?: readonly string[];
}

interface CompiledKeyword {
  source: string;
  /** The forms each word of the keyword may take, folded. */
  parts: string[][];
  weight: number;
}

interface CompiledExclusion extends CompiledKeyword {
  /** Alternatives, one of which must be somewhere in the comment for the exclusion to apply; empty: always. */
  context: CompiledKeyword[];
}

interface CompiledCategory {
  category: RoutingCategory;
  keywords: CompiledKeyword[];
  exclusions: CompiledExclusion[];
}

export interface CompiledCategories {
  categories: CompiledCategory[];
  /** First words of every keyword, 4 letters or more: the second half of a compound (мал+дәрігер). */
  heads: string[];
}

// Kazakh stacks suffixes: plural, then possessive, then case (жер-лер-і-нде, су-ы-на). Folded like
// the text, so they fit Kazakh typed with or without its letters.
const KK_PLURAL = ['лар', 'лер', 'дар', 'дер', 'тар', 'тер'];
const KK_POSSESSIVE = ['ы', 'и', 'сы', 'си', 'ым', 'им', 'м', 'ын', 'ин', 'ымыз', 'имиз', 'мыз', 'миз'];
const KK_CASE = [
  'нын',
  'нин',
  'дын',
  'дин',
  'тын',
  'тин',
  'га',
  'ге',
  'ка',
  'ке',
  'ны',
  'ни',
  'ды',
  'ди',
  'ты',
  'ти',
  'да',
  'де',
  'та',
  'те',
  'дан',
  'ден',
  'тан',
  'тен',
  'нан',
  'нен',
  'мен',
  'бен',
  'пен',
  'дагы',
  'деги',
  'тагы',
  'теги',
  'сыз',
  'сиз',
  'лы',
  'ли',
];
// A third-person possessive takes the n-forms of the cases: жер-і-не, су-ы-н, көше-сі-нде.
const KK_CASE_AFTER_POSSESSIVE = ['на', 'не', 'а', 'е', 'н', 'нда', 'нде', 'ндагы', 'ндеги'];
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
// Kazakh voices a final consonant before a vowel (мектеп -> мектебі, жарық -> жарығы); Russian
// alternates stem consonants (дорог -> дорожный, свеч -> свет) and drops a fleeting vowel (участок -> участка).
const ALTERNATIONS: readonly (readonly [RegExp, string])[] = [
  [/п$/, 'б'],
  [/к$/, 'г'],
  [/ст$/, 'щ'],
  [/г$/, 'ж'],
  [/х$/, 'ш'],
  [/д$/, 'ж'],
  [/т$/, 'ч'],
  [/([^аеиоуыэюя])[oо]к$/, '$1к'],
  [/([^аеиоуыэюя])ек$/, '$1к'],
];

function stemForms(stem: string): string[] {
  const forms = [stem];
  for (const [pattern, replacement] of ALTERNATIONS) {
    if (!pattern.test(stem)) continue;
    const alt = stem.replace(pattern, replacement);
    // Russian alternations only on stems long enough to be words (ям -> яж would be noise); Kazakh voicing always.
    if (alt !== stem && (replacement === 'б' || replacement === 'г' || stem.length >= FREE_PREFIX_LENGTH)) forms.push(alt);
  }
  return forms;
}

const WEIGHT = /^(.*?)\s*\*\s*(\d+(?:\.\d+)?)$/;

/** "жол*0.5" -> the keyword "жол" weighing 0.5; a plain keyword weighs 1. */
export function parseKeyword(source: string): { text: string; weight: number } {
  const m = WEIGHT.exec(source.trim());
  return m ? { text: m[1], weight: Number(m[2]) } : { text: source.trim(), weight: 1 };
}

function compileKeyword(source: string): CompiledKeyword {
  const { text, weight } = parseKeyword(source);
  return { source, parts: normalizedWords(text).map(stemForms), weight };
}

// "су … бақша|огород" (an ellipsis, or three dots): the phrase, then the words that must be in the same comment.
const IN_CONTEXT = /\s*(?:…|\.\.\.)\s*/;

function compileExclusion(source: string): CompiledExclusion {
  const [phrase, context = ''] = source.split(IN_CONTEXT, 2);
  const alternatives = context
    .split('|')
    .filter((a) => a.trim() !== '')
    .map(compileKeyword)
    .filter((k) => k.parts.length > 0);
  return { ...compileKeyword(phrase), source, context: alternatives };
}

/** Keywords that fold to the same words ("арық" and "арык") count once, at the larger weight. */
function distinct(keywords: CompiledKeyword[]): CompiledKeyword[] {
  const byForm = new Map<string, CompiledKeyword>();
  for (const k of keywords) {
    const form = JSON.stringify(k.parts);
    const seen = byForm.get(form);
    if (!seen || seen.weight < k.weight) byForm.set(form, k);
  }
  return [...byForm.values()];
}

const compiled = new WeakMap<readonly RoutingCategory[], CompiledCategories>();

/** Keywords prepared once per list of categories (a drain or a request reuses the same list). */
export function compileCategories(categories: readonly RoutingCategory[]): CompiledCategories {
  let c = compiled.get(categories);
  if (!c) {
    const list = categories.map((category) => ({
      category,
      keywords: distinct(category.keywords.map(compileKeyword).filter((k) => k.parts.length > 0)),
      exclusions: (category.exclusions ?? []).map(compileExclusion).filter((k) => k.parts.length > 0),
    }));
    const heads = new Set<string>();
    for (const cat of list) for (const k of cat.keywords) for (const f of k.parts[0]) if (f.length >= FREE_PREFIX_LENGTH) heads.add(f);
    c = { categories: list, heads: [...heads] };
    compiled.set(categories, c);
  }
  return c;
}

function wordMatches(forms: readonly string[], word: string, endings: ReadonlySet<string>, heads: readonly string[]): boolean {
  for (const f of forms) {
    if (!word.startsWith(f)) continue;
    if (f.length >= FREE_PREFIX_LENGTH) return true;
    const rest = word.slice(f.length);
    if (endings.has(rest)) return true;
    // A compound: the stem, maybe a linking vowel, then another keyword (мал+дәрігер, вод+о+провод).
    const tail = rest[0] === 'о' || rest[0] === 'е' ? rest.slice(1) : rest;
    if (tail.length >= FREE_PREFIX_LENGTH && heads.some((h) => tail.startsWith(h) || rest.startsWith(h))) return true;
  }
  return false;
}

/** Where a keyword of several words starts in the text (consecutive words), or -1s. */
function occurrences(keyword: CompiledKeyword, words: readonly string[], endings: ReadonlySet<string>, heads: readonly string[]): number[] {
  const at: number[] = [];
  const n = keyword.parts.length;
  for (let i = 0; i + n <= words.length; i++) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) ok = wordMatches(keyword.parts[j], words[i + j], endings, heads);
    if (ok) at.push(i);
  }
  return at;
}

/**
 * Short stems match only with their language's endings, so "су" finds суы, суға, сусыз but not
 * сумма or суд; and in a Russian text Kazakh endings are off, so "решение суда" is no water.
 */
function endingsFor(text: string): ReadonlySet<string> {
  // No word tells (plain-keyboard Kazakh without a frequent word: "корши жеримизге коймасын салып
  // алды"): detectLanguage says Russian then, but either language's endings may be there.
  const votes = languageVotes(text);
  if (votes.kk === 0 && votes.ru === 0) return ALL_ENDINGS;
  const language = detectLanguage(text);
  if (language === 'ru') return RU_ENDINGS;
  return language === 'kk' ? KK_ENDINGS : ALL_ENDINGS;
}

export interface KeywordHits {
  /** Folded words of the text. */
  words: string[];
  /** Per category, in the order given: the summed weight of its keywords found, and which. */
  scores: number[];
  matched: string[][];
}

/** The keywords of every category found in a text, outside that category's exclusions. */
export function keywordHits(text: string, compiledCategories: CompiledCategories): KeywordHits {
  const words = normalizedWords(text);
  const endings = endingsFor(text);
  const { heads } = compiledCategories;
  const scores: number[] = [];
  const matched: string[][] = [];
  for (const cat of compiledCategories.categories) {
    let excluded: Set<number> | null = null;
    for (const ex of cat.exclusions) {
      const spots = occurrences(ex, words, endings, heads);
      if (spots.length === 0 || (ex.context.length > 0 && !ex.context.some((c) => occurrences(c, words, endings, heads).length > 0))) continue;
      for (const at of spots) {
        excluded ??= new Set();
        for (let j = 0; j < ex.parts.length; j++) excluded.add(at + j);
      }
    }
    let score = 0;
    const found: string[] = [];
    for (const k of cat.keywords) {
      const at = occurrences(k, words, endings, heads).filter((i) => !excluded || !k.parts.some((_, j) => excluded.has(i + j)));
      if (at.length > 0) {
        score += k.weight;
        found.push(k.source);
      }
    }
    scores.push(score);
    matched.push(found);
  }
  return { words, scores, matched };
}
