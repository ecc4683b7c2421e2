import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { ThreadView } from '@hub/access';
import { CurrentActor } from '../auth/auth.guard';
import { CaseParamsDto } from '../cases/dto/case-params.dto';
import { AddParticipantDto, CreateThreadDto } from './dto/create-thread.dto';
import { ParticipantParamsDto, ThreadParamsDto } from './dto/thread-params.dto';
import { ThreadsService } from './threads.service';

@ApiTags('threads')
@ApiBearerAuth()
@Controller('cases/:caseId/threads')
export class ThreadsController {
  constructor(private readonly threads: ThreadsService) {}

  @Post()
  @ApiOperation({ summary: 'Open a bilateral or group thread between present parties of the case' })
  create(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: CreateThreadDto): Promise<ThreadView> {
    return this.threads.create(actor, p.caseId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Threads the caller takes part in' })
  list(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<ThreadView[]> {
    return this.threads.list(actor, p.caseId);
  }

  @Get(':threadId')
  get(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto): Promise<ThreadView> {
    return this.threads.get(actor, p.caseId, p.threadId);
  }

  @Post(':threadId/participants')
  @ApiOperation({ summary: 'Bring another present party into the thread' })
  addParticipant(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto, @Body() dto: AddParticipantDto): Promise<ThreadView> {
    return this.threads.addParticipant(actor, p.caseId, p.threadId, dto.seat);
  }

  @Delete(':threadId/participants/:seat')
  @ApiOperation({ summary: 'Take a party out of the thread (veileder)' })
  removeParticipant(@CurrentActor() actor: Actor, @Param() p: ParticipantParamsDto): Promise<ThreadView> {
    return this.threads.removeParticipant(actor, p.caseId, p.threadId, p.seat);
  }
}
