import { KAZAKHSTAN } from './business-calendar.js';
import { formalAppealCalendar } from './formal-appeal.js';
import { publicScorecardFigures, type ScorecardTicket } from './public-scorecard.js';

const calendar = formalAppealCalendar(KAZAKHSTAN);
const almaty = (local: string) => new Date(`${local}+05:00`);
const t = (over: Partial<ScorecardTicket>): ScorecardTicket => ({
  status: 'assigned',
  receivedAt: almaty('2026-09-04T10:00:00'),
  firstResponseAt: null,
  confirmation: 'not_asked',
  ...over,
});

describe('publicScorecardFigures', () => {
  it('counts every comment, shares of the actionable ones, one working day on the national calendar', () => {
    const f = publicScorecardFigures(
      [
        // Friday 10:00 answered Monday 09:30: within one working day (due Monday 10:00).
        t({ status: 'closed', firstResponseAt: almaty('2026-09-07T09:30:00'), confirmation: 'confirmed' }),
        // Answered Monday 11:00: late.
        t({ status: 'resolved', firstResponseAt: almaty('2026-09-07T11:00:00'), confirmation: 'asked' }),
        t({ status: 'in_progress' }),
        t({ status: 'reopened', firstResponseAt: almaty('2026-09-04T10:10:00'), confirmation: 'disputed' }),
        t({ status: 'rejected' }),
        t({ status: 'merged', firstResponseAt: almaty('2026-09-04T10:05:00') }),
      ],
      calendar,
    );
    expect(f).toEqual({
      received: 6,
      answeredWithinOneWorkingDayShare: 0.5,
      // 600 s, 257 400 s, 262 800 s: the median is the second.
      firstResponseMedianSeconds: 257_400,
      resolvedShare: 0.5,
      confirmedByResidentsShare: 0.25,
    });
  });

  it('has no shares and no median for an empty month', () => {
    expect(publicScorecardFigures([], calendar)).toEqual({
      received: 0,
      answeredWithinOneWorkingDayShare: null,
      firstResponseMedianSeconds: null,
      resolvedShare: null,
      confirmedByResidentsShare: null,
    });
  });
});
