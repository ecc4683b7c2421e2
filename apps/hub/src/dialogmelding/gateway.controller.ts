import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.guard';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { OutboxParamsDto, OutboxQueryDto } from './dto/dialogmelding-params.dto';
import { AppRecReceipt, DialogmeldingStatusService, OutboxItem, PublishedView } from './dialogmelding-status.service';
import { assertGateway, GATEWAY_KEY_HEADER } from './gateway-key';
import { InboundService } from './inbound.service';

/**
 * The message gateway's door (the operator's EPJ/eMottak bridge), authenticated by DIALOGMELDING_GATEWAY_KEY in the
 * x-dialogmelding-gateway-key header instead of a person's token; without the key configured these routes answer 404.
 */
@ApiTags('dialogmelding gateway')
@ApiHeader({ name: GATEWAY_KEY_HEADER, required: true })
@Public()
@Controller('dialogmelding')
export class GatewayController {
  constructor(
    private readonly inbound: InboundService,
    private readonly status: DialogmeldingStatusService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  @ApiConsumes('application/xml', 'text/xml')
  @ApiOperation({
    summary: 'A MsgHead (dialogmelding) or AppRec document. A dialogmelding is answered 200 with an AppRec (OK or avvist with code and reason; '
      + 'x-apprec-status says which). An AppRec, readable or not, is answered 202 with {outcome: matched|unmatched|ignored, reason?}, '
      + 'never with an AppRec. Not XML: 400',
  })
  async receive(@Headers(GATEWAY_KEY_HEADER) key: string | undefined, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | AppRecReceipt> {
    assertGateway(key, this.config.dialogmelding.gatewayKey);
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
  outbox(@Headers(GATEWAY_KEY_HEADER) key: string | undefined, @Query() q: OutboxQueryDto): Promise<OutboxItem[]> {
    assertGateway(key, this.config.dialogmelding.gatewayKey);
    return this.status.outbox(q.limit);
  }

  @Post('outbox/:msgId/published')
  @HttpCode(200)
  @ApiOperation({ summary: 'The gateway took this MsgId from the outbox; repeating it keeps the first time' })
  published(@Headers(GATEWAY_KEY_HEADER) key: string | undefined, @Param() p: OutboxParamsDto): Promise<PublishedView> {
    assertGateway(key, this.config.dialogmelding.gatewayKey);
    return this.status.published(p.msgId);
  }
}
