import { spec } from '@dondoc/event-store/testing';
import { Actor } from '@dondoc/platform/auth/actor';
import { AgencySuccessions, SuccessionLink } from './agency-succession';
import { agencyDecider } from './agency.decider';
import { RecordAgencySuccession } from './agency.commands';
import { agencyRegistered, agencySucceeded } from './agency.events';
import { assertActsForLeadAgency, assertMayReadTask, readScopeAgency, taskViewFor } from './authorization';

const NOW = '2025-06-20T03:00:00.000Z';
const admin: Actor = { userId: 'u-admin', role: 'admin', agency: null };

const districtX = agencyRegistered({
  code: 'UBND_HUYEN_X',
  nameVi: 'Ủy ban nhân dân huyện X',
  nameEn: null,
  level: 'district',
  kind: 'committee',
  collective: false,
  registeredAt: '2024-01-02T01:00:00.000Z',
});

const link = (code: string, successorCode: string, effectiveOn: string): SuccessionLink => ({
  code,
  successorCode,
  effectiveOn,
  // 00:00 in Hà Nội is 17:00 UTC the day before.
  effectiveAt: new Date(Date.parse(`${effectiveOn}T00:00:00+07:00`)).toISOString(),
});

const succeed = (data: Partial<RecordAgencySuccession['data']> = {}, actor: Actor = admin): RecordAgencySuccession => ({
  type: 'RecordAgencySuccession',
  data: {
    code: 'UBND_HUYEN_X',
    successorCode: 'UBND_TINH',
    effectiveOn: '2025-07-01',
    reason: 'Nghị quyết 202/2025/QH15: không tổ chức cấp huyện từ ngày 01/07/2025',
    successor: { registered: true, successions: [] },
    ...data,
  },
  metadata: { actor, now: NOW },
});

const succeeded = agencySucceeded({
  code: 'UBND_HUYEN_X',
  successorCode: 'UBND_TINH',
  effectiveOn: '2025-07-01',
  effectiveAt: '2025-06-30T17:00:00.000Z',
  reason: 'Nghị quyết 202/2025/QH15: không tổ chức cấp huyện từ ngày 01/07/2025',
  recordedAt: NOW,
});

