import { formatTicketReference } from './ticket-reference.js';

describe('ticket reference', () => {
  it('pads the sequence and uses the Almaty year', () => {
    expect(formatTicketReference(123, new Date('2026-06-01T00:00:00Z'))).toBe('ZHM-2026-000123');
  });

  it('takes the year in Almaty time, not UTC, at New Year', () => {
    // 19:30 UTC on 31 December is already 00:30 on 1 January in Almaty (UTC+5).
    expect(formatTicketReference(1, new Date('2026-12-31T19:30:00Z'))).toBe('ZHM-2027-000001');
  });
});
