import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { AuditModule } from '../../audit/audit.module';
import { EventsModule } from '../../events/events.module';
import { RetentionController } from './retention.controller';
import { RetentionJob } from './retention-job';
import { RetentionService } from './retention.service';

@Module({
  imports: [AccessModule, AuditModule, EventsModule],
  controllers: [RetentionController],
  providers: [RetentionService, RetentionJob],
  exports: [RetentionJob],
})
export class RetentionModule {}
