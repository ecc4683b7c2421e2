/**
 * The baselines: a bare socket.io server (the hub's version) speaking the same events as the hub to the same
 * clients, with no persistence, no masking and no auth beyond checking that the handshake token is known.
 * It numbers events per case in memory, acks the send and emits the event once to each audience room of the case.
 * Given a database URL it is the naive durable relay, what a team would write in an afternoon: each message is one
 * INSERT (autocommitted, so durable before the ack: synchronous_commit on) from a pg pool, then acked and broadcast;
 * no batching, no masking, no audit.
 * Run as a child process: `node baseline-server.js <port> [<database url>]`; it gets the known parties over IPC, then listens.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { Socket } from 'socket.io';
import { Server } from 'socket.io';
import { Pool } from 'pg';
import type { Party } from './protocol';

interface Known {
  caseId: string;
  seat: string;
  sub: string;
  role: string;
}

const port = Number(process.argv[2] ?? 0);
const durableUrl = process.argv[3];
const pool = durableUrl ? new Pool({ connectionString: durableUrl, max: 10 }) : undefined;
const parties = new Map<string, Known>();
const seatsOfCase = new Map<string, string[]>();
const lastSeq = new Map<string, number>();

// `/health` answers at once, for the bench's event-loop probe; everything else is socket.io's.
const http = createServer((req, res) => {
  if (req.url === '/health') res.end('ok');
});
// The same engine options as the hub's HubIoAdapter.
const io = new Server(http, {
  path: '/socket.io',
  maxHttpBufferSize: 65_536,
  pingInterval: 20_000,
  pingTimeout: 20_000,
  cors: { origin: false },
});
const room = (caseId: string, seat: string) => `c:${caseId}:${seat}`;

io.use((socket, next) => {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  const known = typeof token === 'string' ? parties.get(token) : undefined;
  if (!known) return next(new Error('unauthorized'));
  socket.data = known;
  next();
});

type Ack = (r: unknown) => void;
const refuse = (ack: Ack) => ack({ ok: false, error: { error: 'not_found', message: 'Not found' } });

io.on('connection', (socket: Socket) => {
  const me = socket.data as Known;
  socket.on('case.subscribe', (p: { caseId?: unknown }, ack: Ack) => {
    if (typeof ack !== 'function') return;
    if (p?.caseId !== me.caseId) return refuse(ack);
    void socket.join(room(me.caseId, me.seat));
    ack({ ok: true, lastSeq: lastSeq.get(me.caseId) ?? 0 });
  });
  socket.on('message.send', (p: { caseId?: unknown; threadId?: unknown; clientTxnId?: unknown; tekst?: unknown }, ack: Ack) => {
    if (typeof ack !== 'function') return;
    if (p?.caseId !== me.caseId || typeof p.threadId !== 'string' || typeof p.tekst !== 'string') return refuse(ack);
    if (!pool) return relay(me, p.threadId, p.clientTxnId, p.tekst, randomUUID(), ack);
    const id = randomUUID();
    pool
      .query(
        'INSERT INTO relay_messages (id, case_id, thread_id, sender_id, client_txn_id, tekst, sent_at) VALUES ($1, $2, $3, $4, $5, $6, now())',
        [id, me.caseId, p.threadId, me.sub, String(p.clientTxnId), p.tekst],
      )
      // Numbered when committed, so a case's events go out in order whichever INSERT finished first.
      .then(() => relay(me, p.threadId as string, p.clientTxnId, p.tekst as string, id, ack))
      .catch(() => ack({ ok: false, error: { error: 'unavailable', message: 'Unavailable' } }));
  });
});

/** Numbers the message in its case, acks it and emits it once to each audience room of the case. */
function relay(me: Known, threadId: string, clientTxnId: unknown, tekst: string, id: string, ack: Ack): void {
  const seq = (lastSeq.get(me.caseId) ?? 0) + 1;
  lastSeq.set(me.caseId, seq);
  const at = new Date().toISOString();
  // The fields of the hub's message view, so the payloads are the same size.
  const message = {
    id,
    threadId,
    seq,
    senderId: me.sub,
    senderRole: me.role,
    sentAt: at,
    version: 1,
    editedAt: null,
    redacted: false,
    clientTxnId,
    tekst,
    attachments: [],
    funksjonsevne: null,
    diagnose: null,
    medisinskVurdering: null,
  };
  ack({ ok: true, created: true, message });
  // As in the hub, only the sender's own view carries its clientTxnId.
  const { clientTxnId: _own, ...shared } = message;
  const event = { caseId: me.caseId, events: [{ seq, type: 'message.created', at, threadId, message: shared }] };
  for (const seat of seatsOfCase.get(me.caseId) ?? []) io.to(room(me.caseId, seat)).emit('case.events', event);
}

process.on('disconnect', () => process.exit(0));
process.on('message', (m: { kind: 'parties'; parties: Party[] }) => {
  if (m.kind !== 'parties') return;
  for (const p of m.parties) {
    parties.set(p.token, { caseId: p.caseId, seat: p.seat, sub: p.sub, role: p.role });
    const seats = seatsOfCase.get(p.caseId) ?? [];
    if (!seats.includes(p.seat)) seatsOfCase.set(p.caseId, [...seats, p.seat]);
  }
  const ready = pool
    ? pool.query(
        `CREATE TABLE IF NOT EXISTS relay_messages (id uuid PRIMARY KEY, case_id uuid NOT NULL, thread_id uuid NOT NULL,
           sender_id text NOT NULL, client_txn_id text NOT NULL, tekst text NOT NULL, sent_at timestamptz NOT NULL)`,
      )
    : Promise.resolve();
  void ready.then(() =>
    http.listen(port, '127.0.0.1', () => {
      const address = http.address();
      process.send?.({ kind: 'listening', port: typeof address === 'object' && address ? address.port : port });
    }),
  );
});
