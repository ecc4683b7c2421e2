import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditQueryService } from './audit-query.service';
import { AuditController } from './audit.controller';

/** Innsyn and the operator's export: reading the audit log, which needs access to the case (the writer does not). */
@Module({ imports: [AccessModule], controllers: [AuditController], providers: [AuditQueryService] })
export class InnsynModule {}
