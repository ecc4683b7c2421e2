import type { Socket as NetSocket } from 'node:net';

/** The parts of engine.io's socket this touches: its flush (private in its types) and its websocket's TCP socket. */
interface Flushing {
  flush(): void;
  transport?: { name: string; socket?: { _socket?: NetSocket } };
}

/**
 * Packets queued for one connection in the same tick leave in one TCP write. engine.io writes each packet as soon as
 * it is queued: a sender's ack and the `case.events` carrying its own message (and, under load, several batches'
 * events for one socket) cost one system call each, and on loopback a write also pays for waking its reader. Here
 * the connection's flush waits for the end of the tick, and its websocket's TCP socket is corked while engine.io
 * writes what has queued, so the frames go out together, in the order they were queued. Nothing waits for a timer:
 * whatever a tick queued is written before the event loop moves on. `conn` is an engine.io connection (`io.engine`'s
 * 'connection' event).
 */
export function coalesceWrites(conn: object): void {
  const socket = conn as Flushing;
  const flush = socket.flush.bind(socket);
  let queued = false;
  const flushCorked = () => {
    queued = false;
    const tcp = socket.transport?.name === 'websocket' ? socket.transport.socket?._socket : undefined;
    if (!tcp) return flush();
    tcp.cork();
    try {
      flush();
    } finally {
      tcp.uncork();
    }
  };
  socket.flush = () => {
    if (queued) return;
    queued = true;
    process.nextTick(flushCorked);
  };
}
