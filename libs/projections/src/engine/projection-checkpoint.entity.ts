import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far each projection has applied the global order. Moved in the same transaction as the
 * read-model rows it covers; guarded by the projection's advisory lock (PROJECTION_LOCK_SQL) while a batch is applied.
 */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  /** The projection's persisted name, e.g. `task-board`. */
  @PrimaryColumn({ type: 'text' })
  name: string;

  /** Global position of the last event applied (0: none). */
  /** bigint: TypeORM hands it back as a string. */
  @Column({ type: 'bigint' })
  position: string;

  /** Events applied since position 0: equals the number of events up to `position` unless one was applied twice. */
  @Column({ name: 'events_applied', type: 'bigint' })
  eventsApplied: string;

  /** `recorded_at` of the last event applied, for the lag in seconds. */
  @Column({ name: 'last_recorded_at', type: 'timestamptz', nullable: true })
  lastRecordedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** When the tables were last swapped in by a rebuild. */
  @Column({ name: 'rebuilt_at', type: 'timestamptz', nullable: true })
  rebuiltAt: Date | null;
}
