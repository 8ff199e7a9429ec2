import { CommuneKind, OrganisationKind, UnitLevel } from '../units/units.types';

/**
 * Classification of the All-People National Security movement, highest first. Plan 1875 names
 * only "khá" (`scale: null` in the fixture); the four levels are the scale in use
 * (xuất sắc, khá, trung bình, yếu), a reading stated in docs/architecture.md ("Evaluation").
 */
export const MOVEMENT_RATINGS = ['xuất sắc', 'khá', 'trung bình', 'yếu'] as const;
export type MovementRating = (typeof MOVEMENT_RATINGS)[number];

const RANK: Record<MovementRating, number> = { 'xuất sắc': 4, khá: 3, 'trung bình': 2, yếu: 1 };
export const ratingAtLeast = (rating: MovementRating, floor: MovementRating): boolean => RANK[rating] >= RANK[floor];

/** The three yearly quotas of plan 1875 IV.1.đ: one xã, one phường or thị trấn, one cơ quan (or doanh nghiệp, cơ sở giáo dục). */
export const MODEL_CATEGORIES = ['commune', 'ward_or_town', 'organisation'] as const;
export type ModelCategory = (typeof MODEL_CATEGORIES)[number];

export function modelCategoryOf(level: UnitLevel, kind: string): ModelCategory | null {
  if (level === 'commune') {
    if ((kind as CommuneKind) === 'xã') return 'commune';
    if ((kind as CommuneKind) === 'phường' || (kind as CommuneKind) === 'thị trấn') return 'ward_or_town';
    return null;
  }
  if (level === 'organisation' && ['cơ quan', 'doanh nghiệp', 'cơ sở giáo dục'].includes(kind as OrganisationKind)) return 'organisation';
  return null;
}

export interface Eligibility {
  eligible: boolean;
  /** Why not, in Vietnamese; empty when eligible. */
  reasons: string[];
}

/**
 * Plan 1875 II.2: a model unit must have met the "An toàn về an ninh, trật tự" standard AND
 * have its movement classified "khá" or above (`combinator: all`).
 */
export function modelEligibility(classification: { safe: boolean; rating: MovementRating }): Eligibility {
  const reasons: string[] = [];
  if (!classification.safe) reasons.push('chưa đạt tiêu chuẩn "An toàn về an ninh, trật tự"');
  if (!ratingAtLeast(classification.rating, 'khá')) reasons.push(`phong trào xếp loại "${classification.rating}", dưới "khá"`);
  return { eligible: reasons.length === 0, reasons };
}

export const MODEL_WARNING_CODES = {
  commune: 'NO_MODEL_COMMUNE',
  ward_or_town: 'NO_MODEL_WARD_OR_TOWN',
  organisation: 'NO_MODEL_ORGANISATION',
} as const satisfies Record<ModelCategory, string>;

export interface ModelWarning {
  code: (typeof MODEL_WARNING_CODES)[ModelCategory];
  category: ModelCategory;
  message: string;
}

const WARNING_TEXT: Record<ModelCategory, string> = {
  commune: 'chưa có xã điển hình',
  ward_or_town: 'chưa có phường hoặc thị trấn điển hình',
  organisation: 'chưa có cơ quan (hoặc doanh nghiệp, cơ sở giáo dục) điển hình',
};

/** Plan 1875 IV.1.đ asks for at least one model of each category a year; each missing one is a warning. */
export function modelUnitWarnings(year: number, recognisedCategories: ModelCategory[], where = ''): ModelWarning[] {
  return MODEL_CATEGORIES.filter((category) => !recognisedCategories.includes(category)).map((category) => ({
    code: MODEL_WARNING_CODES[category],
    category,
    message: `Năm ${year}${where ? ` (${where})` : ''} ${WARNING_TEXT[category]} (Kế hoạch 1875: mỗi năm ít nhất 01 xã, 01 phường/thị trấn và 01 cơ quan, doanh nghiệp hoặc cơ sở giáo dục)`,
  }));
}
