import { Body, Controller, Get, Header, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '@hub/domain';
import { DialogmeldingView } from '@hub/access';
import { CurrentActor } from '../auth/auth.guard';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../common/openapi';
import { ThreadParamsDto } from '../threads/dto/thread-params.dto';
import { PaminnelseDto, StartDialogmeldingDto, SvarDto } from './dto/create-dialogmelding.dto';
import { DialogmeldingParamsDto } from './dto/dialogmelding-params.dto';
import { DialogmeldingViewSchema } from './dto/dialogmelding-views.schema';
import { DialogmeldingerService, SendResult } from './dialogmeldinger.service';

@ApiTags('dialogmeldinger')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/threads/:threadId/dialogmeldinger')
export class DialogmeldingerController {
  constructor(private readonly dialogmeldinger: DialogmeldingerService) {}

  @Post()
  @ApiOperation({
    summary: 'Send a forespørsel or notat to the fastlege (veileder), or a henvendelse to NAV (fastlege), as a message in the thread',
  })
  @ApiCreatedResponse({ type: DialogmeldingViewSchema, description: 'Stored and queued for the fastlege or NAV' })
  @ApiOkResponse({ type: DialogmeldingViewSchema, description: 'The clientTxnId was sent before: the first result' })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  async start(
    @CurrentActor() actor: Actor,
    @Param() p: ThreadParamsDto,
    @Body() dto: StartDialogmeldingDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DialogmeldingView> {
    return answer(reply, await this.dialogmeldinger.start(actor, p.caseId, p.threadId, dto));
  }

  @Get()
  @ApiOperation({ summary: "The thread's dialogmeldinger with their status, ConversationRef and, for forespørsler, whether ubesvart" })
  @ApiOkResponse({ type: [DialogmeldingViewSchema] })
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto): Promise<DialogmeldingView[]> {
    return this.dialogmeldinger.list(actor, p.caseId, p.threadId);
  }

  @Get(':dialogmeldingId')
  @ApiOperation({ summary: 'One dialogmelding of the thread with its status' })
  @ApiOkResponse({ type: DialogmeldingViewSchema })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() p: DialogmeldingParamsDto): Promise<DialogmeldingView> {
    return this.dialogmeldinger.get(actor, p.caseId, p.threadId, p.dialogmeldingId);
  }

  @Get(':dialogmeldingId/xml')
  @Header('content-type', 'application/xml; charset=utf-8')
  @ApiOperation({ summary: 'The dialogmelding as its MsgHead 1.2 / Dialogmelding 1.1 document (veileder and fastlege)' })
  @ApiOkResponse({ content: { 'application/xml': { schema: { type: 'string' } } } })
  @ApiErrors(400, 403, 404)
  xml(@CurrentActor() actor: Actor, @Param() p: DialogmeldingParamsDto): Promise<string> {
    return this.dialogmeldinger.xml(actor, p.caseId, p.threadId, p.dialogmeldingId);
  }

  @Post(':dialogmeldingId/svar')
  @ApiOperation({ summary: 'The fastlege answers a forespørsel or påminnelse (9069) in the thread' })
  @ApiCreatedResponse({ type: DialogmeldingViewSchema, description: 'The svar, stored and queued for NAV' })
  @ApiOkResponse({ type: DialogmeldingViewSchema, description: 'The clientTxnId was sent before: the first result' })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  async svar(
    @CurrentActor() actor: Actor,
    @Param() p: DialogmeldingParamsDto,
    @Body() dto: SvarDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DialogmeldingView> {
    return answer(reply, await this.dialogmeldinger.svar(actor, p.caseId, p.threadId, p.dialogmeldingId, dto));
  }

  @Post(':dialogmeldingId/paminnelse')
  @ApiOperation({ summary: 'The veileder reminds the fastlege of an ubesvart forespørsel (8129 kode 2); once per forespørsel' })
  @ApiCreatedResponse({ type: DialogmeldingViewSchema, description: 'The påminnelse, stored and queued for the fastlege' })
  @ApiOkResponse({ type: DialogmeldingViewSchema, description: 'The clientTxnId was sent before: the first result' })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  async paminnelse(
    @CurrentActor() actor: Actor,
    @Param() p: DialogmeldingParamsDto,
    @Body() dto: PaminnelseDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DialogmeldingView> {
    return answer(reply, await this.dialogmeldinger.paminnelse(actor, p.caseId, p.threadId, p.dialogmeldingId, dto));
  }
}

/** 201 for a new dialogmelding, 200 for a repeated clientTxnId, as for messages. */
function answer(reply: FastifyReply, r: SendResult): DialogmeldingView {
  void reply.status(r.created ? 201 : 200);
  return r.view;
}
