import { Module } from '@nestjs/common';
import { RetentionController } from './retention.controller';
import { RetentionJob } from './retention-job';
import { RetentionService } from './retention.service';

@Module({ controllers: [RetentionController], providers: [RetentionService, RetentionJob], exports: [RetentionJob] })
export class RetentionModule {}
