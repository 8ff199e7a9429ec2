import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens nested validation errors into `a.b[0].c` paths, one entry per bad field. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const path = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own = error.constraints ? [{ field: path, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/** C0 control characters other than tab, line feed and carriage return. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const CONTROL_PROBLEM = 'không được chứa ký tự điều khiển (NUL, mã dưới U+0020 trừ tab và xuống dòng) hay ký tự Unicode lẻ cặp';

/** Half of a UTF-16 surrogate pair without the other half: not Unicode text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const badText = (text: string) => CONTROL_CHARACTER.test(text) || LONE_SURROGATE.test(text);

/**
 * Every string (and object key) in a request that PostgreSQL's jsonb would refuse (NUL, a lone
 * surrogate) or that has no place in an official text (other C0 controls), with its path.
 */
export function findControlCharacters(value: unknown, path = '', found: FieldProblem[] = []): FieldProblem[] {
  if (typeof value === 'string') {
    if (badText(value)) found.push({ field: path || 'value', problems: [CONTROL_PROBLEM] });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findControlCharacters(item, `${path}[${i}]`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const child = path ? `${path}.${key}` : key;
      if (badText(key)) found.push({ field: child, problems: [CONTROL_PROBLEM] });
      findControlCharacters(item, child, found);
    }
  }
  return found;
}

const validationFailed = (fields: FieldProblem[]) =>
  new DomainError('invalid', 'VALIDATION_FAILED', `Dữ liệu không hợp lệ: ${fields.map((f) => f.field).join(', ')}`, { fields });

/**
 * The validation pipe, plus one check for every text field of every route: control characters
 * are refused here, once, rather than by jsonb as a 500 after the command was decided.
 */
class DondocValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const pipeable = metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param';
    const control = pipeable ? findControlCharacters(value, metadata.data ?? '') : [];
    try {
      const transformed = await super.transform(value, metadata);
      if (control.length) throw validationFailed(control);
      return transformed;
    } catch (error) {
      if (!control.length || !(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      // One 400 naming every bad field: the control characters and the DTO's own findings.
      const others = ((error.details?.fields ?? []) as FieldProblem[]).filter((f) => !control.some((c) => c.field === f.field));
      throw validationFailed([...control, ...others]);
    }
  }
}

/**
 * Unknown fields are refused, types are converted only where the DTO says so, text with control
 * characters is refused, and the 400 names every bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new DondocValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}
