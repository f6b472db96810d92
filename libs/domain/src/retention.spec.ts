import { FREE_TEXT_REASON_EVENTS, PERSONAL_EVENT_KEYS, rawDeliveryRetentionDays, retentionCutoff } from './retention.js';

describe('retention periods', () => {
  it('keeps a raw delivery for its own period, never longer than the personal data in it', () => {
    expect(rawDeliveryRetentionDays(90, 1095)).toBe(90);
    expect(rawDeliveryRetentionDays(400, 365)).toBe(365);
    // 0 keeps for ever: the other period alone decides, and both at 0 keep everything.
    expect(rawDeliveryRetentionDays(0, 1095)).toBe(1095);
    expect(rawDeliveryRetentionDays(90, 0)).toBe(90);
    expect(rawDeliveryRetentionDays(0, 0)).toBe(0);
  });

  it('cuts off whole days before now', () => {
    expect(retentionCutoff(new Date('2030-01-31T12:00:00Z'), 30).toISOString()).toBe('2030-01-01T12:00:00.000Z');
  });

  it("takes the residents' words and ids out of events, never the codes the figures read", () => {
    for (const kept of ['assigneeId', 'departmentId', 'categoryCode', 'clock', 'step', 'dueAt', 'replyId', 'firstResponse', 'automatic', 'reason']) {
      expect(PERSONAL_EVENT_KEYS).not.toContain(kept);
    }
    expect(PERSONAL_EVENT_KEYS).toEqual(expect.arrayContaining(['text', 'previousText', 'note', 'externalId', 'email']));
    expect(FREE_TEXT_REASON_EVENTS).not.toContain('ticket.status_changed');
  });
});
