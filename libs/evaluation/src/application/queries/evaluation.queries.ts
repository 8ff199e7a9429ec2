import { Injectable } from '@nestjs/common';
import { endOfLocalDay, LocalDate } from '../../domain/dates';
import { EvaluationErrors } from '../../domain/evaluation.errors';
import { modelUnitsFigures, ModelUnitsFigures } from '../../domain/movement/model-units.statistics';
import { ProgrammeDefinition } from '../../domain/programme/programme.types';
import { requiredMetCount } from '../../domain/programme/rules';
import { DistrictYearFigures, districtYearFigures, Totals, totalsOf } from '../../domain/transformation/transformation.statistics';
import { ShownUnit, toView, UnitDirectory } from '../../domain/units/unit-directory';
import { UnitLevel, UnitRecord, UnitView } from '../../domain/units/units.types';
import { transformationStreamId } from '../../domain/stream-ids';
import { EvaluationReader } from '../evaluation-reader';

export interface UnitListing extends UnitRecord {
  /** Whether the unit exists on the date asked. */
  existsOn: boolean;
  /** What it is shown as on that date (its successor after a reorganisation). */
  shownAs: UnitView;
}

export interface DistrictStatistics {
  programmeId: string;
  year: number;
  asOf: LocalDate;
  /** The unit asked about, and what it is shown as on `asOf`. */
  unit: ShownUnit;
  goals: ProgrammeDefinition['goals'];
  /** Each district whose figures are counted here (several when the unit asked about succeeded them). */
  districts: DistrictYearStatistics[];
  totals: Totals;
}

export interface YearStatistics {
  programmeId: string;
  year: number;
  asOf: LocalDate;
  goals: ProgrammeDefinition['goals'];
  /** One row per unit as shown on `asOf`: after 1 July 2025 the abolished districts appear under their successor. */
  rows: { shownAs: UnitView; districts: DistrictYearStatistics[]; totals: Totals }[];
  /** Province-wide (the fixture reads the 60% goal as province-wide). */
  totals: Totals;
}

export const DEFAULT_UNITS_PAGE_SIZE = 50;
export const MAX_UNITS_PAGE_SIZE = 200;

export interface UnitFilter {
  level?: UnitLevel;
  /** Units recorded directly under this one (the communes of a district). */
  parentId?: string;
  page?: number;
  pageSize?: number;
}

export interface UnitPage {
  items: UnitListing[];
  page: number;
  pageSize: number;
  total: number;
  asOf: LocalDate;
}

/** A district-year's figures with its stream, whose version a client sends back in If-Match. */
export type DistrictYearStatistics = DistrictYearFigures & { streamId: string; streamVersion: number };

const existedIn = (unit: UnitRecord, year: number): boolean =>
  (unit.validFrom === null || unit.validFrom <= `${year}-12-31`) && (unit.validUntil === null || unit.validUntil > `${year}-01-01`);

/**
 * The query side of the evaluation context, folded from the streams on each request (correct
 * first: no read model to lag or rebuild). Events count when their business time is on or
 * before the end of `asOf` (Asia/Ho_Chi_Minh); units are shown as they stood on `asOf`.
 */
@Injectable()
export class EvaluationQueries {
  constructor(private readonly reader: EvaluationReader) {}

  /** One page of the registry, in registration order, filtered by level and parent. */
  async units(asOf: LocalDate, filter: UnitFilter = {}): Promise<UnitPage> {
    const directory = await this.reader.directory();
    const page = Math.max(1, Math.floor(filter.page ?? 1));
    const pageSize = Math.min(MAX_UNITS_PAGE_SIZE, Math.max(1, Math.floor(filter.pageSize ?? DEFAULT_UNITS_PAGE_SIZE)));
    const matching = directory
      .all()
      .filter((unit) => (!filter.level || unit.level === filter.level) && (!filter.parentId || unit.parentId === filter.parentId));
    return {
      items: matching.slice((page - 1) * pageSize, page * pageSize).map((unit) => ({
        ...unit,
        existsOn: UnitDirectory.isValidOn(unit, asOf),
        shownAs: toView(directory.resolve(unit.unitId, asOf) ?? unit),
      })),
      page,
      pageSize,
      total: matching.length,
      asOf,
    };
  }

