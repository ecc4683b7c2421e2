import { Global, Module } from '@nestjs/common';
import { AuditedReader } from './audited-reader';
import { CaseAccessService } from './case-access.service';
import { HealthTextGuard } from './health-text-guard';

@Global()
@Module({ providers: [CaseAccessService, HealthTextGuard, AuditedReader], exports: [CaseAccessService, HealthTextGuard, AuditedReader] })
export class AccessModule {}
