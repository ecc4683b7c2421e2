import { ValidationError, ValidationPipe } from '@nestjs/common';
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

export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  exceptionFactory: (errors) => validationError(errors),
});
