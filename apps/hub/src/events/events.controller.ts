import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { CurrentActor } from '../auth/auth.guard';
import { CaseParamsDto } from '../cases/dto/case-params.dto';
import { ApiErrors, PERSON_ROUTE } from '../common/openapi';
import { AfterSeqQueryDto } from './dto/events-query.dto';
import { EventPageSchema } from './dto/event-views.schema';
import { EventPage, EventsService } from './events.service';

@ApiTags('events')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'Catch up: the events after a sequence number that the caller may see, in order' })
  @ApiOkResponse({ type: EventPageSchema })
  @ApiErrors(400, 404)
  after(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Query() q: AfterSeqQueryDto): Promise<EventPage> {
    return this.events.after(actor, p.caseId, q.after, q.limit);
  }
}
