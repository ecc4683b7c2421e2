import { Global, Module } from '@nestjs/common';
import { CaseEventBus } from './case-event-bus';
import { CaseEventWriter } from './case-event-writer';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Global()
@Module({ controllers: [EventsController], providers: [CaseEventBus, CaseEventWriter, EventsService], exports: [CaseEventBus, CaseEventWriter, EventsService] })
export class EventsModule {}
