import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { AuditModule } from '../../audit/audit.module';
import { EventsModule } from '../../events/events.module';
import { HandoverSummaryService } from './handover-summary.service';
import { TracksController } from './tracks.controller';
import { TracksService } from './tracks.service';

@Module({
  imports: [AccessModule, AuditModule, EventsModule],
  controllers: [TracksController],
  providers: [TracksService, HandoverSummaryService],
})
export class TracksModule {}
