import { PoolClient } from 'pg';
import { Queryable } from '@dondoc/event-store';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { TableSpec } from './projection';
import { BatchTables } from './table-buffer';

interface PlanRow {
  plan_id: string;
  title: string;
}

interface ItemRow {
  plan_id: string;
  item_id: string;
  done: boolean;
}

const PLANS: TableSpec<PlanRow> = { name: 'tb_plans', key: ['plan_id'], columns: ['plan_id', 'title'] };
const ITEMS: TableSpec<ItemRow> = { name: 'tb_items', key: ['plan_id', 'item_id'], columns: ['plan_id', 'item_id', 'done'], groupBy: ['plan_id'] };
const MARKS: TableSpec<{ mark: string }> = { name: 'tb_marks', key: ['mark'], columns: ['mark'] };
const MISSING: TableSpec<{ id: string }> = { name: 'tb_missing', key: ['id'], columns: ['id'] };

interface OddRow {
  id: string;
  note: string | null;
  tags: string[] | null;
  doc: unknown;
  at: string | null;
  n: number | null;
  ok: boolean | null;
  flag: unknown;
}

const ODD_COLUMNS = ['id', 'note', 'tags', 'doc', 'at', 'n', 'ok', 'flag'] as const;
/** Values whose text needs escaping in COPY, in an array literal or in JSON. */
const ODD_ROWS: OddRow[] = [
  { id: 'tab', note: 'cột\tmột\ndòng hai\r\\ gạch chéo', tags: ['a"b', 'c\\d', 'e,f', '{g}', ' h ', 'NULL'], doc: { 'lý do': 'Tết\t"âm lịch"', n: [1, null] }, at: '2021-11-20T10:00:00.000Z', n: -3, ok: true, flag: true },
  { id: 'nulls', note: null, tags: null, doc: null, at: null, n: null, ok: null, flag: null },
  { id: 'empty', note: '', tags: [], doc: 'chuỗi', at: '2020-01-25T00:00:00.000Z', n: 0, ok: false, flag: false },
  { id: 'null inside', note: '\\N', tags: [null as unknown as string, 'x'], doc: [], at: '2020-01-30T02:30:00.000Z', n: 1.5, ok: false, flag: 7 },
];

/** A batch's client that records every statement it is sent. */
function recording(client: PoolClient): Queryable & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    query: (text: string | { text: string; values?: unknown[]; name?: string }, values?: unknown[]) => {
      sent.push(typeof text === 'string' ? text : text.text);
      return client.query(text as string, values) as never;
    },
  };
}

