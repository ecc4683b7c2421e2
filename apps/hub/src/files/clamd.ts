import { createReadStream } from 'node:fs';
import { connect } from 'node:net';

export type ScanResult = { clean: true } | { clean: false; signature: string };

/** clamd refuses a stream past its StreamMaxLength; chunks well under any such limit. */
const CHUNK_BYTES = 64 * 1024;

/**
 * A ClamAV daemon over TCP, INSTREAM protocol: `zINSTREAM\0`, then chunks each prefixed by its length as a 4-byte
 * big-endian integer, then a zero length; clamd answers `stream: OK` or `stream: <signature> FOUND`, NUL-terminated.
 * Anything else (an error, a timeout, a closed socket) throws: an unscanned file is not passed as clean.
 */
export class ClamdScanner {
  constructor(private readonly opts: { host: string; port: number; timeoutMs: number }) {}

  scanFile(path: string): Promise<ScanResult> {
    return new Promise<ScanResult>((resolve, reject) => {
      const socket = connect({ host: this.opts.host, port: this.opts.port });
      const replies: Buffer[] = [];
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        socket.destroy();
        reject(e);
      };
      socket.setTimeout(this.opts.timeoutMs, () => fail(new Error('clamd timed out')));
      socket.on('error', fail);
      socket.on('data', (d: Buffer) => replies.push(d));
      socket.on('end', () => {
        if (settled) return;
        settled = true;
        socket.destroy();
        const reply = Buffer.concat(replies).toString('utf8').replace(/\0/g, '').trim();
        const found = /^stream: (.+) FOUND$/.exec(reply);
        if (reply === 'stream: OK') resolve({ clean: true });
        else if (found) resolve({ clean: false, signature: found[1] });
        else reject(new Error(`clamd answered: ${reply.slice(0, 200)}`));
      });
      socket.on('connect', () => {
        void (async () => {
          socket.write('zINSTREAM\0');
          for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
            const data = chunk as Buffer;
            const len = Buffer.alloc(4);
            len.writeUInt32BE(data.length);
            if (!socket.write(Buffer.concat([len, data]))) await new Promise((r) => socket.once('drain', r));
          }
          socket.end(Buffer.alloc(4));
        })().catch((e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
      });
    });
  }
}
