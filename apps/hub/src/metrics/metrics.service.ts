import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds, for the stages of a message's way through the hub: sub-millisecond steps to the slow tail. */
const STAGE_BUCKETS = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.2, 0.5, 1, 2.5];

/** One registry per hub instance, so two hubs in one process (the tests) do not share counters. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'hub_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly sockets = new Gauge({
    name: 'hub_sockets_connected',
    help: 'Open authenticated sockets on this node',
    registers: [this.registry],
  });
  readonly eventsDelivered = new Counter({
    name: 'hub_events_delivered_total',
    help: 'Case events broadcast, per audience room',
    registers: [this.registry],
  });

  readonly appRecsIn = new Counter({
    name: 'hub_dialogmelding_apprecs_in_total',
    help:
      'Inbound AppRecs by outcome: matched (applied to a dialogmelding the hub sent), unmatched (quotes no MsgId the hub sent), ' +
      'ignored (reason: malformed, not-receiver, contradicts); each is answered 202 and none with an AppRec',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });

  // Where a socket send's time goes, stage by stage (README "Operating it"; the benchmark reports them per step).
  readonly socketSend = this.stage(
    'hub_socket_send_duration_seconds',
    'A socket message.send answered ok (stored or repeated), from its arrival to its acknowledgement: validation, access, group commit',
  );
  readonly writeWait = this.stage('hub_message_write_wait_seconds', 'Time a new message waits for its group-commit batch to start');
  readonly writeDuration = this.stage(
    'hub_message_write_duration_seconds',
    'Round trip of one group-commit batch: hub_write_messages and its commit (one observation per batch)',
  );
  readonly writeBusy = new Counter({
    name: 'hub_message_busy_total',
    help:
      'New messages answered busy and never stored: not in a group-commit batch within MESSAGE_WRITE_DEADLINE_MS of arrival (deadline), ' +
      'arriving to a full queue (queue_full), or in a batch cancelled after twice that in the database (statement_timeout)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly writeBatchSize = new Histogram({
    name: 'hub_message_write_batch_size',
    help: 'Messages per group-commit batch',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 500],
    registers: [this.registry],
  });
  readonly fanoutDelay = this.stage(
    'hub_fanout_delay_seconds',
    "From committed events reaching this node's fan-out to their emit (access reloads, reads, gaps), by the oldest event of each delivery",
  );

  // Varsler (issue 17), by kind ('flere' for a varsel counting several kinds) and channel.
  readonly varslerCreated = this.varselCounter(
    'hub_varsler_created_total',
    'Varsel deliveries queued when a window ended (per channel the person chose and has an address for)',
  );
  readonly varslerSent = this.varselCounter('hub_varsler_sent_total', 'Varsel deliveries the SMTP server or webhook accepted');
  readonly varslerFailed = this.varselCounter('hub_varsler_failed_total', 'Varsel delivery tries that failed (retried with backoff)');
  readonly varslerDead = this.varselCounter(
    'hub_varsler_dead_total',
    'Varsel deliveries given up after VARSEL_MAX_ATTEMPTS (operator: GET /operator/varsler/dead)',
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  private varselCounter(name: string, help: string): Counter<'kind' | 'channel'> {
    return new Counter({ name, help, labelNames: ['kind', 'channel'] as const, registers: [this.registry] });
  }

  private stage(name: string, help: string): Histogram {
    return new Histogram({ name, help, buckets: STAGE_BUCKETS, registers: [this.registry] });
  }
}
