import { subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import type { Role } from '@hub/domain';
import type { Action, AppAbility, Subject, SubjectName } from '../abilities';

/** Tags a plain object as a subject for CASL (a copy: CASL marks the object it is given). */
export function tagged(name: SubjectName, obj: object): Subject {
  return subject(name, { ...obj }) as Subject;
}

/**
 * The fields of `obj` that may leave for this audience: listed for the role (the most it may ever get)
 * AND granted by a rule. A rule without a field list grants no field, so both lists must name a field. The set is
 * shared by every caller asking the same (see memo), hence read-only.
 */
export function permitted<F extends string>(ability: AppAbility, name: SubjectName, obj: object, max: readonly F[]): ReadonlySet<F> {
  return memo(ability, max, name, obj, () => {
    const granted = new Set(permittedFieldsOf(ability, 'read', tagged(name, obj), { fieldsFrom: (r) => r.fields ?? [] }));
    return new Set(max.filter((f) => granted.has(f)));
  });
}

const CAN_READ: readonly string[] = [];

export function canRead(ability: AppAbility, name: SubjectName, obj: object): boolean {
  return memo(ability, CAN_READ, name, obj, () => ability.can('read', tagged(name, obj)));
}

/**
 * An ability's answer depends only on the subject fields its rules' conditions name (threadId, senderId, ...), so
 * it is kept per ability and per the values of those fields: the fan-out renders every event once per audience with
 * one long-lived ability, and the same thread's messages then cost one CASL evaluation, not one each.
 * Conditions that are not plain field tests ($or, nested paths) are never cached.
 */
interface Memo {
  /** Per subject: the fields its conditions name (null: not cacheable), and the answers per question. */
  subjects: Map<SubjectName, { fields: readonly string[] | null; answers: Map<readonly string[], Map<string, unknown>> }>;
  size: number;
}
const MEMO_LIMIT = 10_000;
const memos = new WeakMap<AppAbility, Memo>();

/** `question` tells the answers apart: the field list asked for (by identity), or CAN_READ. */
function memo<T>(ability: AppAbility, question: readonly string[], name: SubjectName, obj: object, compute: () => T): T {
  let m = memos.get(ability);
  if (!m) memos.set(ability, (m = { subjects: new Map(), size: 0 }));
  let subject = m.subjects.get(name);
  if (!subject) m.subjects.set(name, (subject = { fields: conditionFields(ability, name), answers: new Map() }));
  if (subject.fields === null) return compute();
  let answers = subject.answers.get(question);
  if (!answers) subject.answers.set(question, (answers = new Map<string, unknown>()));
  const key = valuesKey(subject.fields, obj as Record<string, unknown>);
  if (answers.has(key)) return answers.get(key) as T;
  const answer = compute();
  if (++m.size > MEMO_LIMIT) {
    m.subjects.clear();
    m.size = 0;
  }
  answers.set(key, answer);
  return answer;
}

/**
 * The values of the fields, each typed and length-prefixed so no two different value lists share a key: a missing
 * field, null, the string "1" and the number 1 all differ.
 */
function valuesKey(fields: readonly string[], values: Record<string, unknown>): string {
  let key = '';
  for (const f of fields) {
    const v = values[f];
    const text = v === undefined ? 'u' : typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v)}`;
    key += `${text.length}:${text}`;
  }
  return key;
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
