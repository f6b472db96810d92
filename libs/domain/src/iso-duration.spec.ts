import { isIsoDuration, isoDurationSeconds, parseIsoDuration } from './iso-duration.js';

describe('ISO-8601 durations', () => {
  it.each([
    ['PT4H', 4 * 3600],
    ['PT3S', 3],
    ['P5D', 5 * 86400],
    ['P1W', 7 * 86400],
    ['P1DT2H30M', 86400 + 2 * 3600 + 30 * 60],
    ['PT0.5S', 0.5],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(isoDurationSeconds(text)).toBe(seconds);
  });

  it.each(['', 'P', 'PT', '4H', 'P1M', 'P1Y', 'PT-3S', 'P1DT', 'pt4h', 'PT4H '])('rejects %p', (text) => {
    expect(isIsoDuration(text)).toBe(false);
    expect(() => parseIsoDuration(text)).toThrow(/ISO-8601 duration/);
  });
});
