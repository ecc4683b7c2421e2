import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { VarselCountView } from '@hub/access';
import { Actor } from '@hub/domain';
import { DeadDelivery, VarselSettings } from '@hub/persistence';
import { CurrentActor, Public } from '../auth/auth.guard';
import { OPERATOR_KEY_HEADER, OperatorKeyGuard } from '../auth/operator-key.guard';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../common/openapi';
import { DeliveryParamsDto, VarselSettingsDto } from './dto/varsel-settings.dto';
import { DeadDeliverySchema, RetriedDeliverySchema, VarselCountsSchema, VarselSettingsSchema } from './dto/varsel-views.schema';
import { VarselDispatcher } from './varsel-dispatcher';
import { VarslerService } from './varsler.service';

@ApiTags('varsler')
@Controller()
export class VarslerController {
  constructor(
    private readonly varsler: VarslerService,
    private readonly dispatcher: VarselDispatcher,
  ) {}

  @Get('me/varsel-innstillinger')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Your varsel channels and addresses' })
  @ApiOkResponse({ type: VarselSettingsSchema })
  @ApiErrors(PERSON_ROUTE)
  settings(@CurrentActor() actor: Actor): Promise<VarselSettings> {
    return this.varsler.settings(actor);
  }

  @Put('me/varsel-innstillinger')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Choose varsel channels (epost, sms) and their addresses; a channel without an address is skipped' })
  @ApiOkResponse({ type: VarselSettingsSchema })
  @ApiErrors(PERSON_ROUTE, JSON_BODY)
  saveSettings(@CurrentActor() actor: Actor, @Body() dto: VarselSettingsDto): Promise<VarselSettings> {
    return this.varsler.saveSettings(actor, dto);
  }

  @Get('me/varsler')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'How many things wait for you, per case (counts only)' })
  @ApiOkResponse({ type: VarselCountsSchema })
  @ApiErrors(PERSON_ROUTE)
  waiting(@CurrentActor() actor: Actor): Promise<{ antall: number; saker: VarselCountView[] }> {
    return this.varsler.waiting(actor);
  }

  @Public()
  @UseGuards(OperatorKeyGuard)
  @ApiHeader({ name: OPERATOR_KEY_HEADER, required: true })
  @Get('operator/varsler/dead')
  @ApiOperation({ summary: 'Operator: varsel deliveries given up after VARSEL_MAX_ATTEMPTS (x-operator-key)' })
  @ApiOkResponse({ type: [DeadDeliverySchema] })
  @ApiErrors(404, 429, 503)
  dead(): Promise<DeadDelivery[]> {
    return this.varsler.dead();
  }

  @Public()
  @UseGuards(OperatorKeyGuard)
  @ApiHeader({ name: OPERATOR_KEY_HEADER, required: true })
  @Post('operator/varsler/dead/:deliveryId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Operator: try a dead varsel delivery again, with a fresh count of tries (x-operator-key)' })
  @ApiAcceptedResponse({ type: RetriedDeliverySchema })
  @ApiErrors(400, 404, 429, 503)
  async retry(@Param() p: DeliveryParamsDto): Promise<{ retried: string }> {
    await this.varsler.retry(p.deliveryId);
    void this.dispatcher.runOnce().catch(() => undefined);
    return { retried: p.deliveryId };
  }
}
