import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@dondoc/platform/database/pg-pool';
import { EVALUATION_PROGRAMME_DEFINED } from '../../domain/programme/programme.events';
import { ProgrammeDefinition } from '../../domain/programme/programme.types';

export interface ProgrammeSummary {
  programmeId: string;
  title: string;
  plan: ProgrammeDefinition['plan'];
  period: ProgrammeDefinition['period'];
  definedAt: string;
}

/**
 * The programmes defined so far, newest first, from their definitions in the event store (a
 * programme is defined once and never rewritten, so its first event is all there is to list).
 */
@Injectable()
export class ProgrammeCatalogue {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(): Promise<ProgrammeSummary[]> {
    const rows = await this.pool.query<{ data: ProgrammeDefinition & { definedAt: string } }>(
      `SELECT data FROM events WHERE event_type = $1 ORDER BY global_position DESC LIMIT 500`,
      [EVALUATION_PROGRAMME_DEFINED],
    );
    return rows.rows.map(({ data }) => ({
      programmeId: data.programmeId,
      title: data.plan.title,
      plan: data.plan,
      period: data.period,
      definedAt: data.definedAt,
    }));
  }
}
