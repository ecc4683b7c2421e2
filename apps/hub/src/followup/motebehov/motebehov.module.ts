import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { AuditModule } from '../../audit/audit.module';
import { EventsModule } from '../../events/events.module';
import { MotebehovController } from './motebehov.controller';
import { MotebehovService } from './motebehov.service';

@Module({ imports: [AccessModule, AuditModule, EventsModule], controllers: [MotebehovController], providers: [MotebehovService] })
export class MotebehovModule {}
