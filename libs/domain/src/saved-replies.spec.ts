import { fillSavedReply, savedReplyLanguage, unknownPlaceholders } from './saved-replies.js';

describe('saved replies', () => {
  it('fills every known placeholder, as often as it appears', () => {
    const body = 'Құрметті {resident_name}! {reference} өтінішіңіз {district} әкімдігінде қаралуда. {resident_name}, рахмет.';
    expect(fillSavedReply(body, { resident_name: 'Айгүл', reference: 'ZHM-2026-000123', district: 'Меркі ауданы' })).toBe(
      'Құрметті Айгүл! ZHM-2026-000123 өтінішіңіз Меркі ауданы әкімдігінде қаралуда. Айгүл, рахмет.',
    );
  });

  it('leaves a visible gap marker for a value the ticket does not have, and unknown braces untouched', () => {
    expect(fillSavedReply('Уважаемый(ая) {resident_name}, {district}: {unknown}', { resident_name: '  ', district: null })).toBe(
      'Уважаемый(ая) …, …: {unknown}',
    );
  });

  it('names the placeholders it cannot fill, once each', () => {
    expect(unknownPlaceholders('{resident} {reference} {resident} {district} {foo_bar}')).toEqual(['resident', 'foo_bar']);
    expect(unknownPlaceholders('Сәлеметсіз бе, {resident_name}!')).toEqual([]);
  });

  it("answers in the ticket's language, else in the reader's (English readers get Russian)", () => {
    expect(savedReplyLanguage('kk', 'ru')).toBe('kk');
    expect(savedReplyLanguage('ru', 'kk')).toBe('ru');
    expect(savedReplyLanguage('mixed', 'kk')).toBe('kk');
    expect(savedReplyLanguage('other', 'en')).toBe('ru');
  });
});
