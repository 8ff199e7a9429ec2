import { Actor, ROLES } from '@dondoc/platform/auth/actor';
import { assertEvaluationRole, EVALUATION_ALLOWED_ROLES, EvaluationAction } from './authorization';

const as = (role: Actor['role']): Actor => ({ userId: `u-${role}`, role, agency: null });
const WRITES: EvaluationAction[] = ['DefineProgramme', 'SelectCommune', 'EvaluateCommune', 'RecordRelapse', 'ClassifyMovement', 'RecogniseModelUnit'];

describe('who may do what in the evaluation context', () => {
  it('the committee decides; admins and the committee keep the unit registry', () => {
    for (const action of WRITES) expect(EVALUATION_ALLOWED_ROLES[action]).toEqual(['committee', 'system']);
    expect(EVALUATION_ALLOWED_ROLES.RegisterUnit).toEqual(['admin', 'committee', 'system']);
    expect(EVALUATION_ALLOWED_ROLES.ReorganiseUnits).toEqual(['admin', 'committee', 'system']);
  });

  it('auditors and the monitoring agency read and never write; agency officers do neither', () => {
    for (const action of [...WRITES, 'RegisterUnit', 'ReorganiseUnits'] as EvaluationAction[]) {
      for (const role of ['auditor', 'monitoring', 'agency'] as const) expect(() => assertEvaluationRole(as(role), action)).toThrow(expect.objectContaining({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' }));
    }
    expect(() => assertEvaluationRole(as('agency'), 'ReadEvaluation')).toThrow('Vai trò Cán bộ cơ quan không được phép xem kết quả đánh giá');
    for (const role of ['committee', 'monitoring', 'auditor', 'admin', 'system'] as const) expect(() => assertEvaluationRole(as(role), 'ReadEvaluation')).not.toThrow();
  });

  it('names only roles the platform knows', () => {
    for (const roles of Object.values(EVALUATION_ALLOWED_ROLES)) for (const role of roles) expect(ROLES).toContain(role);
  });
});
