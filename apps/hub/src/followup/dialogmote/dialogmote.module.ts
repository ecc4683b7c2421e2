import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { AuditModule } from '../../audit/audit.module';
import { EventsModule } from '../../events/events.module';
import { DialogmoteController } from './dialogmote.controller';
import { DialogmoteService } from './dialogmote.service';
import { Dm2UnntakController } from './dm2-unntak.controller';
import { Dm2UnntakService } from './dm2-unntak.service';
import { MoteSvarFristJob } from './mote-svar-frist.job';
import { MoteSvarInboundService } from './mote-svar-inbound.service';

@Module({
  imports: [AccessModule, AuditModule, EventsModule],
  controllers: [DialogmoteController, Dm2UnntakController],
  providers: [DialogmoteService, Dm2UnntakService, MoteSvarInboundService, MoteSvarFristJob],
  exports: [MoteSvarInboundService],
})
export class DialogmoteModule {}
