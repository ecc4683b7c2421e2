import fc from 'fast-check';
import type { Method, ValidRequest } from './rest-routes';

type Segment = string | number;
type Path = Segment[];
type JsonType = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null';

/**
 * One fault per run, as plain data so fast-check prints and shrinks it. Each makes the request invalid: a field the
 * OpenAPI document requires is missing, a value has the wrong type or is out of range, an unknown key is added, ...
 */
export type Fault =
  | { kind: 'missing'; at: Path }
  | { kind: 'wrongType'; at: Path; value: unknown }
  | { kind: 'overlong'; at: Path; length: number; fill: string }
  | { kind: 'extraKey'; at: Path; key: string; value: unknown }
  | { kind: 'badChar'; at: Path; char: string; pos: number }
  | { kind: 'badNumber'; at: Path; raw: string }
  | { kind: 'deep'; at: Path; depth: number; shape: 'array' | 'object' }
  | { kind: 'notObject'; body: unknown }
  | { kind: 'malformed'; text: string }
  | { kind: 'pathParam'; name: string; raw: string }
  | { kind: 'queryValue'; name: string; raw: string[] }
  | { kind: 'extraQuery'; name: string; raw: string };

export interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: { in: string; name: string; schema?: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

export interface Schema {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  maxLength?: number;
  maximum?: number;
  enum?: unknown[];
}

/** A place in a valid body a fault can hit, with what the document says about it. */
interface Slot {
  at: Path;
  type: JsonType;
  /** Must be present and not null: a required property, or an item of an array. */
  required: boolean;
  /** An array item: taking one out leaves a shorter array, which may well be valid. */
  item: boolean;
  maxLength?: number;
}

/** An operation as the property sees it: its valid request, and where faults can go. */
export interface Operation {
  name: string;
  method: Method;
  template: string;
  pathParams: string[];
  numericQuery: Set<string>;
  /** Query parameters with a closed set of values (`order`), where a wrong-case value is a fault. */
  enumQuery: Set<string>;
  bodySlots: Slot[];
  /** Objects in the body that can take an unknown key, with the keys they may legitimately hold. */
  objects: { at: Path; known: string[] }[];
  hasBody: boolean;
  valid: () => ValidRequest;
}

export function operationOf(doc: OpenApiDoc, name: string, valid: () => ValidRequest): Operation {
  const [method, template] = name.split(' ') as [Method, string];
  const op = doc.paths[template]?.[method.toLowerCase()];
  if (!op) throw new Error(`${name} is not in the OpenAPI document`);
  const resolve = (s: Schema | undefined): Schema | undefined => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);
  const sample = valid();
  const bodySchema = resolve(op.requestBody?.content['application/json']?.schema);
  const bodySlots: Slot[] = [];
  const objects: Operation['objects'] = [];
  const walk = (value: unknown, schema: Schema | undefined, at: Path) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        bodySlots.push({ at: [...at, i], type: typeOf(v), required: true, item: true, maxLength: resolve(schema?.items)?.maxLength });
        walk(v, resolve(schema?.items), [...at, i]);
      });
    } else if (typeof value === 'object' && value !== null) {
      objects.push({ at, known: Object.keys(schema?.properties ?? {}).concat(Object.keys(value)) });
      for (const [k, v] of Object.entries(value)) {
        const prop = resolve(schema?.properties?.[k]);
        bodySlots.push({
          at: [...at, k],
          type: typeOf(v),
          required: schema?.required?.includes(k) ?? false,
          item: false,
          maxLength: prop?.maxLength,
        });
        walk(v, prop, [...at, k]);
      }
    }
  };
  if (sample.body) walk(sample.body, bodySchema, []);
  const queryNames = new Set([
    ...(op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    ...Object.keys(sample.query ?? {}),
  ]);
  const numericQuery = new Set(
    (op.parameters ?? [])
      .filter((p) => p.in === 'query' && (p.schema?.type === 'number' || p.schema?.type === 'integer' || p.schema?.maximum !== undefined))
      .map((p) => p.name),
  );
  for (const q of queryNames) if (/^\d+$/.test(sample.query?.[q] ?? '')) numericQuery.add(q);
  const enumQuery = new Set((op.parameters ?? []).filter((p) => p.in === 'query' && p.schema?.enum !== undefined).map((p) => p.name));
  return {
    name,
    method,
    template,
    pathParams: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
    numericQuery,
    enumQuery,
    bodySlots,
    objects,
    hasBody: op.requestBody !== undefined,
    valid,
  };
}

function typeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as JsonType;
}

// ----- what goes wrong --------------------------------------------------------------------------------------------

