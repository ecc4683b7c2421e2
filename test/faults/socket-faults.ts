import fc from 'fast-check';
import type { Fault, OpenApiDoc, Operation, Schema } from './rest-faults';
import { faultsFor, operationOf, render } from './rest-faults';
import { errorShapeProblem, preview } from './error-shape';

/** The client → server events of the socket protocol (README). */
export const SOCKET_EVENTS = ['case.subscribe', 'case.unsubscribe', 'message.send', 'receipt.read', 'typing', 'presence.get'] as const;
export type SocketEvent = (typeof SOCKET_EVENTS)[number];

export const PARTIES = ['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder'] as const;
export type Party = (typeof PARTIES)[number];

/**
 * One bad emit per run, as plain data so fast-check prints and shrinks it: a REST fault applied to the event's valid
 * payload, any value at all, bytes in a field or as the whole payload, the valid payload naming a case or thread that
 * is not the caller's, or the event with no payload or with more arguments than one.
 */
export type SocketFault =
  | { kind: 'payload'; fault: Fault }
  | { kind: 'anything'; payload: unknown }
  | { kind: 'binary'; at: 'caseId' | 'tekst'; bytes: number[] }
  | { kind: 'binaryPayload'; bytes: number[] }
  | { kind: 'foreignId'; field: 'caseId' | 'threadId'; pick: number }
  | { kind: 'args'; extra: unknown[] };

const id = { type: 'string', maxLength: 36 } satisfies Schema;
const seq = { type: 'integer', maximum: Number.MAX_SAFE_INTEGER } satisfies Schema;

/**
 * The socket payloads as OpenAPI schemas (message.send is REST's SendMessageDto plus caseId and threadId), so the REST
 * property's fault generator and renderer apply to them unchanged. `after` is optional, as in SubscribePayload.
 */
export function socketDoc(rest: OpenApiDoc): OpenApiDoc {
  const send = rest.components.schemas.SendMessageDto;
  if (!send?.properties) throw new Error('SendMessageDto is not in the OpenAPI document');
  const schemas: Record<SocketEvent, Schema> = {
    'case.subscribe': { type: 'object', required: ['caseId'], properties: { caseId: id, after: seq } },
    'case.unsubscribe': { type: 'object', required: ['caseId'], properties: { caseId: id } },
    'presence.get': { type: 'object', required: ['caseId'], properties: { caseId: id } },
    typing: { type: 'object', required: ['caseId', 'threadId'], properties: { caseId: id, threadId: id } },
    'receipt.read': { type: 'object', required: ['caseId', 'threadId', 'upToSeq'], properties: { caseId: id, threadId: id, upToSeq: seq } },
    'message.send': {
      ...send,
      required: [...(send.required ?? []), 'caseId', 'threadId'],
      properties: { ...send.properties, caseId: id, threadId: id },
    },
  };
  const paths = Object.fromEntries(
    SOCKET_EVENTS.map((e) => [socketPath(e), { post: { requestBody: { content: { 'application/json': { schema: schemas[e] } } } } }]),
  );
  return { paths, components: rest.components };
}

const socketPath = (event: SocketEvent) => `/socket/${event}`;

/** An event as the REST generator sees it: a POST whose body is the payload. */
export function socketOperation(doc: OpenApiDoc, event: SocketEvent, valid: () => Record<string, unknown>): Operation {
  return operationOf(doc, `POST ${socketPath(event)}`, () => ({ params: {}, body: valid() }));
}

/**
 * The REST faults that make sense for a socket payload: all but malformed JSON (socket.io frames the payload itself; a
 * frame that does not parse is the transport's business), bounded so the packet stays under the socket limit, which
 * closes the connection by design and has a test of its own.
 */
const PAYLOAD_KINDS = ['missing', 'wrongType', 'overlong', 'extraKey', 'badChar', 'badNumber', 'deep', 'notObject'] as const;

