import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '@hub/domain';

function flatten(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
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

/**
 * PostgreSQL text cannot hold a NUL character: input carrying one is refused here, naming the field, before it can
 * reach a query (where it would fail as a 500). Walks strings in objects and arrays, not Buffers (raw XML bodies).
 */
export function assertNoNul(value: unknown, path = '', depth = 0): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      const field = path || 'body';
      throw new DomainError('invalid', `Invalid request: ${field}`, [{ field, constraint: 'noNulCharacter' }]);
    }
    return;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || depth > 32) return;
  for (const [k, v] of Object.entries(value)) assertNoNul(v, path ? `${path}.${k}` : k, depth + 1);
}

class HubValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    assertNoNul(value);
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
