/**
 * A client process: holds many real socket.io-client sockets and does what the orchestrator asks over IPC
 * (connect a group, run one load step, burst, catch up, probe REST). Senders and receivers of a case live in
 * the same process, so send→deliver is measured on one monotonic clock and loss is checked locally.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { nowUs, sleep } from './clock';
import { Histogram } from './histogram';
import type { BurstResult, CatchupResult, ConnectResult, Party, RestResult, StepResult, WorkerReply, WorkerRequest } from './protocol';

interface PushedEvent {
  seq: number;
  type: string;
  message?: { tekst?: string; seq?: number };
}
interface EventsBatch {
  caseId: string;
  events: PushedEvent[];
}
interface Ack {
  ok: boolean;
  error?: { error?: string };
  lastSeq?: number;
  message?: { seq?: number };
}

interface Client {
  li: number;
  party: Party;
  socket: Socket;
  lastSeq: number;
  /** The parties of its case in this group (itself included): who must receive what it sends. */
  peers: Client[];
}

interface Group {
  clients: Client[];
  byPartyId: Map<number, Client>;
  disconnects: number;
}

interface StepState {
  group: Group;
  stepId: number;
  perSender: number;
  /** Per sender (by li): how many sent, and the ack state of message n (0 pending, 1 ok, 2 refused, 3 timed out). */
  sentCount: number[];
  ackState: Uint8Array[];
  /** Per receiver li, per sender li: how often message n arrived. */
  received: Map<number, Map<number, Uint8Array>>;
  pendingAcks: number;
  acked: number;
  expectedSoFar: number;
  delivered: number;
  deliveredByRole: Record<string, number>;
  duplicates: number;
  outOfOrder: number;
  stale: number;
  ackErrors: Record<string, number>;
  ackTimeouts: number;
  ack: Histogram;
  deliver: Histogram;
  firstSendUs: number;
  lastSendUs: number;
  lastAckUs: number;
  lastDeliverUs: number;
  sizeSamples: number[];
  sample?: string;
  disconnectsAtStart: number;
}

const groups = new Map<string, Group>();
let step: StepState | undefined;
/** Messages from any earlier step still arriving. */
let staleOutsideStep = 0;

const send = (reply: WorkerReply) => process.send?.(reply);

process.on('disconnect', () => process.exit(0));
process.on('message', (raw: WorkerRequest) => {
  run(raw).then(
    (result) => send({ reqId: raw.reqId, ok: true, result }),
    (e: unknown) => send({ reqId: raw.reqId, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});

async function run(req: WorkerRequest): Promise<unknown> {
  switch (req.kind) {
    case 'connect':
      return connectGroup(req.group, req.url, req.parties, req.live, req.concurrency, req.timeoutMs);
    case 'disconnect':
      return disconnectGroup(req.group);
    case 'step':
      return runStep(req.group, req.stepId, req.rate, req.durationMs, req.payloadBytes, req.ackTimeoutMs, req.drainMs);
    case 'burst':
      return burst(req.url, req.party, req.count, req.payloadBytes, req.inFlight, req.timeoutMs);
    case 'catchup':
      return catchUp(req.url, req.party, req.after, req.expect, req.timeoutMs);
    case 'rest':
      return restProbe(req.targets, req.url, req.rate, req.durationMs, req.timeoutMs);
  }
}

function open(url: string, token: string, timeoutMs: number): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true, timeout: timeoutMs });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('connect timeout'));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (e: Error) => {
      clearTimeout(timer);
      socket.close();
      reject(e);
    });
  });
}

async function connectGroup(
  name: string,
  url: string,
  parties: Party[],
  live: boolean,
  concurrency: number,
  timeoutMs: number,
): Promise<ConnectResult> {
  if (groups.has(name)) throw new Error(`group ${name} exists`);
  const group: Group = { clients: [], byPartyId: new Map(), disconnects: 0 };
  groups.set(name, group);
  const started = Date.now();
  const errors: Record<string, number> = {};
  let next = 0;
  const one = async (party: Party): Promise<void> => {
    try {
      const socket = await open(url, party.token, timeoutMs);
      const client: Client = { li: -1, party, socket, lastSeq: 0, peers: [] };
      socket.on('disconnect', () => (group.disconnects += 1));
      if (live) socket.on('case.events', (batch: EventsBatch) => onEvents(group, client, batch));
      const ack = (await socket.timeout(timeoutMs).emitWithAck('case.subscribe', { caseId: party.caseId, after: 0 })) as Ack;
      if (!ack.ok) throw new Error(`subscribe ${ack.error?.error ?? 'refused'}`);
      client.lastSeq = Math.max(client.lastSeq, ack.lastSeq ?? 0);
      client.li = group.clients.length;
      group.clients.push(client);
      if (live) group.byPartyId.set(party.id, client);
    } catch (e) {
      const key = e instanceof Error ? e.message : String(e);
      errors[key] = (errors[key] ?? 0) + 1;
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, parties.length) }, async () => {
      while (next < parties.length) await one(parties[next++]);
    }),
  );
  if (live) {
    const byCase = new Map<number, Client[]>();
    for (const c of group.clients) byCase.set(c.party.caseIdx, [...(byCase.get(c.party.caseIdx) ?? []), c]);
    for (const c of group.clients) c.peers = byCase.get(c.party.caseIdx)!;
  }
  const failed = parties.length - group.clients.length;
  return { connected: group.clients.length, failed, errors, ms: Date.now() - started };
}

