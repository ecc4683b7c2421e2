import { createHash, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { VarselCountView } from '@hub/access';
import { Actor, NotFound } from '@hub/domain';
import { DeadDelivery, VarselSettings } from '@hub/persistence';
import { CurrentActor, Public } from '../auth/auth.guard';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { DeliveryParamsDto, VarselSettingsDto } from './dto/varsel-settings.dto';
import { VarselDispatcher } from './varsel-dispatcher';
import { VarslerService } from './varsler.service';

@ApiTags('varsler')
@Controller()
export class VarslerController {
  constructor(
    private readonly varsler: VarslerService,
    private readonly dispatcher: VarselDispatcher,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get('me/varsel-innstillinger')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Your varsel channels and addresses' })
  settings(@CurrentActor() actor: Actor): Promise<VarselSettings> {
    return this.varsler.settings(actor);
  }

  @Put('me/varsel-innstillinger')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Choose varsel channels (epost, sms) and their addresses; a channel without an address is skipped' })
  saveSettings(@CurrentActor() actor: Actor, @Body() dto: VarselSettingsDto): Promise<VarselSettings> {
    return this.varsler.saveSettings(actor, dto);
  }

  @Get('me/varsler')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'How many things wait for you, per case (counts only)' })
  waiting(@CurrentActor() actor: Actor): Promise<{ antall: number; saker: VarselCountView[] }> {
    return this.varsler.waiting(actor);
  }

  @Public()
  @Get('operator/varsler/dead')
  @ApiOperation({ summary: 'Operator: varsel deliveries given up after VARSEL_MAX_ATTEMPTS (x-operator-key)' })
  dead(@Headers('x-operator-key') key: string | undefined): Promise<DeadDelivery[]> {
    this.operator(key);
    return this.varsler.dead();
  }

  @Public()
  @Post('operator/varsler/dead/:deliveryId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Operator: try a dead varsel delivery again, with a fresh count of tries (x-operator-key)' })
  async retry(@Headers('x-operator-key') key: string | undefined, @Param() p: DeliveryParamsDto): Promise<{ retried: string }> {
    this.operator(key);
    await this.varsler.retry(p.deliveryId);
    void this.dispatcher.runOnce().catch(() => undefined);
    return { retried: p.deliveryId };
  }

  /** Without a configured key the routes do not exist; a wrong key looks the same. */
  private operator(given: string | undefined): void {
    const expected = this.config.operatorApiKey;
    if (!expected || !given) throw new NotFound();
    const a = createHash('sha256').update(given).digest();
    const b = createHash('sha256').update(expected).digest();
    if (!timingSafeEqual(a, b)) throw new NotFound();
  }
}
