import { Queryable } from '@dondoc/event-store';
import { TableSpec } from './projection';

type Json = Record<string, unknown>;

/** Rows per upsert or delete statement: bounds the JSON parameter of one round trip. */
const ROWS_PER_STATEMENT = 5_000;

export interface TableBufferOptions {
  /**
   * The buffer holds every row of the table (a fresh table that only this buffer writes, as in a
   * rebuild): a key not in the buffer is known to be absent, so loads need no query.
   */
  complete?: boolean;
}

/** Identifiers come from code (table specs), never from input; this only guards typos. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

/**
 * The rows of one table that a batch touches: loaded by key (or by group) in one query per
 * call, evolved in memory, written back by `flush` with one bulk upsert and one bulk delete.
 */
export class TableBuffer<Row extends object> {
  /** key → row, or null when the row is known not to exist. */
  private readonly rows = new Map<string, Row | null>();
  private readonly dirty = new Set<string>();
  private readonly deleted = new Set<string>();
  /** column → value → keys of the cached rows with that value. */
  private readonly groups = new Map<string, Map<string, Set<string>>>();
  /** column → values whose whole group has been loaded. */
  private readonly loadedGroups = new Map<string, Set<string>>();
  private readonly table: string;
  private complete: boolean;

  constructor(
    private readonly client: Queryable,
    readonly spec: TableSpec<Row>,
    physicalName: string,
    options: TableBufferOptions = {},
  ) {
    this.table = quoteIdent(physicalName);
    this.complete = options.complete === true;
    for (const column of spec.groupBy ?? []) {
      this.groups.set(column, new Map());
      this.loadedGroups.set(column, new Set());
    }
  }

  /** Loads the rows with these keys (those not cached yet), in one query. */
  async load(keys: readonly Partial<Row>[]): Promise<void> {
    const wanted = new Map<string, Json>();
    for (const key of keys) {
      const id = this.keyOf(key);
      if (!this.rows.has(id) && !wanted.has(id)) wanted.set(id, this.keyObject(key));
    }
    if (wanted.size === 0) return;
    if (this.complete) {
      for (const id of wanted.keys()) this.rows.set(id, null);
      return;
    }
    const columns = this.spec.key.map(quoteIdent).join(', ');
    const result = await this.client.query<{ r: Row }>(
      `SELECT to_jsonb(t) AS r FROM ${this.table} t
        WHERE (${columns}) IN (SELECT ${columns} FROM jsonb_populate_recordset(NULL::${this.table}, $1::jsonb))`,
      [JSON.stringify([...wanted.values()])],
    );
    for (const { r } of result.rows) this.remember(r);
    for (const id of wanted.keys()) if (!this.rows.has(id)) this.rows.set(id, null);
  }

  /** Loads every row whose `column` is one of `values` (groups not loaded yet), in one query. */
  async loadGroups(column: keyof Row & string, values: readonly unknown[]): Promise<void> {
    const loaded = this.groupState(column).loaded;
    const wanted = [...new Set(values.filter((v) => v !== null && v !== undefined).map(String))].filter((v) => !loaded.has(v));
    if (wanted.length === 0) return;
    if (this.complete) {
      // Every row of the group is already cached (and indexed by remember()).
      for (const value of wanted) loaded.add(value);
      return;
    }
    // Typed through the table's own row type, so that the column's index is used.
    const c = quoteIdent(column);
    const result = await this.client.query<{ r: Row }>(
      `SELECT to_jsonb(t) AS r FROM ${this.table} t
        WHERE ${c} IN (SELECT ${c} FROM jsonb_populate_recordset(NULL::${this.table}, $1::jsonb))`,
      [JSON.stringify(wanted.map((value) => ({ [column]: value })))],
    );
    for (const { r } of result.rows) {
      const id = this.keyOf(r);
      // A row already in the buffer may have been changed by this batch: keep that version.
      if (!this.rows.get(id)) this.remember(r);
    }
    for (const value of wanted) loaded.add(value);
  }

  /** The row with this key; it must have been loaded (or put) in this batch. */
  get(key: Partial<Row>): Row | undefined {
    const id = this.keyOf(key);
    const row = this.rows.get(id);
    if (row === undefined) throw new Error(`${this.spec.name}: row ${id} read before it was loaded`);
    return row ?? undefined;
  }

  /** Rows of a loaded group, in key order. */
  group(column: keyof Row & string, value: unknown): Row[] {
    const { index, loaded } = this.groupState(column);
    const v = String(value);
    if (!loaded.has(v)) throw new Error(`${this.spec.name}: group ${column}=${v} read before it was loaded`);
    const rows: Row[] = [];
    for (const id of index.get(v) ?? []) {
      const row = this.rows.get(id);
      if (row) rows.push(row);
    }
    return rows.sort((a, b) => compareKeys(this.keyValues(a), this.keyValues(b)));
  }

  /** Inserts or replaces a whole row (every column present). */
  put(row: Row): void {
    for (const column of this.spec.columns) {
      if (!(column in row)) throw new Error(`${this.spec.name}: column ${column} missing from row`);
    }
    const id = this.keyOf(row);
    this.remember(row);
    this.dirty.add(id);
    this.deleted.delete(id);
  }

  delete(key: Partial<Row>): void {
    const id = this.keyOf(key);
    const row = this.rows.get(id);
    if (row) this.unindex(id, row);
    this.rows.set(id, null);
    this.dirty.delete(id);
    this.deleted.add(id);
  }

