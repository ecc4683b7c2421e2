import { plainToInstance } from 'class-transformer';
import { isUUID, length, matches, validate } from 'class-validator';
import { MAX_TEKST } from '../threads/dto/send-message.dto';
import { assertPlainInput, validationError } from '../common/validation';
import { SendMessagePayload } from './dto/socket-payloads.dto';

/** Socket payloads get the REST rules: known fields only, each checked, errors naming the field. */
export async function parsePayload<T extends object>(cls: new () => T, payload: unknown): Promise<T> {
  assertObject(payload);
  assertPlainInput(payload, 'payload');
  const instance = plainToInstance(cls, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationError(errors);
  return instance;
}

const TEXT_ONLY_SEND = new Set(['caseId', 'threadId', 'clientTxnId', 'tekst']);
const CLIENT_TXN_ID = /^[\w-]+$/;

/**
 * `message.send`, the socket's hot path. A text-only send (the common case) is checked by `quickSend`; anything
 * else, valid or not, takes the full path and its field-naming errors.
 */
export async function parseSendPayload(payload: unknown): Promise<SendMessagePayload> {
  return quickSend(payload) ?? parsePayload(SendMessagePayload, payload);
}

/**
 * A valid text-only send, checked with the same class-validator functions the DTO's decorators call, which skips
 * class-transformer and the metadata walk (about a seventh of a busy hub's CPU); undefined for anything else.
 */
export function quickSend(payload: unknown): SendMessagePayload | undefined {
  const p = payload as Record<string, unknown>;
  if (
    typeof payload !== 'object' ||
    payload === null ||
    Object.getPrototypeOf(payload) !== Object.prototype ||
    Object.keys(p).length !== TEXT_ONLY_SEND.size ||
    !Object.keys(p).every((k) => TEXT_ONLY_SEND.has(k)) ||
    !isUUID(p.caseId) ||
    !isUUID(p.threadId) ||
    typeof p.clientTxnId !== 'string' ||
    !length(p.clientTxnId, 8, 64) ||
    !matches(p.clientTxnId, CLIENT_TXN_ID) ||
    typeof p.tekst !== 'string' ||
    !length(p.tekst, 1, MAX_TEKST)
  ) {
    return undefined;
  }
  assertPlainInput(payload, 'payload');
  return Object.assign(new SendMessagePayload(), { caseId: p.caseId, threadId: p.threadId, clientTxnId: p.clientTxnId, tekst: p.tekst });
}

function assertObject(payload: unknown): asserts payload is object {
  if (
    typeof payload !== 'object' ||
    payload === null ||
    Array.isArray(payload) ||
    Buffer.isBuffer(payload) ||
    ArrayBuffer.isView(payload)
  ) {
    throw validationError([{ property: 'payload', constraints: { isObject: 'payload must be an object' }, children: [] }]);
  }
}
