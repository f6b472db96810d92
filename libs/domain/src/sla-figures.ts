/** The figures of an SLA report for one group of tickets (one district, department, assignee or category). */
export interface SlaFigures {
  received: number;
  /** Counted apart: part of `received`, left out of the resolution rate. */
  rejected: number;
  merged: number;
  responded: number;
  /** Business seconds on the ticket's SLA calendar (what the SLA measures). */
  firstResponseMedianSeconds: number | null;
  firstResponseP90Seconds: number | null;
  firstResponseMedianWallClockSeconds: number | null;
  firstResponseP90WallClockSeconds: number | null;
  resolved: number;
  resolutionRate: number | null;
  firstResponseBreaches: number;
  resolutionBreaches: number;
  openBacklog: number;
  oldestOpenAgeSeconds: number | null;
}

export type SlaFigureKey = keyof SlaFigures;

/** Column order of every report (JSON keys and CSV columns). */
export const SLA_FIGURE_KEYS: readonly SlaFigureKey[] = [
  'received',
  'rejected',
  'merged',
  'responded',
  'firstResponseMedianSeconds',
  'firstResponseP90Seconds',
  'firstResponseMedianWallClockSeconds',
  'firstResponseP90WallClockSeconds',
  'resolved',
  'resolutionRate',
  'firstResponseBreaches',
  'resolutionBreaches',
  'openBacklog',
  'oldestOpenAgeSeconds',
];

/** Which clock each duration is measured on, echoed with every report so a printed copy says it too. */
export const SLA_FIGURE_CLOCKS: Readonly<Partial<Record<SlaFigureKey, string>>> = {
  firstResponseMedianSeconds: "business time on the ticket's SLA calendar, nearest-rank median",
  firstResponseP90Seconds: "business time on the ticket's SLA calendar, nearest-rank 90th percentile",
  firstResponseMedianWallClockSeconds: 'wall-clock time, nearest-rank median',
  firstResponseP90WallClockSeconds: 'wall-clock time, nearest-rank 90th percentile',
  oldestOpenAgeSeconds: 'wall-clock time from receipt to generatedAt',
};

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/**
 * What the database counts for one cell of tickets (one group, or one month × district × department):
 * additive counts, and the first-response times themselves, because percentiles do not add up.
 */
export interface SlaCell {
  received: number;
  rejected: number;
  merged: number;
  resolved: number;
  firstResponseBreaches: number;
  resolutionBreaches: number;
  openBacklog: number;
  oldestOpenReceivedAt: Date | null;
  /** Whole seconds from receipt to the first response, one per answered ticket, in any order (sorted is fastest). */
  businessSeconds: ArrayLike<number>;
  wallClockSeconds: ArrayLike<number>;
}

/** The rank of the nearest-rank percentile among `count` values, integer arithmetic so 90% of 30 is the 27th and not, by a rounding error, the 28th. */
export function nearestRankOf(count: number, percent: number): number {
  return Math.max(1, Math.ceil((percent * count) / 100));
}

/** Nearest rank: the ⌈P/100 × N⌉-th smallest value, always one that was observed (N = 4: the median is the 2nd). */
export function nearestRank(sorted: ArrayLike<number>, percent: number): number | null {
  return sorted.length ? sorted[nearestRankOf(sorted.length, percent) - 1]! : null;
}

/** How many values of a sorted list are <= v. */
function countAtMost(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The nearest-rank percentile of the union of sorted lists of whole numbers, without merging them:
 * the smallest v with at least k values <= v, found by bisection. A scorecard takes percentiles of
 * the same cells by district, by department and in total, so each cell is sorted once, not each union.
 */
export function unionPercentile(sortedLists: ReadonlyArray<ArrayLike<number>>, percent: number): number | null {
  const lists = sortedLists.filter((l) => l.length > 0);
  const count = lists.reduce((n, l) => n + l.length, 0);
  if (!count) return null;
  const k = nearestRankOf(count, percent);
  let lo = Math.min(...lists.map((l) => l[0]!));
  let hi = Math.max(...lists.map((l) => l[l.length - 1]!));
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (lists.reduce((n, l) => n + countAtMost(l, mid), 0) >= k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function isSorted(list: ArrayLike<number>): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]! > list[i]!) return false;
  return true;
}

/** Lists already found sorted: a scorecard takes the same cells' figures by district, by department and in total, and checks each once. */
const knownSorted = new WeakSet<ArrayLike<number>>();

// A typed array sorts natively, several times faster than a number[].
function sortedList(list: ArrayLike<number>): ArrayLike<number> {
  if (knownSorted.has(list)) return list;
  const sorted = isSorted(list) ? list : Float64Array.from(list).sort();
  knownSorted.add(sorted);
  return sorted;
}

/** The figures of the union of some cells, ages measured to `asOf`. */
export function slaFigures(cells: readonly SlaCell[], asOf: Date): SlaFigures {
  const sum = (key: 'received' | 'rejected' | 'merged' | 'resolved' | 'firstResponseBreaches' | 'resolutionBreaches' | 'openBacklog') =>
    cells.reduce((n, c) => n + c[key], 0);
  const business = cells.map((c) => sortedList(c.businessSeconds));
  const wall = cells.map((c) => sortedList(c.wallClockSeconds));
  const oldest = cells.reduce<number | null>(
    (min, c) => (c.oldestOpenReceivedAt && (min === null || c.oldestOpenReceivedAt.getTime() < min) ? c.oldestOpenReceivedAt.getTime() : min),
    null,
  );
  const [received, rejected, merged, resolved] = [sum('received'), sum('rejected'), sum('merged'), sum('resolved')];
  return {
    received,
    rejected,
    merged,
    responded: wall.reduce((n, l) => n + l.length, 0),
    firstResponseMedianSeconds: unionPercentile(business, 50),
    firstResponseP90Seconds: unionPercentile(business, 90),
    firstResponseMedianWallClockSeconds: unionPercentile(wall, 50),
    firstResponseP90WallClockSeconds: unionPercentile(wall, 90),
    resolved,
    resolutionRate: resolutionRate(resolved, received, rejected, merged),
    firstResponseBreaches: sum('firstResponseBreaches'),
    resolutionBreaches: sum('resolutionBreaches'),
    openBacklog: sum('openBacklog'),
    oldestOpenAgeSeconds: oldest === null ? null : Math.round((asOf.getTime() - oldest) / 1000),
  };
}

/** Resolved among the tickets that needed resolving: rejected and merged ones never did. Null when none did. */
export function resolutionRate(resolved: number, received: number, rejected: number, merged: number): number | null {
  const actionable = received - rejected - merged;
  return actionable > 0 ? round4(resolved / actionable) : null;
}

/** Month-on-month change of each figure (current minus previous); null where either month has no value. */
export function figuresChange(current: SlaFigures, previous: SlaFigures): Record<SlaFigureKey, number | null> {
  const change = {} as Record<SlaFigureKey, number | null>;
  for (const key of SLA_FIGURE_KEYS) {
    const a = current[key];
    const b = previous[key];
    change[key] = a === null || b === null ? null : round4(a - b);
  }
  return change;
}
