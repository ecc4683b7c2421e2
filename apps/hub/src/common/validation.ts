import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '@hub/domain';

function flatten(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = (prefix ? `${prefix}.${e.property}` : e.property) || 'payload';
    const own = Object.keys(e.constraints ?? {}).map((constraint) => ({ field, constraint }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Validation failures name the fields and the rules they broke, never the values sent. */
export function validationError(errors: readonly ValidationError[]): DomainError {
  const details = flatten(errors);
  const fields = [...new Set(details.map((d) => d.field))];
  return new DomainError('invalid', `Invalid request: ${fields.join(', ')}`, details);
}

/** The deepest DTO is body → array → item → field; anything much deeper is an attack on the recursive validators. */
const MAX_INPUT_DEPTH = 16;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuse(field: string, constraint: string): never {
  throw new DomainError('invalid', `Invalid request: ${field}`, [{ field, constraint }]);
}

/**
 * What the DTO validators cannot be trusted with, refused here for REST and sockets alike, naming the field:
 * nesting deeper than any DTO (class-transformer recurses until the stack overflows), keys named like built-in object
 * properties (`__proto__`, `constructor`, `toString`, ...: class-transformer and Nest drop them silently, so
 * forbidNonWhitelisted never sees them), NUL (PostgreSQL text cannot hold it) and lone surrogates (stored as U+FFFD,
 * a silent change). Buffers (raw XML bodies) are left to their own parser.
 */
export function assertPlainInput(value: unknown, path = '', depth = 0): void {
  const field = path || 'body';
  if (typeof value === 'string') {
    if (value.includes('\u0000')) refuse(field, 'noNulCharacter');
    if (LONE_SURROGATE.test(value)) refuse(field, 'wellFormedUnicode');
    return;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return;
  if (depth >= MAX_INPUT_DEPTH) refuse(field, 'maxDepth');
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key in Object.prototype || key === 'prototype') refuse(at, 'whitelistValidation');
    if (LONE_SURROGATE.test(key)) refuse(at, 'wellFormedUnicode');
    assertPlainInput((value as Record<string, unknown>)[key], at, depth + 1);
  }
}

class HubValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    assertPlainInput(value);
    return super.transform(value, metadata);
  }
}

export const validationPipe = new HubValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  exceptionFactory: (errors) => validationError(errors),
});
