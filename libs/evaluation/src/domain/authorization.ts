import { Actor, Role, ROLE_LABELS_VI } from '@dondoc/platform/auth/actor';
import { forbidden } from '@dondoc/platform/errors/domain-error';

/** Everything one can do in the evaluation context, named after the commands (plus reading). */
export type EvaluationAction =
  | 'RegisterUnit'
  | 'ReorganiseUnits'
  | 'DefineProgramme'
  | 'SelectCommune'
  | 'EvaluateCommune'
  | 'RecordRelapse'
  | 'ClassifyMovement'
  | 'RecogniseModelUnit'
  | 'ReadEvaluation';

/**
 * Who may do what (DESIGN.md "Who uses it"). The steering committee selects and evaluates
 * communes and recognises model units; administrative units are reference data, kept by
 * admins as well as the committee (as agencies are in tasking: `RegisterAgency`); the
 * monitoring agency and auditors read; `system` is the process itself (CLI imports).
 * Agency officers see their own agency's tasks, not the province's programme: the registry
 * has no link from an agency to a district yet, so they are refused rather than shown all.
 * The HTTP routes use this same table with `@Roles(...)`, and each handler checks it again.
 */
export const EVALUATION_ALLOWED_ROLES: Readonly<Record<EvaluationAction, readonly Role[]>> = {
  RegisterUnit: ['admin', 'committee', 'system'],
  ReorganiseUnits: ['admin', 'committee', 'system'],
  DefineProgramme: ['committee', 'system'],
  SelectCommune: ['committee', 'system'],
  EvaluateCommune: ['committee', 'system'],
  RecordRelapse: ['committee', 'system'],
  ClassifyMovement: ['committee', 'system'],
  RecogniseModelUnit: ['committee', 'system'],
  ReadEvaluation: ['committee', 'monitoring', 'auditor', 'admin', 'system'],
};

export const EVALUATION_ACTION_LABELS_VI: Readonly<Record<EvaluationAction, string>> = {
  RegisterUnit: 'đăng ký đơn vị',
  ReorganiseUnits: 'ghi nhận sắp xếp đơn vị hành chính',
  DefineProgramme: 'xác định chương trình đánh giá',
  SelectCommune: 'chọn địa bàn chuyển hóa',
  EvaluateCommune: 'đánh giá địa bàn chuyển hóa',
  RecordRelapse: 'ghi nhận địa bàn phức tạp trở lại',
  ClassifyMovement: 'phân loại phong trào',
  RecogniseModelUnit: 'công nhận điển hình',
  ReadEvaluation: 'xem kết quả đánh giá',
};

/** Refuses an actor whose role may not do the action (403 `ROLE_NOT_ALLOWED`, as in tasking). */
export function assertEvaluationRole(actor: Actor, action: EvaluationAction): void {
  if (EVALUATION_ALLOWED_ROLES[action].includes(actor.role)) return;
  throw forbidden('ROLE_NOT_ALLOWED', `Vai trò ${ROLE_LABELS_VI[actor.role] ?? actor.role} không được phép ${EVALUATION_ACTION_LABELS_VI[action]}`, {
    role: actor.role,
    allowed: EVALUATION_ALLOWED_ROLES[action],
  });
}
