import { fold } from '@dondoc/event-store/decider/decider';
import { spec } from '@dondoc/event-store/decider/given-when-then';
import { asRecord, communesOf, conditionsHeld, DISTRICT, measurementsMeeting, plan94Programme } from '../../testing/evaluation.fixtures';
import { ProgrammeDefinition } from '../programme/programme.types';
import { EvaluateCommune, SelectCommune } from './transformation.commands';
import { communeHistory, transformationDecider } from './transformation.decider';
import {
  COMMUNE_EVALUATED,
  COMMUNE_RELAPSED,
  COMMUNE_SELECTED_FOR_TRANSFORMATION,
  COMMUNE_TRANSFORMATION_FAILED,
  COMMUNE_TRANSFORMATION_SUCCEEDED,
  TransformationEvent,
} from './transformation.events';

const programme = plan94Programme();
const district = asRecord(DISTRICT);
const communes = communesOf(DISTRICT.unitId, 20).map(asRecord);
const today = '2018-02-01';
const at = '2018-02-01T02:00:00.000Z';
const findings = [{ group: 'drugs' as const, criterionId: '94-TC-b-2', value: 3, note: 'ba tụ điểm ma túy' }];

function selecting(communeIndex: number, overrides: Partial<SelectCommune> = {}): SelectCommune {
  return {
    type: 'SelectCommune',
    programme,
    year: 2018,
    commune: communes[communeIndex],
    district,
    districtCommuneCount: 20,
    history: { openSelectionYear: null, transformedYear: null },
    findings,
    today,
    at,
    ...overrides,
  };
}

/** The events of selecting communes 0..n-1 in order. */
function selected(n: number, overrides: Partial<SelectCommune> = {}): TransformationEvent[] {
  const events: TransformationEvent[] = [];
  for (let i = 0; i < n; i++) events.push(...transformationDecider.decide(selecting(i, overrides), fold(transformationDecider, events)));
  return events;
}

function evaluating(programmeUsed: ProgrammeDefinition, unmet: string[] = [], overrides: Partial<EvaluateCommune> = {}): EvaluateCommune {
  return {
    type: 'EvaluateCommune',
    programme: programmeUsed,
    communeId: communes[0].unitId,
    measurements: measurementsMeeting(programmeUsed, unmet),
    conditions: conditionsHeld(programmeUsed),
    note: null,
    today: '2019-02-01',
    at: '2019-02-01T02:00:00.000Z',
    ...overrides,
  };
}

