import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { HandoverSummaryView, TaskView, TrackView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { AddTaskDto, ChangeTaskStatusDto } from './dto/add-task.dto';
import { CreateTrackDto } from './dto/create-track.dto';
import { TaskParamsDto, TrackParamsDto } from './dto/track-params.dto';
import { HandoverSummaryService } from './handover-summary.service';
import { TracksService } from './tracks.service';

@ApiTags('tracks')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class TracksController {
  constructor(
    private readonly tracks: TracksService,
    private readonly summary: HandoverSummaryService,
  ) {}

  @Get('tracks')
  @ApiOperation({ summary: 'Parallelle løp: the tracks and tasks the caller may see, overdue tasks flagged' })
  list(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<TrackView[]> {
    return this.tracks.list(actor, p.caseId);
  }

  @Post('tracks')
  @ApiOperation({ summary: 'Open a track of a kind on the case (veileder); one per kind' })
  createTrack(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: CreateTrackDto): Promise<TrackView> {
    return this.tracks.createTrack(actor, p.caseId, dto.kind);
  }

  @Post('tracks/:trackId/tasks')
  @ApiOperation({ summary: 'Add a task with owner seat, frist and optional thread (veileder)' })
  addTask(@CurrentActor() actor: Actor, @Param() p: TrackParamsDto, @Body() dto: AddTaskDto): Promise<TaskView> {
    return this.tracks.addTask(actor, p.caseId, p.trackId, dto);
  }

  @Put('tracks/:trackId/tasks/:taskId/status')
  @ApiOperation({ summary: 'Move a task along the allowed moves (its owner or the veileder); others answer 409' })
  changeStatus(@CurrentActor() actor: Actor, @Param() p: TaskParamsDto, @Body() dto: ChangeTaskStatusDto): Promise<TaskView> {
    return this.tracks.changeStatus(actor, p.caseId, p.trackId, p.taskId, dto.status);
  }

  @Get('handover-summary')
  @ApiOperation({ summary: 'For the veileder taking over: latest overføringsnotat, open tasks first (overdue first), unanswered requests' })
  handoverSummary(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<HandoverSummaryView> {
    return this.summary.get(actor, p.caseId);
  }
}