function bounded(f: Fault, budgetBytes: number): Fault {
  if (f.kind === 'overlong') return { ...f, length: Math.min(f.length, Math.floor(budgetBytes / Buffer.byteLength(f.fill))) };
  if (f.kind === 'deep') return { ...f, depth: Math.min(f.depth, Math.floor(budgetBytes / (f.shape === 'array' ? 2 : 6))) };
  return f;
}

/**
 * Every fault of the wanted kinds that applies to the event's payload, each kind about as likely as the others;
 * undefined when none does.
 */
export function socketFaults(
  op: Operation,
  budgetBytes: number,
  wanted: (kind: string) => boolean = () => true,
): fc.Arbitrary<SocketFault> | undefined {
  const sample = op.valid().body ?? {};
  const ids = (['caseId', 'threadId'] as const).filter((k) => k in sample);
  const bytes = fc.array(fc.nat(255), { maxLength: 64 });
  const kinds: [string, fc.Arbitrary<SocketFault> | undefined][] = [
    ['anything', fc.anything({ maxDepth: 3, maxKeys: 5 }).map((payload): SocketFault => ({ kind: 'anything', payload }))],
    ['binaryPayload', bytes.map((b): SocketFault => ({ kind: 'binaryPayload', bytes: b }))],
    [
      'binary',
      fc
        .record({
          at: fc.constantFrom(...(ids.length > 0 ? ['caseId' as const] : []), ...('tekst' in sample ? ['tekst' as const] : [])),
          bytes,
        })
        .map(({ at, bytes: b }): SocketFault => ({ kind: 'binary', at, bytes: b })),
    ],
    // No payload at all ([]), or the payload followed by more arguments.
    [
      'args',
      fc
        .oneof(fc.constant<unknown[]>([]), fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 1, maxLength: 3 }))
        .map((extra): SocketFault => ({ kind: 'args', extra })),
    ],
    [
      'foreignId',
      ids.length > 0
        ? fc
            .record({ field: fc.constantFrom(...ids), pick: fc.nat(9) })
            .map(({ field, pick }): SocketFault => ({ kind: 'foreignId', field, pick }))
        : undefined,
    ],
    ...PAYLOAD_KINDS.map((k): [string, fc.Arbitrary<SocketFault> | undefined] => [
      k,
      faultsFor(op, new Set([k]))?.map((f): SocketFault => ({ kind: 'payload', fault: bounded(f, budgetBytes) })),
    ]),
  ];
  const left = kinds.filter(([k, a]) => a !== undefined && wanted(k)).map(([, a]) => a!);
  return left.length > 0 ? fc.oneof(...left) : undefined;
}

/** The fault's kind as FAULTS_KINDS names it: a REST fault by its own kind, the others by theirs. */
export function kindOf(fault: SocketFault): string {
  return fault.kind === 'payload' ? fault.fault.kind : fault.kind;
}

/**
 * What goes on the wire: the event's arguments as socket.io-client encodes them (one, the payload, but for `args`), or
 * the payload as JSON text in a raw frame (nesting deeper than the client's encoder recurses, numbers JSON.stringify
 * would rewrite).
 */
export type Emission = { raw: false; args: unknown[] } | { raw: true; text: string };

/** Ids another party's case or thread, or none at all, for `foreignId`; chosen by `pick` at run time. */
export interface ForeignIds {
  caseId: readonly string[];
  threadId: readonly string[];
}