  get changes(): number {
    return this.dirty.size + this.deleted.size;
  }

  /** Rows (and known absences) held in memory. */
  get cached(): number {
    return this.rows.size;
  }

  /** Forgets every cached row (after a flush): later loads read the table again. */
  evict(): void {
    if (this.changes > 0) throw new Error(`${this.spec.name}: evict before flush would lose ${this.changes} changes`);
    this.rows.clear();
    for (const index of this.groups.values()) index.clear();
    for (const loaded of this.loadedGroups.values()) loaded.clear();
    this.complete = false;
  }

  /** One upsert for the changed rows, one delete for the removed ones (per 5,000 rows). */
  async flush(): Promise<void> {
    if (this.dirty.size > 0) {
      const all = [...this.dirty].map((id) => this.rows.get(id));
      const keyColumns = this.spec.key.map(quoteIdent).join(', ');
      const others = this.spec.columns.filter((c) => !this.spec.key.includes(c));
      const onConflict = others.length
        ? `DO UPDATE SET ${others.map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`).join(', ')}`
        : 'DO NOTHING';
      const columns = this.spec.columns.map(quoteIdent).join(', ');
      for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT) {
        await this.client.query(
          `INSERT INTO ${this.table} (${columns})
           SELECT ${columns} FROM jsonb_populate_recordset(NULL::${this.table}, $1::jsonb)
           ON CONFLICT (${keyColumns}) ${onConflict}`,
          [JSON.stringify(all.slice(i, i + ROWS_PER_STATEMENT))],
        );
      }
      this.dirty.clear();
    }
    if (this.deleted.size > 0) {
      const keys = [...this.deleted].map((id) => JSON.parse(id) as unknown[]);
      const keyObjects = keys.map((values) => Object.fromEntries(this.spec.key.map((c, i) => [c, values[i]])));
      const columns = this.spec.key.map(quoteIdent).join(', ');
      for (let i = 0; i < keyObjects.length; i += ROWS_PER_STATEMENT) {
        await this.client.query(
          `DELETE FROM ${this.table}
            WHERE (${columns}) IN (SELECT ${columns} FROM jsonb_populate_recordset(NULL::${this.table}, $1::jsonb))`,
          [JSON.stringify(keyObjects.slice(i, i + ROWS_PER_STATEMENT))],
        );
      }
      this.deleted.clear();
    }
  }

  private remember(row: Row): void {
    const id = this.keyOf(row);
    const previous = this.rows.get(id);
    if (previous) this.unindex(id, previous);
    this.rows.set(id, row);
    for (const [column, index] of this.groups) {
      const value = (row as Json)[column];
      if (value === null || value === undefined) continue;
      const v = String(value);
      let ids = index.get(v);
      if (!ids) index.set(v, (ids = new Set()));
      ids.add(id);
    }
  }

  private unindex(id: string, row: Row): void {
    for (const [column, index] of this.groups) {
      const value = (row as Json)[column];
      if (value !== null && value !== undefined) index.get(String(value))?.delete(id);
    }
  }

  private groupState(column: string): { index: Map<string, Set<string>>; loaded: Set<string> } {
    const index = this.groups.get(column);
    const loaded = this.loadedGroups.get(column);
    if (!index || !loaded) throw new Error(`${this.spec.name}: ${column} is not a groupBy column`);
    return { index, loaded };
  }

  private keyValues(row: Partial<Row>): unknown[] {
    return this.spec.key.map((column) => {
      const value = (row as Json)[column];
      if (value === undefined || value === null) throw new Error(`${this.spec.name}: key column ${column} missing`);
      return value;
    });
  }

  private keyOf(row: Partial<Row>): string {
    return JSON.stringify(this.keyValues(row));
  }

  private keyObject(row: Partial<Row>): Json {
    return Object.fromEntries(this.spec.key.map((column) => [column, (row as Json)[column]]));
  }
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * The buffers of one batch, one per table, writing to the live tables or to their `_rebuild`
 * copies. A rebuild keeps one BatchTables over many batches (`complete`: the fresh tables hold
 * nothing it has not written), so rows stay in memory between batches and are written once per
 * flush instead of once per batch.
 */
export class BatchTables {
  private readonly buffers = new Map<string, TableBuffer<object>>();

  constructor(
    private readonly client: Queryable,
    private readonly suffix: '' | '_rebuild',
    private readonly options: TableBufferOptions = {},
  ) {}

  table<Row extends object>(spec: TableSpec<Row>): TableBuffer<Row> {
    let buffer = this.buffers.get(spec.name);
    if (!buffer) {
      buffer = new TableBuffer<Row>(this.client, spec, spec.name + this.suffix, this.options) as unknown as TableBuffer<object>;
      this.buffers.set(spec.name, buffer);
    }
    return buffer as unknown as TableBuffer<Row>;
  }

  async flush(): Promise<number> {
    let changes = 0;
    for (const buffer of this.buffers.values()) {
      changes += buffer.changes;
      await buffer.flush();
    }
    return changes;
  }

  /** Changed rows not written yet. */
  get changes(): number {
    let n = 0;
    for (const buffer of this.buffers.values()) n += buffer.changes;
    return n;
  }

  /** Rows held in memory. */
  get cached(): number {
    let n = 0;
    for (const buffer of this.buffers.values()) n += buffer.cached;
    return n;
  }

  /** Forgets the cached rows of every table (call after flush). */
  evict(): void {
    for (const buffer of this.buffers.values()) buffer.evict();
  }
}
