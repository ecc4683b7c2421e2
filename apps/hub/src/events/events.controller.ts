import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { CurrentActor } from '../auth/auth.guard';
import { CaseParamsDto } from '../cases/dto/case-params.dto';
import { AfterSeqQueryDto } from './dto/events-query.dto';
import { EventPage, EventsService } from './events.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('cases/:caseId/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'Catch up: the events after a sequence number that the caller may see, in order' })
  after(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Query() q: AfterSeqQueryDto): Promise<EventPage> {
    return this.events.after(actor, p.caseId, q.after, q.limit);
  }
}
