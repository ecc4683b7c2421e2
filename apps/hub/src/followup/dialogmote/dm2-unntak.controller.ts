import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { UnntakView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { Dm2UnntakService } from './dm2-unntak.service';
import { Dm2UnntakDto } from './dto/dialogmote.dto';

@ApiTags('dialogmote')
@ApiBearerAuth()
@Controller('cases/:caseId/dm2-unntak')
export class Dm2UnntakController {
  constructor(private readonly unntak: Dm2UnntakService) {}

  @Post()
  @ApiOperation({ summary: 'The veileder records that DM2 is not needed, with its reason' })
  register(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: Dm2UnntakDto): Promise<UnntakView> {
    return this.unntak.register(actor, p.caseId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The DM2 unntak as the caller may see it (the arbeidsgiver: only when it was made)' })
  get(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<UnntakView> {
    return this.unntak.get(actor, p.caseId);
  }
}
