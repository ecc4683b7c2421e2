import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuditedReader } from './audited-reader';
import { CaseAccessService } from './case-access.service';
import { HealthTextGuard } from './health-text-guard';

@Module({
  imports: [AuditModule],
  providers: [CaseAccessService, HealthTextGuard, AuditedReader],
  exports: [CaseAccessService, HealthTextGuard, AuditedReader],
})
export class AccessModule {}
