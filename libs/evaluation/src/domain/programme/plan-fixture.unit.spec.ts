import { readPlan94 } from '../../testing/evaluation.fixtures';
import { programmeFromPlanFixture } from './plan-fixture';
import { requiredMetCount, selectionCap } from './rules';

describe('programme of plan 94 read from the fixture', () => {
  const programme = programmeFromPlanFixture(readPlan94());

  it('has a deterministic id, the plan and its period', () => {
    expect(programme.programmeId).toBe('94-ba-ria-vung-tau-2017');
    expect(programme.plan).toEqual({
      number: '94/KH-UBND',
      issuedOn: '2017-09-06',
      title: 'THỰC HIỆN ĐỀ ÁN CHUYỂN HÓA ĐỊA BÀN TRỌNG ĐIỂM, PHỨC TẠP VỀ TRẬT TỰ AN TOÀN XÃ HỘI ĐẾN NĂM 2020',
    });
    expect(programme.period).toEqual({ start: '2017-09-06', end: '2020-12-31' });
    expect(programme.transformationYears).toBe(1);
  });

  it('has the 9 atomic indicators with their comparators and thresholds (== read as =)', () => {
    expect(programme.indicators.map((i) => [i.indicatorId, i.comparator, i.threshold])).toEqual([
      ['94-CT-1', '=', 0],
      ['94-CT-2', '>=', 80],
      ['94-CT-3', '>=', 95],
      ['94-CT-4', '>=', 100],
      ['94-CT-5', '<', 15],
      ['94-CT-6', '=', true],
      ['94-CT-7', '>=', 1],
      ['94-CT-8', '=', true],
      ['94-CT-9', '>=', 100],
    ]);
  });

  it('needs 80% of them, i.e. 8 of 9, and both "trong đó" conditions', () => {
    expect(programme.successRule.minimumMetPercent).toBe(80);
    expect(requiredMetCount(programme.indicators.length, programme.successRule.minimumMetPercent)).toBe(8);
    expect(programme.successRule.requiredConditions).toEqual([
      { conditionId: '94-II-4-1', text: 'giảm cơ bản tội phạm và tệ nạn xã hội' },
      { conditionId: '94-II-4-2', text: 'không để phức tạp nổi lên về trật tự, an toàn xã hội' },
    ]);
  });

  it('caps selections at 15% per district (floor) and aims at 60% success and 85% no relapse', () => {
    expect(programme.selectionCap).toEqual({ maxPercentOfDistrictCommunes: 15, rounding: 'floor' });
    expect(selectionCap(20, programme.selectionCap.maxPercentOfDistrictCommunes)).toBe(3);
    expect(programme.goals).toEqual({ yearlySuccessPercent: 60, noRelapsePercent: 85 });
  });

  it('keeps the four criteria groups with their 26 criteria', () => {
    expect(programme.criteriaGroups.map((g) => [g.group, g.criteria.length])).toEqual([
      ['criminal', 8],
      ['drugs', 5],
      ['economy-environment', 4],
      ['other', 9],
    ]);
  });

  it('names every field it cannot read', () => {
    const broken = readPlan94() as Record<string, any>;
    broken.indicators[1].comparator = '≈';
    delete broken.success_rule.threshold;
    broken.selection.cap.max_count_formula = 'round(0.15 * N)';
    let error: any;
    try {
      programmeFromPlanFixture(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'PLAN_FIXTURE_INVALID', kind: 'invalid' });
    expect(error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'indicators[1].comparator',
      'selection.cap.max_count_formula',
      'success_rule.threshold',
    ]);
  });
});
