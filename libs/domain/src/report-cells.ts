import { monthOf, monthPeriod, type ReportPeriod } from './report-period.js';

/**
 * Issue 18: what a stored report cell holds, in a form that adds and subtracts exactly: counts, and
 * value lists kept sorted (response times, the open tickets' receipt instants). Percentiles do not
 * add up, but lists do: a cell plus the tickets that came into it minus those that left is the cell
 * a full recount would give, so the reports stay exact while reading a month from its cells.
 */
export interface CellParts<C extends string = string, L extends string = string> {
  counts: Record<C, number>;
  lists: Record<L, ArrayLike<number>>;
}

export class CellArithmeticError extends Error {}

/** Both lists sorted ascending; the result too. */
function mergeSorted(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** `list` (sorted) without one occurrence of each value of `removed` (sorted); every one must be there. */
function withoutSorted(list: ArrayLike<number>, removed: ArrayLike<number>, what: string): Float64Array {
  if (removed.length > list.length) throw new CellArithmeticError(`${what}: more values to remove than the cell holds`);
  const out = new Float64Array(list.length - removed.length);
  let j = 0;
  let k = 0;
  for (let i = 0; i < list.length; i++) {
    if (j < removed.length && list[i] === removed[j]) j++;
    else if (k < out.length) out[k++] = list[i]!;
    else break;
  }
  if (j !== removed.length || k !== out.length) throw new CellArithmeticError(`${what}: a value to remove is not in the cell`);
  return out;
}

const sortedCopy = (list: ArrayLike<number>): Float64Array => Float64Array.from(list).sort();

/**
 * `base` (a stored cell, or none) plus the `added` parts minus the `removed` ones; null when nothing
 * is left. A count below zero or a value to remove that is not there means the cell and its change
 * log disagree: refused loudly rather than printed as a figure.
 */
export function foldCell<C extends string, L extends string>(
  base: CellParts<C, L> | undefined,
  added: ReadonlyArray<CellParts<C, L>>,
  removed: ReadonlyArray<CellParts<C, L>>,
  shape: { counts: readonly C[]; lists: readonly L[] },
): CellParts<C, L> | null {
  const counts = {} as Record<C, number>;
  for (const key of shape.counts) {
    const n = (base?.counts[key] ?? 0) + added.reduce((s, c) => s + c.counts[key], 0) - removed.reduce((s, c) => s + c.counts[key], 0);
    if (n < 0) throw new CellArithmeticError(`${key}: the cell would count ${n}`);
    counts[key] = n;
  }
  const lists = {} as Record<L, ArrayLike<number>>;
  for (const key of shape.lists) {
    let list: ArrayLike<number> = base?.lists[key] ?? new Float64Array(0);
    for (const a of added) if (a.lists[key].length) list = mergeSorted(list, sortedCopy(a.lists[key]));
    const gone = removed.flatMap((r) => Array.from(r.lists[key]));
    if (gone.length) list = withoutSorted(list, sortedCopy(gone), key);
    lists[key] = list;
  }
  const empty = shape.counts.every((k) => counts[k] === 0) && shape.lists.every((k) => lists[k].length === 0);
  return empty ? null : { counts, lists };
}

/**
 * A period split into the calendar months it covers whole (read from stored cells) and what is left
 * at either end (counted from the tickets). A period inside one month is all edge.
 */
export function monthsWithin(period: ReportPeriod, timeZone?: string): { months: ReportPeriod[]; edges: ReportPeriod[] } {
  const months: ReportPeriod[] = [];
  for (let m = monthPeriod(monthOf(period.from, timeZone), timeZone); m.to <= period.to; m = monthPeriod(monthOf(m.to, timeZone), timeZone)) {
    if (m.from >= period.from) months.push(m);
  }
  if (!months.length) return { months, edges: period.from < period.to ? [period] : [] };
  const edges: ReportPeriod[] = [];
  if (period.from < months[0]!.from) edges.push({ from: period.from, to: months[0]!.from });
  if (months.at(-1)!.to < period.to) edges.push({ from: months.at(-1)!.to, to: period.to });
  return { months, edges };
}
