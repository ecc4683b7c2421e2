import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { MessageWriter } from './message-writer';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { ReadMarkersController } from './read-markers.controller';
import { ReadMarkersService } from './read-markers.service';
import { ThreadsController } from './threads.controller';
import { ThreadsService } from './threads.service';

@Module({
  imports: [AccessModule, AuditModule, EventsModule],
  controllers: [ThreadsController, MessagesController, ReadMarkersController],
  providers: [ThreadsService, MessagesService, MessageWriter, ReadMarkersService],
  exports: [ThreadsService, MessagesService, ReadMarkersService],
})
export class ThreadsModule {}
