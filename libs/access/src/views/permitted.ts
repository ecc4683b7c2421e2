import { subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import { Role } from '@hub/domain';
import { Action, AppAbility, Subject, SubjectName } from '../abilities';

/** Tags a plain object as a subject for CASL (a copy: CASL marks the object it is given). */
export function tagged(name: SubjectName, obj: object): Subject {
  return subject(name, { ...obj } as Record<string, unknown>) as Subject;
}

/**
 * The fields of `obj` that may leave for this audience: listed for the role (the most it may ever get)
 * AND granted by a rule. A rule without a field list grants no field, so both lists must name a field.
 */
export function permitted<F extends string>(ability: AppAbility, name: SubjectName, obj: object, max: readonly F[]): Set<F> {
  return memo(ability, `fields:${max.join(',')}`, name, obj, () => {
    const granted = new Set(permittedFieldsOf(ability, 'read', tagged(name, obj), { fieldsFrom: (r) => r.fields ?? [] }));
    return new Set(max.filter((f) => granted.has(f)));
  });
}

export function canRead(ability: AppAbility, name: SubjectName, obj: object): boolean {
  return memo(ability, 'can', name, obj, () => ability.can('read', tagged(name, obj)));
}

/**
 * An ability's answer depends only on the subject fields its rules' conditions name (threadId, senderId, ...), so
 * it is kept per ability and per the values of those fields: the fan-out renders every event once per audience with
 * one long-lived ability, and the same thread's messages then cost one CASL evaluation, not one each.
 * Conditions that are not plain field tests ($or, nested paths) are never cached.
 */
interface Memo {
  keys: Map<SubjectName, readonly string[] | null>;
  answers: Map<string, unknown>;
}
const MEMO_LIMIT = 10_000;
const memos = new WeakMap<AppAbility, Memo>();

function memo<T>(ability: AppAbility, what: string, name: SubjectName, obj: object, compute: () => T): T {
  let m = memos.get(ability);
  if (!m) memos.set(ability, (m = { keys: new Map(), answers: new Map() }));
  let keys = m.keys.get(name);
  if (keys === undefined) m.keys.set(name, (keys = conditionFields(ability, name)));
  if (keys === null) return compute();
  const values = obj as Record<string, unknown>;
  // A missing field and a null one are told apart ([v] against 0), as CASL could tell them apart.
  const key = `${what}|${name}|${JSON.stringify(keys.map((k) => (values[k] === undefined ? 0 : [values[k]])))}`;
  if (m.answers.has(key)) return m.answers.get(key) as T;
  const answer = compute();
  if (m.answers.size >= MEMO_LIMIT) m.answers.clear();
  m.answers.set(key, answer);
  return answer;
}

const ACTIONS: readonly Action[] = ['read', 'create', 'update', 'manage'];

function conditionFields(ability: AppAbility, name: SubjectName): readonly string[] | null {
  const fields = new Set<string>();
  for (const action of ACTIONS) {
    for (const rule of ability.possibleRulesFor(action, name)) {
      for (const field of Object.keys(rule.conditions ?? {})) {
        if (field.startsWith('$') || field.includes('.')) return null;
        fields.add(field);
      }
    }
  }
  return [...fields].sort();
}

export type { Role };
