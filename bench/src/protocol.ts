import type { HistogramData } from './histogram';

export type Role = 'sykmeldt' | 'arbeidsgiver' | 'fastlege' | 'veileder';
export const ROLES: readonly Role[] = ['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder'];

/** One party of one seeded case, as a client process needs it. */
export interface Party {
  /** Global index, unique across the run: names the sender inside message texts. */
  id: number;
  caseIdx: number;
  caseId: string;
  threadId: string;
  role: Role;
  seat: string;
  sub: string;
  token: string;
}

/** Commands from the orchestrator to a client process (child_process.fork, IPC). */
export type WorkerCommand =
  | { kind: 'connect'; group: string; url: string; parties: Party[]; live: boolean; concurrency: number; timeoutMs: number }
  | { kind: 'disconnect'; group: string }
  | {
      kind: 'step';
      group: string;
      stepId: number;
      rate: number;
      durationMs: number;
      payloadBytes: number;
      ackTimeoutMs: number;
      drainMs: number;
    }
  | { kind: 'burst'; url: string; party: Party; count: number; payloadBytes: number; inFlight: number; timeoutMs: number }
  | { kind: 'catchup'; url: string; party: Party; after: number; expect: number; timeoutMs: number }
  | { kind: 'rest'; url: string; targets: { path: string; token: string }[]; rate: number; durationMs: number; timeoutMs: number };

export type WorkerRequest = WorkerCommand & { reqId: number };
export type WorkerReply = { reqId: number; ok: true; result: unknown } | { reqId: number; ok: false; error: string };

export interface ConnectResult {
  connected: number;
  failed: number;
  errors: Record<string, number>;
  ms: number;
}

export interface StepResult {
  sent: number;
  acked: number;
  ackErrors: Record<string, number>;
  ackTimeouts: number;
  /** Unique deliveries of this step's messages, per receiving role. */
  deliveredByRole: Record<string, number>;
  delivered: number;
  /** Deliveries owed: every acked message to every party of its case. */
  expected: number;
  lost: number;
  duplicates: number;
  /** Events whose seq was not above the last one the socket had seen. */
  outOfOrder: number;
  /** Deliveries of messages whose send was not acked ok (timeouts). */
  deliveredUnacked: number;
  /** Bench messages from another step arriving late. */
  stale: number;
  ack: HistogramData;
  deliver: HistogramData;
  firstSendUs: number;
  lastSendUs: number;
  lastAckUs: number;
  lastDeliverUs: number;
  /** Mean size of one delivered event as JSON (sampled). */
  eventBytes: number;
  sampleEvent?: string;
  cpuUs: number;
  loopDelayP99Ms: number;
  sendLagMaxMs: number;
  disconnects: number;
  drained: boolean;
}

export interface BurstResult {
  acked: number;
  failed: number;
  minSeq: number;
  maxSeq: number;
  ms: number;
  firstError?: string;
}

export interface CatchupResult {
  connectMs: number;
  /** From emitting case.subscribe to the last missed event received. */
  eventsMs: number;
  /** From emitting case.subscribe to its acknowledgement. */
  ackMs: number;
  events: number;
  duplicates: number;
  outOfOrder: number;
  bytes: number;
}

export interface RestResult {
  requests: number;
  ok: number;
  statuses: Record<string, number>;
  latency: HistogramData;
  messagesPerPage: number;
}
