import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { RetentionView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { SetSluttdatoDto } from './dto/set-sluttdato.dto';
import { RetentionService } from './retention.service';

@ApiTags('retention')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('retention')
  @ApiOperation({ summary: 'When the sykepengeår ends and the case is deleted (sykmeldt, veileder)' })
  get(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<RetentionView> {
    return this.retention.get(actor, p.caseId);
  }

  @Put('sluttdato')
  @ApiOperation({ summary: 'Set the last sick day (veileder); it decides when the sykepengeår ends' })
  setSluttdato(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: SetSluttdatoDto): Promise<RetentionView> {
    return this.retention.setSluttdato(actor, p.caseId, dto.sluttdato);
  }
}
