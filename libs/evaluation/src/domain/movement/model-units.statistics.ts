import { LocalDate } from '../dates';
import { ShownUnit, UnitDirectory } from '../units/unit-directory';
import { MovementState } from './movement.decider';
import { MODEL_CATEGORIES, ModelCategory, modelEligibility, modelUnitWarnings, ModelWarning, MovementRating } from './movement.types';

export interface ModelUnitFigure {
  unit: ShownUnit;
  category: ModelCategory;
  rating: MovementRating;
  safe: boolean;
}

export interface ProvinceModelFigures {
  /** The province as of the date asked (a merged province shows as its successor); null when unknown. */
  province: ShownUnit | null;
  classified: number;
  recognised: (ModelUnitFigure & { decision: string | null; recognisedOn: LocalDate })[];
  /** Classified safe and "khá" or above but not (yet) recognised. */
  eligibleNotRecognised: ModelUnitFigure[];
  byCategory: Record<ModelCategory, number>;
  warnings: ModelWarning[];
}

export interface ModelUnitsFigures {
  year: number;
  asOf: LocalDate;
  provinces: ProvinceModelFigures[];
  /** Every province's warnings together. */
  warnings: ModelWarning[];
}

/** The model units of a year per province with the quota warnings of plan 1875 (pure). */
export function modelUnitsFigures(input: { year: number; state: MovementState; directory: UnitDirectory; asOf: LocalDate }): ModelUnitsFigures {
  const { year, state, directory, asOf } = input;
  const keyOf = (provinceId: string | null): string => (provinceId === null ? '' : (directory.resolve(provinceId, asOf)?.unitId ?? provinceId));
  const groups = new Map<string, ProvinceModelFigures>();
  const group = (provinceId: string | null): ProvinceModelFigures => {
    const key = keyOf(provinceId);
    let figures = groups.get(key);
    if (!figures) {
      figures = {
        province: key === '' ? null : directory.show(key, asOf),
        classified: 0,
        recognised: [],
        eligibleNotRecognised: [],
        byCategory: { commune: 0, ward_or_town: 0, organisation: 0 },
        warnings: [],
      };
      groups.set(key, figures);
    }
    return figures;
  };
  // Every province that existed in the year is listed, so that one without any model is warned about.
  for (const province of directory.all()) {
    const existed = (province.validFrom === null || province.validFrom <= `${year}-12-31`) && (province.validUntil === null || province.validUntil > `${year}-01-01`);
    if (province.level === 'province' && existed) group(province.unitId);
  }
  if (state.status === 'open') {
    for (const movement of state.units.values()) {
      const { classification } = movement;
      const figures = group(classification.provinceId);
      figures.classified++;
      const figure: ModelUnitFigure = {
        unit: directory.show(classification.unitId, asOf, classification.unitName),
        category: classification.category,
        rating: classification.rating,
        safe: classification.safe,
      };
      if (movement.status === 'recognised') {
        figures.recognised.push({ ...figure, decision: movement.recognition.decision, recognisedOn: movement.recognition.recognisedOn });
        figures.byCategory[classification.category]++;
      } else if (modelEligibility(classification).eligible) {
        figures.eligibleNotRecognised.push(figure);
      }
    }
  }
  const provinces = [...groups.values()];
  for (const figures of provinces) {
    figures.warnings = modelUnitWarnings(
      year,
      MODEL_CATEGORIES.filter((c) => figures.byCategory[c] > 0),
      figures.province?.shownAs.name ?? '',
    );
  }
  return { year, asOf, provinces, warnings: provinces.flatMap((p) => p.warnings) };
}