const anyJson = fc.jsonValue({ maxDepth: 2 });
const notAString = (required: boolean) =>
  fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
    ...(required ? [fc.constant(null)] : []),
  );

/** A value of another JSON type. `null` only where the field is required: for an optional one it means "absent". */
function wrongValue(slot: Slot): fc.Arbitrary<unknown> {
  const nul = slot.required ? [fc.constant(null)] : [];
  switch (slot.type) {
    case 'string':
      return notAString(slot.required);
    case 'number':
      return fc.oneof(
        fc.string(),
        fc.integer().map(String),
        fc.boolean(),
        fc.array(fc.integer(), { maxLength: 3 }),
        fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
        ...nul,
      );
    case 'boolean':
      return fc.oneof(
        fc.constantFrom('true', 'false', '1', ''),
        fc.constantFrom(0, 1),
        fc.array(fc.boolean(), { maxLength: 2 }),
        fc.dictionary(fc.string(), fc.boolean(), { maxKeys: 2 }),
        ...nul,
      );
    case 'array':
      return fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.dictionary(fc.string(), anyJson, { maxKeys: 2 }), ...nul);
    case 'object':
      return fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(anyJson, { maxLength: 2 }), ...nul);
    default:
      return fc.oneof(fc.string(), fc.integer(), fc.boolean());
  }
}

/** Numbers no field accepts: negative, fractional, past 2^53 or past a double, and integers JavaScript cannot hold. */
const badNumberText = fc.oneof(
  fc.constantFrom(
    '-1',
    '-0.5',
    '0.5',
    '1.5',
    '1e21',
    '1e308',
    '1e400',
    '-1e400',
    '9007199254740993',
    '18446744073709551616',
    '123456789012345678901234567890',
    '-9007199254740993',
  ),
  fc.integer({ min: -(2 ** 31), max: -1 }).map(String),
  fc
    .double({ min: 0.001, max: 1000, noNaN: true })
    .filter((d) => !Number.isInteger(d))
    .map(String),
  fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 80n }).map(String),
);

/** NUL, and UTF-16 surrogates with no partner: PostgreSQL text can hold neither. */
const badChars = fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff');

const extraKeyName = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'id',
    'caseId',
    'senderId',
    'role',
    'isAdmin',
    'seq',
    'status',
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);

