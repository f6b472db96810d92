import type { Language } from './ticket-enums.js';

/** Whether the resident was asked if a resolved ticket is really solved, and what came of it. */
export const RESIDENT_CONFIRMATION_STATES = ['not_asked', 'asked', 'confirmed', 'disputed', 'unanswered'] as const;
export type ResidentConfirmationState = (typeof RESIDENT_CONFIRMATION_STATES)[number];

/** What a resident's reply to the question says: solved, not solved, or something else (left to the desk). */
export type ResidentAnswer = 'yes' | 'no' | 'unclear';

/** Whole words that say yes in Kazakh or Russian (after lower-casing, ё read as е). */
const YES_WORDS = new Set([
  'иә',
  'ия',
  'иа',
  'йә',
  'рахмет',
  'рақмет',
  'рахмат',
  'жақсы',
  'керемет',
  'дұрыс',
  'болды',
  'бітті',
  'да',
  'спасибо',
  'спс',
  'благодарю',
  'благодарим',
  'хорошо',
  'отлично',
  'ок',
  'ok',
  'okay',
  'угу',
  'ага',
  'супер',
]);
/** Whole words that say no, or that nothing happened. */
const NO_WORDS = new Set(['жоқ', 'жок', 'нет', 'неа', 'ничего', 'ештеңе', 'ешнәрсе', 'ешкім', 'өтірік', 'неправда', 'ложь', 'обман', 'отписка']);
/** "It was solved / done / fixed / works" («решено», not «решение»): yes on its own, no after «не» or «ни». */
const DONE = /^(?:решен[оаы]?$|решил|сделал|сделан|починил|почин|исправ|устран|отремонтир|работает|заработал|выполн)/;
/** Kazakh "it was solved / fixed / done" (the affirmative forms). */
const KK_DONE_STEMS = [
  'шешілді',
  'шешілген',
  'шешті',
  'жөнделді',
  'жөнделген',
  'жөндеді',
  'орындалды',
  'орындалған',
  'жасалды',
  'жасалған',
  'бітірді',
  'түзелді',
];
/**
 * Kazakh negates inside the verb (шешіл-ме-ді, жөндел-ме-ген, орындал-ма-ды): the stem with the
 * negative suffix. Checked before the affirmative stems, which share their beginning.
 */
const KK_NEGATED = /^(?:(?:шешіл|жөндел|орындал|жасал|түзел|істел)(?:ме|ма)|шешпе|жөндеме|бітпе|бітірме)/;
const RU_NEGATORS = new Set(['не', 'ни']);

/** Lower-case letter words of a text (digits, emoji and punctuation dropped). */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
}

/**
 * Reads a resident's reply to "is it solved?". A "no" anywhere wins over a "yes" ("спасибо, но не
 * решено", "рахмет, бірақ әлі жоқ"): a resident who thanks and disputes in one breath disputes, and
 * a wrong "confirmed" would hide an unsolved problem while a wrong "disputed" only reopens a ticket.
 * A negated "done" word is a no ("не решено", "ничего не сделали", "шешілмеді"), never a yes.
 * Anything with neither is `unclear`: the desk reads it as an ordinary comment.
 */
export function classifyResidentAnswer(text: string): ResidentAnswer {
  const ws = words(text);
  let yes = false;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const negated = i > 0 && RU_NEGATORS.has(ws[i - 1]!);
    if (NO_WORDS.has(w) || KK_NEGATED.test(w)) return 'no';
    if (DONE.test(w)) {
      if (negated) return 'no';
      yes = true;
      continue;
    }
    if (KK_DONE_STEMS.some((s) => w.startsWith(s)) || YES_WORDS.has(w)) {
      if (negated) return 'no';
      yes = true;
    }
  }
  return yes ? 'yes' : 'unclear';
}

/** The resident's answer as the ticket records it. */
export function verdictOf(answer: Exclude<ResidentAnswer, 'unclear'>): 'confirmed' | 'disputed' {
  return answer === 'yes' ? 'confirmed' : 'disputed';
}

/**
 * The question posted under the resident's own comment when their ticket is resolved: in their
 * language, both languages when it is mixed or unknown. Short, and answerable in one word.
 */
export function confirmationQuestion(language: Language): string {
  const kk = 'Сәлеметсіз бе! Өтінішіңіз бойынша жұмыс аяқталды деп белгіленді. Мәселе шешілді ме? Осы пікірдің астына «иә» немесе «жоқ» деп жазыңыз.';
  const ru = 'Здравствуйте! Работа по вашему обращению отмечена как выполненная. Проблема решена? Ответьте под этим комментарием «да» или «нет».';
  if (language === 'kk') return kk;
  if (language === 'ru') return ru;
  return `${kk}\n${ru}`;
}
