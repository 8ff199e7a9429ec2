import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Queryable } from '@dondoc/event-store';
import { BatchedRequests } from '@dondoc/platform/async/batched-requests';
import { TableSpec } from './projection';

type Json = Record<string, unknown>;

/** Rows per upsert or delete statement: bounds the JSON of one parameter (a rebuild's bulk writes). */
const ROWS_PER_STATEMENT = 5_000;
/** Rows per COPY into a fresh table: several, so that a rebuild's writers copy side by side. */
const ROWS_PER_COPY = 20_000;

export interface TableBufferOptions {
  /**
   * The buffer holds every row of the table (a fresh table that only this buffer writes, as in a
   * rebuild): a key not in the buffer is known to be absent, so loads do nothing and any key or
   * group may be read.
   */
  complete?: boolean;
}

/**
 * One statement of a buffer over at most one parameter: the SQL given the parameter's
 * placeholder (`$1`, or another number when statements are sent together), and the parameter,
 * made when the statement is sent.
 */
export interface BufferStatement {
  sql: (param: string) => string;
  param?: () => string;
}

/**
 * Rows copied into a table that holds none yet (COPY … FROM STDIN): about three times as fast
 * for the database as turning their JSON into rows. Run by a pg client, on its own.
 */
export interface BufferCopy {
  copy: (writer: Queryable) => Promise<void>;
}

export type BufferWrite = BufferStatement | BufferCopy;

const isCopy = (write: BufferWrite): write is BufferCopy => 'copy' in write;

/** The SQL of `statement`, its parameter (if any) added to `values` and numbered after those already there. */
function sqlWithParam(statement: BufferStatement, values: unknown[]): string {
  return statement.param ? statement.sql(`$${values.push(statement.param())}`) : statement.sql('');
}

/**
 * Where a buffer reads its rows (`SELECT to_json(t) AS r …`): the batch's tables, which send the
 * reads asked for at the same moment in one round trip.
 */
export interface RowReader {
  readRows<Row>(statement: BufferStatement): Promise<Row[]>;
}

/**
 * A prepared statement's name for `text`: the texts of a batch's reads and writes repeat (a few
 * per table and combination), so each connection parses and plans each of them once instead of
 * on every batch, where planning took about as long as running them.
 */
