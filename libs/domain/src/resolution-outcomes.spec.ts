import { outcomeFigures, outcomeShare, verdictFigures, type OutcomeCell } from './resolution-outcomes.js';

const cell = (over: Partial<OutcomeCell>): OutcomeCell => ({
  received: 0,
  rejected: 0,
  merged: 0,
  confirmed: 0,
  disputed: 0,
  unanswered: 0,
  awaitingVerdict: 0,
  formalAppeals: 0,
  formalAppealsAnsweredLate: 0,
  formalAppealsOverdue: 0,
  formalAppealExtensions: 0,
  ...over,
});

describe('outcomeFigures', () => {
  it('adds cells up and rates confirmation on the tickets that needed resolving', () => {
    const f = outcomeFigures([
      cell({ received: 6, rejected: 1, confirmed: 2, disputed: 1, unanswered: 1, formalAppeals: 2, formalAppealsAnsweredLate: 1, formalAppealExtensions: 1 }),
      cell({ received: 3, merged: 1, confirmed: 1, awaitingVerdict: 1, formalAppeals: 1, formalAppealsOverdue: 1 }),
    ]);
    expect(f).toEqual({
      confirmed: 3,
      disputed: 1,
      unanswered: 1,
      awaitingVerdict: 1,
      confirmedResolutionRate: 0.4286,
      formalAppeals: 3,
      formalAppealsAnsweredLate: 1,
      formalAppealsOverdue: 1,
      formalAppealExtensions: 1,
    });
  });

  it('has no rate without actionable tickets', () => {
    expect(outcomeFigures([]).confirmedResolutionRate).toBeNull();
    expect(outcomeFigures([cell({ received: 2, rejected: 2 })]).confirmedResolutionRate).toBeNull();
    expect(outcomeShare(1, 3)).toBe(0.3333);
  });

  it("gives a report row's verdict figures from the same figures", () => {
    const f = outcomeFigures([cell({ received: 4, rejected: 1, confirmed: 1, disputed: 2, unanswered: 1 })]);
    expect(verdictFigures(f)).toEqual({ confirmed: 1, disputed: 2, confirmedResolutionRate: 0.3333 });
    expect(verdictFigures(outcomeFigures([]))).toEqual({ confirmed: 0, disputed: 0, confirmedResolutionRate: null });
  });
});
