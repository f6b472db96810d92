import { CellArithmeticError, foldCell, monthsWithin, type CellParts } from './report-cells.js';
import { monthPeriod, parseReportInstant } from './report-period.js';

const shape = { counts: ['received', 'resolved'] as const, lists: ['seconds'] as const };
type Parts = CellParts<'received' | 'resolved', 'seconds'>;
const parts = (received: number, resolved: number, seconds: number[]): Parts => ({ counts: { received, resolved }, lists: { seconds } });
const plain = (c: Parts | null) => c && { counts: c.counts, lists: { seconds: Array.from(c.lists.seconds) } };

describe('report cells', () => {
  it('adds counts and merges lists in order', () => {
    const folded = foldCell(parts(2, 1, [5, 9]), [parts(1, 0, [7]), parts(2, 2, [9, 1])], [], shape);
    expect(plain(folded)).toEqual({ counts: { received: 5, resolved: 3 }, lists: { seconds: [1, 5, 7, 9, 9] } });
  });

  it('removes exactly one occurrence of each value taken out', () => {
    const folded = foldCell(parts(4, 2, [3, 3, 3, 8]), [parts(1, 1, [4])], [parts(2, 1, [3, 8])], shape);
    expect(plain(folded)).toEqual({ counts: { received: 3, resolved: 2 }, lists: { seconds: [3, 3, 4] } });
  });

  it('equals recounting the tickets left, whatever order they came and went in', () => {
    // A cell of 200 tickets; 60 leave and 40 come; the fold must equal the cell of the 180 now there.
    const ticket = (i: number) => parts(1, i % 3 === 0 ? 1 : 0, i % 5 === 0 ? [] : [(i * 7919) % 1000]);
    const sum = (ts: Parts[]) => foldCell(undefined, ts, [], shape);
    const before = Array.from({ length: 200 }, (_, i) => ticket(i));
    const leaving = before.filter((_, i) => i % 10 < 3);
    const coming = Array.from({ length: 40 }, (_, i) => ticket(1000 + i));
    const after = [...before.filter((_, i) => i % 10 >= 3), ...coming];
    expect(plain(foldCell(sum(before)!, coming, leaving, shape))).toEqual(plain(sum(after)));
  });

  it('is gone when nothing is left', () => {
    expect(foldCell(parts(1, 0, [4]), [], [parts(1, 0, [4])], shape)).toBeNull();
  });

  it('refuses a removal the cell does not hold rather than print a wrong figure', () => {
    expect(() => foldCell(parts(1, 0, [4]), [], [parts(2, 0, [])], shape)).toThrow(CellArithmeticError);
    expect(() => foldCell(parts(2, 0, [4, 6]), [], [parts(1, 0, [5])], shape)).toThrow(CellArithmeticError);
    expect(() => foldCell(parts(2, 0, [4]), [], [parts(1, 0, [4, 4])], shape)).toThrow(CellArithmeticError);
  });
});

describe('months within a period', () => {
  const at = (s: string) => parseReportInstant(s);
  it('reads a calendar month whole, with no edges', () => {
    const m = monthPeriod('2026-03');
    expect(monthsWithin(m)).toEqual({ months: [m], edges: [] });
  });

  it('splits a period into the whole months it covers and what is left at either end', () => {
    const { months, edges } = monthsWithin({ from: at('2026-01-15'), to: at('2026-04-10') });
    expect(months).toEqual([monthPeriod('2026-02'), monthPeriod('2026-03')]);
    expect(edges).toEqual([
      { from: at('2026-01-15'), to: at('2026-02-01') },
      { from: at('2026-04-01'), to: at('2026-04-10') },
    ]);
  });

  it('leaves a period inside one month, or across a month end without a whole month, to the tickets', () => {
    const week = { from: at('2026-03-02'), to: at('2026-03-09') };
    expect(monthsWithin(week)).toEqual({ months: [], edges: [week] });
    const across = { from: at('2026-03-20'), to: at('2026-04-20') };
    expect(monthsWithin(across)).toEqual({ months: [], edges: [across] });
  });

  it('covers a year from the first of a month as twelve months', () => {
    const { months, edges } = monthsWithin({ from: at('2026-01-01'), to: at('2027-01-01') });
    expect(months).toHaveLength(12);
    expect(edges).toEqual([]);
    expect(months[11]).toEqual(monthPeriod('2026-12'));
  });
});
