import type { SlaRepository, SlaPolicyEntity } from '@app/database';
import { SlaClocks } from './sla-clocks.js';

const policy = (id: string, firstResponse: string) =>
  ({
    id,
    name: id,
    isDefault: true,
    priority: null,
    categoryCode: null,
    channel: null,
    calendarId: null,
    firstResponse,
    resolution: 'P15D',
  }) as unknown as SlaPolicyEntity;

/** A repository whose policy reads the test answers by hand, so two loads can overlap in a chosen order. */
function controlledRepository() {
  const pending: Array<(rows: SlaPolicyEntity[]) => void> = [];
  const repo = {
    policies: () => new Promise<SlaPolicyEntity[]>((resolve) => pending.push(resolve)),
    calendars: async () => [],
    nationalCalendar: async () => ({ rules: [], transfers: [] }),
  } as unknown as SlaRepository;
  return { repo, answer: (i: number, rows: SlaPolicyEntity[]) => pending[i]!(rows), waiting: () => pending.length };
}

/** Waits a few turns of the event loop for `cond`; fails rather than hang when it never holds. */
const until = async (cond: () => boolean) => {
  for (let turn = 0; !cond(); turn++) {
    if (turn > 100) throw new Error('the expected read never started');
    await new Promise((r) => setImmediate(r));
  }
};

describe('SlaClocks', () => {
  it('does not cache what a load read before an invalidation (a sweep racing a re-timing)', async () => {
    const { repo, answer, waiting } = controlledRepository();
    const clocks = new SlaClocks(repo);
    const criteria = { priority: 'normal', categoryCode: null, channel: 'facebook' } as never;

    const sweep = clocks.forTicket(criteria); // starts reading the policies before the change
    await until(() => waiting() === 1);
    clocks.invalidate(); // the change committed; the re-timing job begins and reads the open tickets
    answer(0, [policy('old', 'P1D')]); // meanwhile the sweep's read comes back with the old rows
    expect((await sweep).policy.id).toBe('old');
    const retime = clocks.forTicket(criteria);
    await until(() => waiting() === 2); // the re-timing reads again rather than take the sweep's rows
    answer(1, [policy('new', 'PT2H')]);
    expect((await retime).policy.id).toBe('new');
    // What later callers see is the fresh read, never the stale one.
    expect((await clocks.forTicket(criteria)).policy.id).toBe('new');
  });

  it('keeps a read for its short lifetime', async () => {
    const { repo, answer, waiting } = controlledRepository();
    const clocks = new SlaClocks(repo);
    const first = clocks.forTicket({ priority: 'normal', categoryCode: null, channel: 'facebook' } as never);
    await until(() => waiting() === 1);
    answer(0, [policy('only', 'P1D')]);
    await first;
    await clocks.forTicket({ priority: 'normal', categoryCode: null, channel: 'facebook' } as never);
    expect(waiting()).toBe(1);
  });
});
