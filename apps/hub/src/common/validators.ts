import { registerDecorator, ValidationOptions } from 'class-validator';
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
