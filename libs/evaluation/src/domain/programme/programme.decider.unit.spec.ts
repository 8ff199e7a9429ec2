import { spec } from '@dondoc/event-store/decider/given-when-then';
import { plan94Programme } from '../../testing/evaluation.fixtures';
import { EVALUATION_PROGRAMME_DEFINED, EvaluationProgrammeDefined } from './programme.events';
import { programmeDecider } from './programme.decider';

const at = '2017-09-10T01:00:00.000Z';
const programme = plan94Programme();
const defined: EvaluationProgrammeDefined = { type: EVALUATION_PROGRAMME_DEFINED, data: { ...programme, definedAt: at }, schemaVersion: 1 };

describe('programme decider', () => {
  it('defines a programme once', () => {
    spec(programmeDecider).given([]).when({ type: 'DefineProgramme', definition: programme, at }).then([defined]);
  });

  it('defining (importing) the same programme again appends nothing', () => {
    const reordered = JSON.parse(JSON.stringify({ ...programme, goals: { noRelapsePercent: 85, yearlySuccessPercent: 60 } }));
    spec(programmeDecider).given([defined]).when({ type: 'DefineProgramme', definition: reordered, at: '2018-01-01T00:00:00Z' }).then([]);
  });

  it('refuses a different programme under the same id: what was recorded is never rewritten', () => {
    spec(programmeDecider)
      .given([defined])
      .when({ type: 'DefineProgramme', definition: { ...programme, goals: { yearlySuccessPercent: 50, noRelapsePercent: 85 } }, at })
      .thenThrows('PROGRAMME_ALREADY_DEFINED');
  });

  it('names every bad field of a definition', () => {
    const bad = {
      ...programme,
      indicators: [programme.indicators[0], { ...programme.indicators[1], indicatorId: '94-CT-1' }, { ...programme.indicators[5], comparator: '>=' as const }],
      successRule: { ...programme.successRule, minimumMetPercent: 0 },
      selectionCap: { ...programme.selectionCap, maxPercentOfDistrictCommunes: 150 },
    };
    const run = () => programmeDecider.decide({ type: 'DefineProgramme', definition: bad, at }, programmeDecider.initialState());
    expect(run).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    try {
      run();
    } catch (error: any) {
      expect(error.details.fields.map((f: { field: string }) => f.field)).toEqual([
        'indicators[1].indicatorId',
        'indicators[2].comparator',
        'successRule.minimumMetPercent',
        'selectionCap.maxPercentOfDistrictCommunes',
      ]);
    }
  });
});
