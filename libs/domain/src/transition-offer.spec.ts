import { offeredTransitions } from './transition-offer.js';

describe('the status moves offered as buttons', () => {
  it('never offers "assigned" from in_progress (it needs the assign endpoint) nor "merged"', () => {
    expect(offeredTransitions('in_progress', 'department_staff', true)).toEqual(['awaiting_resident', 'resolved', 'triaged']);
    expect(offeredTransitions('reopened', 'department_head', true)).toEqual(['in_progress', 'awaiting_resident', 'resolved', 'triaged']);
  });

  it('does not offer "triaged" for a ticket without a department', () => {
    expect(offeredTransitions('new', 'press_secretary', false)).toEqual(['rejected']);
    expect(offeredTransitions('new', 'press_secretary', true)).toEqual(['triaged', 'rejected']);
  });

  it('offers nothing to a role that never moves tickets, and nothing from a terminal status', () => {
    expect(offeredTransitions('in_progress', 'governor_office', true)).toEqual([]);
    expect(offeredTransitions('merged', 'admin', true)).toEqual([]);
  });
});