export function emissionOf(op: Operation, valid: Record<string, unknown>, fault: SocketFault, foreign: ForeignIds): Emission {
  switch (fault.kind) {
    case 'payload': {
      const text = render(op, { params: {}, body: valid }, fault.fault).text ?? 'null';
      // 1e400 or 9007199254740993 would be rewritten by a parse and re-encode, and 100,000 levels overflow the client's encoder.
      if (fault.fault.kind === 'deep' || fault.fault.kind === 'badNumber') return { raw: true, text };
      return { raw: false, args: [JSON.parse(text) as unknown] };
    }
    case 'anything':
      return { raw: false, args: [fault.payload] };
    case 'binaryPayload':
      return { raw: false, args: [Buffer.from(fault.bytes)] };
    case 'binary':
      return { raw: false, args: [{ ...valid, [fault.at]: Buffer.from(fault.bytes) }] };
    case 'foreignId': {
      const pool = foreign[fault.field];
      return { raw: false, args: [{ ...valid, [fault.field]: pool[fault.pick % pool.length] }] };
    }
    case 'args':
      return { raw: false, args: fault.extra.length === 0 ? [] : [valid, ...fault.extra] };
    default: {
      const never: never = fault;
      throw new Error(`unknown socket fault ${String(never)}`);
    }
  }
}

/**
 * Whether the fault makes the payload invalid whatever the ids: such a payload must be refused. `after` is optional and
 * converted to a number, so a wrong value there may well be accepted ("5", true); ids of other cases or threads, and
 * arbitrary values, may be accepted or refused.
 */
export function mustRefuse(fault: SocketFault): boolean {
  if (fault.kind === 'binary' || fault.kind === 'binaryPayload') return true;
  // With no payload there is nothing to accept; a payload followed by more arguments may be read or refused.
  if (fault.kind === 'args') return fault.extra.length === 0;
  if (fault.kind !== 'payload') return false;
  const f = fault.fault;
  if ('at' in f && f.at[0] === 'after') return false;
  return true;
}

/** What is wrong with an ack, or undefined when it is a valid answer to the event (`ok: true` in its shape, or the error shape with a 4xx code). */
export function ackProblem(event: SocketEvent, ack: unknown): string | undefined {
  if (typeof ack !== 'object' || ack === null || Array.isArray(ack)) return `ack is not an object: ${preview(ack)}`;
  const a = ack as Record<string, unknown>;
  if (a.ok === false) {
    if (event === 'case.subscribe' && a.refetch === true)
      return typeof a.lastSeq === 'number' ? undefined : `refetch without lastSeq: ${preview(ack)}`;
    const extra = Object.keys(a).filter((k) => k !== 'ok' && k !== 'error');
    if (extra.length > 0) return `unexpected keys ${extra.join(', ')} in a refusal: ${preview(ack)}`;
    const shape = errorShapeProblem(a.error);
    return shape ? `error shape: ${shape}` : undefined;
  }
  if (a.ok !== true) return `ok is neither true nor false: ${preview(ack)}`;
  const ok = (test: boolean) => (test ? undefined : `not a valid ${event} answer: ${preview(ack)}`);
  switch (event) {
    case 'case.subscribe':
      return ok(Number.isSafeInteger(a.lastSeq));
    case 'case.unsubscribe':
    case 'typing':
      return ok(Object.keys(a).length === 1);
    case 'message.send':
      return ok(
        typeof a.created === 'boolean' &&
          typeof a.message === 'object' &&
          a.message !== null &&
          typeof (a.message as Record<string, unknown>).id === 'string',
      );
    case 'receipt.read':
      return ok(Array.isArray(a.markers));
    case 'presence.get':
      return ok(Array.isArray(a.online) && a.online.every((s) => typeof s === 'string'));
    default: {
      const never: never = event;
      return `unknown event ${String(never)}`;
    }
  }
}

/** A short, printable description of an emission for a failure message. */
export function describeEmission(event: SocketEvent, e: Emission, withAck: boolean): string {
  const shown = (v: unknown) => (Buffer.isBuffer(v) ? `<Buffer ${v.toString('hex')}>` : preview(v, 10_000));
  const body = e.raw ? e.text : e.args.length === 1 ? shown(e.args[0]) : `with ${e.args.length} arguments: ${e.args.map(shown).join(', ')}`;
  return `emit ${event}${e.raw ? ' (raw frame)' : ''}${withAck ? '' : ' without an ack callback'} ${body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body}`;
}
