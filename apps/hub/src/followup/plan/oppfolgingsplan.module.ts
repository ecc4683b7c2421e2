import { Module } from '@nestjs/common';
import { OppfolgingsplanController } from './oppfolgingsplan.controller';
import { OppfolgingsplanService } from './oppfolgingsplan.service';

@Module({ controllers: [OppfolgingsplanController], providers: [OppfolgingsplanService] })
export class OppfolgingsplanModule {}
