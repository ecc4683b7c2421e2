import { Module } from '@nestjs/common';
import { HandoverSummaryService } from './handover-summary.service';
import { TracksController } from './tracks.controller';
import { TracksService } from './tracks.service';

@Module({ controllers: [TracksController], providers: [TracksService, HandoverSummaryService] })
export class TracksModule {}
