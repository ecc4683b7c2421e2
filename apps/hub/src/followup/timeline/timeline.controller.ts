import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { TimelineView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../../common/openapi';
import { MarkDoneDto, MilestoneParamsDto } from './dto/milestone-params.dto';
import { TimelineViewSchema } from './dto/timeline-views.schema';
import { TimelineService } from './timeline.service';

@ApiTags('timeline')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/timeline')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get()
  @ApiOperation({ summary: 'The deadlines of the case that concern the caller, with who must act, due date and status' })
  @ApiOkResponse({ type: TimelineViewSchema })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<TimelineView> {
    return this.timeline.get(actor, p.caseId);
  }

  @Post(':key/done')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Mark a milestone as met by hand, with a reason (veileder); no more reminders go out for it. Events in the hub meet milestones themselves',
  })
  @ApiOkResponse({ type: TimelineViewSchema })
  @ApiErrors(...JSON_BODY, 403, 404, 409)
  markDone(@CurrentActor() actor: Actor, @Param() p: MilestoneParamsDto, @Body() dto: MarkDoneDto): Promise<TimelineView> {
    return this.timeline.markDone(actor, p.caseId, p.key, dto.reason);
  }

  @Delete(':key/done')
  @ApiOperation({ summary: 'Undo a milestone mark set by mistake (veileder)' })
  @ApiOkResponse({ type: TimelineViewSchema })
  @ApiErrors(400, 403, 404, 409)
  reopen(@CurrentActor() actor: Actor, @Param() p: MilestoneParamsDto): Promise<TimelineView> {
    return this.timeline.reopen(actor, p.caseId, p.key);
  }
}
