import { Module } from '@nestjs/common';
import { MotebehovController } from './motebehov.controller';
import { MotebehovService } from './motebehov.service';

@Module({ controllers: [MotebehovController], providers: [MotebehovService] })
export class MotebehovModule {}
