import type { Server } from 'node:net';
import { createServer } from 'node:net';

/**
 * A tiny clamd speaking INSTREAM over TCP: reads `zINSTREAM\0`, then length-prefixed chunks up to a zero length, and
 * answers `stream: Eicar-Signature FOUND` when the bytes contain the EICAR marker, else `stream: OK`.
 */
export async function fakeClamd(): Promise<{ port: number; scanned: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((socket) => {
    let buf = Buffer.alloc(0);
    let command = false;
    const data: Buffer[] = [];
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!command) {
        const end = buf.indexOf(0);
        if (end < 0) return;
        if (buf.subarray(0, end).toString() !== 'zINSTREAM') return void socket.end('UNKNOWN COMMAND\0');
        command = true;
        buf = buf.subarray(end + 1);
      }
      while (buf.length >= 4) {
        const len = buf.readUInt32BE(0);
        if (len === 0) {
          count++;
          const infected = Buffer.concat(data).includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE');
          return void socket.end(infected ? 'stream: Eicar-Signature FOUND\0' : 'stream: OK\0');
        }
        if (buf.length < 4 + len) return;
        data.push(buf.subarray(4, 4 + len));
        buf = buf.subarray(4 + len);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, scanned: () => count, close: () => new Promise((r) => server.close(() => r())) };
}

export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
