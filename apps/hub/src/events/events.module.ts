import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { CaseEventBus } from './case-event-bus';
import { CaseEventWriter } from './case-event-writer';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [AccessModule, AuditModule],
  controllers: [EventsController],
  providers: [CaseEventBus, CaseEventWriter, EventsService],
  exports: [CaseEventBus, CaseEventWriter, EventsService],
})
export class EventsModule {}