export function preparedStatement(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  return { name: `dondoc_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text, values };
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
  /** id → key object of the rows to delete. */
  private readonly deleted = new Map<string, Json>();
  /** column → value → keys of the cached rows with that value. */
  private readonly groups = new Map<string, Map<string, Set<string>>>();
  /** column → values whose whole group has been loaded. */
  private readonly loadedGroups = new Map<string, Set<string>>();
  /**
   * column → value → keys of the group in key order, kept until a row joins or leaves the group:
   * a group is read for every event of its task, its members change far more rarely.
   */
  private readonly groupOrders = new Map<string, Map<string, string[]>>();
  /**
   * column → value → keys of the cached rows with that value, for columns searched with
   * `cachedWhere`: built on its first call, then kept up to date by every put. A column nobody
   * searches costs nothing (unlike `groupBy`, which indexes every row remembered).
   */
  private readonly lookups = new Map<string, Map<string, Set<string>>>();
  /** first key value → second key value → id, for two-column text keys (see keyOf). */
  private readonly pairIds = new Map<string, Map<string, string>>();
  private readonly table: string;
  private complete: boolean;
  /** Complete and never written: the table holds no row yet, so the rows are copied in rather than upserted. */
  private fresh: boolean;

  constructor(
    private readonly reader: RowReader,
    readonly spec: TableSpec<Row>,
    private readonly physicalName: string,
    options: TableBufferOptions = {},
  ) {
    this.table = quoteIdent(physicalName);
    this.complete = options.complete === true;
    this.fresh = this.complete;
    for (const column of spec.groupBy ?? []) {
      this.groups.set(column, new Map());
      this.loadedGroups.set(column, new Set());
      this.groupOrders.set(column, new Map());
    }
  }

  /** Loads the rows with these keys (those not cached yet), in one query. */
  async load(keys: readonly Partial<Row>[]): Promise<void> {
    // Every row is here already, and a key not here is absent (see get).
    if (this.complete) return;
    const wanted = new Map<string, Json>();
    for (const key of keys) {
      const id = this.keyOf(key);
      if (!this.rows.has(id) && !wanted.has(id)) wanted.set(id, this.keyObject(key));
    }
    if (wanted.size === 0) return;
    const found = await this.reader.readRows<Row>({
      sql: (param) => `SELECT to_json(t) AS r FROM ${this.table} t WHERE ${this.keyCondition(param)}`,
      param: () => JSON.stringify([...wanted.values()]),
    });
    for (const r of found) this.remember(r);
    for (const id of wanted.keys()) if (!this.rows.has(id)) this.rows.set(id, null);
  }

  /** Loads every row whose `column` is one of `values` (groups not loaded yet), in one query. */
  async loadGroups(column: keyof Row & string, values: readonly unknown[]): Promise<void> {
    const loaded = this.groupState(column).loaded;
    // Every row of every group is already cached (and indexed by remember()).
    if (this.complete) return;
    const wanted = [...new Set(values.filter((v) => v !== null && v !== undefined).map(String))].filter((v) => !loaded.has(v));
    if (wanted.length === 0) return;
    // Typed through the table's own row type; `= ANY(ARRAY(…))` so that the column's index is used.
    const c = quoteIdent(column);
    const found = await this.reader.readRows<Row>({
      sql: (param) => `SELECT to_json(t) AS r FROM ${this.table} t
        WHERE ${c} = ANY(ARRAY(SELECT ${c} FROM json_populate_recordset(NULL::${this.table}, ${param}::json)))`,
      param: () => JSON.stringify(wanted.map((value) => ({ [column]: value }))),
    });
    for (const r of found) {
      const id = this.keyOf(r);
      // A row already in the buffer (or deleted from it) may have been changed by this batch: keep that version.
      if (!this.rows.has(id)) this.remember(r);
    }
    for (const value of wanted) loaded.add(value);
  }

  /**
   * Loads every row of the table not cached yet, in one query, and returns every row the buffer
   * holds (for small tables read whole, e.g. the calendar declarations).
   */
  async loadAll(): Promise<Row[]> {
    if (!this.complete) {
      const found = await this.reader.readRows<Row>({ sql: () => `SELECT to_json(t) AS r FROM ${this.table} t` });
      for (const r of found) if (!this.rows.has(this.keyOf(r))) this.remember(r);
      // Every row is cached now: a key not in the buffer is absent until the batch ends.
      this.complete = true;
    }
    const rows: Row[] = [];
    for (const row of this.rows.values()) if (row) rows.push(row);
    return rows.sort((a, b) => this.compareKeys(a, b));
  }

  /**
   * Loads the rows whose `column` is one of `values` and that meet `condition` (SQL over the
   * alias `t`, written in code, never from input), those not cached yet, in one query; a partial
   * index on (column) WHERE condition serves it. Rows the batch changed or deleted are kept as
   * the batch left them. Find them afterwards with `cachedWhere`.
   */
  async loadWhere(column: keyof Row & string, values: readonly unknown[], condition = 'true'): Promise<void> {
    const wanted = [...new Set(values.filter((v) => v !== null && v !== undefined).map(String))];
    if (wanted.length === 0 || this.complete) return;
    const c = quoteIdent(column);
    const found = await this.reader.readRows<Row>({
      sql: (param) => `SELECT to_json(t) AS r FROM ${this.table} t
        WHERE t.${c} = ANY(ARRAY(SELECT ${c} FROM json_populate_recordset(NULL::${this.table}, ${param}::json))) AND (${condition})`,
      param: () => JSON.stringify(wanted.map((value) => ({ [column]: value }))),
    });
    for (const r of found) if (!this.rows.has(this.keyOf(r))) this.remember(r);
  }

  /** Cached rows (loaded or put) whose `column` is `value`, in key order: see `lookups`. */
  cachedWhere(column: keyof Row & string, value: unknown): Row[] {
    let index = this.lookups.get(column);
    if (!index) {
      index = new Map();
      for (const [id, row] of this.rows) if (row) addTo(index, (row as Json)[column], id);
      this.lookups.set(column, index);
    }
    const rows: Row[] = [];
    for (const id of index.get(String(value)) ?? []) {
      const row = this.rows.get(id);
      if (row) rows.push(row);
    }
    return rows.sort((a, b) => this.compareKeys(a, b));
  }

  /**
   * The row with this key; it must have been loaded (or put) in this batch, by its key or with
   * its whole group: a key not cached in a loaded group is a row that does not exist.
   */
  get(key: Partial<Row>): Row | undefined {
    const id = this.keyOf(key);
    const row = this.rows.get(id);
    if (row === undefined && !this.complete && !this.inLoadedGroup(key)) throw new Error(`${this.spec.name}: row ${id} read before it was loaded`);
    return row ?? undefined;
  }

  /** Whether the key's value in a key column that is also a groupBy column names a loaded group. */
  private inLoadedGroup(key: Partial<Row>): boolean {
    for (const column of this.spec.key) {
      const value = (key as Json)[column];
      if (value !== null && value !== undefined && this.loadedGroups.get(column)?.has(String(value))) return true;
    }
    return false;
  }

  /** Rows of a loaded group, in key order. */
  group(column: keyof Row & string, value: unknown): Row[] {
    // Read for every event of a task: the maps directly, no state object.
    const loaded = this.loadedGroups.get(column);
    const index = this.groups.get(column);
    const orders = this.groupOrders.get(column);
    if (!loaded || !index || !orders) throw new Error(`${this.spec.name}: ${column} is not a groupBy column`);
    const v = typeof value === 'string' ? value : String(value);
    if (!this.complete && !loaded.has(v)) throw new Error(`${this.spec.name}: group ${column}=${v} read before it was loaded`);
    let ids = orders.get(v);
    if (!ids) {
      // Every key in a group's index has a row (delete and unindex take it out).
      ids = [...(index.get(v) ?? [])].sort((a, b) => this.compareKeys(this.rows.get(a) as Row, this.rows.get(b) as Row));
      orders.set(v, ids);
    }
    const rows: Row[] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row) rows.push(row);
    }
    return rows;
  }

  /**
   * Inserts or replaces a whole row (every column present: checked when written, see flush). A
   * row may be changed in place and put again, as long as its groupBy and cachedWhere columns
   * keep their values: the buffer's indexes move a row only when it is put as a new object.
   */
  put(row: Row): void {
    const id = this.keyOf(row);
    // A row changed in place is already where it belongs (the hot path of a rebuild).
    if (this.rows.get(id) !== row) this.remember(row, id);
    // Every row of a fresh table is written (see takeDirtyRows): no need to note which changed.
    if (!this.fresh) this.dirty.add(id);
    if (this.deleted.size > 0) this.deleted.delete(id);
  }

  delete(key: Partial<Row>): void {
    const id = this.keyOf(key);
    const row = this.rows.get(id);
    if (row) this.unindex(id, row);
    this.rows.set(id, null);
    this.dirty.delete(id);
    this.deleted.set(id, this.keyObject(key));
  }

  get changes(): number {
    if (this.fresh) {
      let rows = 0;
      for (const row of this.rows.values()) if (row) rows++;
      return rows;
    }
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
    this.pairIds.clear();
    this.lookups.clear();
    for (const index of this.groups.values()) index.clear();
    for (const loaded of this.loadedGroups.values()) loaded.clear();
    for (const orders of this.groupOrders.values()) orders.clear();
    this.complete = false;
    this.fresh = false;
  }

  /**
   * The statements that write the changes (one upsert or delete per 5,000 rows; into a fresh
   * table, one COPY per 20,000 rows), each to be run once by any connection to the database; the
   * buffer counts them as written from now on. A statement's JSON (a copy's text) is made when
   * it runs, so that only the running ones are held.
   */
  takeWrites(): BufferWrite[] {
    if (this.fresh) {
      const all = this.takeDirtyRows();
      this.fresh = false;
      this.deleted.clear(); // nothing to delete from a table that holds no row
      // The columns' types are looked up once for the table, by whichever copy runs first.
      let formats: Promise<CopyFormat[]> | undefined;
      const formatsVia = (writer: Queryable) => (formats ??= copyFormats(writer, this.physicalName, this.spec.columns));
      const copies: BufferCopy[] = [];
      for (let i = 0; i < all.length; i += ROWS_PER_COPY) {
        const rows = all.slice(i, i + ROWS_PER_COPY);
        copies.push({ copy: async (writer) => copyRows(writer, this.physicalName, this.spec.columns, await formatsVia(writer), rows) });
      }
      return copies;
    }
    const writes: BufferStatement[] = [];
    if (this.dirty.size > 0) {
      const all = this.takeDirtyRows();
      const keyColumns = this.spec.key.map(quoteIdent).join(', ');
      const others = this.spec.columns.filter((c) => !this.spec.key.includes(c));
      const onConflict = others.length
        ? `DO UPDATE SET ${others.map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`).join(', ')}`
        : 'DO NOTHING';
      const columns = this.spec.columns.map(quoteIdent).join(', ');
      const upsert = (param: string) => `INSERT INTO ${this.table} (${columns})
           SELECT ${columns} FROM json_populate_recordset(NULL::${this.table}, ${param}::json)
           ON CONFLICT (${keyColumns}) ${onConflict}`;
      for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT) {
        const rows = all.slice(i, i + ROWS_PER_STATEMENT);
        writes.push({ sql: upsert, param: () => JSON.stringify(rows) });
      }
    }
    if (this.deleted.size > 0) {
      // Never a key also upserted above (put and delete take a key out of the other set): the
      // deletes and the upserts may run in any order.
      const keyObjects = [...this.deleted.values()];
      const remove = (param: string) => `DELETE FROM ${this.table} t WHERE ${this.keyCondition(param)}`;
      for (let i = 0; i < keyObjects.length; i += ROWS_PER_STATEMENT) {
        const keys = keyObjects.slice(i, i + ROWS_PER_STATEMENT);
        writes.push({ sql: remove, param: () => JSON.stringify(keys) });
      }
      this.deleted.clear();
    }
    return writes;
  }

  /** The changed rows (every row, while the table is fresh), taken out of the changes. */
  private takeDirtyRows(): Row[] {
    const all: Row[] = [];
    if (this.fresh) {
      // In the order of their ids, which for text keys is the key's order (see keyOf): copied in
      // that order, the rows reach the primary key's index at its right edge, not all over it
      // (PostgreSQL's COPY of the obligations took about a quarter less time), and each task's
      // rows lie together in the table.
      for (const id of [...this.rows.keys()].sort()) {
        const row = this.rows.get(id);
        if (row) all.push(row);
      }
    } else {
      for (const id of this.dirty) all.push(this.rows.get(id) as Row);
    }
    // A column left out would be written as NULL without a word: refuse the batch instead.
    // Checked here rather than in put(), once per row written instead of once per change.
    for (const row of all) {
      for (const column of this.spec.columns) {
        if (!(column in row)) throw new Error(`${this.spec.name}: column ${column} missing from row`);
      }
    }
    this.dirty.clear();
    return all;
  }

  /**
   * Rows of `t` whose key is one of the JSON key objects in `param`. A set-returning function in
   * `IN (…)` is estimated at 100 rows, which makes the planner hash it against a sequential scan
   * of the whole table (~10 ms at 10,000 rows, growing with the table); the leading key column
   * compared with `= ANY(ARRAY(…))` (an init plan) lets it use the primary key's index instead.
   */
  private keyCondition(param: string): string {
    const keys = this.spec.key.map(quoteIdent);
    const source = `json_populate_recordset(NULL::${this.table}, ${param}::json)`;
    const leading = `t.${keys[0]} = ANY(ARRAY(SELECT ${keys[0]} FROM ${source}))`;
    if (keys.length === 1) return leading;
    return `${leading} AND (${keys.map((k) => `t.${k}`).join(', ')}) IN (SELECT ${keys.join(', ')} FROM ${source})`;
  }

  private remember(row: Row, id = this.keyOf(row)): void {
    const previous = this.rows.get(id);
    this.rows.set(id, row);
    if (this.lookups.size > 0) this.relook(id, previous ?? null, row);
    for (const [column, index] of this.groups) {
      const value = (row as Json)[column];
      const before = previous ? (previous as Json)[column] : undefined;
      if (previous && before === value) continue; // same group: the index already has it
      const orders = this.groupOrders.get(column) as Map<string, string[]>;
      if (before !== null && before !== undefined) {
        index.get(String(before))?.delete(id);
        orders.delete(String(before));
      }
      if (value === null || value === undefined) continue;
      const v = String(value);
      let ids = index.get(v);
      if (!ids) index.set(v, (ids = new Set()));
      ids.add(id);
      orders.delete(v);
    }
  }

  private unindex(id: string, row: Row): void {
    for (const [column, index] of this.groups) {
      const value = (row as Json)[column];
      if (value === null || value === undefined) continue;
      index.get(String(value))?.delete(id);
      this.groupOrders.get(column)?.delete(String(value));
    }
    if (this.lookups.size > 0) this.relook(id, row, null);
  }

  /** Moves a row's key in the `cachedWhere` indexes from its previous values to its new ones. */
  private relook(id: string, previous: Row | null, row: Row | null): void {
    for (const [column, index] of this.lookups) {
      const before = previous ? (previous as Json)[column] : undefined;
      const after = row ? (row as Json)[column] : undefined;
      if (previous && row && before === after) continue;
      if (before !== null && before !== undefined) index.get(String(before))?.delete(id);
      addTo(index, after, id);
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

  /**
   * The buffer's id of a row: its key value itself for a one-column text key, the two values
   * joined for a two-column text key (the common cases, and the hot path of every batch), else
   * the JSON of its key values. Ids stay inside the buffer.
   */
  private keyOf(row: Partial<Row>): string {
    const key = this.spec.key;
    const first = (row as Json)[key[0]];
    if (key.length === 1 && typeof first === 'string') return first;
    if (key.length === 2) {
      // (task_id, period_id) and the like: ids never contain U+0001. Each id is made once and
      // then found again by its two parts: a freshly joined string is hashed on every lookup,
      // which cost a rebuild more than everything else the buffer does.
      const second = (row as Json)[key[1]];
      if (typeof first === 'string' && typeof second === 'string') {
        let ids = this.pairIds.get(first);
        if (!ids) this.pairIds.set(first, (ids = new Map()));
        let id = ids.get(second);
        if (id === undefined) ids.set(second, (id = `${first}\u0001${second}`));
        return id;
      }
    }
    return JSON.stringify(this.keyValues(row));
  }

  private compareKeys(a: Row, b: Row): number {
    for (const column of this.spec.key) {
      const x = (a as Json)[column] as string | number;
      const y = (b as Json)[column] as string | number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  }

  private keyObject(row: Partial<Row>): Json {
    return Object.fromEntries(this.spec.key.map((column) => [column, (row as Json)[column]]));
  }
}

/** How a column's values are written in COPY's text format. */
type CopyFormat = 'array' | 'json' | 'scalar';

async function copyFormats(writer: Queryable, table: string, columns: readonly string[]): Promise<CopyFormat[]> {
  const result = await writer.query<{ name: string; category: string; type: string }>(
    `SELECT a.attname AS name, t.typcategory AS category, t.typname AS type
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [quoteIdent(table)],
  );
  const byName = new Map(result.rows.map((c) => [c.name, c.category === 'A' ? 'array' : c.type === 'json' || c.type === 'jsonb' ? 'json' : 'scalar'] as const));
  return columns.map((column) => {
    const format = byName.get(column);
    if (!format) throw new Error(`${table}: no column ${column}`);
    return format;
  });
}

/** Copies `rows` into `table`, which they must not be in yet (a key twice fails the whole COPY). */
async function copyRows(writer: Queryable, table: string, columns: readonly string[], formats: readonly CopyFormat[], rows: readonly object[]): Promise<void> {
  if (!(writer instanceof Client)) throw new Error(`${table}: rows are copied through a pg client`);
  const into = writer.query(copyFrom(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyText(rows, columns, formats)), into);
}

/** COPY's text format, a thousand lines at a time: the values the JSON of an upsert would give the same columns. */
function* copyText(rows: readonly object[], columns: readonly string[], formats: readonly CopyFormat[]): Generator<string> {
  let chunk = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Json;
    for (let c = 0; c < columns.length; c++) {
      chunk += (c === 0 ? '' : '\t') + copyValue(row[columns[c]], formats[c]);
    }
    chunk += '\n';
    if (i % 1_000 === 999) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function copyValue(value: unknown, format: CopyFormat): string {
  // As JSON would write them: null for a missing value and for a number that is not finite.
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (format === 'json') text = JSON.stringify(value);
  else if (format === 'array') text = arrayLiteral(value);
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  else if (typeof value === 'boolean') return String(value); // `true`: a boolean's input, and what JSON gives a text column
  else if (value instanceof Date) return value.toISOString();
  else text = JSON.stringify(value);
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (ch) => COPY_ESCAPES[ch]) : text;
}

/** A one-dimensional array as PostgreSQL's array literal, every element quoted. */
function arrayLiteral(value: unknown): string {
  if (!Array.isArray(value)) throw new Error(`not an array: ${JSON.stringify(value)}`);
  const elements = value.map((element: unknown) => {
    if (element === null || element === undefined) return 'NULL';
    const text = element instanceof Date ? element.toISOString() : element;
    if (typeof text === 'object') throw new Error('only one-dimensional arrays of scalars are copied');
    return `"${String(text).replace(/["\\]/g, '\\$&')}"`;
  });
  return `{${elements.join(',')}}`;
}

