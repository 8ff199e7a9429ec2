import { plan94Programme } from '../../testing/evaluation.fixtures';
import { atLeastPercent, goalStatus, indicatorMet, percentOf, requiredMetCount, selectionCap, successRuleMet } from './rules';

describe('success rule of plan 94 (II.4: at least 80% of the indicators, met/total >= 0.80 exactly)', () => {
  it('exactly 80% is success: 8 of 10, 4 of 5, 800 of 1000', () => {
    expect(successRuleMet(8, 10, 80)).toBe(true);
    expect(successRuleMet(4, 5, 80)).toBe(true);
    expect(successRuleMet(800, 1000, 80)).toBe(true);
  });

  it('79.9% is not: 799 of 1000 — the share is never rounded up', () => {
    expect(successRuleMet(799, 1000, 80)).toBe(false);
    expect(percentOf(799, 1000)).toBe(79.9);
  });

  it("with the fixture's 9 atomic indicators, 8 are needed: 8/9 (88.9%) succeeds, 7/9 (77.8%) fails", () => {
    expect(requiredMetCount(9, 80)).toBe(8);
    expect(successRuleMet(8, 9, 80)).toBe(true);
    expect(successRuleMet(7, 9, 80)).toBe(false);
    expect(percentOf(7, 9)).toBe(77.8);
  });

  it('the alternative bullet basis would need 4 of 5 (recorded, not used)', () => {
    expect(requiredMetCount(5, 80)).toBe(4);
  });

  it('the displayed share never decides: 7,999 of 10,000 shows as 80% (one decimal) and still fails', () => {
    expect(percentOf(7999, 10_000)).toBe(80);
    expect(successRuleMet(7999, 10_000, 80)).toBe(false);
    expect(successRuleMet(8000, 10_000, 80)).toBe(true);
  });

  it('is exact where binary fractions are not (0.1 + 0.7 style): 7 of 10 against 70%', () => {
    expect(atLeastPercent(7, 10, 70)).toBe(true);
    expect(atLeastPercent(1, 3, 33.33)).toBe(true);
    expect(atLeastPercent(1, 3, 33.34)).toBe(false);
  });
});

describe('yearly selection cap of plan 94 (II.2: at most 15% of a district’s communes, floor)', () => {
  it('20 communes → 3, not 4', () => {
    expect(selectionCap(20, 15)).toBe(3);
  });

  it('rounds down, never up: 26 → 3 (3.9), 27 → 4 (4.05), 21 → 3 (3.15), 100 → 15', () => {
    expect(selectionCap(26, 15)).toBe(3);
    expect(selectionCap(27, 15)).toBe(4);
    expect(selectionCap(21, 15)).toBe(3);
    expect(selectionCap(100, 15)).toBe(15);
  });

  it('below 7 communes the cap is 0 (6 × 15% = 0.9): such a district selects none — the fixture’s reading', () => {
    expect(selectionCap(7, 15)).toBe(1);
    expect(selectionCap(6, 15)).toBe(0);
    expect(selectionCap(1, 15)).toBe(0);
    expect(selectionCap(0, 15)).toBe(0);
  });
});

describe('displayed shares: percent rounded half up to one decimal (percentOf), for reading only', () => {
  it('2 of 3 → 66.7, 1 of 6 → 16.7, 1 of 8 → 12.5, 1 of 16 (6.25) → 6.3, nothing to count → null', () => {
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(1, 6)).toBe(16.7);
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 16)).toBe(6.3);
    expect(percentOf(0, 0)).toBeNull();
  });
});

