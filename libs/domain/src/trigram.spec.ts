import { trigramSimilarity, trigrams } from './trigram.js';

const similarity = (a: string, b: string) => trigramSimilarity(trigrams(a), trigrams(b));

describe('trigram similarity (as pg_trgm)', () => {
  // Expected values are what PostgreSQL 15's similarity() returns for the same pairs (C.UTF-8).
  it.each([
    ['word', 'two words', 0.36363637],
    ['Когда отремонтируют дорогу по улице Толе би? Ямы по колено', 'Дорогу на улице Толе би не ремонтируют, ямы!', 0.59322035],
    ['Қорағаты ауылында жер учаскесін бермей жатыр', 'Қорағаты ауылындағы жер дауы шешілмей жатыр', 0.47368422],
    ['ӘҒҚҢӨҰҮҺІ әкімдік №5 test_x 2024', 'әғқңөұүһі Әкімдік 5 TEST x', 0.83870965],
    ['', 'abc', 0],
  ])('%s ~ %s = %f', (a, b, expected) => {
    expect(similarity(a, b)).toBeCloseTo(expected, 6);
  });

  it('cuts words at anything but letters and digits, pads them and ignores case and repeats', () => {
    expect([...trigrams('Ab №5 ә-қ ab')].sort()).toEqual(['  5', '  a', '  ә', '  қ', ' 5 ', ' ab', ' ә ', ' қ ', 'ab '].sort());
  });

  it('is symmetric and 1 for the same words in another order', () => {
    expect(similarity('су жоқ ауылда', 'ауылда су жоқ')).toBe(1);
    expect(similarity('жол', 'жолды жөндеңіздер')).toBe(similarity('жолды жөндеңіздер', 'жол'));
  });
});