function addTo(index: Map<string, Set<string>>, value: unknown, id: string): void {
  if (value === null || value === undefined) return;
  const v = String(value);
  let ids = index.get(v);
  if (!ids) index.set(v, (ids = new Set()));
  ids.add(id);
}

/**
 * The buffers of one batch, one per table, writing to the live tables or to their `_rebuild`
 * copies. A rebuild keeps one BatchTables over many batches (`complete`: the fresh tables hold
 * nothing it has not written), so rows stay in memory between batches and are written once per
 * flush instead of once per batch.
 */
export class BatchTables implements RowReader {
  private readonly buffers = new Map<string, TableBuffer<object>>();
  /** Work to do before every write (ProjectionTables.beforeWrite). */
  private readonly beforeWrites: Array<() => void> = [];
  /** Reads asked for in this tick, sent together on the next (see readRows). */
  private readonly reads = new BatchedRequests<BufferStatement, unknown[]>(
    (statements) => this.sendReads(statements),
    (flush) => process.nextTick(flush),
  );

  constructor(
    private readonly client: Queryable,
    private readonly suffix: '' | '_rebuild',
    private readonly options: TableBufferOptions = {},
  ) {}

  table<Row extends object>(spec: TableSpec<Row>): TableBuffer<Row> {
    let buffer = this.buffers.get(spec.name);
    if (!buffer) {
      buffer = new TableBuffer<Row>(this, spec, spec.name + this.suffix, this.options) as unknown as TableBuffer<object>;
      this.buffers.set(spec.name, buffer);
    }
    return buffer as unknown as TableBuffer<Row>;
  }