describe('agency succession (decider)', () => {
  it('records that an agency ceased on a day and its work passes to its successor, effective 00:00 that day in Hà Nội', () => {
    spec(agencyDecider).given([districtX]).when(succeed()).then([succeeded]);
  });

  it('may be recorded ahead of its date, or after it', () => {
    const later = spec(agencyDecider).given([districtX]).when(succeed({ effectiveOn: '2024-12-31' })).events();
    expect(later[0].data).toMatchObject({ effectiveOn: '2024-12-31', effectiveAt: '2024-12-30T17:00:00.000Z', recordedAt: NOW });
  });

  it('keeps the succession in the agency state (folded), and a second one is refused: nothing is rewritten', () => {
    const state = agencyDecider.evolve(agencyDecider.evolve(agencyDecider.initialState(), districtX), succeeded);
    expect(state).toMatchObject({ status: 'registered', code: 'UBND_HUYEN_X', succession: { successorCode: 'UBND_TINH', effectiveOn: '2025-07-01' } });
    spec(agencyDecider).given([districtX, succeeded]).when(succeed({ successorCode: 'UBND_XA_Y' })).thenThrows('AGENCY_ALREADY_SUCCEEDED');
  });

  it('refuses an agency that is not registered (404)', () => {
    spec(agencyDecider).given([]).when(succeed()).thenThrows('AGENCY_NOT_FOUND');
  });

  it('refuses a successor that is not registered (422) or is the agency itself', () => {
    spec(agencyDecider).given([districtX]).when(succeed({ successor: { registered: false, successions: [] } })).thenThrows('AGENCY_NOT_FOUND');
    spec(agencyDecider).given([districtX]).when(succeed({ successorCode: 'UBND_HUYEN_X' })).thenThrows('SUCCESSOR_IS_SELF');
    spec(agencyDecider).given([districtX]).when(succeed({ successorCode: 'ubnd tinh' })).thenThrows('AGENCY_CODE_INVALID');
  });

  it('refuses a cycle: X → Y when Y already leads back to X, directly or along a chain', () => {
    spec(agencyDecider)
      .given([districtX])
      .when(succeed({ successor: { registered: true, successions: [link('UBND_TINH', 'UBND_HUYEN_X', '2026-01-01')] } }))
      .thenThrows('SUCCESSION_CYCLE');
    const chain = [link('UBND_TINH', 'UBND_XA_Y', '2026-01-01'), link('UBND_XA_Y', 'UBND_HUYEN_X', '2027-01-01')];
    let thrown: unknown;
    try {
      agencyDecider.decide(succeed({ successor: { registered: true, successions: chain } }), agencyDecider.evolve(agencyDecider.initialState(), districtX));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'SUCCESSION_CYCLE', details: { chain: ['UBND_HUYEN_X', 'UBND_TINH', 'UBND_XA_Y', 'UBND_HUYEN_X'] } });
  });

  it('refuses a successor that has itself ceased on or before the day, and names the one to choose; a later end is a chain', () => {
    const ended = (on: string) => ({ registered: true, successions: [link('UBND_TINH', 'UBND_TINH_MOI', on)] });
    spec(agencyDecider).given([districtX]).when(succeed({ successor: ended('2025-07-01') })).thenThrows('SUCCESSOR_CEASED');
    spec(agencyDecider).given([districtX]).when(succeed({ successor: ended('2025-03-01') })).thenThrows('SUCCESSOR_CEASED');
    const [event] = spec(agencyDecider).given([districtX]).when(succeed({ successor: ended('2025-07-02') })).events();
    expect(event.data).toMatchObject({ successorCode: 'UBND_TINH', effectiveOn: '2025-07-01' });
  });

  it('refuses a day that does not exist or lies outside 1900–2100, and a missing or overlong reason', () => {
    for (const effectiveOn of ['2025-02-29', '2025-7-1', '1899-12-31', '2101-01-01', '']) {
      spec(agencyDecider).given([districtX]).when(succeed({ effectiveOn })).thenThrows('DATE_INVALID');
    }
    spec(agencyDecider).given([districtX]).when(succeed({ reason: '  ' })).thenThrows('REASON_REQUIRED');
    spec(agencyDecider).given([districtX]).when(succeed({ reason: 'x'.repeat(4001) })).thenThrows('TEXT_TOO_LONG');
  });

  it('is for administrators (reference data), the committee and the system', () => {
    for (const role of ['admin', 'committee', 'system'] as const) {
      spec(agencyDecider).given([districtX]).when(succeed({}, { userId: role, role, agency: null })).then([succeeded]);
    }
    for (const role of ['agency', 'auditor', 'monitoring'] as const) {
      spec(agencyDecider).given([districtX]).when(succeed({}, { userId: role, role, agency: 'UBND_HUYEN_X' })).thenThrows('ROLE_NOT_ALLOWED');
    }
  });
});

