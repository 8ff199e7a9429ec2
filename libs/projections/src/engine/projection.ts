import { ProjectionEvent } from '@dondoc/event-store';
import { TableBuffer } from './table-buffer';

/**
 * A table a projection owns. Rows travel as JSON objects keyed by column name, loaded with
 * `to_json(row)` and written back with `json_populate_recordset(NULL::<table>, …)`, so that
 * the table's own column types do the conversions.
 */
export interface TableSpec<Row extends object = Record<string, unknown>> {
  /** Live table name; a rebuild writes `<name>_rebuild` and renames it in. Persisted. */
  readonly name: string;
  /** Primary-key columns, in order. */
  readonly key: readonly (keyof Row & string)[];
  /** Every column, in table order. */
  readonly columns: readonly (keyof Row & string)[];
  /**
   * Columns whose rows are also loaded together (e.g. every obligation of a task). Each needs an
   * index, and a row's value in such a column never changes.
   */
  readonly groupBy?: readonly (keyof Row & string)[];
}

/** An event as a projection sees it: what read models read of it, upcast to the current schema of its type. */
export type ProjectedEvent = ProjectionEvent;

/** The row buffers of one batch; the engine writes them (an upsert and a delete per table, in one statement when live). */
export interface ProjectionTables {
  table<Row extends object>(spec: TableSpec<Row>): TableBuffer<Row>;
  /**
   * Runs `work` before every write of these tables' rows, for as long as they live: work a
   * projection leaves until then, such as a summary per row over all of its events. Live, the
   * rows are written once per batch; a rebuild writes them after many batches, so the work is
   * done once per row rather than once per batch.
   */
  beforeWrite(work: () => void): void;
}

/**
 * A read model: named (the name is persisted in `projection_checkpoints`), owning its tables,
 * applying a batch of events in global order. `apply` loads the rows the batch touches (the loads
 * it starts together, e.g. with Promise.all, go in one query), evolves them in memory and leaves
 * the writing to the engine.
 *
 * Projections have no side effects: no reminders, no deliveries, no clock. A rebuild replays
 * every event through the same `apply`, so anything else would happen twice.
 */
export interface Projection {
  readonly name: string;
  readonly tables: readonly TableSpec<any>[];
  /** Event types the projection reads; the others are skipped (the checkpoint still moves past them). */
  readonly eventTypes?: ReadonlySet<string>;
  apply(events: readonly ProjectedEvent[], tables: ProjectionTables): Promise<void>;
}

/** Injection token: every projection this process runs. */
export const PROJECTIONS = Symbol('PROJECTIONS');
