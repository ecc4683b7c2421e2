import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { RetentionView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../../common/openapi';
import { RetentionViewSchema } from './dto/retention-views.schema';
import { SetSluttdatoDto } from './dto/set-sluttdato.dto';
import { RetentionService } from './retention.service';

@ApiTags('retention')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('retention')
  @ApiOperation({ summary: 'When the sykepengeår ends and the case is deleted (sykmeldt, veileder)' })
  @ApiOkResponse({ type: RetentionViewSchema })
  @ApiErrors(400, 403, 404)
  get(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<RetentionView> {
    return this.retention.get(actor, p.caseId);
  }

  @Put('sluttdato')
  @ApiOperation({ summary: 'Set the last sick day (veileder); it decides when the sykepengeår ends' })
  @ApiOkResponse({ type: RetentionViewSchema })
  @ApiErrors(JSON_BODY, 403, 404)
  setSluttdato(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: SetSluttdatoDto): Promise<RetentionView> {
    return this.retention.setSluttdato(actor, p.caseId, dto.sluttdato);
  }
}