async function disconnectGroup(name: string): Promise<{ closed: number }> {
  const group = groups.get(name);
  if (!group) return { closed: 0 };
  groups.delete(name);
  for (const c of group.clients) c.socket.disconnect();
  await sleep(50);
  return { closed: group.clients.length };
}

/** Message texts start with `~step.sender.n.sentAtUs~`, then padding to the payload size. */
function header(stepId: number, senderId: number, n: number, t: number): string {
  return `~${stepId}.${senderId}.${n}.${t}~`;
}

function onEvents(group: Group, client: Client, batch: EventsBatch): void {
  const now = nowUs();
  const st = step && step.group === group ? step : undefined;
  for (const e of batch.events) {
    if (e.seq <= client.lastSeq) {
      if (st) st.outOfOrder += 1;
    } else client.lastSeq = e.seq;
    const tekst = e.message?.tekst;
    if (e.type !== 'message.created' || !tekst || tekst.charCodeAt(0) !== 126) continue;
    const end = tekst.indexOf('~', 1);
    const [stepId, senderId, n, sentAt] = tekst.slice(1, end).split('.').map(Number);
    if (!st || stepId !== st.stepId) {
      if (st) st.stale += 1;
      else staleOutsideStep += 1;
      continue;
    }
    const sender = group.byPartyId.get(senderId);
    if (!sender) continue;
    let bySender = st.received.get(client.li);
    if (!bySender) st.received.set(client.li, (bySender = new Map<number, Uint8Array>()));
    let counts = bySender.get(sender.li);
    if (!counts) bySender.set(sender.li, (counts = new Uint8Array(st.perSender + 2)));
    if (n >= counts.length) continue;
    counts[n] = Math.min(255, counts[n] + 1);
    if (counts[n] > 1) {
      st.duplicates += 1;
      continue;
    }
    st.delivered += 1;
    st.deliveredByRole[client.party.role] = (st.deliveredByRole[client.party.role] ?? 0) + 1;
    st.deliver.record(now - sentAt);
    st.lastDeliverUs = now;
    if (st.sizeSamples.length < 50) {
      const json = JSON.stringify(e);
      st.sizeSamples.push(Buffer.byteLength(json));
      st.sample ??= json;
    }
  }
}

