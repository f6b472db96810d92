import {
  isTicketEvent,
  type StoredTicketEventOf,
  type StoredTicketEventPayload,
  type TicketEventOf,
  type TicketEventPayloadKey,
  type TicketEventType,
} from './ticket-events.js';

describe('ticket event payloads', () => {
  it('types each payload by its event type, for writers', () => {
    const written: TicketEventOf[] = [
      { type: 'ticket.status_changed', payload: { note: 'a duplicate of TYN-2026-000001' } },
      { type: 'ticket.assigned', payload: { assigneeId: 'u1', previousAssigneeId: null, departmentId: 'd1', automatic: true, openTickets: 3 } },
      {
        type: 'sla.breached',
        payload: { step: 'resolution.breach', clock: 'resolution', dueAt: '2026-03-02T10:00:00+00:00', assigneeId: null, escalationLevel: 1 },
      },
    ];
    // @ts-expect-error the payload of another type
    const mismatched: TicketEventOf = { type: 'ticket.assigned', payload: { replyId: 'r1', visibility: 'public' } };
    const misspelt: TicketEventOf<'sla.warning'> = {
      type: 'sla.warning',
      // @ts-expect-error a key the type does not name
      payload: { step: 'level_two', clock: null, due: '', assigneeId: null, escalationLevel: 2 },
    };
    expect([...written, mismatched, misspelt].map((e) => e.type)).toEqual([
      'ticket.status_changed',
      'ticket.assigned',
      'sla.breached',
      'ticket.assigned',
      'sla.warning',
    ]);
  });

  it('reads a stored payload as its JSON: instants as strings, the keys the retention purge takes optional', () => {
    const at = new Date('2026-03-02T10:00:00.000Z');
    const written: TicketEventOf<'sla.timed'> = {
      type: 'sla.timed',
      payload: {
        before: { policyId: null, firstResponseDueAt: null, resolutionDueAt: at },
        after: { policyId: 'p1', firstResponseDueAt: at, resolutionDueAt: at },
      },
    };
    const stored = JSON.parse(JSON.stringify(written)) as StoredTicketEventOf<'sla.timed'>;
    const after = 'clock' in stored.payload ? null : stored.payload.after.resolutionDueAt;
    expect(after).toBe('2026-03-02T10:00:00.000Z');

    const purged: StoredTicketEventOf<'ticket.edited_by_author'> = { type: 'ticket.edited_by_author', payload: { editedAt: '2026-03-02T10:00:00.000Z' } };
    const handedBack: StoredTicketEventOf<'ticket.handed_back'> = { type: 'ticket.handed_back', payload: { departmentId: null, categoryCode: null } };
    // @ts-expect-error what the purge keeps stays required
    const kept: StoredTicketEventPayload<'ticket.handed_back'> = { categoryCode: null };
    expect([purged.payload.previousText, handedBack.payload.reason, kept]).toEqual([undefined, undefined, { categoryCode: null }]);
  });

  it('narrows an event whose type and payload are typed apart', () => {
    const rows: Array<{ id: string; type: TicketEventType; payload: StoredTicketEventPayload }> = [
      { id: '1', type: 'ticket.created', payload: { channel: 'manual' } },
      { id: '2', type: 'ticket.assigned', payload: { assigneeId: 'u1', automatic: false } },
    ];
    expect(rows.flatMap((e) => (isTicketEvent(e, 'ticket.assigned') ? [e.payload.assigneeId] : []))).toEqual(['u1']);
  });

  it('names the keys of every shape of a payload, for the SQL that reads them', () => {
    const keys: Array<TicketEventPayloadKey<'ticket.merged'>> = ['intoTicketId', 'intoReference', 'mergedTicketId', 'mergedReference'];
    // @ts-expect-error not a key of a merge's payload
    const notAKey: TicketEventPayloadKey<'ticket.merged'> = 'mergedInto';
    expect([...keys, notAKey]).toHaveLength(5);
  });
});
