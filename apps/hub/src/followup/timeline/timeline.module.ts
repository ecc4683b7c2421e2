import { Module } from '@nestjs/common';
import { TimelineController } from './timeline.controller';
import { TimelineReminderJob } from './timeline-reminder-job';
import { TimelineService } from './timeline.service';

@Module({ controllers: [TimelineController], providers: [TimelineService, TimelineReminderJob], exports: [TimelineReminderJob] })
export class TimelineModule {}