describe('selecting communes for transformation', () => {
  it('records the findings and the cap arithmetic with the selection; the year ends one year later', () => {
    const [event] = spec(transformationDecider).given([]).when(selecting(0)).events();
    expect(event).toEqual({
      type: COMMUNE_SELECTED_FOR_TRANSFORMATION,
      schemaVersion: 1,
      data: {
        districtId: 'long-dien',
        year: 2018,
        communeId: 'long-dien-c01',
        programmeId: programme.programmeId,
        communeName: 'Thị trấn số 1',
        communeKind: 'thị trấn',
        findings,
        communeCount: 20,
        capPercent: 15,
        cap: 3,
        selectedCount: 1,
        selectedOn: today,
        evaluationDueOn: '2019-02-01',
        selectedAt: at,
      },
    });
  });

  it('a district with 20 communes may select 3 in a year, not 4: the refusal names the cap and the count', () => {
    const three = selected(3);
    expect(three).toHaveLength(3);
    const run = () => transformationDecider.decide(selecting(3), fold(transformationDecider, three));
    expect(run).toThrow(
      expect.objectContaining({
        code: 'SELECTION_CAP_REACHED',
        kind: 'conflict',
        details: expect.objectContaining({ cap: 3, selectedCount: 3, communeCount: 20, capPercent: 15 }),
      }),
    );
    expect(run).toThrow('Huyện Long Điền đã chọn 3/3 địa bàn chuyển hóa năm 2018: tối đa 15% của 20 đơn vị cấp xã là 3 (làm tròn xuống)');
  });

  it('a district with fewer than 7 communes can select none (floor(15% × 6) = 0)', () => {
    const run = () => transformationDecider.decide(selecting(0, { districtCommuneCount: 6 }), transformationDecider.initialState());
    expect(run).toThrow(expect.objectContaining({ code: 'SELECTION_CAP_REACHED', details: expect.objectContaining({ cap: 0, communeCount: 6 }) }));
    expect(run).toThrow('Huyện Long Điền có 6 đơn vị cấp xã; 15% của 6 là 0,9, làm tròn xuống là 0');
  });

  it('every selection counts against the cap whatever became of it: after 2 successes and 1 failure (and a relapse), a 4th is still refused', () => {
    const three = selected(3);
    const after: TransformationEvent[] = [...three];
    const outcome = (i: number, unmet: string[]) =>
      after.push(...transformationDecider.decide(evaluating(programme, unmet, { communeId: communes[i].unitId }), fold(transformationDecider, after)));
    outcome(0, []);
    outcome(1, []);
    outcome(2, ['94-CT-1', '94-CT-2']);
    after.push(
      ...transformationDecider.decide(
        { type: 'RecordRelapse', programme, communeId: communes[0].unitId, reason: 'phức tạp trở lại', findings: [], today: '2019-06-01', at },
        fold(transformationDecider, after),
      ),
    );
    spec(transformationDecider).given(after).when(selecting(3)).thenThrows('SELECTION_CAP_REACHED');
  });

  it('21 communes still give 3 (3.15 rounded down); 27 give 4 (4.05)', () => {
    spec(transformationDecider).given(selected(3, { districtCommuneCount: 21 })).when(selecting(3, { districtCommuneCount: 21 })).thenThrows('SELECTION_CAP_REACHED');
    expect(selected(4, { districtCommuneCount: 27 })).toHaveLength(4);
  });

  it('the cap is per year: another year has its own stream and count', () => {
    spec(transformationDecider).given([]).when(selecting(3, { year: 2019 })).events();
  });

  it('needs at least one finding under the four criteria groups, each criterion of its group', () => {
    spec(transformationDecider).given([]).when(selecting(0, { findings: [] })).thenThrows('VALIDATION_FAILED');
    const wrongGroup = [{ group: 'criminal' as const, criterionId: '94-TC-b-2', value: 1, note: null }];
    expect(() => spec(transformationDecider).given([]).when(selecting(0, { findings: wrongGroup })).events()).toThrow(
      expect.objectContaining({ details: { fields: [{ field: 'findings[0].criterionId', problems: [expect.stringContaining('94-TC-b-2')] }] } }),
    );
  });

  it('refuses a commune selected twice in a year, or still in transformation from another year, or already transformed', () => {
    spec(transformationDecider).given(selected(1)).when(selecting(0)).thenThrows('COMMUNE_ALREADY_SELECTED');
    spec(transformationDecider)
      .given([])
      .when(selecting(0, { history: { openSelectionYear: 2017, transformedYear: null } }))
      .thenThrows('COMMUNE_IN_TRANSFORMATION');
    spec(transformationDecider)
      .given([])
      .when(selecting(0, { history: { openSelectionYear: null, transformedYear: 2017 } }))
      .thenThrows('COMMUNE_ALREADY_TRANSFORMED');
  });

  it('refuses years outside the programme (2017–2020), units that do not exist then, and non-communes', () => {
    spec(transformationDecider).given([]).when(selecting(0, { year: 2021 })).thenThrows('YEAR_OUTSIDE_PROGRAMME');
    spec(transformationDecider)
      .given([])
      .when(selecting(0, { commune: { ...communes[0], validUntil: '2018-01-01', successorId: null } }))
      .thenThrows('UNIT_NOT_ACTIVE');
    spec(transformationDecider).given([]).when(selecting(0, { commune: district })).thenThrows('NOT_A_COMMUNE');
    spec(transformationDecider)
      .given([])
      .when(selecting(0, { district: { ...district, level: 'province', kind: 'tỉnh' } }))
      .thenThrows('COMMUNE_WITHOUT_DISTRICT');
  });
});

