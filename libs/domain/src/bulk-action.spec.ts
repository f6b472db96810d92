import { eachTicket, MAX_BULK_TICKETS } from './bulk-action.js';
import { DomainError } from './errors.js';

const ticket = (n: number) => ({ id: `t${n}`, version: n });

describe('a bulk action over tickets', () => {
  it('reports each ticket: its new version, or the code of its refusal, without stopping at the first', async () => {
    const outcomes = await eachTicket([ticket(1), ticket(2), ticket(3)], async (t) => {
      if (t.id === 't2') throw new DomainError('stale_version', 'ticket t2 is at version 5, not 2');
      return { version: t.version + 1 };
    });
    expect(outcomes).toEqual([
      { id: 't1', ok: true, version: 2 },
      { id: 't2', ok: false, code: 'ticket.stale_version', message: 'ticket t2 is at version 5, not 2' },
      { id: 't3', ok: true, version: 4 },
    ]);
  });

  it('acts on the tickets one after another, in the order given', async () => {
    const order: string[] = [];
    let running = 0;
    await eachTicket([ticket(1), ticket(2), ticket(3)], async (t) => {
      running++;
      expect(running).toBe(1);
      await new Promise((r) => setTimeout(r, 5));
      order.push(t.id);
      running--;
      return t;
    });
    expect(order).toEqual(['t1', 't2', 't3']);
  });

  it(`refuses more than ${MAX_BULK_TICKETS} tickets before touching any`, async () => {
    let calls = 0;
    const act = async (t: { version: number }) => (calls++, t);
    const many = Array.from({ length: MAX_BULK_TICKETS + 1 }, (_, i) => ticket(i));
    await expect(eachTicket(many, act)).rejects.toMatchObject({ code: 'validation', errorCode: 'ticket.bulk_too_many' });
    expect(calls).toBe(0);
    await expect(eachTicket(many.slice(1), act)).resolves.toHaveLength(MAX_BULK_TICKETS);
  });

  it('lets an error that is not about the ticket propagate (the database gone)', async () => {
    await expect(eachTicket([ticket(1)], () => Promise.reject(new Error('connection terminated')))).rejects.toThrow('connection terminated');
  });
});