function bodyFaults(op: Operation): fc.Arbitrary<Fault>[] {
  const { bodySlots: slots } = op;
  const pick = (pred: (s: Slot) => boolean) => slots.filter(pred);
  const out: fc.Arbitrary<Fault>[] = [];
  const required = pick((s) => s.required && !s.item);
  if (required.length > 0) out.push(fc.constantFrom(...required).map((s): Fault => ({ kind: 'missing', at: s.at })));
  if (slots.length > 0) {
    out.push(fc.constantFrom(...slots).chain((s) => wrongValue(s).map((value): Fault => ({ kind: 'wrongType', at: s.at, value }))));
    out.push(
      fc
        .record({
          s: fc.constantFrom(...slots),
          depth: fc.integer({ min: 1, max: 100_000 }),
          shape: fc.constantFrom('array' as const, 'object' as const),
        })
        .map(({ s, depth, shape }): Fault => ({ kind: 'deep', at: s.at, depth, shape })),
    );
  }
  const strings = pick((s) => s.type === 'string');
  if (strings.length > 0) {
    out.push(
      fc.constantFrom(...strings).chain((s) =>
        fc
          .record({
            length: fc.oneof(...(s.maxLength ? [fc.constant(s.maxLength + 1)] : []), fc.integer({ min: 10_001, max: 200_000 })),
            fill: fc.constantFrom('a', 'ø', '😀', ' '),
          })
          .map(({ length, fill }): Fault => ({ kind: 'overlong', at: s.at, length, fill })),
      ),
      fc
        .record({ s: fc.constantFrom(...strings), char: badChars, pos: fc.nat(64) })
        .map(({ s, char, pos }): Fault => ({ kind: 'badChar', at: s.at, char, pos })),
    );
  }
  const numbers = pick((s) => s.type === 'number');
  if (numbers.length > 0)
    out.push(
      fc.record({ s: fc.constantFrom(...numbers), raw: badNumberText }).map(({ s, raw }): Fault => ({ kind: 'badNumber', at: s.at, raw })),
    );
  if (op.objects.length > 0) {
    out.push(
      fc
        .constantFrom(...op.objects)
        .chain((o) =>
          fc
            .record({ key: extraKeyName.filter((k) => !o.known.includes(k)), value: anyJson })
            .map(({ key, value }): Fault => ({ kind: 'extraKey', at: o.at, key, value })),
        ),
    );
  }
  out.push(
    fc
      .oneof(
        fc.array(anyJson, { maxLength: 3 }),
        fc.string(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
      )
      .map((body): Fault => ({ kind: 'notObject', body })),
  );
  return out;
}

function malformedJson(op: Operation): fc.Arbitrary<Fault> {
  const text = JSON.stringify(op.valid().body ?? {});
  return fc
    .oneof(
      fc.nat(text.length - 1).map((n) => text.slice(0, n)),
      fc.constantFrom(
        "{'a':1}",
        '{"a":}',
        '{,}',
        'undefined',
        'NaN',
        '{"a":1}}',
        '[1,]',
        '{"a":"\\x"}',
        '{"a":01}',
        '\u0000',
        '{"a":"b"',
        '"',
      ),
      fc.tuple(fc.nat(text.length), fc.string({ minLength: 1, maxLength: 4 })).map(([n, junk]) => text.slice(0, n) + junk + text.slice(n)),
      fc.string({ minLength: 1, maxLength: 20 }),
    )
    .filter((t) => t.trim() !== '' && !parses(t))
    .map((t): Fault => ({ kind: 'malformed', text: t }));
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Path segments, already percent-encoded as they go on the wire. */
const badSegment = fc.oneof(
  fc.uuid({ version: 4 }),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'not-a-uuid',
    '%00',
    'a%00b',
    '%ED%A0%80',
    '%FF',
    '%C0%AF',
    '%2F',
    '..',
    '%2e%2e',
    '-1',
    '0',
    '1.5',
    '1e400',
    '99999999999999999999',
    'null',
    '__proto__',
    'constructor',
    '%20',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.integer({ min: 90, max: 2000 }).map((n) => 'a'.repeat(n)),
);

function pathFaults(op: Operation): fc.Arbitrary<Fault>[] {
  if (op.pathParams.length === 0) return [];
  const valid = op.valid().params;
  return [
    fc
      .record({ name: fc.constantFrom(...op.pathParams), raw: badSegment })
      .filter(({ name, raw }) => {
        const decoded = safeDecode(raw);
        if (decoded === valid[name]) return false;
        // An existing plan version is no fault.
        return !(name === 'versjon' && /^\s*\d+(\.0*)?\s*$/.test(decoded) && Number(decoded) >= 1 && Number(decoded) <= 3);
      })
      .map(({ name, raw }): Fault => ({ kind: 'pathParam', name, raw })),
  ];
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function queryFaults(op: Operation): fc.Arbitrary<Fault>[] {
  const valid = op.valid().query ?? {};
  const names = Object.keys(valid);
  const out: fc.Arbitrary<Fault>[] = [];
  if (names.length > 0) {
    const value = (name: string): fc.Arbitrary<string[]> => {
      const v = encodeURIComponent(valid[name]);
      const one = (...values: string[]) => fc.constantFrom(...values).map((x) => [x]);
      // Repeated (an array) and NUL; for a number, also text that only looks like JSON ("[]" is a fine search text).
      const common = [fc.constant([v, v]).map((x) => [...x]), one('%00', `${v}%00`, `%00${v}`)];
      if (op.numericQuery.has(name)) {
        return fc.oneof(
          ...common,
          badNumberText.map((t) => [encodeURIComponent(t)]),
          one('abc', 'true', 'NaN', 'Infinity', '-Infinity', '[]', '{}', 'null', 'undefined'),
        );
      }
      // 'ASC' is a fault only where the values are a closed set ('asc'); as free text (a search) it is fine.
      return fc.oneof(
        ...common,
        fc.integer({ min: 201, max: 4000 }).map((n) => ['a'.repeat(n)]),
        op.enumQuery.has(name) ? one('', 'a', 'ASC') : one('', 'a'),
      );
    };
    out.push(fc.constantFrom(...names).chain((name) => value(name).map((raw): Fault => ({ kind: 'queryValue', name, raw }))));
  }
  // An operation that reads no query ignores one, as HTTP servers do; one that reads a query refuses unknown keys.
  if (names.length === 0) return out;
  const known = new Set([...names, ...op.numericQuery]);
  out.push(
    fc
      .record({
        name: fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'caseId', 'zz', 'limit[]', 'q[a]'),
          fc.stringMatching(/^[a-z][a-zA-Z]{0,10}$/),
        ),
        raw: fc.constantFrom('1', 'x', ''),
      })
      .filter(({ name }) => !known.has(name))
      .map(({ name, raw }): Fault => ({ kind: 'extraQuery', name: encodeURIComponent(name), raw })),
  );
  return out;
}

/** Every fault that applies to the operation (or those of the kinds named), each kind about as likely as the others. */
export function faultsFor(op: Operation, only?: ReadonlySet<string>): fc.Arbitrary<Fault> | undefined {
  let kinds = [
    ...(op.hasBody ? bodyFaults(op) : []),
    ...(op.method !== 'GET' ? [malformedJson(op)] : []),
    ...pathFaults(op),
    ...queryFaults(op),
  ];
  // Each arbitrary above makes faults of one kind: a sample tells which.
  if (only) kinds = kinds.filter((a) => only.has(fc.sample(a, { numRuns: 1, seed: 1 })[0].kind));
  return kinds.length > 0 ? fc.oneof(...kinds) : undefined;
}

// ----- the request on the wire ------------------------------------------------------------------------------------

export interface WireRequest {
  method: Method;
  url: string;
  headers: Record<string, string>;
  text?: string;
}

const RAW = '@@raw-8d1f0c7e@@';

/** The valid request with the fault applied (or none), as the bytes a client would send. */
export function render(op: Operation, valid: ValidRequest, fault?: Fault): WireRequest {
  const params = Object.fromEntries(Object.entries(valid.params).map(([k, v]) => [k, encodeURIComponent(v)]));
  if (fault?.kind === 'pathParam') params[fault.name] = fault.raw;
  const path = op.template.replace(/\{(\w+)\}/g, (_, k: string) => params[k]);
  const query: [string, string][] = Object.entries(valid.query ?? {}).map(([k, v]) => [k, encodeURIComponent(v)]);
  let pairs = query;
  if (fault?.kind === 'queryValue')
    pairs = [...query.filter(([k]) => k !== fault.name), ...fault.raw.map((r): [string, string] => [fault.name, r])];
  if (fault?.kind === 'extraQuery') pairs = [...query, [fault.name, fault.raw]];
  const url = pairs.length > 0 ? `${path}?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : path;
  const headers = { ...(valid.headers ?? {}) };
  let text: string | undefined;
  if (fault?.kind === 'malformed') text = fault.text;
  else if (fault?.kind === 'notObject') text = JSON.stringify(fault.body);
  else if (valid.body !== undefined) text = bodyText(valid.body, fault);
  if (text !== undefined) headers['content-type'] = 'application/json';
  return { method: op.method, url, headers, text };
}

function bodyText(body: Record<string, unknown>, fault: Fault | undefined): string {
  const copy = structuredClone(body);
  let raw: string | undefined;
  switch (fault?.kind) {
    case 'missing':
      removeAt(copy, fault.at);
      break;
    case 'wrongType':
      setAt(copy, fault.at, fault.value);
      break;
    case 'overlong':
      // `length` characters as class-validator counts them (code points), whatever the fill.
      setAt(copy, fault.at, fault.fill.repeat(fault.length));
      break;
    case 'extraKey': {
      const target = getAt(copy, fault.at) as Record<string, unknown>;
      // defineProperty: a plain assignment of `__proto__` would set the prototype instead of adding a key.
      Object.defineProperty(target, fault.key, { value: fault.value, enumerable: true, configurable: true, writable: true });
      break;
    }
    case 'badChar': {
      const s = String(getAt(copy, fault.at));
      const at = Math.min(fault.pos, s.length);
      setAt(copy, fault.at, s.slice(0, at) + fault.char + s.slice(at));
      break;
    }
    case 'badNumber':
      raw = fault.raw;
      setAt(copy, fault.at, RAW);
      break;
    case 'deep':
      raw =
        fault.shape === 'array'
          ? '['.repeat(fault.depth) + ']'.repeat(fault.depth)
          : '{"a":'.repeat(fault.depth) + '1' + '}'.repeat(fault.depth);
      setAt(copy, fault.at, RAW);
      break;
    default:
      break;
  }
  const text = JSON.stringify(copy);
  return raw === undefined ? text : text.replace(`"${RAW}"`, raw);
}

function getAt(root: unknown, at: Path): unknown {
  return at.reduce<unknown>((v, k) => (v as Record<Segment, unknown>)[k], root);
}

function setAt(root: unknown, at: Path, value: unknown): void {
  const parent = getAt(root, at.slice(0, -1)) as Record<Segment, unknown>;
  parent[at[at.length - 1]] = value;
}

function removeAt(root: unknown, at: Path): void {
  const parent = getAt(root, at.slice(0, -1)) as Record<Segment, unknown>;
  delete parent[at[at.length - 1]];
}

/** A short, printable description of a request for a failure message (long texts cut). */
export function describe(req: WireRequest): string {
  const text =
    req.text === undefined ? '' : ` ${req.text.length > 200 ? `${req.text.slice(0, 200)}… (${req.text.length} chars)` : req.text}`;
  return `${req.method} ${req.url.length > 200 ? `${req.url.slice(0, 200)}…` : req.url}${text}`;
}