describe('evaluating a selected commune at the end of its year', () => {
  const given = selected(1);

  it('8 of the 9 indicators of plan 94 (88.9%) is success: the commune leaves the list', () => {
    const events = spec(transformationDecider).given(given).when(evaluating(programme, ['94-CT-5'])).events();
    expect(events.map((e) => e.type)).toEqual([COMMUNE_EVALUATED, COMMUNE_TRANSFORMATION_SUCCEEDED]);
    expect(events[0].data).toMatchObject({ metCount: 8, indicatorCount: 9, requiredMetCount: 8, minimumMetPercent: 80 });
    const results = (events[0].data as { results: { indicatorId: string; value: unknown; met: boolean }[] }).results;
    expect(results.find((r) => r.indicatorId === '94-CT-5')).toEqual(
      expect.objectContaining({ comparator: '<', threshold: 15, value: 15, met: false }),
    );
    const state = fold(transformationDecider, [...given, ...events]);
    expect(state.status === 'open' && state.communes[communes[0].unitId].status).toBe('succeeded');
  });

  it('7 of 9 (77.8%) is failure', () => {
    const events = spec(transformationDecider).given(given).when(evaluating(programme, ['94-CT-5', '94-CT-2'])).events();
    expect(events[1]).toMatchObject({ type: COMMUNE_TRANSFORMATION_FAILED, data: { reasons: ['INDICATORS_BELOW_THRESHOLD'] } });
  });

  it('exactly 80% succeeds (8 of 10 indicators); 79.9% fails (799 of 1000)', () => {
    const extra = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ indicatorId: `X-${i}`, text: `chỉ tiêu ${i}`, comparator: '>=' as const, threshold: 1, unit: 'count' }));
    const ten = { ...programme, indicators: [...programme.indicators, ...extra(1)] };
    const tenEvents = spec(transformationDecider).given(given).when(evaluating(ten, ['94-CT-2', '94-CT-3'])).events();
    expect(tenEvents[0].data).toMatchObject({ metCount: 8, indicatorCount: 10 });
    expect(tenEvents[1].type).toBe(COMMUNE_TRANSFORMATION_SUCCEEDED);

    const thousand = { ...programme, indicators: [...programme.indicators, ...extra(991)] };
    const unmet = Array.from({ length: 201 }, (_, i) => `X-${i}`);
    const thousandEvents = spec(transformationDecider).given(given).when(evaluating(thousand, unmet)).events();
    expect(thousandEvents[0].data).toMatchObject({ metCount: 799, indicatorCount: 1000, requiredMetCount: 800 });
    expect(thousandEvents[1].type).toBe(COMMUNE_TRANSFORMATION_FAILED);
  });

  it('fails when a "trong đó" condition does not hold, even with every indicator met', () => {
    const events = spec(transformationDecider)
      .given(given)
      .when(evaluating(programme, [], { conditions: conditionsHeld(programme, ['94-II-4-2']) }))
      .events();
    expect(events[0].data).toMatchObject({ metCount: 9 });
    expect(events[1]).toMatchObject({ type: COMMUNE_TRANSFORMATION_FAILED, data: { reasons: ['CONDITIONS_NOT_HELD'] } });
  });

  it('is refused before the end of the commune’s one-year period', () => {
    spec(transformationDecider).given(given).when(evaluating(programme, [], { today: '2019-01-31' })).thenThrows('EVALUATION_NOT_DUE');
  });

  it('names every bad or missing measurement', () => {
    const measurements = measurementsMeeting(programme).filter((m) => m.indicatorId !== '94-CT-9');
    measurements[5] = { indicatorId: '94-CT-6', value: 1 };
    measurements.push({ indicatorId: '94-CT-99', value: 1 });
    try {
      transformationDecider.decide(evaluating(programme, [], { measurements, conditions: [] }), fold(transformationDecider, given));
      throw new Error('expected a refusal');
    } catch (error: any) {
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields.map((f: { field: string }) => f.field)).toEqual(['measurements[5].value', 'measurements[8].indicatorId', 'measurements', 'conditions']);
    }
  });

  it('refuses an unselected commune and a second evaluation', () => {
    spec(transformationDecider).given(given).when(evaluating(programme, [], { communeId: communes[5].unitId })).thenThrows('COMMUNE_NOT_SELECTED');
    const events = spec(transformationDecider).given(given).when(evaluating(programme)).events();
    spec(transformationDecider).given([...given, ...events]).when(evaluating(programme)).thenThrows('COMMUNE_ALREADY_EVALUATED');
  });
});

describe('relapse of a transformed commune', () => {
  const given = selected(1);
  const success = transformationDecider.decide(evaluating(programme), fold(transformationDecider, given));
  const failure = transformationDecider.decide(evaluating(programme, ['94-CT-1', '94-CT-2']), fold(transformationDecider, given));
  const relapse = {
    type: 'RecordRelapse' as const,
    programme,
    communeId: communes[0].unitId,
    reason: 'Tụ điểm ma túy hoạt động trở lại',
    findings: [{ group: 'drugs' as const, criterionId: '94-TC-b-2', value: 1, note: null }],
    today: '2020-03-01',
    at: '2020-03-01T02:00:00.000Z',
  };

  it('is recorded only after a success, once', () => {
    const events = spec(transformationDecider).given([...given, ...success]).when(relapse).events();
    expect(events).toEqual([
      {
        type: COMMUNE_RELAPSED,
        schemaVersion: 1,
        data: { districtId: 'long-dien', year: 2018, communeId: 'long-dien-c01', reason: relapse.reason, findings: relapse.findings, relapsedOn: '2020-03-01', relapsedAt: relapse.at },
      },
    ]);
    spec(transformationDecider).given([...given, ...success, ...events]).when(relapse).thenThrows('COMMUNE_ALREADY_RELAPSED');
    spec(transformationDecider).given([...given, ...failure]).when(relapse).thenThrows('COMMUNE_NOT_TRANSFORMED');
    spec(transformationDecider).given(given).when(relapse).thenThrows('COMMUNE_NOT_TRANSFORMED');
  });

  it('puts the commune back on the list: it may be selected again in a later year', () => {
    const relapsed = fold(transformationDecider, [...given, ...success, ...transformationDecider.decide(relapse, fold(transformationDecider, [...given, ...success]))]);
    expect(communeHistory([relapsed], communes[0].unitId)).toEqual({ openSelectionYear: null, transformedYear: null });
    expect(communeHistory([fold(transformationDecider, [...given, ...success])], communes[0].unitId)).toEqual({ openSelectionYear: null, transformedYear: 2018 });
    expect(communeHistory([fold(transformationDecider, given)], communes[0].unitId)).toEqual({ openSelectionYear: 2018, transformedYear: null });
    expect(communeHistory([fold(transformationDecider, [...given, ...failure])], communes[0].unitId)).toEqual({ openSelectionYear: null, transformedYear: null });
  });
});
