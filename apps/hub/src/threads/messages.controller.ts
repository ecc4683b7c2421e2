import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '@hub/domain';
import { MessagePage, MessageVersionView, MessageView } from '@hub/access';
import { CurrentActor } from '../auth/auth.guard';
import { TextBody } from '../common/request-bodies';
import { EditMessageDto, SendMessageDto } from './dto/send-message.dto';
import { MessagePageQueryDto, MessageParamsDto, ThreadParamsDto } from './dto/thread-params.dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('cases/:caseId/threads/:threadId/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @TextBody()
  @ApiOperation({ summary: 'Send a message; answered after it is committed. A repeated clientTxnId returns the first result (200)' })
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
  page(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto, @Query() q: MessagePageQueryDto): Promise<MessagePage> {
    return this.messages.page(actor, p.caseId, p.threadId, q.order, q.cursor, q.limit);
  }

  @Patch(':messageId')
  @TextBody()
  @ApiOperation({ summary: "Edit one's own message; the previous text stays as a version" })
  edit(@CurrentActor() actor: Actor, @Param() p: MessageParamsDto, @Body() dto: EditMessageDto): Promise<MessageView> {
    return this.messages.edit(actor, p.caseId, p.threadId, p.messageId, dto);
  }

  @Delete(':messageId')
  @ApiOperation({ summary: "Retract one's own message: a tombstone stays, the content and its versions go" })
  retract(@CurrentActor() actor: Actor, @Param() p: MessageParamsDto): Promise<MessageView> {
    return this.messages.retract(actor, p.caseId, p.threadId, p.messageId);
  }

  @Get(':messageId/versions')
  @ApiOperation({ summary: 'Earlier versions of a message, masked like the message' })
  versions(@CurrentActor() actor: Actor, @Param() p: MessageParamsDto): Promise<MessageVersionView[]> {
    return this.messages.versions(actor, p.caseId, p.threadId, p.messageId);
  }
}
