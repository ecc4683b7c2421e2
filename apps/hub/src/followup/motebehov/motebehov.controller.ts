import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { MotebehovView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../../common/openapi';
import { MotebehovParamsDto, SubmitMotebehovDto } from './dto/motebehov.dto';
import { MotebehovOversiktSchema, MotebehovViewSchema } from './dto/motebehov-views.schema';
import { MotebehovOversikt, MotebehovService } from './motebehov.service';

@ApiTags('motebehov')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/motebehov')
export class MotebehovController {
  constructor(private readonly motebehov: MotebehovService) {}

  @Post()
  @ApiOperation({
    summary: 'The sykmeldt or the nærmeste leder says whether a dialogmøte is needed (SVAR_BEHOV in weeks 16–26, MELD_BEHOV any time)',
  })
  @ApiCreatedResponse({ type: MotebehovViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  submit(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: SubmitMotebehovDto): Promise<MotebehovView> {
    return this.motebehov.submit(actor, p.caseId, dto);
  }

  @Get()
  @ApiOperation({ summary: "Whether NAV's question is open now, and the møtebehov the caller may see" })
  @ApiOkResponse({ type: MotebehovOversiktSchema })
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<MotebehovOversikt> {
    return this.motebehov.list(actor, p.caseId);
  }

  @Get(':motebehovId')
  @ApiOperation({ summary: 'A møtebehov the caller may see' })
  @ApiOkResponse({ type: MotebehovViewSchema })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() p: MotebehovParamsDto): Promise<MotebehovView> {
    return this.motebehov.get(actor, p.caseId, p.motebehovId);
  }

  @Post(':motebehovId/behandlet')
  @HttpCode(200)
  @ApiOperation({ summary: 'The veileder marks the møtebehov handled' })
  @ApiOkResponse({ type: MotebehovViewSchema })
  @ApiErrors(400, 403, 404, 409)
  behandlet(@CurrentActor() actor: Actor, @Param() p: MotebehovParamsDto): Promise<MotebehovView> {
    return this.motebehov.behandlet(actor, p.caseId, p.motebehovId);
  }
}
