import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit log's writer: every part that reads or delivers case content imports it. */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