describe('AgencySuccessions (who answers for an agency at an instant)', () => {
  const links = [link('UBND_HUYEN_X', 'UBND_TINH', '2025-07-01'), link('UBND_HUYEN_W', 'UBND_HUYEN_X', '2020-01-01'), link('UBND_TINH', 'UBND_TINH_MOI', '2026-01-01')];

  it('shows the original agency before the day and the successor from 00:00 of the day (Asia/Ho_Chi_Minh)', () => {
    expect(new AgencySuccessions(links, '2025-06-30T16:59:59.999Z').answering('UBND_HUYEN_X')).toBe('UBND_HUYEN_X');
    expect(new AgencySuccessions(links, '2025-06-30T17:00:00.000Z').answering('UBND_HUYEN_X')).toBe('UBND_TINH');
  });

  it('follows chains effective by then: W → X → Y → Z', () => {
    const in2019 = new AgencySuccessions(links, '2019-06-01T00:00:00.000Z');
    const in2024 = new AgencySuccessions(links, '2024-06-01T00:00:00.000Z');
    const in2025 = new AgencySuccessions(links, '2025-08-01T00:00:00.000Z');
    const in2026 = new AgencySuccessions(links, '2026-02-01T00:00:00.000Z');
    expect(['UBND_HUYEN_W', 'UBND_HUYEN_W', 'UBND_HUYEN_W', 'UBND_HUYEN_W'].map((c, i) => [in2019, in2024, in2025, in2026][i].answering(c))).toEqual([
      'UBND_HUYEN_W',
      'UBND_HUYEN_X',
      'UBND_TINH',
      'UBND_TINH_MOI',
    ]);
    expect(in2026.chain('UBND_HUYEN_W')).toEqual(['UBND_HUYEN_W', 'UBND_HUYEN_X', 'UBND_TINH', 'UBND_TINH_MOI']);
    expect(in2025.answersFor('UBND_TINH')).toEqual(['UBND_TINH', 'UBND_HUYEN_W', 'UBND_HUYEN_X']);
    expect(in2024.answersFor('UBND_TINH')).toEqual(['UBND_TINH']);
    // A ceased agency's own figures: itself and what had passed to it.
    expect(in2025.answersFor('UBND_HUYEN_X')).toEqual(['UBND_HUYEN_X', 'UBND_HUYEN_W']);
    expect(in2025.ceased('UBND_HUYEN_X')).toMatchObject({ successorCode: 'UBND_TINH' });
    expect(in2024.ceased('UBND_HUYEN_X')).toBeNull();
  });

  it('stops at a repeat instead of looping on a cycle it did not decide', () => {
    const cycle = new AgencySuccessions([link('A1', 'B1', '2020-01-01'), link('B1', 'A1', '2020-01-01')], '2021-01-01T00:00:00.000Z');
    expect(cycle.chain('A1')).toEqual(['A1', 'B1']);
    expect(cycle.answersFor('A1').sort()).toEqual(['A1', 'B1']);
  });

  describe('officers act and read for their agency and the agencies whose work passed to it', () => {
    const after = new AgencySuccessions(links, '2025-08-01T00:00:00.000Z');
    const before = new AgencySuccessions(links, '2025-06-01T00:00:00.000Z');
    const tinh: Actor = { userId: 'u-tinh', role: 'agency', agency: 'UBND_TINH' };
    const huyen: Actor = { userId: 'u-huyen', role: 'agency', agency: 'UBND_HUYEN_X' };
    const code = (run: () => unknown) => {
      try {
        run();
        return null;
      } catch (error) {
        return (error as { code: string }).code;
      }
    };

    it('the successor acts on its predecessor’s tasks from the day on, not before', () => {
      expect(code(() => assertActsForLeadAgency(tinh, 'SubmitReport', 'UBND_HUYEN_X', after))).toBeNull();
      expect(code(() => assertActsForLeadAgency(tinh, 'SubmitReport', 'UBND_HUYEN_W', after))).toBeNull();
      expect(code(() => assertActsForLeadAgency(tinh, 'SubmitReport', 'UBND_HUYEN_X', before))).toBe('NOT_YOUR_AGENCY');
      expect(code(() => assertActsForLeadAgency(tinh, 'SubmitReport', 'UBND_HUYEN_X'))).toBe('NOT_YOUR_AGENCY');
    });

    it('the ceased agency’s officers no longer act or read (AGENCY_CEASED), until the day they still do', () => {
      expect(code(() => assertActsForLeadAgency(huyen, 'SubmitReport', 'UBND_HUYEN_X', before))).toBeNull();
      expect(code(() => assertActsForLeadAgency(huyen, 'SubmitReport', 'UBND_HUYEN_X', after))).toBe('AGENCY_CEASED');
      expect(code(() => assertMayReadTask(huyen, { leadAgency: 'UBND_HUYEN_X', coordinatingAgencies: [] }, after))).toBe('AGENCY_CEASED');
      expect(code(() => readScopeAgency(huyen, undefined, after))).toBe('AGENCY_CEASED');
      expect(readScopeAgency(huyen, undefined, before)).toBe('UBND_HUYEN_X');
    });

    it('reads: the successor sees the whole task of its predecessor, and may narrow its figures to a predecessor', () => {
      const task = { leadAgency: 'UBND_HUYEN_X', coordinatingAgencies: [], reports: [], extensions: [] };
      expect(code(() => assertMayReadTask(tinh, task, after))).toBeNull();
      expect(taskViewFor(tinh, task, after).visibility).toBe('full');
      expect(code(() => assertMayReadTask(tinh, task, before))).toBe('NOT_YOUR_AGENCY');
      expect(code(() => assertMayReadTask(tinh, { leadAgency: 'SO_Y_TE', coordinatingAgencies: ['UBND_HUYEN_X'] }, after))).toBeNull();
      expect(taskViewFor(tinh, { ...task, leadAgency: 'SO_Y_TE' }, after).visibility).toBe('coordinating');
      expect(readScopeAgency(tinh, undefined, after)).toBe('UBND_TINH');
      expect(readScopeAgency(tinh, 'UBND_HUYEN_X', after)).toBe('UBND_HUYEN_X');
      expect(code(() => readScopeAgency(tinh, 'UBND_HUYEN_X', before))).toBe('NOT_YOUR_AGENCY');
      expect(code(() => readScopeAgency(tinh, 'SO_Y_TE', after))).toBe('NOT_YOUR_AGENCY');
    });
  });
});
