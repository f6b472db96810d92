import { ReadBatches, SharedReads } from './read-batches.js';

/** A read whose answer the test controls: `calls` counts the reads started, `finish` ends the latest. */
function controlledRead() {
  const open: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  let calls = 0;
  const read = () => {
    const n = ++calls;
    return new Promise<string>((resolve, reject) => open.push({ resolve: () => resolve(`answer ${n}`), reject }));
  };
  return {
    read,
    get calls() {
      return calls;
    },
    finish: () => open.shift()!.resolve(),
    fail: (e: Error) => open.shift()!.reject(e),
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SharedReads (identical reads that arrive together share one read)', () => {
  it('answers the requests that arrive together with one read', async () => {
    const reads = new SharedReads();
    const r = controlledRead();
    const answers = Promise.all(Array.from({ length: 20 }, () => reads.run('k', r.read)));
    await turn();
    expect(r.calls).toBe(1);
    r.finish();
    expect(await answers).toEqual(Array.from({ length: 20 }, () => 'answer 1'));
  });

  it('never answers a request with a read that started before it arrived: it waits for the next one', async () => {
    const reads = new SharedReads();
    const r = controlledRead();
    const first = reads.run('k', r.read);
    await turn();
    expect(r.calls).toBe(1);
    // These arrive while read 1 is in flight: read 1's snapshot may predate them.
    const later = Promise.all([reads.run('k', r.read), reads.run('k', r.read), reads.run('k', r.read)]);
    await turn();
    expect(r.calls).toBe(1); // one read at a time per key
    r.finish();
    expect(await first).toBe('answer 1');
    await turn();
    expect(r.calls).toBe(2);
    r.finish();
    expect(await later).toEqual(['answer 2', 'answer 2', 'answer 2']);
  });

  it('gives a failure to everyone who shared the read, and the next read starts afresh', async () => {
    const reads = new SharedReads();
    const r = controlledRead();
    const failed = Promise.allSettled([reads.run('k', r.read), reads.run('k', r.read)]);
    await turn();
    r.fail(new Error('database unavailable'));
    const outcomes = await failed;
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    const again = reads.run('k', r.read);
    await turn();
    r.finish();
    expect(await again).toBe('answer 2');
  });

  it('keeps different keys apart and nothing once a read has landed', async () => {
    const reads = new SharedReads();
    const r = controlledRead();
    const a = reads.run('a', r.read);
    const b = reads.run('b', r.read);
    await turn();
    expect(r.calls).toBe(2);
    r.finish();
    r.finish();
    expect([await a, await b]).toEqual(['answer 1', 'answer 2']);
    await turn();
    // Nothing is cached: a later request reads again.
    const c = reads.run('a', r.read);
    await turn();
    expect(r.calls).toBe(3);
    r.finish();
    expect(await c).toBe('answer 3');
    await turn();
    expect(reads).toMatchObject({ batches: { boarding: new Map(), flying: new Map() } });
  });
});

describe('ReadBatches (reads by key that arrive together are answered by one statement)', () => {
  it('answers each item of a batch with its own answer, from one read per batch and key', async () => {
    const reads: Array<{ key: string; items: number[] }> = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batches = new ReadBatches<number, string>(async (key, items) => {
      reads.push({ key, items: [...items] });
      await gate;
      return items.map((i) => `${key}:${i * 10}`);
    });
    const first = Promise.all([batches.load('a', 1), batches.load('a', 2), batches.load('b', 3), batches.load('a', 2)]);
    await turn();
    // Arrives while batch 'a' is in flight: boards the next one.
    const later = batches.load('a', 4);
    await turn();
    expect(reads).toEqual([
      { key: 'a', items: [1, 2, 2] },
      { key: 'b', items: [3] },
    ]);
    release();
    expect(await first).toEqual(['a:10', 'a:20', 'b:30', 'a:20']);
    expect(await later).toBe('a:40');
    expect(reads[2]).toEqual({ key: 'a', items: [4] });
  });
});