/** How a batch's reads and writes reach the database: the round trips the projection lag is made of. */
describe('BatchTables (PostgreSQL)', () => {
  let db: TestDatabase;
  let client: PoolClient;

  beforeAll(async () => {
    db = await createTestDatabase('table_buffer');
    await db.pool.query(`
      CREATE TABLE tb_plans (plan_id text PRIMARY KEY, title text NOT NULL);
      CREATE TABLE tb_items (plan_id text NOT NULL, item_id text NOT NULL, done boolean NOT NULL, PRIMARY KEY (plan_id, item_id));
      CREATE TABLE tb_marks (mark text PRIMARY KEY);
      CREATE TABLE tb_odd_copied (id text PRIMARY KEY, note text, tags text[], doc jsonb, at timestamptz, n numeric, ok boolean, flag text);
      CREATE TABLE tb_odd_upserted (LIKE tb_odd_copied INCLUDING ALL);
      INSERT INTO tb_plans VALUES ('KH-118', 'Kế hoạch 118/KH-UBND'), ('KH-200', 'Kế hoạch 200');
      INSERT INTO tb_items VALUES ('KH-118', '1', false), ('KH-118', '2', true), ('KH-200', '1', false);
      INSERT INTO tb_marks VALUES ('đã có');`);
    client = await db.pool.connect();
  });

  afterAll(async () => {
    client.release();
    await db.drop();
  });

  it('sends the loads started together in one query, each getting its own rows', async () => {
    const sent = recording(client);
    const tables = new BatchTables(sent, '');
    const plans = tables.table(PLANS);
    const items = tables.table(ITEMS);
    const marks = tables.table(MARKS);
    const [, , all] = await Promise.all([
      plans.load([{ plan_id: 'KH-118' }, { plan_id: 'KH-999' }]),
      items.loadGroups('plan_id', ['KH-118']),
      marks.loadAll(),
    ]);
    expect(sent.sent).toHaveLength(1);
    expect(plans.get({ plan_id: 'KH-118' })).toEqual({ plan_id: 'KH-118', title: 'Kế hoạch 118/KH-UBND' });
    expect(plans.get({ plan_id: 'KH-999' })).toBeUndefined();
    expect(items.group('plan_id', 'KH-118').map((row) => row.item_id)).toEqual(['1', '2']);
    expect(all).toEqual([{ mark: 'đã có' }]);

    // A load started after the others have answered is a query of its own.
    await plans.load([{ plan_id: 'KH-200' }]);
    expect(sent.sent).toHaveLength(2);
    expect(plans.get({ plan_id: 'KH-200' })?.title).toBe('Kế hoạch 200');
  });

  it('answers a key missing from a loaded group as absent, and a key of a group not loaded as an error', async () => {
    const items = new BatchTables(client, '').table(ITEMS);
    await items.loadGroups('plan_id', ['KH-118']);
    expect(items.get({ plan_id: 'KH-118', item_id: '2' })?.done).toBe(true);
    // The whole group is here: an item it does not hold does not exist.
    expect(items.get({ plan_id: 'KH-118', item_id: '9' })).toBeUndefined();
    expect(() => items.get({ plan_id: 'KH-200', item_id: '1' })).toThrow('read before it was loaded');
    items.delete({ plan_id: 'KH-118', item_id: '2' });
    expect(items.get({ plan_id: 'KH-118', item_id: '2' })).toBeUndefined();
    // A row loaded by key and deleted stays deleted when its whole group is loaded afterwards.
    await items.load([{ plan_id: 'KH-200', item_id: '1' }]);
    items.delete({ plan_id: 'KH-200', item_id: '1' });
    await items.loadGroups('plan_id', ['KH-200']);
    expect(items.get({ plan_id: 'KH-200', item_id: '1' })).toBeUndefined();
    expect(items.group('plan_id', 'KH-200')).toEqual([]);
  });

  it('fails every load sent with a failing one, and the batch can go on', async () => {
    const tables = new BatchTables(client, '');
    const results = await Promise.allSettled([tables.table(PLANS).load([{ plan_id: 'KH-118' }]), tables.table(MISSING).load([{ id: 'x' }])]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/tb_missing/);
    // Outside a transaction nothing is left aborted: a later load answers.
    await tables.table(PLANS).load([{ plan_id: 'KH-118' }]);
    expect(tables.table(PLANS).get({ plan_id: 'KH-118' })?.title).toBe('Kế hoạch 118/KH-UBND');
  });

  it('fails every read sent together when making one of them throws, instead of leaving them pending', async () => {
    const tables = new BatchTables(client, '');
    const results = await Promise.allSettled([
      tables.table(PLANS).load([{ plan_id: 'KH-118' }]),
      tables.readRows({
        sql: (param) => `SELECT to_json(t) AS r FROM tb_marks t WHERE t.mark = ${param}`,
        param: () => {
          throw new Error('tham số hỏng');
        },
      }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('tham số hỏng');
  });

  it('writes every table and the closing statement in one statement, in one transaction', async () => {
    const sent = recording(client);
    const tables = new BatchTables(sent, '');
    const plans = tables.table(PLANS);
    const items = tables.table(ITEMS);
    await Promise.all([plans.load([{ plan_id: 'KH-118' }]), items.loadGroups('plan_id', ['KH-118'])]);
    await client.query('BEGIN');
    plans.put({ plan_id: 'KH-118', title: 'Kế hoạch 118 (sửa)' });
    plans.put({ plan_id: 'KH-300', title: 'Kế hoạch 300' });
    items.put({ plan_id: 'KH-118', item_id: '1', done: true });
    items.delete({ plan_id: 'KH-118', item_id: '2' });
    const before = sent.sent.length;
    const changes = await tables.flushWith((param) => ({
      ctes: [`marked AS (INSERT INTO tb_marks (mark) VALUES (${param('batch 1')}::text) RETURNING mark)`],
      select: 'SELECT mark FROM marked',
    }));
    expect(sent.sent.length - before).toBe(1);
    expect(changes).toBe(4);
    await client.query('COMMIT');

    const rows = async (sql: string) => (await db.pool.query(sql)).rows;
    expect(await rows('SELECT plan_id, title FROM tb_plans ORDER BY plan_id')).toEqual([
      { plan_id: 'KH-118', title: 'Kế hoạch 118 (sửa)' },
      { plan_id: 'KH-200', title: 'Kế hoạch 200' },
      { plan_id: 'KH-300', title: 'Kế hoạch 300' },
    ]);
    expect(await rows(`SELECT item_id, done FROM tb_items WHERE plan_id = 'KH-118' ORDER BY item_id`)).toEqual([{ item_id: '1', done: true }]);
    expect(await rows('SELECT mark FROM tb_marks ORDER BY mark')).toEqual([{ mark: 'batch 1' }, { mark: 'đã có' }]);
    expect(tables.changes).toBe(0);
  });

  it('copies the rows of a fresh table in, with the values an upsert writes', async () => {
    const queries = jest.spyOn(client, 'query');
    const copies = () => queries.mock.calls.filter(([query]) => /^COPY /.test((query as { text?: string }).text ?? '')).length;
    const write = async (name: string, options: { complete?: boolean }) => {
      const tables = new BatchTables(client, '', options);
      const odd = tables.table<OddRow>({ name, key: ['id'], columns: [...ODD_COLUMNS] });
      await odd.load(ODD_ROWS.map(({ id }) => ({ id })));
      for (const row of ODD_ROWS) odd.put(row);
      await tables.flush([client]);
      return tables;
    };
    // A complete buffer knows its table holds no row: it copies.
    const copied = await write('tb_odd_copied', { complete: true });
    expect(copies()).toBe(1);
    await write('tb_odd_upserted', {});
    const table = async (name: string) => (await db.pool.query(`SELECT * FROM ${name} ORDER BY id`)).rows;
    const upserted = await table('tb_odd_upserted');
    expect(upserted).toHaveLength(ODD_ROWS.length);
    expect(await table('tb_odd_copied')).toEqual(upserted);
    expect(upserted.find((row) => row.id === 'tab')).toMatchObject({ note: ODD_ROWS[0].note, tags: ODD_ROWS[0].tags, doc: ODD_ROWS[0].doc });

    // Once written, the table is no longer fresh: the next changes are upserted.
    const odd = copied.table<OddRow>({ name: 'tb_odd_copied', key: ['id'], columns: [...ODD_COLUMNS] });
    odd.put({ ...ODD_ROWS[1], note: 'sửa sau' });
    await copied.flush([client]);
    expect(copies()).toBe(1);
    queries.mockRestore();
    expect((await db.pool.query(`SELECT note FROM tb_odd_copied WHERE id = 'nulls'`)).rows).toEqual([{ note: 'sửa sau' }]);
  });

  it('refuses to write a row that lacks a column, copied or upserted, and writes nothing', async () => {
    for (const complete of [true, false]) {
      const tables = new BatchTables(client, '', { complete });
      const odd = tables.table<OddRow>({ name: 'tb_odd_copied', key: ['id'], columns: [...ODD_COLUMNS] });
      await odd.load([{ id: 'thiếu' }]);
      const { flag: _left, ...lacking } = { ...ODD_ROWS[1], id: 'thiếu' };
      odd.put(lacking as OddRow);
      await expect(tables.flush([client])).rejects.toThrow('tb_odd_copied: column flag missing from row');
    }
    expect((await db.pool.query(`SELECT 1 FROM tb_odd_copied WHERE id = 'thiếu'`)).rowCount).toBe(0);
  });

  it('writes nothing when the closing statement fails', async () => {
    const tables = new BatchTables(client, '');
    const plans = tables.table(PLANS);
    await plans.load([{ plan_id: 'KH-400' }]);
    plans.put({ plan_id: 'KH-400', title: 'Kế hoạch 400' });
    await client.query('BEGIN');
    await expect(
      tables.flushWith((param) => ({ ctes: [`bad AS (INSERT INTO tb_marks (mark) VALUES (${param(null)}::text) RETURNING mark)`], select: 'SELECT 1' })),
    ).rejects.toThrow(/null value/);
    await client.query('ROLLBACK');
    expect((await db.pool.query(`SELECT 1 FROM tb_plans WHERE plan_id = 'KH-400'`)).rowCount).toBe(0);
  });
});
