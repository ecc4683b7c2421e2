import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { CurrentActor } from '../auth/auth.guard';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../common/openapi';
import { ThreadParamsDto } from './dto/thread-params.dto';
import { ReadMarkerViewSchema } from './dto/thread-views.schema';
import { ReadMarkersService, ReadMarkerView } from './read-markers.service';
import { IsSeq } from '../common/validators';

export class MarkReadDto {
  @ApiProperty({ description: 'The seq of the last message read' })
  @IsSeq()
  upToSeq!: number;
}

@ApiTags('threads')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/threads/:threadId/read-markers')
export class ReadMarkersController {
  constructor(private readonly markers: ReadMarkersService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the thread read up to a message; the other participants see it' })
  @ApiOkResponse({ type: [ReadMarkerViewSchema], description: 'Every seat’s marker after this one' })
  @ApiErrors(JSON_BODY, 404)
  mark(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto, @Body() dto: MarkReadDto): Promise<ReadMarkerView[]> {
    return this.markers.mark(actor, p.caseId, p.threadId, dto.upToSeq);
  }

  @Get()
  @ApiOperation({ summary: 'How far each participant seat has read' })
  @ApiOkResponse({ type: [ReadMarkerViewSchema] })
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto): Promise<ReadMarkerView[]> {
    return this.markers.list(actor, p.caseId, p.threadId);
  }
}
