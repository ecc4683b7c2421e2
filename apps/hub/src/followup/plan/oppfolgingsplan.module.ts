import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { AuditModule } from '../../audit/audit.module';
import { EventsModule } from '../../events/events.module';
import { OppfolgingsplanController } from './oppfolgingsplan.controller';
import { OppfolgingsplanService } from './oppfolgingsplan.service';

@Module({
  imports: [AccessModule, AuditModule, EventsModule],
  controllers: [OppfolgingsplanController],
  providers: [OppfolgingsplanService],
})
export class OppfolgingsplanModule {}
