import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { OppfolgingsplanView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../../common/openapi';
import { PlanParamsDto, PlanVersjonParamsDto } from './dto/plan-params.dto';
import { CommentPlanDto, DraftPlanDto, EditPlanDto, SharePlanDto } from './dto/plan.dto';
import { OppfolgingsplanViewSchema } from './dto/plan-views.schema';
import { OppfolgingsplanService } from './oppfolgingsplan.service';

@ApiTags('oppfolgingsplan')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/oppfolgingsplaner')
export class OppfolgingsplanController {
  constructor(private readonly plans: OppfolgingsplanService) {}

  @Post()
  @ApiOperation({ summary: 'The nærmeste leder drafts the plan (version 1) with the sykmeldt' })
  @ApiCreatedResponse({ type: OppfolgingsplanViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409, 422)
  draft(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: DraftPlanDto): Promise<OppfolgingsplanView> {
    return this.plans.draft(actor, p.caseId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Plans the caller may see: every version for the two parties, shared versions for the fastlege and NAV' })
  @ApiOkResponse({ type: [OppfolgingsplanViewSchema] })
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<OppfolgingsplanView[]> {
    return this.plans.list(actor, p.caseId);
  }

  @Get(':planId')
  @ApiOperation({ summary: 'A plan as the caller may see it' })
  @ApiOkResponse({ type: OppfolgingsplanViewSchema })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() p: PlanParamsDto): Promise<OppfolgingsplanView> {
    return this.plans.get(actor, p.caseId, p.planId);
  }

  @Post(':planId/versjoner')
  @ApiOperation({ summary: 'Either party edits: a new immutable version, not yet approved' })
  @ApiCreatedResponse({ type: OppfolgingsplanViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409, 422)
  edit(@CurrentActor() actor: Actor, @Param() p: PlanParamsDto, @Body() dto: EditPlanDto): Promise<OppfolgingsplanView> {
    return this.plans.edit(actor, p.caseId, p.planId, dto);
  }

  @Post(':planId/versjoner/:versjon/kommentarer')
  @ApiOperation({ summary: 'Either party comments on a version' })
  @ApiCreatedResponse({ type: OppfolgingsplanViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409, 422)
  comment(@CurrentActor() actor: Actor, @Param() p: PlanVersjonParamsDto, @Body() dto: CommentPlanDto): Promise<OppfolgingsplanView> {
    return this.plans.comment(actor, p.caseId, p.planId, p.versjon, dto);
  }

  @Post(':planId/versjoner/:versjon/godkjenning')
  @HttpCode(200)
  @ApiOperation({ summary: 'A party approves the latest version; the plan is approved when both approved the same version' })
  @ApiOkResponse({ type: OppfolgingsplanViewSchema })
  @ApiErrors(400, 403, 404, 409)
  approve(@CurrentActor() actor: Actor, @Param() p: PlanVersjonParamsDto): Promise<OppfolgingsplanView> {
    return this.plans.approve(actor, p.caseId, p.planId, p.versjon);
  }

  @Post(':planId/versjoner/:versjon/deling')
  @HttpCode(200)
  @ApiOperation({ summary: 'The nærmeste leder shares an approved version with the fastlege and/or NAV (logged, shown to the sykmeldt)' })
  @ApiOkResponse({ type: OppfolgingsplanViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  share(@CurrentActor() actor: Actor, @Param() p: PlanVersjonParamsDto, @Body() dto: SharePlanDto): Promise<OppfolgingsplanView> {
    return this.plans.share(actor, p.caseId, p.planId, p.versjon, dto.mottakere);
  }
}
