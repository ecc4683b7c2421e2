import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '@hub/domain';
import { MessagePage, MessageVersionView, MessageView } from '@hub/access';
import { CurrentActor } from '../auth/auth.guard';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../common/openapi';
import { TextBody } from '../common/request-bodies';
import { EditMessageDto, SendMessageDto } from './dto/send-message.dto';
import { MessagePageQueryDto, MessageParamsDto, ThreadParamsDto } from './dto/thread-params.dto';
import { MessagePageSchema, MessageVersionViewSchema, MessageViewSchema } from './dto/thread-views.schema';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/threads/:threadId/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @TextBody()
  @ApiOperation({ summary: 'Send a message; answered after it is committed. A repeated clientTxnId returns the first result (200)' })
  @ApiCreatedResponse({ type: MessageViewSchema, description: 'Stored: the message as the sender sees it' })
  @ApiOkResponse({ type: MessageViewSchema, description: 'The clientTxnId was sent before: the first result' })
  @ApiErrors(JSON_BODY, 403, 404, 409, 422)
  async send(
    @CurrentActor() actor: Actor,
    @Param() p: ThreadParamsDto,
    @Body() dto: SendMessageDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MessageView> {
    const { view, created } = await this.messages.send(actor, p.caseId, p.threadId, dto);
    void reply.status(created ? 201 : 200);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'A page of the thread, oldest or newest first, with a cursor for the next page' })
  @ApiOkResponse({ type: MessagePageSchema })
  @ApiErrors(400, 404)
  page(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto, @Query() q: MessagePageQueryDto): Promise<MessagePage> {
    return this.messages.page(actor, p.caseId, p.threadId, q.order, q.cursor, q.limit);
  }

  @Patch(':messageId')
  @TextBody()
  @ApiOperation({ summary: "Edit one's own message; the previous text stays as a version" })
  @ApiOkResponse({ type: MessageViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409, 422)
  edit(@CurrentActor() actor: Actor, @Param() p: MessageParamsDto, @Body() dto: EditMessageDto): Promise<MessageView> {
    return this.messages.edit(actor, p.caseId, p.threadId, p.messageId, dto);
  }

  @Delete(':messageId')
  @ApiOperation({ summary: "Retract one's own message: a tombstone stays, the content and its versions go" })
  @ApiOkResponse({ type: MessageViewSchema, description: 'The tombstone' })
  @ApiErrors(400, 403, 404, 409)
  retract(@CurrentActor() actor: Actor, @Param() p: MessageParamsDto): Promise<MessageView> {
    return this.messages.retract(actor, p.caseId, p.threadId, p.messageId);
  }

  @Get(':messageId/versions')
  @ApiOperation({ summary: 'Earlier versions of a message, masked like the message' })
  @ApiOkResponse({ type: [MessageVersionViewSchema] })
  @ApiErrors(400, 404)
  versions(@CurrentActor() actor: Actor, @Param() p: MessageParamsDto): Promise<MessageVersionView[]> {
    return this.messages.versions(actor, p.caseId, p.threadId, p.messageId);
  }
}