  beforeWrite(work: () => void): void {
    this.beforeWrites.push(work);
  }

  /**
   * Writes every buffer's changes, in order through the batch's client; or, with several
   * `writers` (connections outside any transaction, as in a rebuild), side by side: each writer
   * runs the next statement not yet taken, and the database works on as many cores.
   */
  async flush(writers: readonly Queryable[] = [this.client]): Promise<number> {
    const { changes, tables } = this.takeTableWrites();
    await runShared(writers, [...tables.values()].flat());
    return changes;
  }

  /**
   * Every buffer's changes as work for runShared, by table (named as written, `_rebuild`
   * included), so that work on a table can follow its own writes (see ProjectionRebuilder).
   */
  takeTableWrites(): { changes: number; tables: Map<string, SharedWork[]> } {
    const { changes, tables } = this.takeWrites();
    // The tables with the most rows to write first: in a rebuild their work (the writes, then
    // statistics and indexes) is the longest, and the smaller tables' fills the gaps beside it.
    tables.sort((a, b) => b.changes - a.changes);
    const work = new Map<string, SharedWork[]>();
    for (const { table, writes } of tables) work.set(table, writes.map((write) => ({ run: (writer: Queryable) => runWrite(writer, write) })));
    return { changes, tables: work };
  }

  /**
   * Every buffer's changes and `then` in one statement, one round trip: the writes are its
   * data-modifying CTEs (they see one snapshot and touch disjoint rows), `then` its last CTEs
   * (`name AS (…)`) and its final SELECT, over parameters it takes from `param`. For the small
   * batches of live projection (every write in one statement, however many rows).
   */
  async flushWith(then: (param: (value: unknown) => string) => { ctes: string[]; select: string }): Promise<number> {
    const { changes, tables } = this.takeWrites();
    const values: unknown[] = [];
    const param = (value: unknown) => `$${values.push(value)}`;
    const ctes = tables.flatMap((table) => table.writes).map((write, i) => {
      if (isCopy(write)) throw new Error('the rows of a fresh table are copied in by flush, not written with flushWith');
      return `w${i} AS (${sqlWithParam(write, values)})`;
    });
    const last = then(param);
    ctes.push(...last.ctes);
    await this.client.query(preparedStatement(`${ctes.length ? `WITH ${ctes.join(',\n')}\n` : ''}${last.select}`, values));
    return changes;
  }

