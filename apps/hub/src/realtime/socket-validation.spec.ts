import fc from 'fast-check';
import { toErrorBody } from '../common/error.filter';
import { SendMessagePayload } from './dto/socket-payloads.dto';
import { parsePayload, parseSendPayload, quickSend } from './socket-validation';

/** What the client would get: the value, or the error as the socket ack carries it. */
const outcome = (p: Promise<object>) =>
  p.then(
    (v) => ({ ok: true, value: { ...v } }),
    (e: unknown) => ({ ok: false, error: toErrorBody(e) }),
  );

/** Values near every rule of the text-only send: uuids and not quite, lengths at the bounds, odd unicode, non-strings. */
const value = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    '6F1C0A52-7D3B-4E8A-9F00-1B2C3D4E5F60',
    '6f1c0a52-7d3b-4e8a-9f00-1b2c3d4e5f6',
    'not-a-uuid',
  ),
  fc.string({ minLength: 0, maxLength: 70 }),
  fc.stringMatching(/^[\w-]{6,66}$/),
  fc.constantFrom(
    '',
    'x',
    '\uFE0F',
    '😀',
    'a\u0000b',
    '\uD800',
    'x'.repeat(10_000),
    'x'.repeat(10_001),
    '😀'.repeat(10_000),
    'abc def ghi',
    'tx_1234-5678',
  ),
  fc.integer(),
  fc.constantFrom(null, undefined, true, [], {}, ['x']),
);
const anyShape = fc.record(
  { caseId: value, threadId: value, clientTxnId: value, tekst: value, funksjonsevne: value, extra: value },
  { requiredKeys: [] },
);
/** The quick path's own shape, mostly valid, each field sometimes not. */
const textOnly = fc.record({
  caseId: fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: value }),
  threadId: fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: value }),
  clientTxnId: fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[\w-]{8,64}$/) }, { weight: 1, arbitrary: value }),
  tekst: fc.oneof({ weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }) }, { weight: 1, arbitrary: value }),
});
const payload = fc.oneof(textOnly, anyShape);

describe('message.send payloads', () => {
  it('are accepted and refused on the quick path exactly as on the full class-validator path', async () => {
    let quick = 0;
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        if (
          await Promise.resolve()
            .then(() => quickSend(p))
            .catch(() => undefined)
        )
          quick++;
        expect(await outcome(parseSendPayload(p))).toEqual(await outcome(parsePayload(SendMessagePayload, p)));
      }),
      { numRuns: 3000, seed: 20261123 },
    );
    // Most text-only payloads are valid, so the quick path must have been taken often for the comparison to mean anything.
    expect(quick).toBeGreaterThan(300);
  });

  it('take the quick path for a valid text-only send, and only then', async () => {
    const p = {
      caseId: '6f1c0a52-7d3b-4e8a-9f00-1b2c3d4e5f60',
      threadId: '0b2c3d4e-7d3b-4e8a-9f00-1b2c3d4e5f60',
      clientTxnId: 'tx-12345678',
      tekst: 'Hei',
    };
    expect({ ...quickSend(p) }).toEqual({ ...(await parsePayload(SendMessagePayload, p)) });
    expect(quickSend({ ...p, funksjonsevne: 'Kan gå' })).toBeUndefined();
    expect(quickSend({ ...p, tekst: '' })).toBeUndefined();
    expect(quickSend(Object.assign(Object.create({ inherited: 1 }), p))).toBeUndefined();
  });
});
