import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { FilesModule } from '../files/files.module';
import { DialogmoteModule } from '../followup/dialogmote/dialogmote.module';
import { ThreadsModule } from '../threads/threads.module';
import { DialogmeldingStatusService } from './dialogmelding-status.service';
import { DialogmeldingWriter } from './dialogmelding-writer';
import { DialogmeldingerController } from './dialogmeldinger.controller';
import { DialogmeldingerService } from './dialogmeldinger.service';
import { GatewayController } from './gateway.controller';
import { InboundService } from './inbound.service';
import { UbesvartJob } from './ubesvart-job';

@Module({
  imports: [AccessModule, AuditModule, EventsModule, ThreadsModule, DialogmoteModule, FilesModule],
  controllers: [DialogmeldingerController, GatewayController],
  providers: [DialogmeldingerService, DialogmeldingWriter, InboundService, DialogmeldingStatusService, UbesvartJob],
})
export class DialogmeldingModule {}