async function runStep(
  name: string,
  stepId: number,
  rate: number,
  durationMs: number,
  payloadBytes: number,
  ackTimeoutMs: number,
  drainMs: number,
): Promise<StepResult> {
  const group = groups.get(name);
  if (!group) throw new Error(`no group ${name}`);
  const senders = group.clients;
  const total = Math.floor((rate * durationMs) / 1000);
  const perSender = senders.length === 0 ? 0 : Math.ceil(total / senders.length) + 1;
  const st: StepState = {
    group,
    stepId,
    perSender,
    sentCount: senders.map(() => 0),
    ackState: senders.map(() => new Uint8Array(perSender + 2)),
    received: new Map(),
    pendingAcks: 0,
    acked: 0,
    expectedSoFar: 0,
    delivered: 0,
    deliveredByRole: {},
    duplicates: 0,
    outOfOrder: 0,
    stale: 0,
    ackErrors: {},
    ackTimeouts: 0,
    ack: new Histogram(),
    deliver: new Histogram(),
    firstSendUs: 0,
    lastSendUs: 0,
    lastAckUs: 0,
    lastDeliverUs: 0,
    sizeSamples: [],
    disconnectsAtStart: group.disconnects,
  };
  step = st;
  const pad = 'x'.repeat(payloadBytes);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  let sendLagMaxUs = 0;

  const sendOne = (c: Client, scheduledUs: number): void => {
    const n = ++st.sentCount[c.li];
    const t = nowUs();
    sendLagMaxUs = Math.max(sendLagMaxUs, t - scheduledUs);
    if (st.firstSendUs === 0) st.firstSendUs = t;
    st.lastSendUs = t;
    const head = header(stepId, c.party.id, n, t);
    const tekst = head.length >= payloadBytes ? head : head + pad.slice(head.length);
    st.pendingAcks += 1;
    c.socket
      .timeout(ackTimeoutMs)
      .emit(
        'message.send',
        { caseId: c.party.caseId, threadId: c.party.threadId, clientTxnId: `b${stepId}-${c.party.id}-${n}-${process.pid}`, tekst },
        (err: Error | null, ack?: Ack) => {
          const now = nowUs();
          st.pendingAcks -= 1;
          st.lastAckUs = now;
          if (err) {
            st.ackTimeouts += 1;
            st.ackState[c.li][n] = 3;
          } else if (ack?.ok) {
            st.acked += 1;
            st.ackState[c.li][n] = 1;
            st.expectedSoFar += c.peers.length;
            st.ack.record(now - t);
          } else {
            const code = ack?.error?.error ?? 'unknown';
            st.ackErrors[code] = (st.ackErrors[code] ?? 0) + 1;
            st.ackState[c.li][n] = 2;
          }
        },
      );
  };

  // Open loop: messages are due at fixed times whatever the answers do, spread round-robin over the senders.
  await new Promise<void>((resolve) => {
    if (total === 0) return resolve();
    const t0 = nowUs();
    const intervalUs = 1e6 / rate;
    let sent = 0;
    let rr = 0;
    const tick = () => {
      const elapsed = nowUs() - t0;
      const due = Math.min(total, Math.floor(elapsed / intervalUs) + 1);
      while (sent < due) {
        sendOne(senders[rr], t0 + sent * intervalUs);
        rr = (rr + 1) % senders.length;
        sent += 1;
      }
      if (sent >= total) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });

  const drainUntil = Date.now() + drainMs;
  while (Date.now() < drainUntil && (st.pendingAcks > 0 || st.delivered < st.expectedSoFar)) await sleep(10);
  const drained = st.pendingAcks === 0 && st.delivered >= st.expectedSoFar;
  // A short grace for duplicates that would arrive right after the last expected delivery.
  await sleep(100);
  step = undefined;
  loop.disable();
  const cpu = process.cpuUsage(cpu0);

  let expected = 0;
  let lost = 0;
  let deliveredUnacked = 0;
  for (const sender of senders) {
    const acks = st.ackState[sender.li];
    for (let n = 1; n <= st.sentCount[sender.li]; n++) {
      for (const receiver of sender.peers) {
        const got = st.received.get(receiver.li)?.get(sender.li)?.[n] ?? 0;
        if (acks[n] === 1) {
          expected += 1;
          if (got === 0) lost += 1;
        } else if (got > 0) deliveredUnacked += 1;
      }
    }
  }
  const sizes = st.sizeSamples;
  return {
    sent: st.sentCount.reduce((a, b) => a + b, 0),
    acked: st.acked,
    ackErrors: st.ackErrors,
    ackTimeouts: st.ackTimeouts,
    deliveredByRole: st.deliveredByRole,
    delivered: st.delivered,
    expected,
    lost,
    duplicates: st.duplicates,
    outOfOrder: st.outOfOrder,
    deliveredUnacked,
    stale: st.stale + staleOutsideStep,
    ack: st.ack.toData(),
    deliver: st.deliver.toData(),
    firstSendUs: st.firstSendUs,
    lastSendUs: st.lastSendUs,
    lastAckUs: st.lastAckUs,
    lastDeliverUs: st.lastDeliverUs,
    eventBytes: sizes.length ? Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) : 0,
    sampleEvent: st.sample,
    cpuUs: cpu.user + cpu.system,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    sendLagMaxMs: sendLagMaxUs / 1000,
    disconnects: group.disconnects - st.disconnectsAtStart,
    drained,
  };
}

