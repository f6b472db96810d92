import fc from 'fast-check';
import { figuresChange, nearestRank, resolutionRate, slaFigures, unionPercentile, type SlaCell, type SlaFigures } from './sla-figures.js';

const figures = (over: Partial<SlaFigures>): SlaFigures => ({
  received: 0,
  rejected: 0,
  merged: 0,
  responded: 0,
  firstResponseMedianSeconds: null,
  firstResponseP90Seconds: null,
  firstResponseMedianWallClockSeconds: null,
  firstResponseP90WallClockSeconds: null,
  resolved: 0,
  resolutionRate: null,
  firstResponseBreaches: 0,
  resolutionBreaches: 0,
  openBacklog: 0,
  oldestOpenAgeSeconds: null,
  ...over,
});

const cell = (over: Partial<SlaCell>): SlaCell => ({
  received: 0,
  rejected: 0,
  merged: 0,
  resolved: 0,
  firstResponseBreaches: 0,
  resolutionBreaches: 0,
  openBacklog: 0,
  oldestOpenReceivedAt: null,
  businessSeconds: [],
  wallClockSeconds: [],
  ...over,
});

describe('SLA figures', () => {
  it('takes the nearest rank: the ceil(P/100 x N)-th smallest value, one that was observed', () => {
    expect(nearestRank([10, 20, 30, 40], 50)).toBe(20);
    expect(nearestRank([10, 20, 30, 40], 90)).toBe(40);
    expect(nearestRank([10, 20, 30, 40, 50], 50)).toBe(30);
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([], 50)).toBeNull();
    // 0.9 * 30 is 27.000000000000004 in floating point: the 27th value all the same.
    const thirty = Array.from({ length: 30 }, (_, i) => i + 1);
    expect(nearestRank(thirty, 90)).toBe(27);
    expect(
      nearestRank(
        Array.from({ length: 10 }, (_, i) => i + 1),
        90,
      ),
    ).toBe(9);
  });

  it('rates resolution among tickets that needed it, leaving rejected and merged ones out', () => {
    expect(resolutionRate(2, 5, 1, 1)).toBe(0.6667);
    expect(resolutionRate(3, 3, 0, 0)).toBe(1);
    expect(resolutionRate(0, 2, 1, 1)).toBeNull();
    expect(resolutionRate(0, 0, 0, 0)).toBeNull();
  });

  it('adds up cells, and takes percentiles over the union of their response times, not of their percentiles', () => {
    const asOf = new Date('2026-03-31T19:00:00Z');
    const a = cell({
      received: 3,
      rejected: 1,
      resolved: 1,
      openBacklog: 1,
      firstResponseBreaches: 1,
      oldestOpenReceivedAt: new Date('2026-03-20T19:00:00Z'),
      businessSeconds: [300, 100],
      wallClockSeconds: [300, 900],
    });
    const b = cell({
      received: 2,
      merged: 1,
      resolved: 1,
      resolutionBreaches: 1,
      openBacklog: 1,
      oldestOpenReceivedAt: new Date('2026-03-10T19:00:00Z'),
      businessSeconds: [200],
      wallClockSeconds: [86_400],
    });
    expect(slaFigures([a, b], asOf)).toEqual(
      figures({
        received: 5,
        rejected: 1,
        merged: 1,
        responded: 3,
        firstResponseMedianSeconds: 200,
        firstResponseP90Seconds: 300,
        firstResponseMedianWallClockSeconds: 900,
        firstResponseP90WallClockSeconds: 86_400,
        resolved: 2,
        resolutionRate: 0.6667,
        firstResponseBreaches: 1,
        resolutionBreaches: 1,
        openBacklog: 2,
        oldestOpenAgeSeconds: 21 * 86_400,
      }),
    );
    expect(slaFigures([], asOf)).toEqual(figures({}));
  });

  it('gives the change of every figure against the previous month, null where a month has no value', () => {
    const change = figuresChange(
      figures({ received: 4, resolutionRate: 0.6667, firstResponseMedianSeconds: 600, oldestOpenAgeSeconds: 10 }),
      figures({ received: 7, resolutionRate: 0.5, firstResponseMedianSeconds: null, oldestOpenAgeSeconds: 4 }),
    );
    expect(change).toMatchObject({ received: -3, resolutionRate: 0.1667, firstResponseMedianSeconds: null, oldestOpenAgeSeconds: 6, resolved: 0 });
  });
});

describe('percentile of a union of sorted lists', () => {
  it('equals the nearest rank of the merged list, whatever the split', () => {
    const lists = [[1, 5, 9], [2, 2, 8], [], [7], [3, 4, 6, 10, 11]];
    const merged = lists.flat().sort((a, b) => a - b);
    for (const p of [1, 10, 25, 50, 75, 90, 99, 100]) expect([p, unionPercentile(lists, p)]).toEqual([p, nearestRank(merged, p)]);
    expect(unionPercentile([[], []], 50)).toBeNull();
    expect(unionPercentile([[0, 0, 0]], 90)).toBe(0);
  });
});

describe('percentile of a union, any lists', () => {
  it('is the nearest rank of their merge', () => {
    const list = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 40 }).map((l) => l.sort((a, b) => a - b));
    fc.assert(
      fc.property(fc.array(list, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 100 }), (lists, p) => {
        expect(unionPercentile(lists, p)).toBe(
          nearestRank(
            lists.flat().sort((a, b) => a - b),
            p,
          ),
        );
      }),
    );
  });
});
