import { Global, Module } from '@nestjs/common';
import { CaseAccessService } from './case-access.service';
import { HealthTextGuard } from './health-text-guard';

@Global()
@Module({ providers: [CaseAccessService, HealthTextGuard], exports: [CaseAccessService, HealthTextGuard] })
export class AccessModule {}
