import { byWorstRate, previousPeriodOf, rankingFigures, rateChange, type RankingCell } from './sla-ranking.js';

const cell = (c: Partial<RankingCell>): RankingCell => ({
  received: 0,
  rejected: 0,
  merged: 0,
  resolved: 0,
  answerDue: 0,
  answeredInTime: 0,
  businessSeconds: [],
  ...c,
});

describe('the governor’s ranking', () => {
  it('adds cells up and takes the median over the union of their times (nearest rank)', () => {
    const f = rankingFigures([
      cell({ received: 3, rejected: 1, resolved: 1, answerDue: 2, answeredInTime: 1, businessSeconds: [600, 7200] }),
      cell({ received: 2, answerDue: 1, answeredInTime: 1, businessSeconds: [1200] }),
    ]);
    expect(f).toEqual({
      received: 5,
      answerDue: 3,
      answeredInTime: 2,
      answeredInTimeRate: 0.6667,
      responded: 3,
      firstResponseMedianSeconds: 1200,
      actionable: 4,
      resolved: 1,
      resolutionRate: 0.25,
    });
    expect(rankingFigures([])).toMatchObject({ answeredInTimeRate: null, firstResponseMedianSeconds: null, resolutionRate: null });
  });

  it('ranks worst first by the share answered in time, more residents left waiting first at a tie, no deadline yet last', () => {
    const figures = (answerDue: number, answeredInTime: number) => rankingFigures([cell({ answerDue, answeredInTime })]);
    const rows = [figures(0, 0), figures(4, 4), figures(2, 1), figures(4, 2), figures(10, 9)];
    expect(rows.sort(byWorstRate).map((f) => [f.answeredInTime, f.answerDue])).toEqual([
      [2, 4],
      [1, 2],
      [9, 10],
      [4, 4],
      [0, 0],
    ]);
  });

  it('compares with the period of equal length just before, in percentage points as fractions', () => {
    const period = { from: new Date('2026-03-08T00:00:00+05:00'), to: new Date('2026-03-15T00:00:00+05:00') };
    expect(previousPeriodOf(period)).toEqual({ from: new Date('2026-03-01T00:00:00+05:00'), to: period.from });
    expect(rateChange(0.75, 0.5)).toBe(0.25);
    expect(rateChange(0.75, null)).toBeNull();
  });
});
