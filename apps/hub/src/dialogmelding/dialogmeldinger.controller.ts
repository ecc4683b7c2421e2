import { Body, Controller, Get, Header, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '@hub/domain';
import { DialogmeldingView } from '@hub/access';
import { CurrentActor } from '../auth/auth.guard';
import { ThreadParamsDto } from '../threads/dto/thread-params.dto';
import { PaminnelseDto, StartDialogmeldingDto, SvarDto } from './dto/create-dialogmelding.dto';
import { DialogmeldingParamsDto } from './dto/dialogmelding-params.dto';
import { DialogmeldingerService, SendResult } from './dialogmeldinger.service';

@ApiTags('dialogmeldinger')
@ApiBearerAuth()
@Controller('cases/:caseId/threads/:threadId/dialogmeldinger')
export class DialogmeldingerController {
  constructor(private readonly dialogmeldinger: DialogmeldingerService) {}

  @Post()
  @ApiOperation({
    summary: 'Send a forespørsel or notat to the fastlege (veileder), or a henvendelse to NAV (fastlege), as a message in the thread',
  })
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
  list(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto): Promise<DialogmeldingView[]> {
    return this.dialogmeldinger.list(actor, p.caseId, p.threadId);
  }

  @Get(':dialogmeldingId')
  get(@CurrentActor() actor: Actor, @Param() p: DialogmeldingParamsDto): Promise<DialogmeldingView> {
    return this.dialogmeldinger.get(actor, p.caseId, p.threadId, p.dialogmeldingId);
  }

  @Get(':dialogmeldingId/xml')
  @Header('content-type', 'application/xml; charset=utf-8')
  @ApiOperation({ summary: 'The dialogmelding as its MsgHead 1.2 / Dialogmelding 1.1 document (veileder and fastlege)' })
  xml(@CurrentActor() actor: Actor, @Param() p: DialogmeldingParamsDto): Promise<string> {
    return this.dialogmeldinger.xml(actor, p.caseId, p.threadId, p.dialogmeldingId);
  }

  @Post(':dialogmeldingId/svar')
  @ApiOperation({ summary: 'The fastlege answers a forespørsel or påminnelse (9069) in the thread' })
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
