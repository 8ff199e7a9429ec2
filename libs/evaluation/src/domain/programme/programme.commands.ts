import { ProgrammeDefinition } from './programme.types';

export interface DefineProgramme {
  type: 'DefineProgramme';
  definition: ProgrammeDefinition;
  at: string;
}

export type ProgrammeCommand = DefineProgramme;
