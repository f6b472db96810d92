import type { Language } from './ticket-enums.js';

// Letters of the Kazakh Cyrillic alphabet that Russian does not have.
const KAZAKH_LETTER = /[әғқңөұүһі]/i;
const CYRILLIC_WORD = /[а-яёәғқңөұүһі]+/gi;
// Frequent words of each language that carry no telling letter.
const KAZAKH_WORDS = new Set([
  'бе',
  'ма',
  'ме',
  'ба',
  'па',
  'пе',
  'және',
  'мен',
  'бар',
  'жоқ',
  'су',
  'керек',
  'жер',
  'жол',
  'бойынша',
  'туралы',
  'ауыл',
  'ауылында',
  'ауылы',
  'аудан',
  'ауданы',
  'осы',
  'бұл',
  'да',
  'де',
  'та',
  'те',
  'бірақ',
  'неге',
  'қашан',
  'мектеп',
]);
const RUSSIAN_WORDS = new Set([
  'в',
  'во',
  'и',
  'на',
  'не',
  'нет',
  'что',
  'по',
  'с',
  'со',
  'у',
  'к',
  'от',
  'до',
  'из',
  'за',
  'уже',
  'когда',
  'как',
  'это',
  'я',
  'мы',
  'они',
  'тоже',
  'день',
  'добрый',
  'здравствуйте',
  'год',
  'при',
  'для',
  'где',
  'почему',
  'есть',
  'был',
  'была',
  'было',
  'нам',
  'нас',
  'вода',
  'воды',
  'дорога',
  'дороги',
]);
// Kazakh typed on a Russian keyboard (к for қ, у for ұ, и for і...): frequent words with no telling letter left.
const KAZAKH_PLAIN_WORDS = new Set([
  'жок',
  'бул',
  'ушин',
  'жане',
  'кайда',
  'калай',
  'кашан',
  'качан',
  'биз',
  'биздин',
  'бизде',
  'сиз',
  'сиздер',
  'емес',
  'жатыр',
  'бирак',
  'коп',
  'бир',
  'еки',
  'уш',
  'кун',
  'жыл',
  'ауыл',
  'ауылда',
  'ауылга',
  'ауылдын',
  'рахмет',
  'комек',
  'жумыс',
  'болды',
  'кимге',
  'неге',
  'тур',
  'отыр',
  'ма',
  'ме',
  'ғой',
  'гой',
  'кой',
  'енди',
  'али',
  'осы',
  'сол',
  'мен',
  'сен',
  'ол',
]);
// Kazakh suffixes that survive plain-keyboard typing and that Russian words do not end in.
const KAZAKH_ENDING =
  /(майды|мейди|мейді|байды|бейди|пайды|пейди|ылмай|илмей|лары|лери|ларга|лерге|ларды|лерди|дын|дин|нын|нин|тын|тин|ылган|илген|ымыз|имиз|мыз|миз|дагы|деги|тагы|теги)$/;
// Russian inflections that Kazakh words do not end in.
const RUSSIAN_ENDING = /(ый|ий|ой|ая|яя|ое|ее|ого|его|ому|ему|ться|тся|ешь|ишь|ют|ение|ения|ости|ание|ания)$/;

/** How many Cyrillic words of a text tell Kazakh, and how many Russian (most tell neither). */
export function languageVotes(text: string): { words: number; kk: number; ru: number } {
  const words = (text.match(CYRILLIC_WORD) ?? []).map((w) => w.toLowerCase());
  let kk = 0;
  let ru = 0;
  for (const w of words) {
    if (KAZAKH_LETTER.test(w) || KAZAKH_WORDS.has(w) || KAZAKH_PLAIN_WORDS.has(w) || (w.length > 4 && KAZAKH_ENDING.test(w))) kk++;
    else if (RUSSIAN_WORDS.has(w) || RUSSIAN_ENDING.test(w)) ru++;
  }
  return { words: words.length, kk, ru };
}

/**
 * kk / ru / mixed / other. Residents often write half in one language and half in the other; a
 * text is `mixed` when both languages hold at least a fifth of the words that tell them apart, so
 * a Russian sentence naming a Kazakh village stays `ru` only when the village is a small share.
 */
export function detectLanguage(text: string): Language {
  const { words, kk, ru } = languageVotes(text);
  if (words === 0) return 'other';
  if (kk === 0) return 'ru';
  if (ru === 0) return 'kk';
  const share = kk / (kk + ru);
  if (share >= 0.8) return 'kk';
  if (share <= 0.2) return 'ru';
  return 'mixed';
}
