import { ProgrammeDefinition } from './programme.types';

/** Persisted event type: never renamed. */
export const EVALUATION_PROGRAMME_DEFINED = 'EvaluationProgrammeDefined';
export const PROGRAMME_EVENT_SCHEMA_VERSIONS = { [EVALUATION_PROGRAMME_DEFINED]: 1 } as const;

export interface EvaluationProgrammeDefined {
  type: typeof EVALUATION_PROGRAMME_DEFINED;
  data: ProgrammeDefinition & { definedAt: string };
  schemaVersion?: number;
}

export type ProgrammeEvent = EvaluationProgrammeDefined;
