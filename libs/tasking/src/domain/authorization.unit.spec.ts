import { Actor, ROLES, Role } from '@dondoc/platform/auth/actor';
import { ALLOWED_ROLES, assertActsForLeadAgency, assertMayReadTask, assertRoleAllowed, readScopeAgency, TaskingAction, taskViewFor } from './authorization';
import type { ExtensionRecord, ReportRecord } from './task.decider';

const actor = (role: Role, agency: string | null = null): Actor => ({ userId: `u-${role}`, role, agency });

const codeOf = (run: () => void): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'not a domain error';
  }
};

/** The table of DESIGN.md "Who uses it" and issue 6, written out once more by hand. */
const EXPECTED: Record<TaskingAction, Role[]> = {
  RegisterAgency: ['committee', 'admin', 'system'],
  RecordAgencySuccession: ['committee', 'admin', 'system'],
  IssuePlan: ['committee', 'system'],
  AssignTask: ['committee', 'system'],
  SubmitReport: ['agency', 'system'],
  ReviewReport: ['committee', 'system'],
  RequestExtension: ['agency', 'system'],
  DecideExtension: ['committee', 'system'],
  ReassignTask: ['committee', 'system'],
  CompleteTask: ['committee', 'system'],
  CancelTask: ['committee', 'system'],
  ReadTask: ['committee', 'monitoring', 'agency', 'auditor', 'admin', 'system'],
};

describe('tasking authorization', () => {
  for (const action of Object.keys(EXPECTED) as TaskingAction[]) {
    it(`${action}: allowed for ${EXPECTED[action].join(', ')} and no one else`, () => {
      for (const role of ROLES) {
        const code = codeOf(() => assertRoleAllowed(actor(role, 'SO_Y_TE'), action));
        expect([role, code]).toEqual([role, EXPECTED[action].includes(role) ? null : 'ROLE_NOT_ALLOWED']);
      }
      expect([...ALLOWED_ROLES[action]].sort()).toEqual([...EXPECTED[action]].sort());
    });
  }

  it('auditors write nothing', () => {
    const writes = (Object.keys(ALLOWED_ROLES) as TaskingAction[]).filter((a) => a !== 'ReadTask');
    expect(writes.filter((a) => ALLOWED_ROLES[a].includes('auditor'))).toEqual([]);
  });

  it('an agency officer acts only for the lead agency; other roles are not scoped', () => {
    expect(codeOf(() => assertActsForLeadAgency(actor('agency', 'SO_Y_TE'), 'SubmitReport', 'SO_Y_TE'))).toBeNull();
    expect(codeOf(() => assertActsForLeadAgency(actor('agency', 'SO_GTVT'), 'SubmitReport', 'SO_Y_TE'))).toBe('NOT_YOUR_AGENCY');
    expect(codeOf(() => assertActsForLeadAgency(actor('agency', null), 'RequestExtension', 'SO_Y_TE'))).toBe('NOT_YOUR_AGENCY');
    expect(codeOf(() => assertActsForLeadAgency(actor('system'), 'SubmitReport', 'SO_Y_TE'))).toBeNull();
    expect(codeOf(() => assertActsForLeadAgency(actor('committee'), 'CancelTask', 'SO_Y_TE'))).toBeNull();
  });

  it('an agency officer reads the tasks it leads or coordinates; everyone else reads all', () => {
    const task = { leadAgency: 'SO_Y_TE', coordinatingAgencies: ['CA_TINH'] };
    expect(codeOf(() => assertMayReadTask(actor('agency', 'SO_Y_TE'), task))).toBeNull();
    expect(codeOf(() => assertMayReadTask(actor('agency', 'CA_TINH'), task))).toBeNull();
    expect(codeOf(() => assertMayReadTask(actor('agency', 'SO_GTVT'), task))).toBe('NOT_YOUR_AGENCY');
    expect(codeOf(() => assertMayReadTask(actor('agency', null), task))).toBe('NOT_YOUR_AGENCY');
    for (const role of ['committee', 'monitoring', 'auditor', 'admin', 'system'] as const) {
      expect(codeOf(() => assertMayReadTask(actor(role), task))).toBeNull();
    }
  });

  it("gives a coordinating agency the accepted reports only and no extension requests; the lead agency and other roles see all", () => {
    const report = (reportId: string, status: ReportRecord['status']) => ({ reportId, status }) as ReportRecord;
    const task = {
      leadAgency: 'SO_Y_TE',
      coordinatingAgencies: ['CA_TINH'],
      reports: [report('r1', 'accepted'), report('r2', 'returned'), report('r3', 'submitted')],
      extensions: [{ extensionId: 'e1', status: 'requested' } as ExtensionRecord],
    };
    const coordinating = taskViewFor(actor('agency', 'CA_TINH'), task);
    expect(coordinating).toMatchObject({ visibility: 'coordinating', extensions: [] });
    expect(coordinating.reports.map((r) => r.reportId)).toEqual(['r1']);
    for (const reader of [actor('agency', 'SO_Y_TE'), actor('committee'), actor('monitoring', 'CA_TINH'), actor('auditor'), actor('admin')]) {
      expect(taskViewFor(reader, task)).toEqual({ ...task, visibility: 'full' });
    }
  });

  it("confines an agency officer's read-model queries to their own agency; other readers choose", () => {
    expect(readScopeAgency(actor('agency', 'SO_Y_TE'), undefined)).toBe('SO_Y_TE');
    expect(readScopeAgency(actor('agency', 'SO_Y_TE'), 'SO_Y_TE')).toBe('SO_Y_TE');
    expect(codeOf(() => readScopeAgency(actor('agency', 'SO_Y_TE'), 'SO_GTVT'))).toBe('NOT_YOUR_AGENCY');
    expect(codeOf(() => readScopeAgency(actor('agency', null), undefined))).toBe('NOT_YOUR_AGENCY');
    for (const role of ['committee', 'monitoring', 'auditor', 'admin', 'system'] as const) {
      expect(readScopeAgency(actor(role), undefined)).toBeNull();
      expect(readScopeAgency(actor(role), 'SO_GTVT')).toBe('SO_GTVT');
    }
  });

  it('refusals are 403 with a Vietnamese message', () => {
    try {
      assertRoleAllowed(actor('auditor'), 'CancelTask');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toMatchObject({ kind: 'forbidden', code: 'ROLE_NOT_ALLOWED', message: 'Vai trò Thanh tra không được phép hủy nhiệm vụ' });
    }
  });
});