describe('programme goals (I.1: >= 60% succeed per year; >= 85% do not relapse)', () => {
  it('a province year of 4 districts × 3 selections: 8 of 12 (66.7%) meets 60%, 7 of 12 (58.3%) does not', () => {
    expect(goalStatus(8, 0, 12, 60)).toBe('met');
    expect(goalStatus(7, 0, 12, 60)).toBe('not_met');
    expect(percentOf(7, 12)).toBe(58.3);
    // With 2 still pending, 6 successes could still reach 8: undecided.
    expect(goalStatus(6, 2, 12, 60)).toBe('pending');
  });


  it('60% exactly is met, 59.9% is not', () => {
    expect(goalStatus(3, 0, 5, 60)).toBe('met');
    expect(goalStatus(599, 0, 1000, 60)).toBe('not_met');
  });

  it('stays pending while the pending evaluations could still decide it', () => {
    expect(goalStatus(2, 1, 5, 60)).toBe('pending');
    expect(goalStatus(1, 1, 5, 60)).toBe('not_met');
    expect(goalStatus(3, 2, 5, 60)).toBe('met');
  });

  it('85% no relapse: 17 of 20 met, 16 of 20 not', () => {
    expect(goalStatus(17, 0, 20, 85)).toBe('met');
    expect(goalStatus(16, 0, 20, 85)).toBe('not_met');
  });

  it('has nothing to judge without a denominator', () => {
    expect(goalStatus(0, 0, 0, 60)).toBe('not_applicable');
  });
});

describe('the nine indicators of plan 94 at their thresholds (fixture values)', () => {
  const programme = plan94Programme();
  const indicator = (id: string) => programme.indicators.find((i) => i.indicatorId === id)!;
  it.each([
    ['94-CT-1', 0, 1], // no organised-crime signs: = 0
    ['94-CT-2', 80, 79.9], // clearance rate ≥ 80%
    ['94-CT-3', 95, 94.9], // very serious crimes ≥ 95%
    ['94-CT-4', 100, 99.9], // 100% of tips handled
    ['94-CT-5', 14.9, 15], // recidivism < 15%
    ['94-CT-6', true, false],
    ['94-CT-7', 1, 0], // at least one community model
    ['94-CT-8', true, false],
    ['94-CT-9', 100, 99.9], // 100% of households reached
  ] as const)('%s: %p is met, %p is not', (id, met, missed) => {
    expect(indicatorMet(indicator(id), met)).toBe(true);
    expect(indicatorMet(indicator(id), missed)).toBe(false);
  });
});

describe('indicator comparators (≥ > ≤ < =)', () => {
  it('≥ 80% clearance rate: 80 meets, 79.9 does not', () => {
    expect(indicatorMet({ comparator: '>=', threshold: 80 }, 80)).toBe(true);
    expect(indicatorMet({ comparator: '>=', threshold: 80 }, 79.9)).toBe(false);
  });

  it('< 15% recidivism: 14.9 meets, 15 does not', () => {
    expect(indicatorMet({ comparator: '<', threshold: 15 }, 14.9)).toBe(true);
    expect(indicatorMet({ comparator: '<', threshold: 15 }, 15)).toBe(false);
  });

  it('> and ≤', () => {
    expect(indicatorMet({ comparator: '>', threshold: 0 }, 1)).toBe(true);
    expect(indicatorMet({ comparator: '>', threshold: 0 }, 0)).toBe(false);
    expect(indicatorMet({ comparator: '<=', threshold: 5 }, 5)).toBe(true);
    expect(indicatorMet({ comparator: '<=', threshold: 5 }, 5.1)).toBe(false);
  });

  it('= 0 gangster-style crime signs; yes/no indicators compare with true', () => {
    expect(indicatorMet({ comparator: '=', threshold: 0 }, 0)).toBe(true);
    expect(indicatorMet({ comparator: '=', threshold: 0 }, 1)).toBe(false);
    expect(indicatorMet({ comparator: '=', threshold: true }, true)).toBe(true);
    expect(indicatorMet({ comparator: '=', threshold: true }, false)).toBe(false);
    expect(indicatorMet({ comparator: '>=', threshold: 1 }, true)).toBe(false);
  });
});
