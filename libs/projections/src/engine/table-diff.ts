import { Queryable } from '@dondoc/event-store';
import { Projection } from './projection';
import { quoteIdent } from './table-buffer';

export interface TableDiff {
  table: string;
  rows: number;
  otherRows: number;
  /** Rows in one table and not (as many times) in the other, each way. */
  onlyHere: number;
  onlyThere: number;
}

/** Compares two tables of the same shape row for row (every column, duplicates counted). */
export async function diffTables(db: Queryable, table: string, other: string): Promise<TableDiff> {
  const a = quoteIdent(table);
  const b = quoteIdent(other);
  const result = await db.query<{ rows: number; other_rows: number; only_here: number; only_there: number }>(
    `SELECT (SELECT count(*) FROM ${a})::bigint AS rows,
            (SELECT count(*) FROM ${b})::bigint AS other_rows,
            (SELECT count(*) FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b}) x)::bigint AS only_here,
            (SELECT count(*) FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a}) y)::bigint AS only_there`,
  );
  const row = result.rows[0];
  return { table, rows: Number(row.rows), otherRows: Number(row.other_rows), onlyHere: Number(row.only_here), onlyThere: Number(row.only_there) };
}

/** Each live table of the projection against its `_rebuild` copy. */
export async function diffWithRebuild(db: Queryable, projection: Projection): Promise<TableDiff[]> {
  const diffs: TableDiff[] = [];
  for (const table of projection.tables) diffs.push(await diffTables(db, table.name, `${table.name}_rebuild`));
  return diffs;
}
