const settle = () => undefined;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Boarding<I, O> {
  items: I[];
  result: Promise<O[]>;
}

/**
 * Reads that arrive together are answered by one statement (DataLoader's batching, with one rule
 * added): a batch boards until the one ahead of it under the same key has landed, and everyone who
 * asks meanwhile boards it. A request joins only a batch that has not started, so the snapshot that
 * answers it is always taken after it arrived: a write its caller saw acknowledged is never missing.
 * Nothing is kept once a batch has landed. On this machine a statement's round trip (its system
 * calls, in the API and in PostgreSQL) costs more than reading a few dozen rows by key.
 */
export class ReadBatches<I, O> {
  private readonly boarding = new Map<string, Boarding<I, O>>();
  /** The batch each key has in flight; settles (never rejects) when it has landed. */
  private readonly flying = new Map<string, Promise<void>>();

  /** `readMany(key, items)` answers every item of a batch, in order. */
  constructor(private readonly readMany: (key: string, items: I[]) => Promise<O[]>) {}

  load(key: string, item: I): Promise<O> {
    let batch = this.boarding.get(key);
    if (!batch) batch = this.board(key);
    const index = batch.items.push(item) - 1;
    return batch.result.then((answers) => answers[index]!);
  }

  private board(key: string): Boarding<I, O> {
    const items: I[] = [];
    // With none ahead, wait one turn of the event loop so the requests that came in together board together.
    const ahead = this.flying.get(key) ?? nextTurn();
    const result = ahead.then(() => {
      this.boarding.delete(key);
      this.flying.set(key, landed);
      return this.readMany(key, items);
    });
    const landed: Promise<void> = result.then(settle, settle).then(() => {
      if (this.flying.get(key) === landed) this.flying.delete(key);
    });
    const batch = { items, result };
    this.boarding.set(key, batch);
    return batch;
  }
}

/**
 * Identical reads that arrive together share one read ("request collapsing", as a caching proxy's
 * cache lock does, but nothing is kept), under the same rule as ReadBatches: never a read that
 * started before the request arrived.
 */
export class SharedReads {
  private readonly batches = new ReadBatches<() => Promise<unknown>, unknown>(async (_key, reads) => {
    const answer = await reads[0]!();
    return reads.map(() => answer);
  });

  run<T>(key: string, read: () => Promise<T>): Promise<T> {
    return this.batches.load(key, read) as Promise<T>;
  }
}
