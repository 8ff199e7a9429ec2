import { fold } from '@dondoc/event-store/decider/decider';
import { spec } from '@dondoc/event-store/decider/given-when-then';
import { asRecord, communesOf, DISTRICT, PROVINCE } from '../../testing/evaluation.fixtures';
import { UnitDirectory } from '../units/unit-directory';
import { UnitRecord } from '../units/units.types';
import { ClassifyMovement } from './movement.commands';
import { movementDecider, warningsFor } from './movement.decider';
import { MODEL_UNIT_RECOGNISED, MOVEMENT_CLASSIFIED, MovementEvent } from './movement.events';
import { modelUnitsFigures } from './model-units.statistics';
import { modelEligibility, MovementRating } from './movement.types';

const [town, xa] = communesOf(DISTRICT.unitId, 2).map(asRecord);
const school: UnitRecord = asRecord({ unitId: 'thpt-ld', name: 'Trường THPT Long Điền', level: 'organisation', kind: 'cơ sở giáo dục', parentId: DISTRICT.unitId, validFrom: null });
const today = '2023-11-30';
const at = '2023-11-30T03:00:00.000Z';

const classify = (unit: UnitRecord, rating: MovementRating, safe: boolean): ClassifyMovement => ({
  type: 'ClassifyMovement',
  year: 2023,
  unit,
  provinceId: PROVINCE.unitId,
  rating,
  safe,
  today,
  at,
});
const recognise = (unitId: string) => ({ type: 'RecogniseModelUnit' as const, year: 2023, unitId, decision: 'Quyết định số 12/QĐ-BCĐ', today, at });
const classified = (...commands: ClassifyMovement[]): MovementEvent[] =>
  commands.reduce<MovementEvent[]>((events, c) => [...events, ...movementDecider.decide(c, fold(movementDecider, events))], []);

describe('eligibility of a model unit (plan 1875 II.2: safe AND "khá" or above)', () => {
  it('is eligible when safe and xuất sắc or khá', () => {
    expect(modelEligibility({ safe: true, rating: 'xuất sắc' })).toEqual({ eligible: true, reasons: [] });
    expect(modelEligibility({ safe: true, rating: 'khá' })).toEqual({ eligible: true, reasons: [] });
  });

  it('is not when below khá, or not rated safe, or both', () => {
    expect(modelEligibility({ safe: true, rating: 'trung bình' }).eligible).toBe(false);
    expect(modelEligibility({ safe: true, rating: 'yếu' }).eligible).toBe(false);
    expect(modelEligibility({ safe: false, rating: 'xuất sắc' }).reasons).toEqual(['chưa đạt tiêu chuẩn "An toàn về an ninh, trật tự"']);
    expect(modelEligibility({ safe: false, rating: 'yếu' }).reasons).toHaveLength(2);
  });
});

