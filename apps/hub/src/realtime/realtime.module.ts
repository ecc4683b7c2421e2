import { Module } from '@nestjs/common';
import { ThreadsModule } from '../threads/threads.module';
import { CaseEventsGateway } from './case-events.gateway';
import { CaseFanout } from './case-fanout.service';

@Module({ imports: [ThreadsModule], providers: [CaseFanout, CaseEventsGateway] })
export class RealtimeModule {}
