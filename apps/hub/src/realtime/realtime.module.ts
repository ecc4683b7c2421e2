import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { ThreadsModule } from '../threads/threads.module';
import { CaseEventsGateway } from './case-events.gateway';
import { CaseFanout } from './case-fanout.service';
import { ClusterRelay } from './cluster-relay';

@Module({ imports: [AccessModule, AuditModule, EventsModule, ThreadsModule], providers: [CaseFanout, ClusterRelay, CaseEventsGateway] })
export class RealtimeModule {}