describe('movement decider', () => {
  it('classifies a unit for a year with its category and province', () => {
    spec(movementDecider)
      .given([])
      .when(classify(xa, 'khá', true))
      .then([
        {
          type: MOVEMENT_CLASSIFIED,
          schemaVersion: 1,
          data: {
            year: 2023,
            unitId: xa.unitId,
            unitName: xa.name,
            unitLevel: 'commune',
            unitKind: 'xã',
            category: 'commune',
            provinceId: PROVINCE.unitId,
            rating: 'khá',
            safe: true,
            classifiedOn: today,
            classifiedAt: at,
          },
        },
      ]);
  });

  it('recognises an eligible unit as a model', () => {
    const events = spec(movementDecider).given(classified(classify(xa, 'khá', true))).when(recognise(xa.unitId)).events();
    expect(events).toEqual([
      expect.objectContaining({ type: MODEL_UNIT_RECOGNISED, data: expect.objectContaining({ unitId: xa.unitId, rating: 'khá', safe: true, decision: 'Quyết định số 12/QĐ-BCĐ', recognisedOn: today }) }),
    ]);
  });

  it('refuses an ineligible unit, an unclassified one, and a second recognition', () => {
    spec(movementDecider).given(classified(classify(xa, 'trung bình', true))).when(recognise(xa.unitId)).thenThrows('MODEL_UNIT_NOT_ELIGIBLE');
    spec(movementDecider).given(classified(classify(xa, 'xuất sắc', false))).when(recognise(xa.unitId)).thenThrows('MODEL_UNIT_NOT_ELIGIBLE');
    spec(movementDecider).given([]).when(recognise(xa.unitId)).thenThrows('MOVEMENT_NOT_CLASSIFIED');
    const given = classified(classify(xa, 'khá', true));
    const recognised = movementDecider.decide(recognise(xa.unitId), fold(movementDecider, given));
    spec(movementDecider).given([...given, ...recognised]).when(recognise(xa.unitId)).thenThrows('MODEL_UNIT_ALREADY_RECOGNISED');
    spec(movementDecider).given([...given, ...recognised]).when(classify(xa, 'yếu', true)).thenThrows('MOVEMENT_CLASSIFICATION_LOCKED');
  });

  it('a reclassification before recognition is a new fact; the same one again appends nothing', () => {
    const given = classified(classify(xa, 'trung bình', true));
    spec(movementDecider).given(given).when(classify(xa, 'trung bình', true)).then([]);
    const events = spec(movementDecider).given(given).when(classify(xa, 'khá', true)).events();
    spec(movementDecider).given([...given, ...events]).when(recognise(xa.unitId)).events();
  });

  it('refuses districts and provinces, and years still to come', () => {
    spec(movementDecider).given([]).when(classify(asRecord(DISTRICT), 'khá', true)).thenThrows('UNIT_NOT_EVALUABLE');
    spec(movementDecider).given([]).when({ ...classify(xa, 'khá', true), year: 2024 }).thenThrows('YEAR_IN_FUTURE');
  });

  it('warns when a year has no model commune, no model ward or town, or no model agency', () => {
    const given = classified(classify(xa, 'khá', true), classify(town, 'xuất sắc', true), classify(school, 'khá', false));
    let state = fold(movementDecider, given);
    const codes = () => warningsFor(state, 2023, new Set([PROVINCE.unitId])).map((w) => w.code);
    expect(codes()).toEqual(['NO_MODEL_COMMUNE', 'NO_MODEL_WARD_OR_TOWN', 'NO_MODEL_ORGANISATION']);
    state = movementDecider.decide(recognise(xa.unitId), state).reduce(movementDecider.evolve, state);
    expect(codes()).toEqual(['NO_MODEL_WARD_OR_TOWN', 'NO_MODEL_ORGANISATION']);
    state = movementDecider.decide(recognise(town.unitId), state).reduce(movementDecider.evolve, state);
    expect(codes()).toEqual(['NO_MODEL_ORGANISATION']);
    expect(warningsFor(state, 2023, new Set([PROVINCE.unitId]))[0].message).toContain('chưa có cơ quan (hoặc doanh nghiệp, cơ sở giáo dục) điển hình');

    const directory = new UnitDirectory([asRecord(PROVINCE), asRecord(DISTRICT), town, xa, school]);
    const figures = modelUnitsFigures({ year: 2023, state, directory, asOf: '2023-12-31' });
    expect(figures.provinces).toHaveLength(1);
    expect(figures.provinces[0]).toMatchObject({
      province: { shownAs: { unitId: PROVINCE.unitId } },
      classified: 3,
      byCategory: { commune: 1, ward_or_town: 1, organisation: 0 },
      eligibleNotRecognised: [],
    });
    expect(figures.provinces[0].recognised.map((r) => r.unit.unit.unitId)).toEqual([xa.unitId, town.unitId]);
    expect(figures.warnings.map((w) => w.code)).toEqual(['NO_MODEL_ORGANISATION']);
  });
});
