/**
 * Test data for the evaluation context (unit, integration and end-to-end tests): the plan 94
 * fixture as a programme, and small unit registries with the seeds' numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { programmeFromPlanFixture } from '../domain/programme/plan-fixture';
import { ProgrammeDefinition } from '../domain/programme/programme.types';
import { UnitData, UnitRecord } from '../domain/units/units.types';

export const PLAN_94_FIXTURE_PATH = join(__dirname, '../../../../fixtures/plan-94-ba-ria-vung-tau-2017.json');

export function readPlan94(): unknown {
  return JSON.parse(readFileSync(PLAN_94_FIXTURE_PATH, 'utf8'));
}

export function plan94Programme(): ProgrammeDefinition {
  return programmeFromPlanFixture(readPlan94());
}

export const PROVINCE: UnitData = { unitId: 'brvt', name: 'Bà Rịa - Vũng Tàu', level: 'province', kind: 'tỉnh', parentId: null, validFrom: null };
export const DISTRICT: UnitData = { unitId: 'long-dien', name: 'Long Điền', level: 'district', kind: 'huyện', parentId: 'brvt', validFrom: null };

/** `count` communes of a district: `<districtId>-c01` … (the first is a thị trấn, the rest xã). */
export function communesOf(districtId: string, count: number): UnitData[] {
  return Array.from({ length: count }, (_, i) => ({
    unitId: `${districtId}-c${String(i + 1).padStart(2, '0')}`,
    name: `${i === 0 ? 'Thị trấn' : 'Xã'} số ${i + 1}`,
    level: 'commune' as const,
    kind: i === 0 ? 'thị trấn' : 'xã',
    parentId: districtId,
    validFrom: null,
  }));
}

export const asRecord = (unit: UnitData): UnitRecord => ({ ...unit, validUntil: null, successorId: null, reorganisationId: null });

/** Every indicator of a programme met (plan 94 values that meet each threshold). */
export function measurementsMeeting(programme: ProgrammeDefinition, unmet: string[] = []): { indicatorId: string; value: number | boolean }[] {
  return programme.indicators.map((indicator) => {
    const miss = unmet.includes(indicator.indicatorId);
    if (typeof indicator.threshold === 'boolean') return { indicatorId: indicator.indicatorId, value: miss ? !indicator.threshold : indicator.threshold };
    const t = indicator.threshold;
    const value = (() => {
      switch (indicator.comparator) {
        case '>=':
          return miss ? t - 0.1 : t;
        case '>':
          return miss ? t : t + 1;
        case '<=':
          return miss ? t + 0.1 : t;
        case '<':
          return miss ? t : t - 0.1;
        case '=':
          return miss ? t + 1 : t;
      }
    })();
    return { indicatorId: indicator.indicatorId, value };
  });
}

export function conditionsHeld(programme: ProgrammeDefinition, notHeld: string[] = []): { conditionId: string; held: boolean }[] {
  return programme.successRule.requiredConditions.map((c) => ({ conditionId: c.conditionId, held: !notHeld.includes(c.conditionId) }));
}
