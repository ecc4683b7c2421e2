import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.guard';
import { ApiErrors } from '../common/openapi';
import { XmlBody } from '../common/request-bodies';
import { OutboxParamsDto, OutboxQueryDto } from './dto/dialogmelding-params.dto';
import { AppRecReceiptSchema, OutboxItemSchema, PublishedViewSchema } from './dto/dialogmelding-views.schema';
import { AppRecReceipt, DialogmeldingStatusService, OutboxItem, PublishedView } from './dialogmelding-status.service';
import { GATEWAY_KEY_HEADER, GatewayKeyGuard } from './gateway-key';
import { InboundService } from './inbound.service';

/**
 * The message gateway's door (the operator's EPJ/eMottak bridge), authenticated by DIALOGMELDING_GATEWAY_KEY in the
 * x-dialogmelding-gateway-key header instead of a person's token; without the key configured these routes answer 404.
 * The key is checked before any input is validated.
 */
@ApiTags('dialogmelding gateway')
@ApiHeader({ name: GATEWAY_KEY_HEADER, required: true })
@Public()
@UseGuards(GatewayKeyGuard)
@ApiErrors(400, 404, 429, 503)
@Controller('dialogmelding')
export class GatewayController {
  constructor(
    private readonly inbound: InboundService,
    private readonly status: DialogmeldingStatusService,
  ) {}

  @Post('inbound')
  @XmlBody()
  @HttpCode(200)
  @ApiConsumes('application/xml', 'text/xml')
  @ApiOperation({
    summary:
      'A MsgHead (dialogmelding) or AppRec document. A dialogmelding is answered 200 with an AppRec (OK or avvist with code and reason; ' +
      'x-apprec-status says which). An AppRec, readable or not, is answered 202 with {outcome: matched|unmatched|ignored, reason?}, ' +
      'never with an AppRec. Not XML: 400',
  })
  @ApiOkResponse({
    description: 'A dialogmelding came: its AppRec (x-apprec-status: OK or AVVIST)',
    content: { 'application/xml': { schema: { type: 'string' } } },
  })
  @ApiAcceptedResponse({ type: AppRecReceiptSchema, description: 'An AppRec came: what the hub did with it' })
  @ApiErrors(413)
  async receive(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | AppRecReceipt> {
    const answer = await this.inbound.receive(body);
    if (answer.kind === 'receipt') {
      void reply.status(202);
      return answer.receipt;
    }
    void reply.header('content-type', 'application/xml; charset=utf-8').header('x-apprec-status', answer.status);
    return answer.xml;
  }

  @Get('outbox')
  @ApiOperation({ summary: 'Outgoing dialogmeldinger not yet picked up, oldest first, as MsgHead documents' })
  @ApiOkResponse({ type: [OutboxItemSchema] })
  outbox(@Query() q: OutboxQueryDto): Promise<OutboxItem[]> {
    return this.status.outbox(q.limit);
  }

  @Post('outbox/:msgId/published')
  @HttpCode(200)
  @ApiOperation({ summary: 'The gateway took this MsgId from the outbox; repeating it keeps the first time' })
  @ApiOkResponse({ type: PublishedViewSchema })
  published(@Param() p: OutboxParamsDto): Promise<PublishedView> {
    return this.status.published(p.msgId);
  }
}
