import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { CaseEvent } from '@hub/domain';
import type { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { CaseEventBus } from '../events/case-event-bus';
import { CaseFanout } from './case-fanout.service';

const CLUSTER_EVENT = 'hub:committed';
/** A node whose Redis connection came back tells the others: events it published meanwhile may not have reached them. */
const RESYNC_EVENT = 'hub:resync';

type Serialized = Omit<CaseEvent, 'at'> & { at: string };

/**
 * Carries committed events between nodes (over the socket.io adapter, so over Redis): this node's events go out as
 * ids and kinds, no content, and each node renders them for its own sockets. Without Redis it does nothing.
 */
@Injectable()
export class ClusterRelay implements OnModuleDestroy {
  private io?: Server;
  private unsubscribe?: () => void;

  constructor(
    private readonly bus: CaseEventBus,
    private readonly fanout: CaseFanout,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  attach(io: Server): void {
    if (this.config.redisUrl === undefined) return;
    this.io = io;
    this.unsubscribe = this.bus.subscribe((batch) =>
      io.serverSideEmit(
        CLUSTER_EVENT,
        batch.events.map((e) => ({ ...e, at: e.at.toISOString() })),
      ),
    );
    io.on(CLUSTER_EVENT, (events: Serialized[]) =>
      this.fanout.onCommitted({ events: events.map((e) => ({ ...e, at: new Date(e.at) })), messages: [] }),
    );
    io.on(RESYNC_EVENT, () => this.fanout.resync());
  }

  /**
   * Redis is back after an outage: whatever crossed nodes meanwhile was lost with it. This node reads what it missed
   * from the event log, and asks the others to do the same for what it published while the link was down.
   */
  linkRestored(): void {
    this.fanout.resync();
    this.io?.serverSideEmit(RESYNC_EVENT);
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}
