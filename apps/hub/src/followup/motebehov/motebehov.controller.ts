import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { MotebehovView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { MotebehovParamsDto, SubmitMotebehovDto } from './dto/motebehov.dto';
import { MotebehovOversikt, MotebehovService } from './motebehov.service';

@ApiTags('motebehov')
@ApiBearerAuth()
@Controller('cases/:caseId/motebehov')
export class MotebehovController {
  constructor(private readonly motebehov: MotebehovService) {}

  @Post()
  @ApiOperation({
    summary: 'The sykmeldt or the nærmeste leder says whether a dialogmøte is needed (SVAR_BEHOV in weeks 16–26, MELD_BEHOV any time)',
  })
  submit(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: SubmitMotebehovDto): Promise<MotebehovView> {
    return this.motebehov.submit(actor, p.caseId, dto);
  }

  @Get()
  @ApiOperation({ summary: "Whether NAV's question is open now, and the møtebehov the caller may see" })
  list(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<MotebehovOversikt> {
    return this.motebehov.list(actor, p.caseId);
  }

  @Get(':motebehovId')
  get(@CurrentActor() actor: Actor, @Param() p: MotebehovParamsDto): Promise<MotebehovView> {
    return this.motebehov.get(actor, p.caseId, p.motebehovId);
  }

  @Post(':motebehovId/behandlet')
  @HttpCode(200)
  @ApiOperation({ summary: 'The veileder marks the møtebehov handled' })
  behandlet(@CurrentActor() actor: Actor, @Param() p: MotebehovParamsDto): Promise<MotebehovView> {
    return this.motebehov.behandlet(actor, p.caseId, p.motebehovId);
  }
}
