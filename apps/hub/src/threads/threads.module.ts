import { Module } from '@nestjs/common';
import { MessageWriter } from './message-writer';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { ThreadsController } from './threads.controller';
import { ThreadsService } from './threads.service';

@Module({
  controllers: [ThreadsController, MessagesController],
  providers: [ThreadsService, MessagesService, MessageWriter],
  exports: [ThreadsService, MessagesService],
})
export class ThreadsModule {}
