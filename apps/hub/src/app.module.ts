import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { InnsynModule } from './audit/innsyn.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { DialogmeldingModule } from './dialogmelding/dialogmelding.module';
import { EventsModule } from './events/events.module';
import { RealtimeModule } from './realtime/realtime.module';
import { SearchModule } from './search/search.module';
import { OppfolgingsplanModule } from './followup/plan/oppfolgingsplan.module';
import { DialogmoteModule } from './followup/dialogmote/dialogmote.module';
import { MotebehovModule } from './followup/motebehov/motebehov.module';
import { ThreadsModule } from './threads/threads.module';
import { TimelineModule } from './followup/timeline/timeline.module';
import { TracksModule } from './followup/tracks/tracks.module';
import { RetentionModule } from './followup/retention/retention.module';
import { VarslerModule } from './varsler/varsler.module';
import { FilesModule } from './files/files.module';
import { Clock, systemClock } from './common/clock';
import { ClockModule } from './common/clock.module';
import { ErrorFilter } from './common/error.filter';
import { loggerParams } from './common/logging';
import { HubConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LimitsModule } from './limits/limits.module';
import { MetricsModule } from './metrics/metrics.module';

export interface HubOptions {
  config: HubConfig;
  databaseUrl: string;
  clock?: Clock;
  /** Where log lines go (default stdout); tests read the hub's own logs back from it. */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, clock = systemClock, logDestination }: HubOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config.logLevel, logDestination)),
        ClockModule.forRoot(clock),
        DatabaseModule.forRoot(databaseUrl),
        LimitsModule,
        AuthModule.forRoot(config.auth.devIssuer),
        MetricsModule,
        HealthModule,
        AuditModule,
        InnsynModule,
        AccessModule,
        EventsModule,
        CasesModule,
        ThreadsModule,
        SearchModule,
        OppfolgingsplanModule,
        DialogmoteModule,
        MotebehovModule,
        RealtimeModule,
        TimelineModule,
        TracksModule,
        RetentionModule,
        DialogmeldingModule,
        VarslerModule,
        FilesModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
