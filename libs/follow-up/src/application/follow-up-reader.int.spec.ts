import { randomUUID } from 'node:crypto';
import { EventMetadata, NewEvent, PostgresEventStore, Upcasters } from '@dondoc/event-store';
import { CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { TaskingReader } from '@dondoc/tasking/application/tasking-reader';
import { AppConfig, ManualClock } from '@dondoc/platform';
import { agencyRegistered, agencySucceeded } from '@dondoc/tasking/domain/agency.events';
import { planIssued } from '@dondoc/tasking/domain/plan.events';
import { agencyStreamId, planStreamId, taskStreamId } from '@dondoc/tasking/domain/stream-ids';
import { taskAssigned } from '@dondoc/tasking/domain/task.events';
import { createTestDatabase, TestDatabase } from '@dondoc/testing';
import { agencyContactsSet } from '../domain/follow-up.events';
import { contactsStreamId } from '../domain/follow-up.ids';
import { decideStage, pendingStages, stageMessageData } from '../domain/stage-firing';
import { FollowUpQueries } from './follow-up-queries';
import { FollowUpReader } from './follow-up-reader';

const DISTRICT = 'UBND_HUYEN_VU_THU';
const PROVINCE = 'UBND_TINH_THAI_BINH';

function metadata(): EventMetadata {
  const commandId = randomUUID();
  return { actor: 'test', role: 'admin', agency: null, commandId, correlationId: commandId, causationId: null, occurredAt: '2025-06-01T00:00:00.000Z' };
}

/**
 * The reader behind every stage job and ad-hoc follow-up, on a real event store: a district
 * committee abolished by the 1 July 2025 reform hands its tasks' reminders to its successor.
 */
describe('FollowUpReader (PostgreSQL)', () => {
  let db: TestDatabase;
  let reader: FollowUpReader;

  beforeAll(async () => {
    db = await createTestDatabase('follow_up_reader');
    const store = new PostgresEventStore(db.pool);
    const append = (streamId: string, events: NewEvent[]) => store.append(streamId, 'any', events, { metadata: metadata() });
    for (const [code, nameVi] of [[DISTRICT, 'UBND huyện Vũ Thư'], [PROVINCE, 'UBND tỉnh Thái Bình']]) {
      await append(agencyStreamId(code), [
        agencyRegistered({ code, nameVi, nameEn: null, level: 'district', kind: 'committee', collective: false, registeredAt: '2025-01-01T00:00:00.000Z' }),
      ]);
      await append(contactsStreamId(code), [
        agencyContactsSet({ agency: code, email: `vanthu@${code.toLowerCase()}.gov.vn`, headEmail: null, webhookUrl: null, webhookSecretSealed: null, digest: false, setAt: '2025-01-01T00:00:00.000Z' }),
      ]);
    }
    await append(agencyStreamId(DISTRICT), [
      agencySucceeded({
        code: DISTRICT, successorCode: PROVINCE, effectiveOn: '2025-07-01', effectiveAt: '2025-06-30T17:00:00.000Z',
        reason: 'Sắp xếp đơn vị hành chính, không tổ chức cấp huyện', recordedAt: '2025-06-15T00:00:00.000Z',
      }),
    ]);
    await append(planStreamId('p-118'), [
      planIssued({
        planId: 'p-118', number: '118/KH-UBND', issuerAgency: PROVINCE, issuedOn: '2025-01-02', title: 'Kế hoạch thử',
        period: { start: '2025-01-02', end: '2025-12-31' }, objectives: [], monitoringAgency: PROVINCE, defaultReportingSchedule: null, issuedAt: '2025-01-02T00:00:00.000Z',
      }),
    ]);
    await append(taskStreamId('t-1'), [
      taskAssigned({
        taskId: 't-1', planId: 'p-118', title: 'Báo cáo kết quả thực hiện', text: '', leadAgency: DISTRICT, coordinatingAgencies: [], partners: [],
        dueDate: '2025-07-15', reportingSchedule: null, sourceRef: null, assignedAt: '2025-01-02T00:00:00.000Z',
      }),
    ]);
    reader = new FollowUpReader(db.pool, new Upcasters(), { WORKING_HOURS: '07:30-17:00', DIGEST_AT: '16:30' } as AppConfig);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('before the succession takes effect, the task is followed up with the lead agency it names', async () => {
    const reading = await reader.stageReading('t-1', { planId: 'p-118', leadAgency: DISTRICT }, '2025-06-30T16:59:59.000Z');
    expect(reading!.truth.task).toMatchObject({ leadAgency: DISTRICT });
    expect(reading!.contacts.get(DISTRICT)?.email).toBe('vanthu@ubnd_huyen_vu_thu.gov.vn');
    expect(reading!.agencyNames.get(DISTRICT)).toBe('UBND huyện Vũ Thư');
  });

  it('once the lead agency has ceased, its reminders go to and name its successor; the recorded task is not rewritten', async () => {
    const first = await reader.stageReading('t-1', { planId: 'p-118', leadAgency: DISTRICT }, '2025-07-01T03:00:00.000Z');
    const dueDay = pendingStages({ ...first!.truth, sent: new Set() }).find((s) => s.stageKey === 'due-day')!;
    const now = dueDay.fireAt;
    const reading = (await reader.stageReading('t-1', { planId: 'p-118', leadAgency: DISTRICT }, now))!;
    expect(reading.truth.task).toMatchObject({ leadAgency: PROVINCE });
    expect(reading.contacts.has(DISTRICT)).toBe(false);

    const decision = decideStage(reading.truth, { taskId: 't-1', periodId: dueDay.periodId, stageKey: 'due-day', dueAt: dueDay.dueAt }, now);
    expect(decision.outcome).toBe('fire');
    const message = stageMessageData(reading.truth, decision as Extract<typeof decision, { outcome: 'fire' }>, {
      now, calendar: reading.truth.calendar, hours: reading.truth.hours, digestAtMinutes: 990, agencyNames: reading.agencyNames, contacts: reading.contacts,
    });
    expect(message.deliveries.filter((d) => d.channel === 'email').map((d) => d.address)).toEqual(['vanthu@ubnd_tinh_thai_binh.gov.vn']);
    expect(message.text).toContain('UBND tỉnh Thái Bình');
    expect(message.text).not.toContain('Vũ Thư');

    const events = await db.pool.query(`SELECT data->>'leadAgency' AS lead FROM events WHERE stream_id = $1`, [taskStreamId('t-1')]);
    expect(events.rows).toEqual([{ lead: DISTRICT }]);
  });

  it('reads asked for in the same turn go as one query; each caller gets its own streams and its own objects', async () => {
    const queries = jest.spyOn(db.pool, 'query');
    try {
      const [first, second, third] = await Promise.all([
        reader.readStreams([agencyStreamId(DISTRICT), planStreamId('p-118')]),
        reader.readStreams([agencyStreamId(DISTRICT), taskStreamId('t-1'), taskStreamId('t-none')]),
        reader.readStreams([contactsStreamId(PROVINCE)]),
      ]);
      expect(queries).toHaveBeenCalledTimes(1);
      expect([...first.keys()]).toEqual([agencyStreamId(DISTRICT), planStreamId('p-118')]);
      expect(first.get(agencyStreamId(DISTRICT))!.events.map((e) => e.type)).toEqual(['AgencyRegistered', 'AgencySucceeded']);
      expect(first.get(planStreamId('p-118'))!.version).toBe(1);
      expect(second.get(taskStreamId('t-1'))!.events.map((e) => e.type)).toEqual(['TaskAssigned']);
      expect(second.get(taskStreamId('t-none'))).toEqual({ events: [], version: 0 });
      expect([...third.keys()]).toEqual([contactsStreamId(PROVINCE)]);
      // One caller changing what it read cannot change what another read.
      const mine = first.get(agencyStreamId(DISTRICT))!.events[0];
      const theirs = second.get(agencyStreamId(DISTRICT))!.events[0];
      expect(theirs).toEqual(mine);
      expect(theirs.data).not.toBe(mine.data);

      // A read started after the others have answered is a query of its own.
      await reader.readStreams([taskStreamId('t-1')]);
      expect(queries).toHaveBeenCalledTimes(2);
    } finally {
      queries.mockRestore();
    }
  });

  it("reminders are read by the task's rule: the successor's officers read the inherited task's, the ceased agency's are sent to it", async () => {
    const clock = new ManualClock('2025-07-02T03:00:00.000Z');
    const queries = new FollowUpQueries(db.pool, reader, clock, new TaskingReader(new CommandRunner(new PostgresEventStore(db.pool))));
    const officer = (agency: string) => ({ userId: `vanthu.${agency}`, role: 'agency' as const, agency });
    await expect(queries.reminders('t-1', officer(PROVINCE))).resolves.toMatchObject({ items: [] });
    // As GET /tasks/:id answers them (assertMayReadTask).
    await expect(queries.reminders('t-1', officer(DISTRICT))).rejects.toMatchObject({ code: 'AGENCY_CEASED' });
    await expect(queries.reminders('t-1', officer('SO_TAI_CHINH'))).rejects.toMatchObject({ code: 'NOT_YOUR_AGENCY' });
    clock.set('2025-06-30T16:00:00.000Z');
    await expect(queries.reminders('t-1', officer(DISTRICT))).resolves.toMatchObject({ items: [] });
    await expect(queries.reminders('t-1', officer(PROVINCE))).rejects.toMatchObject({ code: 'NOT_YOUR_AGENCY' });
  });
});
