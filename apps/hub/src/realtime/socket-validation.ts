import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { assertPlainInput, validationError } from '../common/validation';

/** Socket payloads get the REST rules: known fields only, each checked, errors naming the field. */
export async function parsePayload<T extends object>(cls: new () => T, payload: unknown): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || Buffer.isBuffer(payload) || ArrayBuffer.isView(payload)) throw validationError([{ property: 'payload', constraints: { isObject: 'payload must be an object' }, children: [] }]);
  assertPlainInput(payload);
  const instance = plainToInstance(cls, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationError(errors);
  return instance;
}
