import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { DialogmoteView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../../common/openapi';
import { TextBody } from '../../common/request-bodies';
import { DialogmoteService } from './dialogmote.service';
import { DialogmoteParamsDto } from './dto/dialogmote-params.dto';
import { DialogmoteViewSchema } from './dto/dialogmote-views.schema';
import { ConveneDialogmoteDto, GiveSvarDto, NyttTidStedDto, ReferatDto } from './dto/dialogmote.dto';

@ApiTags('dialogmote')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/dialogmoter')
export class DialogmoteController {
  constructor(private readonly moter: DialogmoteService) {}

  @Post()
  @ApiOperation({ summary: 'Convene a møte (INNKALT): DM1 by the nærmeste leder, DM2/DM3 by the veileder' })
  @ApiCreatedResponse({ type: DialogmoteViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  convene(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: ConveneDialogmoteDto): Promise<DialogmoteView> {
    return this.moter.convene(actor, p.caseId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Møter the caller takes part in' })
  @ApiOkResponse({ type: [DialogmoteViewSchema] })
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<DialogmoteView[]> {
    return this.moter.list(actor, p.caseId);
  }

  @Get(':moteId')
  @ApiOperation({ summary: 'A møte the caller takes part in' })
  @ApiOkResponse({ type: DialogmoteViewSchema })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() p: DialogmoteParamsDto): Promise<DialogmoteView> {
    return this.moter.get(actor, p.caseId, p.moteId);
  }

  @Post(':moteId/svar')
  @HttpCode(200)
  @ApiOperation({ summary: 'A deltaker answers: KOMMER, NYTT_TID_STED (with a wish) or KOMMER_IKKE' })
  @ApiOkResponse({ type: DialogmoteViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409, 422)
  svar(@CurrentActor() actor: Actor, @Param() p: DialogmoteParamsDto, @Body() dto: GiveSvarDto): Promise<DialogmoteView> {
    return this.moter.svar(actor, p.caseId, p.moteId, dto);
  }

  @Post(':moteId/nytt-tid-sted')
  @HttpCode(200)
  @ApiOperation({ summary: 'The convener moves the møte (→ NYTT_TID_STED); earlier svar are cleared' })
  @ApiOkResponse({ type: DialogmoteViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  nyttTidSted(@CurrentActor() actor: Actor, @Param() p: DialogmoteParamsDto, @Body() dto: NyttTidStedDto): Promise<DialogmoteView> {
    return this.moter.nyttTidSted(actor, p.caseId, p.moteId, dto);
  }

  @Post(':moteId/avlys')
  @HttpCode(200)
  @ApiOperation({ summary: 'The convener cancels the møte (→ AVLYST)' })
  @ApiOkResponse({ type: DialogmoteViewSchema })
  @ApiErrors(400, 403, 404, 409)
  avlys(@CurrentActor() actor: Actor, @Param() p: DialogmoteParamsDto): Promise<DialogmoteView> {
    return this.moter.avlys(actor, p.caseId, p.moteId);
  }

  @Post(':moteId/ferdigstill')
  @TextBody()
  @HttpCode(200)
  @ApiOperation({ summary: 'The møte was held (→ FERDIGSTILT) with its referat; each party sees its part' })
  @ApiOkResponse({ type: DialogmoteViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409, 422)
  ferdigstill(@CurrentActor() actor: Actor, @Param() p: DialogmoteParamsDto, @Body() dto: ReferatDto): Promise<DialogmoteView> {
    return this.moter.ferdigstill(actor, p.caseId, p.moteId, dto);
  }

  @Put(':moteId/referat')
  @TextBody()
  @ApiOperation({ summary: 'Correct the referat of a FERDIGSTILT møte' })
  @ApiOkResponse({ type: DialogmoteViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409, 422)
  reviseReferat(@CurrentActor() actor: Actor, @Param() p: DialogmoteParamsDto, @Body() dto: ReferatDto): Promise<DialogmoteView> {
    return this.moter.reviseReferat(actor, p.caseId, p.moteId, dto);
  }

  @Post(':moteId/lukk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the møte for good (→ LUKKET)' })
  @ApiOkResponse({ type: DialogmoteViewSchema })
  @ApiErrors(400, 403, 404, 409)
  lukk(@CurrentActor() actor: Actor, @Param() p: DialogmoteParamsDto): Promise<DialogmoteView> {
    return this.moter.lukk(actor, p.caseId, p.moteId);
  }
}
