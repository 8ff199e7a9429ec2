import { LocalDate } from '../dates';
import { CRITERIA_GROUPS, CriteriaGroupKey, ProgrammeGoals } from '../programme/programme.types';
import { goalStatus, GoalStatus, percentOf, selectionCap } from '../programme/rules';
import { ShownUnit, UnitDirectory } from '../units/unit-directory';
import { CommuneStatus, TransformationState } from './transformation.decider';

/**
 * Figures of the commune transformation programme, folded from district-year states (pure).
 * Units are shown as of `asOf`: an old unit appears under its successor once a reorganisation
 * is effective, and as itself before.
 */

export interface Rate {
  /** Share in percent, one decimal, for display; null with nothing to count. */
  percent: number | null;
  goalPercent: number | null;
  status: GoalStatus;
}

export interface Counts {
  selected: number;
  evaluated: number;
  /** Selected and not yet evaluated. */
  pending: number;
  /** Pending past the end of their transformation period. */
  overdue: number;
  /** Transformed successfully (including those that relapsed later). */
  succeeded: number;
  failed: number;
  relapsed: number;
}

export interface CommuneFigure {
  commune: ShownUnit;
  status: CommuneStatus;
  /** Still on the programme's list: not transformed, or relapsed. A success leaves the list. */
  onList: boolean;
  selectedOn: LocalDate;
  evaluationDueOn: LocalDate;
  overdue: boolean;
  findings: Record<CriteriaGroupKey, number>;
  evaluation: { metCount: number; indicatorCount: number; metPercent: number | null; requiredMetCount: number; evaluatedOn: LocalDate } | null;
  succeededOn: LocalDate | null;
  failedOn: LocalDate | null;
  relapsedOn: LocalDate | null;
}

export interface CapFigure {
  percent: number | null;
  /** N: commune-level units of the district (recorded at the latest selection, else from the registry). */
  communeCount: number;
  /** floor(percent × N / 100). */
  max: number | null;
  selected: number;
  remaining: number | null;
  source: 'selections' | 'registry';
}

export interface DistrictYearFigures {
  district: ShownUnit;
  year: number;
  /** The programme of the district-year's selections; null when nothing was selected. */
  programmeId: string | null;
  cap: CapFigure;
  counts: Counts;
  successRate: Rate;
  noRelapseRate: Rate;
  communes: CommuneFigure[];
}

export interface Totals {
  cap: { max: number | null; selected: number };
  counts: Counts;
  successRate: Rate;
  noRelapseRate: Rate;
}

const zeroCounts = (): Counts => ({ selected: 0, evaluated: 0, pending: 0, overdue: 0, succeeded: 0, failed: 0, relapsed: 0 });

/**
 * Plan 94 I.1: at least 60% of the communes selected in a year succeed (denominator: the
 * selected, "tổng số địa bàn được lựa chọn"; pending evaluations keep the status `pending`
 * until the outcome is certain), and at least 85% of the transformed do not relapse (no time
 * window in the plan: the figure is as of the date asked).
 */
export function rates(counts: Counts, goals: ProgrammeGoals | null): { successRate: Rate; noRelapseRate: Rate } {
  const notRelapsed = counts.succeeded - counts.relapsed;
  return {
    successRate: {
      percent: percentOf(counts.succeeded, counts.selected),
      goalPercent: goals?.yearlySuccessPercent ?? null,
      status: goals ? goalStatus(counts.succeeded, counts.pending, counts.selected, goals.yearlySuccessPercent) : 'not_applicable',
    },
    noRelapseRate: {
      percent: percentOf(notRelapsed, counts.succeeded),
      goalPercent: goals?.noRelapsePercent ?? null,
      status: goals ? goalStatus(notRelapsed, 0, counts.succeeded, goals.noRelapsePercent) : 'not_applicable',
    },
  };
}

export interface FigureInput {
  districtId: string;
  year: number;
  state: TransformationState;
  directory: UnitDirectory;
  asOf: LocalDate;
  /** The programme asked about: its goals and cap; selections of another programme are not counted. */
  programme: { programmeId: string; goals: ProgrammeGoals; capPercent: number } | null;
}

export function districtYearFigures(input: FigureInput): DistrictYearFigures {
  const { state, directory, asOf, year, programme } = input;
  const counted = state.status === 'open' && (!programme || state.programmeId === programme.programmeId) ? state : null;
  const entries = counted ? Object.values(counted.communes) : [];
  const counts = zeroCounts();
  const communes: CommuneFigure[] = entries.map((entry) => {
    const evaluated = entry.status !== 'selected';
    const overdue = entry.status === 'selected' && asOf > entry.evaluationDueOn;
    counts.selected++;
    if (evaluated) counts.evaluated++;
    else counts.pending++;
    if (overdue) counts.overdue++;
    if (entry.status === 'succeeded' || entry.status === 'relapsed') counts.succeeded++;
    if (entry.status === 'failed') counts.failed++;
    if (entry.status === 'relapsed') counts.relapsed++;
    const findings = Object.fromEntries(CRITERIA_GROUPS.map((g) => [g, entry.findings.filter((f) => f.group === g).length])) as Record<
      CriteriaGroupKey,
      number
    >;
    return {
      commune: directory.show(entry.communeId, asOf, entry.communeName),
      status: entry.status,
      onList: entry.status !== 'succeeded',
      selectedOn: entry.selectedOn,
      evaluationDueOn: entry.evaluationDueOn,
      overdue,
      findings,
      evaluation:
        entry.status === 'selected'
          ? null
          : {
              metCount: entry.evaluation.metCount,
              indicatorCount: entry.evaluation.indicatorCount,
              metPercent: percentOf(entry.evaluation.metCount, entry.evaluation.indicatorCount),
              requiredMetCount: entry.evaluation.requiredMetCount,
              evaluatedOn: entry.evaluation.evaluatedOn,
            },
      succeededOn: entry.status === 'succeeded' || entry.status === 'relapsed' ? entry.succeededOn : null,
      failedOn: entry.status === 'failed' ? entry.failedOn : null,
      relapsedOn: entry.status === 'relapsed' ? entry.relapsedOn : null,
    };
  });

  const latest = entries.reduce<(typeof entries)[number] | null>((last, e) => (!last || e.selectedCount > last.selectedCount ? e : last), null);
  const capPercent = latest?.capPercent ?? programme?.capPercent ?? null;
  const communeCount = latest?.communeCount ?? directory.communesOf(input.districtId, minDate(asOf, `${year}-12-31`)).length;
  const max = capPercent === null ? null : selectionCap(communeCount, capPercent);
  return {
    district: directory.show(input.districtId, asOf),
    year,
    programmeId: counted?.programmeId ?? null,
    cap: {
      percent: capPercent,
      communeCount,
      max,
      selected: counts.selected,
      remaining: max === null ? null : Math.max(0, max - counts.selected),
      source: latest ? 'selections' : 'registry',
    },
    counts,
    ...rates(counts, programme?.goals ?? null),
    communes,
  };
}

const minDate = (a: LocalDate, b: LocalDate): LocalDate => (a <= b ? a : b);

export function totalsOf(figures: DistrictYearFigures[], goals: ProgrammeGoals | null): Totals {
  const counts = zeroCounts();
  let max: number | null = null;
  for (const figure of figures) {
    for (const key of Object.keys(counts) as (keyof Counts)[]) counts[key] += figure.counts[key];
    if (figure.cap.max !== null) max = (max ?? 0) + figure.cap.max;
  }
  return { cap: { max, selected: counts.selected }, counts, ...rates(counts, goals) };
}
