import type { Socket } from 'socket.io-client';

/**
 * socket.io EVENT frames written as text on a client's own connection, for payloads the client's encoder cannot carry
 * (nesting deeper than its recursion, numbers such as 1e400 that JSON.stringify rewrites), and their acks.
 * A frame is `2<ackId>["event",<payload>]`; the server answers `3<ackId>[<ack>]`. Ids start far above the ones the
 * client hands out, which ignores acks it did not ask for.
 */
export class RawFrames {
  private nextId = 1_000_000_000;
  private readonly waiting = new Map<number, (ack: unknown) => void>();

  constructor(private readonly socket: Socket) {
    socket.io.engine.on('data', (data) => {
      if (typeof data !== 'string') return;
      const m = /^3(\d+)(\[[\s\S]*\])$/.exec(data);
      const resolve = m && this.waiting.get(Number(m[1]));
      if (!m || !resolve) return;
      this.waiting.delete(Number(m[1]));
      resolve((JSON.parse(m[2]) as unknown[])[0]);
    });
  }

  /** Sends `payloadText` (any JSON text) as the event's one argument; with an ack, resolves to it, or rejects after the timeout. */
  emit(event: string, payloadText: string, withAck: boolean, timeoutMs: number): Promise<unknown> {
    if (!withAck) {
      this.socket.io.engine.write(`2[${JSON.stringify(event)},${payloadText}]`);
      return Promise.resolve(undefined);
    }
    const ackId = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(ackId);
        reject(new Error(`no ack within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(ackId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      this.socket.io.engine.write(`2${ackId}[${JSON.stringify(event)},${payloadText}]`);
    });
  }
}
