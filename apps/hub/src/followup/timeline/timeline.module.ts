import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { AuditModule } from '../../audit/audit.module';
import { EventsModule } from '../../events/events.module';
import { TimelineController } from './timeline.controller';
import { TimelineReminderJob } from './timeline-reminder-job';
import { TimelineService } from './timeline.service';

@Module({
  imports: [AccessModule, AuditModule, EventsModule],
  controllers: [TimelineController],
  providers: [TimelineService, TimelineReminderJob],
  exports: [TimelineReminderJob],
})
export class TimelineModule {}
