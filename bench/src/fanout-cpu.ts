/*
 * CPU of the fan-out for one committed message, in-process: `node dist/bench/src/fanout-cpu.js [--hub-dist DIR]`.
 *
 * A real socket.io server (this process) and one case of four parties, each subscribed through the hub's own
 * `CaseAudiences` (its rooms, abilities and views, from the built hub in DIR, by default this checkout's dist/); the
 * four client sockets live in a child process, so their CPU is not counted. The figure is this process's CPU time
 * per `broadcast` of one message.created event: rendering per audience, socket.io's encoding and the websocket
 * writes, and the delivery list for the audit. CPU time does not depend on how busy the machine is the way latency
 * does, so two builds can be compared here on a shared machine: run each a few times and compare the medians.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { Server, type Socket } from 'socket.io';
import { io as connectClient } from 'socket.io-client';

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- the hub under test is loaded from a build directory given at run time */

const ROLES = ['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder'] as const;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function client(url: string, count: number): Promise<void> {
  let received = 0;
  for (let i = 0; i < count; i++) {
    const s = connectClient(url, { transports: ['websocket'], auth: { i } });
    s.on('case.events', (p: { events: unknown[] }) => (received += p.events.length));
  }
  process.on('message', () => process.send!({ received }));
  await new Promise(() => undefined);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'client') return client(process.argv[3], Number(process.argv[4]));
  const dist = resolve(arg('hub-dist', join(__dirname, '..', '..')));
  const events = Number(arg('events', '20000'));
  const perAudience = Number(arg('sockets', '1'));
  const { CaseAudiences } = require(join(dist, 'apps/hub/src/realtime/case-audiences.js'));
  const now = new Date('2026-11-01T10:00:00Z');
  const caseId = randomUUID();
  const threadId = randomUUID();
  const orgnr = '912345678';
  const parties = ROLES.map((role) => ({ role, sub: `${role}-${randomUUID().slice(0, 8)}` }));
  const seat = (role: string) => (role === 'arbeidsgiver' ? `arbeidsgiver:${orgnr}` : role);
  const access = {
    case: { id: caseId, sykmeldtFnr: '01010750160', sykmeldtId: parties[0].sub, startDate: '2026-08-03', createdAt: now, lastSeq: 0 },
    relations: parties.map((p, i) => ({
      id: randomUUID(),
      caseId,
      role: p.role,
      partyId: p.sub,
      ...(p.role === 'arbeidsgiver' ? { orgnr } : {}),
      startedAt: now,
      startedBy: parties[3].sub,
      ...(i === 2 ? { herId: '8094866' } : {}),
    })),
    consents: [],
    threads: [{ id: threadId, caseId, subject: 'Oppfølging', participants: ROLES.map(seat), createdBy: parties[3].sub, createdAt: now }],
  };
  const audiences = new CaseAudiences(caseId);
  audiences.access = access;

  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  const total = ROLES.length * perAudience;
  let joined = 0;
  const allJoined = new Promise<void>((done) => {
    io.on('connection', (socket: Socket) => {
      const party = parties[Number((socket.handshake.auth as { i: number }).i) % ROLES.length];
      const audience = audiences.audience([seat(party.role)]);
      void audiences.join(socket, party, audience).then(() => ++joined === total && done());
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as { port: number }).port;
  const child = fork(__filename, ['client', `http://127.0.0.1:${port}`, String(total)], { stdio: 'inherit' });
  await allJoined;

  const text = 'Hei! Jeg lurer på om vi kan flytte møtet til neste uke, det passer bedre for meg og lederen min. '.repeat(2);
  let seq = 0;
  const once = () => {
    seq++;
    const sender = parties[seq % ROLES.length];
    const m = {
      id: randomUUID(),
      caseId,
      threadId,
      seq,
      senderId: sender.sub,
      senderRole: sender.role,
      senderSeat: seat(sender.role),
      clientTxnId: randomUUID(),
      tekst: text,
      attachments: [],
      version: 1,
      sentAt: new Date(),
    };
    const e = {
      caseId,
      seq,
      type: 'message.created',
      threadId,
      refId: m.id,
      actorId: sender.sub,
      audience: null,
      payload: {},
      at: m.sentAt,
    };
    return audiences.broadcast(io, [e], new Map([[m.id, m]]));
  };
  const run = async (n: number) => {
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      once();
      // Let the sockets drain now and then, as the event loop would between batches.
      if (i % 20 === 19) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 50));
    const used = process.cpuUsage(t0);
    return (used.user + used.system) / n;
  };
  await run(Math.min(5000, events));
  const rounds: number[] = [];
  for (let k = 0; k < 5; k++) rounds.push(await run(events / 5));
  const received = await new Promise<number>((r) => {
    child.once('message', (m: { received: number }) => r(m.received));
    child.send('count');
  });
  rounds.sort((a, b) => a - b);
  process.stdout.write(
    `fan-out of one message.created to 4 audiences × ${perAudience} socket(s): ${rounds[2].toFixed(1)} µs CPU per message ` +
      `(median of 5 rounds of ${events / 5}; min ${rounds[0].toFixed(1)}, max ${rounds[4].toFixed(1)}); ${received} events received; ${dist}\n`,
  );
  child.kill();
  await io.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
