/**
 * Writes that arrive while one is in flight wait and go together in the next one: each caller
 * still gets its own answer (or the batch's error) once its batch is written. Under load that
 * turns many one-row INSERTs and commits into a few multi-row ones; a lone caller waits for no one.
 */
export class GroupCommit<I, O> {
  private readonly waiting: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private writing = false;

  /**
   * `write` answers its items in order, one result each. A batch holds at most `maxItems` items
   * and, past its first item, at most `maxWeight` by `weigh` (so a few large bodies share none).
   */
  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxItems: number,
    private readonly maxWeight = Infinity,
    private readonly weigh: (item: I) => number = () => 0,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing || !this.waiting.length) return;
    this.writing = true;
    let weight = this.weigh(this.waiting[0]!.item);
    let n = 1;
    while (n < this.waiting.length && n < this.maxItems && (weight += this.weigh(this.waiting[n]!.item)) <= this.maxWeight) n++;
    const batch = this.waiting.splice(0, n);
    try {
      const results = await this.write(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      this.writing = false;
      void this.flush();
    }
  }
}
