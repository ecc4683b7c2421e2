import { Module } from '@nestjs/common';
import { ThreadsModule } from '../threads/threads.module';
import { CaseEventsGateway } from './case-events.gateway';
import { CaseFanout } from './case-fanout.service';
import { ClusterRelay } from './cluster-relay';

@Module({ imports: [ThreadsModule], providers: [CaseFanout, ClusterRelay, CaseEventsGateway] })
export class RealtimeModule {}
