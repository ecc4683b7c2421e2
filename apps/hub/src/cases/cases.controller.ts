import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { CaseListEntryView, ConsentView, RelationView } from '@hub/access';
import { CurrentActor } from '../auth/auth.guard';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../common/openapi';
import { CaseDetailView, CasesService } from './cases.service';
import { AddRelationDto, ConsentParamsDto, EndRelationDto, HandoverDto } from './dto/add-relation.dto';
import { CaseParamsDto, RelationParamsDto } from './dto/case-params.dto';
import { CaseDetailViewSchema, CaseListEntryViewSchema, ConsentViewSchema, RelationViewSchema } from './dto/case-views.schema';
import { LimitQueryDto } from './dto/list-query.dto';
import { OpenCaseDto } from './dto/open-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: 'Open a case for a sykmeldt (veileder)' })
  @ApiCreatedResponse({ type: CaseDetailViewSchema })
  @ApiErrors(JSON_BODY, 403)
  open(@CurrentActor() actor: Actor, @Body() dto: OpenCaseDto): Promise<CaseDetailView> {
    return this.cases.open(actor, dto);
  }

  @Get()
  @ApiOperation({
    summary:
      "Cases where the caller holds an active relation (or, for a veileder, their enhet's), each with the caller's own next deadline and overdue tasks",
  })
  @ApiOkResponse({ type: [CaseListEntryViewSchema] })
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() q: LimitQueryDto): Promise<CaseListEntryView[]> {
    return this.cases.list(actor, q.limit);
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'A case with the relations and consents the caller may see' })
  @ApiOkResponse({ type: CaseDetailViewSchema })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<CaseDetailView> {
    return this.cases.get(actor, p.caseId);
  }

  @Post(':caseId/relations')
  @ApiOperation({ summary: 'Add a party (veileder); `replace` ends the one in the same place, e.g. a new nærmeste leder' })
  @ApiCreatedResponse({ type: RelationViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  addRelation(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: AddRelationDto): Promise<RelationView> {
    return this.cases.addRelation(actor, p.caseId, dto);
  }

  @Post(':caseId/relations/:relationId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a relation (veileder); access ends at once, also on open sockets' })
  @ApiOkResponse({ type: RelationViewSchema, description: 'The ended relation' })
  @ApiErrors(JSON_BODY, 403, 404, 409, 422)
  endRelation(@CurrentActor() actor: Actor, @Param() p: RelationParamsDto, @Body() dto: EndRelationDto): Promise<RelationView> {
    return this.cases.endRelation(actor, p.caseId, p.relationId, dto.reason, dto.helseopplysningerBekreftet);
  }

  @Post(':caseId/handover')
  @ApiOperation({ summary: 'Hand the case to another veileder with an overføringsnotat' })
  @ApiCreatedResponse({ type: RelationViewSchema, description: "The new veileder's relation" })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  handover(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: HandoverDto): Promise<RelationView> {
    return this.cases.handover(actor, p.caseId, dto);
  }

  @Put(':caseId/consents/:orgnr/:scope')
  @ApiOperation({ summary: "The sykmeldt lets one virksomhet's nærmeste leder see health information of a scope" })
  @ApiOkResponse({ type: ConsentViewSchema })
  @ApiErrors(400, 403, 404, 409)
  grant(@CurrentActor() actor: Actor, @Param() p: ConsentParamsDto): Promise<ConsentView> {
    return this.cases.setConsent(actor, p.caseId, p.orgnr, p.scope, true);
  }

  @Delete(':caseId/consents/:orgnr/:scope')
  @ApiOperation({ summary: 'The sykmeldt revokes a consent; hidden again from now on' })
  @ApiOkResponse({ type: ConsentViewSchema })
  @ApiErrors(400, 403, 404, 409)
  revoke(@CurrentActor() actor: Actor, @Param() p: ConsentParamsDto): Promise<ConsentView> {
    return this.cases.setConsent(actor, p.caseId, p.orgnr, p.scope, false);
  }
}
