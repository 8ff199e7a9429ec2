import { CommandContext, CommandRunner, PostgresEventStore, Upcasters } from '@dondoc/event-store';
import { Actor, AdvisoryLocks } from '@dondoc/platform';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import {
  EvaluateCommuneCommand,
  EvaluationReader,
  evaluationStreamKinds,
  ImportProgrammeCommand,
  RegisterUnitCommand,
  SelectCommuneCommand,
  transformationStreamId,
} from '@dondoc/evaluation';
import { EvaluateCommuneHandler, SelectCommuneHandler } from '@dondoc/evaluation/application/transformation/transformation.handlers';
import { ImportProgrammeHandler } from '@dondoc/evaluation/application/programme/define-programme.handler';
import { RegisterUnitHandler } from '@dondoc/evaluation/application/units/register-unit.handler';
import {
  communesOf,
  conditionsHeld,
  DISTRICT,
  measurementsMeeting,
  plan94Programme,
  PROVINCE,
  readPlan94,
} from '@dondoc/evaluation/testing/evaluation.fixtures';
import { StreamKindRegistry } from '../domain/stream-kinds';
import { defaultStreamKinds } from './default-stream-kinds';
import { COMMUNE_STREAMS_SQL, CommuneAsOfService } from './commune-as-of.service';
import { TimeTravelService } from './time-travel.service';

const committee: Actor = { userId: 'bcd-1', role: 'committee', agency: 'BCD_PCTP_TINH' };
const programme = plan94Programme();

describe("a commune's state as of an instant", () => {
  let db: TestDatabase;
  let service: CommuneAsOfService;
  let communeId: string;
  let now = new Date('2018-01-15T02:00:00.000Z');
  const ctx = (): CommandContext => ({ actor: committee, now });

  beforeAll(async () => {
    db = await createTestDatabase('audit_commune');
    const store = new PostgresEventStore(db.pool);
    const runner = new CommandRunner(store);
    const reader = new EvaluationReader(runner);
    const registry = new StreamKindRegistry([...defaultStreamKinds(), ...evaluationStreamKinds()]);
    service = new CommuneAsOfService(db.pool, new TimeTravelService(store, new Upcasters(), registry));

    const register = new RegisterUnitHandler(runner);
    await register.execute(new RegisterUnitCommand(PROVINCE, ctx()));
    await register.execute(new RegisterUnitCommand(DISTRICT, ctx()));
    const communes = communesOf(DISTRICT.unitId, 20);
    for (const unit of communes) await register.execute(new RegisterUnitCommand(unit, ctx()));
    communeId = communes[4].unitId;
    await new ImportProgrammeHandler(runner).execute(new ImportProgrammeCommand(readPlan94(), ctx()));

    now = new Date('2018-03-01T02:00:00.000Z');
    const locks = new AdvisoryLocks(db.url);
    await new SelectCommuneHandler(runner, reader, locks).execute(
      new SelectCommuneCommand(
        { programmeId: programme.programmeId, year: 2018, communeId, findings: [{ group: 'drugs', criterionId: null, value: 3, note: 'ba điểm phức tạp về ma túy' }] },
        ctx(),
      ),
    );
    await locks.close();
    now = new Date('2019-03-05T02:00:00.000Z');
    await new EvaluateCommuneHandler(runner, reader).execute(
      new EvaluateCommuneCommand(
        {
          programmeId: programme.programmeId,
          year: 2018,
          communeId,
          measurements: measurementsMeeting(programme),
          conditions: conditionsHeld(programme),
          note: null,
        },
        ctx(),
      ),
    );
  });

  afterAll(async () => {
    await db.drop();
  });

  it('is the state after the last event before the instant: registered, then selected, then transformed', async () => {
    const streamId = transformationStreamId(DISTRICT.unitId, 2018);

    const registered = await service.asOf(communeId, new Date('2018-02-01T00:00:00+07:00'));
    expect(registered.unit).toMatchObject({ unitId: communeId, level: 'commune', parentId: DISTRICT.unitId });
    expect(registered.streams).toEqual([expect.objectContaining({ streamId, version: 0, entry: null, lastEvent: null })]);

    const selected = await service.asOf(communeId, new Date('2018-06-01T00:00:00+07:00'));
    expect(selected.streams).toEqual([
      expect.objectContaining({ streamId, kind: 'commune-transformation', version: 1, currentVersion: 3, entry: expect.objectContaining({ status: 'selected' }) }),
    ]);
    expect(selected.streams[0].lastEvent).toMatchObject({ type: 'CommuneSelectedForTransformation', actor: 'bcd-1', role: 'committee' });

    const transformed = await service.asOf(communeId, new Date('2019-04-01T00:00:00+07:00'));
    expect(transformed.streams[0]).toMatchObject({ version: 3, entry: { status: 'succeeded' } });
  });

  it('is a 404 for a commune nobody registered or named', async () => {
    await expect(service.asOf('khong-co', new Date('2019-02-01T00:00:00Z'))).rejects.toMatchObject({ code: 'COMMUNE_NOT_FOUND' });
  });

  it('finds the commune streams through the partial index, not by scanning the events', async () => {
    // A test table is small enough for a scan to win; forbid it to see whether the index applies.
    const client = await db.pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(`EXPLAIN ${COMMUNE_STREAMS_SQL}`, [communeId]);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('events_commune_idx');
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  });
});
