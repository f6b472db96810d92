import { detectLanguage } from '../language.js';
import { normalizeText, normalizedWords, transliterate } from './normalize.js';

describe('normalising a comment', () => {
  it('folds case, ё and the Kazakh letters to their plain-keyboard twins', () => {
    expect(normalizeText('ҚОҚЫС Шығарылмайды, Ёлка! Әкімдік ұйымдастырсын, үйге һ')).toBe('кокыс шыгарылмайды елка акимдик уйымдастырсын уйге х');
    expect(normalizeText('жарық жоқ')).toBe(normalizeText('жарык жок'));
    expect(normalizeText('мұғалім')).toBe(normalizeText('мугалим'));
  });

  it('reads a Latin i typed inside a Cyrillic word as і', () => {
    expect(normalizedWords('мектептi')).toEqual(['мектепти']);
  });

  it('reads Kazakh and Russian typed in Latin letters as Cyrillic', () => {
    expect(transliterate('uchastok')).toBe('участок');
    expect(transliterate('shkole')).toBe('школе');
    expect(transliterate('tretiy')).toBe('третий');
    expect(transliterate('zhol')).toBe('жол');
    expect(normalizeText('jer uchaskesi qashan beriledi')).toBe('жер учаскеси кашан бериледи');
    expect(normalizeText('Jaryq joq')).toBe(normalizeText('жарық жоқ'));
    // The Kazakh Latin alphabet's accents are dropped before reading.
    expect(normalizeText('mal dárigeri')).toBe('мал даригери');
  });

  it('splits on digits, punctuation and hyphens', () => {
    expect(normalizedWords('ФАП-қа 3 күн!!! су...жоқ')).toEqual(['фап', 'ка', 'кун', 'су', 'жок']);
    expect(normalizedWords('  ')).toEqual([]);
  });
});

describe('language of Kazakh typed without its letters', () => {
  it.each([
    ['ауылда ауыз су жок бир апта болды', 'kk'],
    ['жер учаскеси берилмей жатыр кайда барамыз', 'kk'],
    ['мугалимдер сабак бермейди', 'kk'],
    ['воды нет с утра когда дадут', 'ru'],
    ['водопровод тартылды бирак воды нет', 'mixed'],
  ])('%s -> %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});
