import { Module } from '@nestjs/common';
import { VarselChannels } from './varsel-channels';
import { VarselDispatcher } from './varsel-dispatcher';
import { VarslerController } from './varsler.controller';
import { VarslerService } from './varsler.service';

@Module({ controllers: [VarslerController], providers: [VarselChannels, VarselDispatcher, VarslerService], exports: [VarselDispatcher] })
export class VarslerModule {}
