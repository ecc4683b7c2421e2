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
  subjects: Map<SubjectName, { fields: readonly string[] | null; answers: Map<readonly string[], Answers> }>;
  /** Nodes in its answer trees; past MEMO_LIMIT they are dropped and grow again from what is asked next. */
  size: number;
}
/**
 * The answers to one question, one level per condition field, by that field's value: a primitive value (a string,
 * number, boolean, null, undefined) is its own key, so a lookup builds nothing and hashes strings it has seen before;
 * an object is keyed by its JSON, apart from the primitives, so no two different value lists share an answer.
 */
interface Answers {
  byValue?: Map<unknown, Answers>;
  byJson?: Map<string, Answers>;
  answered?: boolean;
  answer?: unknown;
}
const MEMO_LIMIT = 30_000;
const memos = new WeakMap<AppAbility, Memo>();

/** `question` tells the answers apart: the field list asked for (by identity), or CAN_READ. */
function memo<T>(ability: AppAbility, question: readonly string[], name: SubjectName, obj: object, compute: () => T): T {
  let m = memos.get(ability);
  if (!m) memos.set(ability, (m = { subjects: new Map(), size: 0 }));
  let subject = m.subjects.get(name);
  if (!subject) m.subjects.set(name, (subject = { fields: conditionFields(ability, name), answers: new Map() }));
  if (subject.fields === null) return compute();
  let node = subject.answers.get(question);
  if (!node) subject.answers.set(question, (node = {}));
  const values = obj as Record<string, unknown>;
  for (const f of subject.fields) node = child(m, node, values[f]);
  if (node.answered) return node.answer as T;
  const answer = compute();
  if (m.size > MEMO_LIMIT) {
    m.subjects.clear();
    m.size = 0;
  }
  node.answered = true;
  node.answer = answer;
  return answer;
}

function child(m: Memo, node: Answers, v: unknown): Answers {
  const byJson = typeof v === 'object' && v !== null;
  const key = byJson ? JSON.stringify(v) : v;
  const level = byJson ? (node.byJson ??= new Map<string, Answers>()) : (node.byValue ??= new Map<unknown, Answers>());
  let next = level.get(key);
  if (!next) {
    level.set(key, (next = {}));
    m.size++;
  }
  return next;
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
