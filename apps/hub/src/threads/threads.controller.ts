import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { ThreadView } from '@hub/access';
import { CurrentActor } from '../auth/auth.guard';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../common/openapi';
import { CaseParamsDto } from '../cases/dto/case-params.dto';
import { AddParticipantDto, CreateThreadDto } from './dto/create-thread.dto';
import { ParticipantParamsDto, ThreadParamsDto } from './dto/thread-params.dto';
import { ThreadViewSchema } from './dto/thread-views.schema';
import { ThreadsService } from './threads.service';

@ApiTags('threads')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/threads')
export class ThreadsController {
  constructor(private readonly threads: ThreadsService) {}

  @Post()
  @ApiOperation({ summary: 'Open a bilateral or group thread between present parties of the case' })
  @ApiCreatedResponse({ type: ThreadViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 422)
  create(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: CreateThreadDto): Promise<ThreadView> {
    return this.threads.create(actor, p.caseId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Threads the caller takes part in' })
  @ApiOkResponse({ type: [ThreadViewSchema] })
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<ThreadView[]> {
    return this.threads.list(actor, p.caseId);
  }

  @Get(':threadId')
  @ApiOperation({ summary: 'A thread the caller takes part in' })
  @ApiOkResponse({ type: ThreadViewSchema })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto): Promise<ThreadView> {
    return this.threads.get(actor, p.caseId, p.threadId);
  }

  @Post(':threadId/participants')
  @ApiOperation({ summary: 'Bring another present party into the thread' })
  @ApiCreatedResponse({ type: ThreadViewSchema })
  @ApiErrors(JSON_BODY, 404, 409)
  addParticipant(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto, @Body() dto: AddParticipantDto): Promise<ThreadView> {
    return this.threads.addParticipant(actor, p.caseId, p.threadId, dto.seat);
  }

  @Delete(':threadId/participants/:seat')
  @ApiOperation({ summary: 'Take a party out of the thread (veileder)' })
  @ApiOkResponse({ type: ThreadViewSchema })
  @ApiErrors(400, 403, 404)
  removeParticipant(@CurrentActor() actor: Actor, @Param() p: ParticipantParamsDto): Promise<ThreadView> {
    return this.threads.removeParticipant(actor, p.caseId, p.threadId, p.seat);
  }
}
