import { GroupCommit } from './group-commit.js';

/** A write that only finishes when the test says so, recording the batches it was given. */
function controlledWrite() {
  const batches: number[][] = [];
  const finish: Array<(fail?: Error) => void> = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      finish.push((fail) => (fail ? reject(fail) : resolve(items.map((i) => `stored ${i}`))));
    });
  return { batches, write, finishNext: (fail?: Error) => finish.shift()!(fail) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes a lone item at once', async () => {
    const w = controlledWrite();
    const group = new GroupCommit(w.write, 10);
    const answer = group.add(1);
    expect(w.batches).toEqual([[1]]);
    w.finishNext();
    await expect(answer).resolves.toBe('stored 1');
  });

  it('puts what arrives during a write into the next write, each caller getting its own answer', async () => {
    const w = controlledWrite();
    const group = new GroupCommit(w.write, 10);
    const answers = [1, 2, 3, 4].map((i) => group.add(i));
    expect(w.batches).toEqual([[1]]);
    w.finishNext();
    await tick();
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
    w.finishNext();
    await expect(Promise.all(answers)).resolves.toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4']);
  });

  it('keeps batches within the item and weight limits', async () => {
    const w = controlledWrite();
    const group = new GroupCommit(w.write, 3, 10, (i) => i);
    const answers = [1, 2, 3, 4, 5, 9, 20].map((i) => group.add(i));
    for (let i = 0; i < 5; i++) {
      w.finishNext();
      await tick();
    }
    await Promise.all(answers);
    // 20 alone is over the weight, but a batch always takes its first item.
    expect(w.batches).toEqual([[1], [2, 3, 4], [5], [9], [20]]);
  });

  it('fails every caller of a failed batch and goes on with the next', async () => {
    const w = controlledWrite();
    const group = new GroupCommit(w.write, 10);
    const first = group.add(1);
    const second = [group.add(2), group.add(3)];
    w.finishNext();
    await tick();
    w.finishNext(new Error('database down'));
    await expect(first).resolves.toBe('stored 1');
    for (const s of second) await expect(s).rejects.toThrow('database down');
    const third = group.add(4);
    w.finishNext();
    await expect(third).resolves.toBe('stored 4');
  });
});
