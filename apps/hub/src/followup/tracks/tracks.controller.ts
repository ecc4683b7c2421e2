import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { HandoverSummaryView, TaskView, TrackView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../../common/openapi';
import { AddTaskDto, ChangeTaskStatusDto } from './dto/add-task.dto';
import { CreateTrackDto } from './dto/create-track.dto';
import { TaskParamsDto, TrackParamsDto } from './dto/track-params.dto';
import { HandoverSummaryViewSchema, TaskViewSchema, TrackViewSchema } from './dto/track-views.schema';
import { HandoverSummaryService } from './handover-summary.service';
import { TracksService } from './tracks.service';

@ApiTags('tracks')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId')
export class TracksController {
  constructor(
    private readonly tracks: TracksService,
    private readonly summary: HandoverSummaryService,
  ) {}

  @Get('tracks')
  @ApiOperation({ summary: 'Parallelle løp: the tracks and tasks the caller may see, overdue tasks flagged' })
  @ApiOkResponse({ type: [TrackViewSchema] })
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<TrackView[]> {
    return this.tracks.list(actor, p.caseId);
  }

  @Post('tracks')
  @ApiOperation({ summary: 'Open a track of a kind on the case (veileder); one per kind' })
  @ApiCreatedResponse({ type: TrackViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  createTrack(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: CreateTrackDto): Promise<TrackView> {
    return this.tracks.createTrack(actor, p.caseId, dto.kind);
  }

  @Post('tracks/:trackId/tasks')
  @ApiOperation({ summary: 'Add a task with owner seat, frist and optional thread (veileder)' })
  @ApiCreatedResponse({ type: TaskViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 422)
  addTask(@CurrentActor() actor: Actor, @Param() p: TrackParamsDto, @Body() dto: AddTaskDto): Promise<TaskView> {
    return this.tracks.addTask(actor, p.caseId, p.trackId, dto);
  }

  @Put('tracks/:trackId/tasks/:taskId/status')
  @ApiOperation({ summary: 'Move a task along the allowed moves (its owner or the veileder); others answer 409' })
  @ApiOkResponse({ type: TaskViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  changeStatus(@CurrentActor() actor: Actor, @Param() p: TaskParamsDto, @Body() dto: ChangeTaskStatusDto): Promise<TaskView> {
    return this.tracks.changeStatus(actor, p.caseId, p.trackId, p.taskId, dto.status);
  }

  @Get('handover-summary')
  @ApiOperation({ summary: 'For the veileder taking over: latest overføringsnotat, open tasks first (overdue first), unanswered requests' })
  @ApiOkResponse({ type: HandoverSummaryViewSchema })
  @ApiErrors(400, 403, 404)
  handoverSummary(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<HandoverSummaryView> {
    return this.summary.get(actor, p.caseId);
  }
}
