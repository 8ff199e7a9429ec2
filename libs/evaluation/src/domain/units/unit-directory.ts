import { LocalDate } from '../dates';
import { UnitRecord, UnitView } from './units.types';

/** How a recorded unit is shown on a date: itself before its reorganisation, its successor after. */
export interface ShownUnit {
  /** The unit as it was recorded. */
  unit: UnitView;
  /** The unit that stands for it on the date asked (itself when nothing changed). */
  shownAs: UnitView;
  /** True when `shownAs` differs from `unit` because of a reorganisation effective by then. */
  reorganised: boolean;
  /** True when the unit no longer exists on that date and has no successor. */
  abolished: boolean;
}

export const toView = (unit: Pick<UnitRecord, 'unitId' | 'name' | 'level' | 'kind'>): UnitView => ({
  unitId: unit.unitId,
  name: unit.name,
  level: unit.level,
  kind: unit.kind,
});

/**
 * Read-only questions about the unit registry as of a date (pure). Validity is valid time:
 * a unit exists on `date` when `validFrom <= date < validUntil`; a reorganisation effective
 * on 1 July 2025 therefore shows the successor for 1 July 2025 onwards and the original unit
 * for 30 June 2025 and before, whenever the reorganisation was recorded.
 */
export class UnitDirectory {
  private readonly byId: ReadonlyMap<string, UnitRecord>;

  constructor(units: Iterable<UnitRecord> = []) {
    this.byId = new Map([...units].map((unit) => [unit.unitId, unit]));
  }

  get(unitId: string): UnitRecord | undefined {
    return this.byId.get(unitId);
  }

  all(): UnitRecord[] {
    return [...this.byId.values()];
  }

  static isValidOn(unit: Pick<UnitRecord, 'validFrom' | 'validUntil'>, date: LocalDate): boolean {
    return (unit.validFrom === null || unit.validFrom <= date) && (unit.validUntil === null || date < unit.validUntil);
  }

  isValidOn(unitId: string, date: LocalDate): boolean {
    const unit = this.get(unitId);
    return unit !== undefined && UnitDirectory.isValidOn(unit, date);
  }

  /** The unit that stands for `unitId` on `date`: follows successors of every reorganisation effective by then. */
  resolve(unitId: string, date: LocalDate): UnitRecord | undefined {
    let unit = this.get(unitId);
    const seen = new Set<string>();
    while (unit && unit.validUntil !== null && unit.validUntil <= date && unit.successorId && !seen.has(unit.unitId)) {
      seen.add(unit.unitId);
      const next = this.get(unit.successorId);
      if (!next) break;
      unit = next;
    }
    return unit;
  }

  /** Every unit that is shown as `unitId` on `date` (itself and its predecessors). */
  shownAs(unitId: string, date: LocalDate): UnitRecord[] {
    return this.all().filter((unit) => this.resolve(unit.unitId, date)?.unitId === unitId);
  }

  show(unitId: string, date: LocalDate, fallbackName = unitId): ShownUnit {
    const recorded = this.get(unitId);
    if (!recorded) {
      const unknown: UnitView = { unitId, name: fallbackName, level: 'commune', kind: '' };
      return { unit: unknown, shownAs: unknown, reorganised: false, abolished: false };
    }
    const resolved = this.resolve(unitId, date) ?? recorded;
    return {
      unit: toView(recorded),
      shownAs: toView(resolved),
      reorganised: resolved.unitId !== recorded.unitId,
      abolished: !UnitDirectory.isValidOn(resolved, date) && resolved.validUntil !== null && resolved.validUntil <= date,
    };
  }

  /** The commune-level units of a district that exist on `date` ("hiện có", plan 94 II.2). */
  communesOf(districtId: string, date: LocalDate): UnitRecord[] {
    return this.all().filter(
      (unit) => unit.level === 'commune' && unit.parentId === districtId && UnitDirectory.isValidOn(unit, date),
    );
  }

  /** The province a unit was recorded under (walking recorded parents); null when none is registered. */
  provinceOf(unitId: string): UnitRecord | null {
    let unit = this.get(unitId);
    const seen = new Set<string>();
    while (unit && unit.level !== 'province' && unit.parentId && !seen.has(unit.unitId)) {
      seen.add(unit.unitId);
      unit = this.get(unit.parentId);
    }
    return unit?.level === 'province' ? unit : null;
  }
}
