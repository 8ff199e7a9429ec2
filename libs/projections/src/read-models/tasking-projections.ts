import { vietnamCalendar, WorkingCalendar } from '@dondoc/calendar';
import { Projection } from '../engine/projection';
import { AGENCY_SCORECARD_PROJECTION, createAgencyScorecardProjection } from './agency-scorecard/agency-scorecard.projection';
import { createPlanProgressProjection, PLAN_PROGRESS_PROJECTION } from './plan-progress/plan-progress.projection';
import { createTaskBoardProjection, TASK_BOARD_PROJECTION } from './task-board/task-board.projection';

/** Persisted projection names, in the order the worker starts them. */
export const TASKING_PROJECTION_NAMES = [TASK_BOARD_PROJECTION, AGENCY_SCORECARD_PROJECTION, PLAN_PROGRESS_PROJECTION] as const;

/** The read models of the tasking context. The calendar decides deadlines (the same for live and rebuild). */
export function createTaskingProjections(calendar: WorkingCalendar = vietnamCalendar()): Projection[] {
  return [createTaskBoardProjection(calendar), createAgencyScorecardProjection(), createPlanProgressProjection()];
}
