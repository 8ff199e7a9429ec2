/** Stream ids of the tasking context (docs/contributing.md); persisted, never renamed. */
export const agencyStreamId = (code: string): string => `agency-${code}`;
export const planStreamId = (planId: string): string => `plan-${planId}`;
export const taskStreamId = (taskId: string): string => `task-${taskId}`;
