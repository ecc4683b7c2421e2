import { applyDecorators } from '@nestjs/common';
import type { ValidationOptions } from 'class-validator';
import { IsInt, Max, Min, registerDecorator } from 'class-validator';
import { isValidFodselsnummer, isValidOrgnr } from '@hub/domain';

function rule(name: string, test: (v: string) => boolean, message: string) {
  return (options?: ValidationOptions) => (target: object, property: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: property,
      options: { message: `${property} ${message}`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && test(v) },
    });
}

export const IsFodselsnummer = rule('isFodselsnummer', isValidFodselsnummer, 'must be an 11-digit fødselsnummer whose control digits hold');
export const IsOrgnr = rule('isOrgnr', isValidOrgnr, 'must be a 9-digit organisasjonsnummer whose control digit holds');

/** A sequence number or cursor: a whole number that fits both JavaScript and PostgreSQL's bigint. */
export function IsSeq(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));
}