  /**
   * Reads rows for a buffer. The reads asked for in the same tick (a projection's loads started
   * together, e.g. with Promise.all) go to the database as one UNION ALL: one round trip.
   */
  readRows<Row>(statement: BufferStatement): Promise<Row[]> {
    return this.reads.ask(statement) as Promise<Row[]>;
  }

  /** The reads as one statement (a UNION ALL that tags each row with its read), each read's rows. */
  private async sendReads(statements: BufferStatement[]): Promise<unknown[][]> {
    const values: unknown[] = [];
    const sql =
      statements.length === 1
        ? sqlWithParam(statements[0], values)
        : statements.map((statement, i) => `SELECT ${i} AS q, s.r FROM (${sqlWithParam(statement, values)}) s`).join('\nUNION ALL ');
    const result = await this.client.query<{ q?: number; r: unknown }>(preparedStatement(sql, values));
    const rows = statements.map((): unknown[] => []);
    for (const row of result.rows) rows[row.q ?? 0].push(row.r);
    return rows;
  }

  /** Each buffer's changes (its count, and the statements that write them), taken. */
  private takeWrites(): { changes: number; tables: Array<{ table: string; changes: number; writes: BufferWrite[] }> } {
    for (const work of this.beforeWrites) work();
    let changes = 0;
    const tables: Array<{ table: string; changes: number; writes: BufferWrite[] }> = [];
    for (const buffer of this.buffers.values()) {
      const count = buffer.changes;
      changes += count;
      tables.push({ table: buffer.spec.name + this.suffix, changes: count, writes: buffer.takeWrites() });
    }
    return { changes, tables };
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

function runWrite(writer: Queryable, write: BufferWrite): Promise<unknown> {
  if (isCopy(write)) return write.copy(writer);
  const values: unknown[] = [];
  return writer.query(preparedStatement(sqlWithParam(write, values), values));
}

/** A statement (or a few) for runShared: run by one writer, once the work it comes `after` has been done. */
export interface SharedWork {
  run: (writer: Queryable) => Promise<unknown>;
  after?: readonly SharedWork[];
}

/**
 * Runs each piece of work once, on whichever of `writers` is free next (one at a time per
 * writer), so that the database works on as many cores: the first in the list whose `after` is
 * done, a writer waiting while none is. After a failure no writer takes another one.
 */
export async function runShared(writers: readonly Queryable[], work: ReadonlyArray<SharedWork | ((writer: Queryable) => Promise<unknown>)>): Promise<void> {
  const pending: SharedWork[] = work.map((w) => (typeof w === 'function' ? { run: w } : w));
  const done = new Set<SharedWork>();
  let running = 0;
  let failed = false;
  // Settled each time a piece of work ends (and made anew), for the writers waiting on one.
  let ended!: () => void;
  let anEnd = new Promise<void>((resolve) => (ended = resolve));
  const announceEnd = () => {
    const resolve = ended;
    anEnd = new Promise<void>((next) => (ended = next));
    resolve();
  };
  const ran = await Promise.allSettled(
    writers.map(async (writer) => {
      try {
        while (pending.length > 0 && !failed) {
          const index = pending.findIndex((w) => !w.after || w.after.every((before) => done.has(before)));
          if (index < 0) {
            if (running === 0) throw new Error('work waits on work that is not in the list');
            await anEnd;
            continue;
          }
          const [next] = pending.splice(index, 1);
          running++;
          try {
            await next.run(writer);
          } finally {
            running--;
          }
          done.add(next);
          announceEnd();
        }
      } catch (error) {
        failed = true;
        announceEnd();
        throw error;
      }
    }),
  );
  for (const result of ran) if (result.status === 'rejected') throw result.reason;
}