  async unit(unitId: string, asOf: LocalDate): Promise<UnitListing & { predecessors: UnitView[] }> {
    const directory = await this.reader.directory();
    const unit = directory.get(unitId);
    if (!unit) throw EvaluationErrors.unitNotKnown(unitId);
    return {
      ...unit,
      existsOn: UnitDirectory.isValidOn(unit, asOf),
      shownAs: toView(directory.resolve(unitId, asOf) ?? unit),
      predecessors: directory
        .shownAs(unitId, asOf)
        .filter((u) => u.unitId !== unitId)
        .map(toView),
    };
  }

  async programme(programmeId: string): Promise<ProgrammeDefinition & { requiredMetCount: number }> {
    const programme = await this.reader.requireProgramme(programmeId);
    return { ...programme, requiredMetCount: requiredMetCount(programme.indicators.length, programme.successRule.minimumMetPercent) };
  }

  async districtStatistics(programmeId: string, unitId: string, year: number, asOf: LocalDate): Promise<DistrictStatistics> {
    const programme = await this.reader.requireProgramme(programmeId);
    const directory = await this.reader.directory();
    const unit = directory.get(unitId);
    if (!unit) throw EvaluationErrors.unitNotKnown(unitId);
    // A district that was reorganised away is shown as its successor with its own figures; a
    // unit asked about now gathers the figures of every district it succeeded.
    const resolved = directory.resolve(unitId, asOf) ?? unit;
    const sources =
      resolved.unitId !== unitId
        ? [unit]
        : directory.shownAs(unitId, asOf).filter((u) => u.level === 'district' && existedIn(u, year));
    const districts = await this.figures(programme, sources, year, asOf, directory);
    return {
      programmeId,
      year,
      asOf,
      unit: directory.show(unitId, asOf),
      goals: programme.goals,
      districts,
      totals: totalsOf(districts, programme.goals),
    };
  }

  async yearStatistics(programmeId: string, year: number, asOf: LocalDate): Promise<YearStatistics> {
    const programme = await this.reader.requireProgramme(programmeId);
    const directory = await this.reader.directory();
    const districts = directory.all().filter((u) => u.level === 'district' && existedIn(u, year));
    const figures = await this.figures(programme, districts, year, asOf, directory);
    const rows = new Map<string, { shownAs: UnitView; districts: DistrictYearStatistics[] }>();
    for (const figure of figures) {
      const key = figure.district.shownAs.unitId;
      const row = rows.get(key) ?? { shownAs: figure.district.shownAs, districts: [] };
      row.districts.push(figure);
      rows.set(key, row);
    }
    return {
      programmeId,
      year,
      asOf,
      goals: programme.goals,
      rows: [...rows.values()].map((row) => ({ ...row, totals: totalsOf(row.districts, programme.goals) })),
      totals: totalsOf(figures, programme.goals),
    };
  }

  async modelUnits(year: number, asOf: LocalDate): Promise<ModelUnitsFigures> {
    const [directory, { state }] = await Promise.all([this.reader.directory(), this.reader.movement(year, endOfLocalDay(asOf))]);
    return modelUnitsFigures({ year, state, directory, asOf });
  }

  private figures(
    programme: ProgrammeDefinition,
    districts: UnitRecord[],
    year: number,
    asOf: LocalDate,
    directory: UnitDirectory,
  ): Promise<DistrictYearStatistics[]> {
    const until = endOfLocalDay(asOf);
    return Promise.all(
      districts.map(async (district) => {
        const { state, version } = await this.reader.transformation(district.unitId, year, until);
        const figures = districtYearFigures({
          districtId: district.unitId,
          year,
          state,
          directory,
          asOf,
          programme: { programmeId: programme.programmeId, goals: programme.goals, capPercent: programme.selectionCap.maxPercentOfDistrictCommunes },
        });
        return { ...figures, streamId: transformationStreamId(district.unitId, year), streamVersion: version };
      }),
    );
  }
}
