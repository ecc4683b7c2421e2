import { subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import { Role } from '@hub/domain';
import { AppAbility, Subject, SubjectName } from '../abilities';

/** Tags a plain object as a subject for CASL (a copy: CASL marks the object it is given). */
export function tagged(name: SubjectName, obj: object): Subject {
  return subject(name, { ...obj } as Record<string, unknown>) as Subject;
}

/**
 * The fields of `obj` that may leave for this audience: listed for the role (the most it may ever get)
 * AND granted by a rule. A rule without a field list grants no field, so both lists must name a field.
 */
export function permitted<F extends string>(ability: AppAbility, name: SubjectName, obj: object, max: readonly F[]): Set<F> {
  const granted = new Set(permittedFieldsOf(ability, 'read', tagged(name, obj), { fieldsFrom: (r) => r.fields ?? [] }));
  return new Set(max.filter((f) => granted.has(f)));
}

export function canRead(ability: AppAbility, name: SubjectName, obj: object): boolean {
  return ability.can('read', tagged(name, obj));
}

export type { Role };
