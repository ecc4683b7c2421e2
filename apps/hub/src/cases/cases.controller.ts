import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { CaseListEntryView, ConsentView, RelationView } from '@hub/access';
import { CurrentActor } from '../auth/auth.guard';
import { CaseDetailView, CasesService } from './cases.service';
import { AddRelationDto, ConsentParamsDto, EndRelationDto, HandoverDto } from './dto/add-relation.dto';
import { CaseParamsDto, RelationParamsDto } from './dto/case-params.dto';
import { LimitQueryDto } from './dto/list-query.dto';
import { OpenCaseDto } from './dto/open-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: 'Open a case for a sykmeldt (veileder)' })
  open(@CurrentActor() actor: Actor, @Body() dto: OpenCaseDto): Promise<CaseDetailView> {
    return this.cases.open(actor, dto);
  }

  @Get()
  @ApiOperation({
    summary:
      "Cases where the caller holds an active relation (or, for a veileder, their enhet's), each with the caller's own next deadline and overdue tasks",
  })
  list(@CurrentActor() actor: Actor, @Query() q: LimitQueryDto): Promise<CaseListEntryView[]> {
    return this.cases.list(actor, q.limit);
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'A case with the relations and consents the caller may see' })
  get(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<CaseDetailView> {
    return this.cases.get(actor, p.caseId);
  }

  @Post(':caseId/relations')
  @ApiOperation({ summary: 'Add a party (veileder); `replace` ends the one in the same place, e.g. a new nærmeste leder' })
  addRelation(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: AddRelationDto): Promise<RelationView> {
    return this.cases.addRelation(actor, p.caseId, dto);
  }

  @Post(':caseId/relations/:relationId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a relation (veileder); access ends at once, also on open sockets' })
  endRelation(@CurrentActor() actor: Actor, @Param() p: RelationParamsDto, @Body() dto: EndRelationDto): Promise<RelationView> {
    return this.cases.endRelation(actor, p.caseId, p.relationId, dto.reason, dto.helseopplysningerBekreftet);
  }

  @Post(':caseId/handover')
  @ApiOperation({ summary: 'Hand the case to another veileder with an overføringsnotat' })
  handover(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: HandoverDto): Promise<RelationView> {
    return this.cases.handover(actor, p.caseId, dto);
  }

  @Put(':caseId/consents/:orgnr/:scope')
  @ApiOperation({ summary: "The sykmeldt lets one virksomhet's nærmeste leder see health information of a scope" })
  grant(@CurrentActor() actor: Actor, @Param() p: ConsentParamsDto): Promise<ConsentView> {
    return this.cases.setConsent(actor, p.caseId, p.orgnr, p.scope, true);
  }

  @Delete(':caseId/consents/:orgnr/:scope')
  @ApiOperation({ summary: 'The sykmeldt revokes a consent; hidden again from now on' })
  revoke(@CurrentActor() actor: Actor, @Param() p: ConsentParamsDto): Promise<ConsentView> {
    return this.cases.setConsent(actor, p.caseId, p.orgnr, p.scope, false);
  }
}
