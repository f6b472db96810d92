import { classifyResidentAnswer, confirmationQuestion, verdictOf } from './resident-verdict.js';

describe('classifyResidentAnswer', () => {
  it.each([
    'иә',
    'Иә, рахмет!',
    'рахмет, шешілді',
    'ия шешілді 👍',
    'Жол жөнделді, көп рахмет',
    'Да',
    'да, решено',
    'Спасибо! Всё сделали.',
    'Решено, благодарю',
    'Ок',
    'иә, спасибо большое',
    'Проблема решена, рахмет',
    'Всё починили, заработало',
  ])('%s -> yes', (text) => expect(classifyResidentAnswer(text)).toBe('yes'));

  it.each([
    'жоқ',
    'жоқ, әлі шешілмеді',
    'Жоқ, әлі жоқ',
    'шешілген жоқ',
    'әлі жөнделмеді',
    'ештеңе істелмеді',
    'Нет',
    'не решено',
    'Нет, не решено!',
    'Проблема не решена',
    'ничего не сделали',
    'Пока не работает',
    'спасибо, но не решено',
    'рахмет, бірақ шешілмеді',
    'да нет, ничего',
    'Не починили',
    'Өтірік, ешкім келген жоқ',
    'НЕ РЕШЕНО',
  ])('%s -> no', (text) => expect(classifyResidentAnswer(text)).toBe('no'));

  it.each(['Қашан келесіздер?', 'когда сделаете?', 'Фото жібердім', '', '👍', 'Решение когда будет?'])('%s -> unclear', (text) =>
    expect(classifyResidentAnswer(text)).toBe('unclear'),
  );

  it('reads ё as е', () => expect(classifyResidentAnswer('всё решено')).toBe('yes'));
});

describe('confirmation question and verdict', () => {
  it('asks in the resident language, both when mixed or unknown', () => {
    expect(confirmationQuestion('kk')).toMatch(/Мәселе шешілді ме\?/);
    expect(confirmationQuestion('kk')).not.toMatch(/Проблема/);
    expect(confirmationQuestion('ru')).toMatch(/Проблема решена\?/);
    expect(confirmationQuestion('ru')).not.toMatch(/шешілді/);
    expect(confirmationQuestion('mixed')).toMatch(/шешілді ме\?[\s\S]*решена\?/);
    expect(confirmationQuestion('other')).toContain('\n');
  });

  it('maps answers to verdicts', () => {
    expect(verdictOf('yes')).toBe('confirmed');
    expect(verdictOf('no')).toBe('disputed');
  });
});
