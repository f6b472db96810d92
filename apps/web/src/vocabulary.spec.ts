import { DICTIONARIES, translator } from './i18n.js';
import { errorLines, label, VOCABULARIES, type Vocabulary } from './vocabulary.js';

const LANGS = ['kk', 'ru', 'en'] as const;

describe('the server vocabulary in the console', () => {
  // The lists are the server's own (libs/domain): a new event type, status or code without labels fails here.
  for (const vocabulary of Object.keys(VOCABULARIES) as Vocabulary[]) {
    it(`labels every ${vocabulary} value in kk, ru and en`, () => {
      const values: readonly string[] = VOCABULARIES[vocabulary];
      expect(values.length).toBeGreaterThan(0);
      for (const lang of LANGS) {
        const missing = values.filter(
          (v) => !(`${vocabulary}.${v}` in DICTIONARIES[lang]) || !(DICTIONARIES[lang] as Record<string, string>)[`${vocabulary}.${v}`]!.trim(),
        );
        expect({ lang, missing }).toEqual({ lang, missing: [] });
      }
    });
  }

  it('words the Kazakh and Russian labels differently from the English ones (but for the names of brands)', () => {
    const en = DICTIONARIES.en as Record<string, string>;
    const brand = /^channel\.(facebook|instagram|telegram|vk|open311)$/;
    const same = (lang: 'kk' | 'ru') =>
      (Object.keys(VOCABULARIES) as Vocabulary[])
        .flatMap((v) => VOCABULARIES[v].map((x) => `${v}.${x}`))
        .filter((k) => !brand.test(k) && en[k] !== undefined && (DICTIONARIES[lang] as Record<string, string>)[k] === en[k]);
    expect(same('kk')).toEqual([]);
    expect(same('ru')).toEqual([]);
  });

  it('shows a value it has no label for as the server sent it', () => {
    expect(label(translator('ru'), 'event', 'ticket.created')).toBe('Обращение получено');
    expect(label(translator('ru'), 'event', 'ticket.teleported')).toBe('ticket.teleported');
    expect(label(translator('kk'), 'delivery', 'failed')).toBe('жеткізілмеді');
    expect(label(translator('en'), 'role', 'press_secretary')).toBe('Press secretary');
    expect(label(translator('ru'), 'channel', 'manual')).toBe('Телефон или приём');
    expect(label(translator('kk'), 'channel', 'vk')).toBe('VK');
  });
});

describe('error answers in the reader’s language', () => {
  const ru = translator('ru');

  it('translates a known code and ignores the English message', () => {
    expect(errorLines(ru, { code: 'ticket.not_found', message: 'ticket 1 not found' }, 'Not Found')).toEqual([
      { text: 'Обращение не найдено или недоступно вам' },
    ]);
  });

  it('keeps the server’s reason after a generic code', () => {
    expect(errorLines(ru, { code: 'request.invalid', message: 'receivedAt cannot be in the future' }, 'x')).toEqual([
      { text: 'Запрос нельзя выполнить (receivedAt cannot be in the future)' },
    ]);
  });

  it('falls back to the server text for an unknown code or none', () => {
    expect(errorLines(ru, { code: 'ticket.on_fire', message: 'the ticket is on fire' }, 'x')).toEqual([{ text: 'the ticket is on fire' }]);
    expect(errorLines(ru, { message: ['a', 'b'] }, 'x')).toEqual([{ text: 'a' }, { text: 'b' }]);
    expect(errorLines(ru, {}, 'Bad Gateway')).toEqual([{ text: 'Bad Gateway' }]);
  });

  it('words each refused field with its label, and adds a message written for the field', () => {
    const lines = errorLines(
      translator('kk'),
      {
        code: 'validation.failed',
        message: ['text should not be empty', 'author.name should not be empty', 'author.author.phone must be a phone number such as +7 701 123 45 67'],
        fields: [
          { field: 'text', code: 'isNotEmpty', message: 'text should not be empty' },
          { field: 'author.name', code: 'isNotEmpty', message: 'author.name should not be empty' },
          { field: 'author.phone', code: 'matches', message: 'author.author.phone must be a phone number such as +7 701 123 45 67' },
        ],
      },
      'x',
    );
    expect(lines).toEqual([
      { field: 'text', text: 'Мәтін: толтыру міндетті' },
      { field: 'author.name', text: 'Тұрғынның аты: толтыру міндетті' },
      { field: 'author.phone', text: 'Телефон: пішімі қате (author.author.phone must be a phone number such as +7 701 123 45 67)' },
    ]);
  });
});