async function burst(
  url: string,
  party: Party,
  count: number,
  payloadBytes: number,
  inFlight: number,
  timeoutMs: number,
): Promise<BurstResult> {
  const socket = await open(url, party.token, timeoutMs);
  const t0 = Date.now();
  let acked = 0;
  let failed = 0;
  let minSeq = Number.MAX_SAFE_INTEGER;
  let maxSeq = 0;
  let next = 0;
  let firstError: string | undefined;
  const pad = 'y'.repeat(payloadBytes);
  try {
    await Promise.all(
      Array.from({ length: Math.min(inFlight, count) }, async () => {
        while (next < count) {
          const n = ++next;
          const tekst = `catch-up ${n} ${pad}`.slice(0, Math.max(payloadBytes, 16));
          const ack = (await socket
            .timeout(timeoutMs)
            .emitWithAck('message.send', {
              caseId: party.caseId,
              threadId: party.threadId,
              clientTxnId: `burst-${party.id}-${n}-${process.pid}`,
              tekst,
            })
            .catch((e: unknown) => ({ ok: false, error: { error: e instanceof Error ? e.message : 'timeout' } }))) as Ack;
          if (ack.ok && ack.message?.seq !== undefined) {
            acked += 1;
            minSeq = Math.min(minSeq, ack.message.seq);
            maxSeq = Math.max(maxSeq, ack.message.seq);
          } else {
            failed += 1;
            firstError ??= JSON.stringify(ack).slice(0, 300);
          }
        }
      }),
    );
  } finally {
    socket.disconnect();
  }
  return { acked, failed, minSeq, maxSeq, ms: Date.now() - t0, firstError };
}

async function catchUp(url: string, party: Party, after: number, expect: number, timeoutMs: number): Promise<CatchupResult> {
  const c0 = nowUs();
  const socket = await open(url, party.token, timeoutMs);
  const connectMs = (nowUs() - c0) / 1000;
  const batches: EventsBatch[] = [];
  let count = 0;
  let last = after;
  let duplicates = 0;
  let outOfOrder = 0;
  let doneAt = 0;
  const seen = new Set<number>();
  let wake: () => void = () => undefined;
  socket.on('case.events', (b: EventsBatch) => {
    const now = nowUs();
    batches.push(b);
    for (const e of b.events) {
      if (seen.has(e.seq)) duplicates += 1;
      seen.add(e.seq);
      if (e.seq <= last) outOfOrder += 1;
      else last = e.seq;
      if (e.type === 'message.created' && e.seq > after && ++count === expect) doneAt = now;
    }
    wake();
  });
  try {
    const t0 = nowUs();
    const ack = (await socket.timeout(timeoutMs).emitWithAck('case.subscribe', { caseId: party.caseId, after })) as Ack;
    const ackMs = (nowUs() - t0) / 1000;
    if (!ack.ok) throw new Error(`catch-up subscribe refused: ${JSON.stringify(ack)}`);
    const deadline = Date.now() + timeoutMs;
    while (count < expect && Date.now() < deadline) await new Promise<void>((r) => ((wake = r), setTimeout(r, 50)));
    return {
      connectMs,
      eventsMs: doneAt ? (doneAt - t0) / 1000 : NaN,
      ackMs,
      events: count,
      duplicates,
      outOfOrder,
      bytes: batches.reduce((a, b) => a + Buffer.byteLength(JSON.stringify(b)), 0),
    };
  } finally {
    socket.disconnect();
  }
}

async function restProbe(
  targets: { path: string; token: string }[],
  url: string,
  rate: number,
  durationMs: number,
  timeoutMs: number,
): Promise<RestResult> {
  const latency = new Histogram();
  const statuses: Record<string, number> = {};
  let requests = 0;
  let ok = 0;
  let messages = 0;
  const inFlight = new Set<Promise<void>>();
  const one = async (t: { path: string; token: string }) => {
    const t0 = nowUs();
    try {
      const res = await fetch(url + t.path, { headers: { authorization: `Bearer ${t.token}` }, signal: AbortSignal.timeout(timeoutMs) });
      const body = (await res.json()) as { messages?: unknown[] };
      latency.record(nowUs() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.ok) {
        ok += 1;
        messages += body.messages?.length ?? 0;
      }
    } catch (e) {
      const key = e instanceof Error ? e.name : 'error';
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  };
  const t0 = Date.now();
  const interval = 1000 / rate;
  while (Date.now() - t0 < durationMs) {
    const due = t0 + requests * interval;
    if (due > Date.now()) await sleep(due - Date.now());
    if (inFlight.size >= 50) {
      statuses.skipped = (statuses.skipped ?? 0) + 1;
      requests += 1;
      continue;
    }
    const p = one(targets[requests % targets.length]).finally(() => inFlight.delete(p));
    inFlight.add(p);
    requests += 1;
  }
  await Promise.all(inFlight);
  return { requests, ok, statuses, latency: latency.toData(), messagesPerPage: ok ? messages / ok : 0 };
}
