import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@hub/domain';
import { UnntakView } from '@hub/access';
import { CurrentActor } from '../../auth/auth.guard';
import { CaseParamsDto } from '../../cases/dto/case-params.dto';
import { ApiErrors, JSON_BODY, PERSON_ROUTE } from '../../common/openapi';
import { Dm2UnntakService } from './dm2-unntak.service';
import { Dm2UnntakDto } from './dto/dialogmote.dto';
import { UnntakViewSchema } from './dto/dialogmote-views.schema';

@ApiTags('dialogmote')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/dm2-unntak')
export class Dm2UnntakController {
  constructor(private readonly unntak: Dm2UnntakService) {}

  @Post()
  @ApiOperation({ summary: 'The veileder records that DM2 is not needed, with its reason' })
  @ApiCreatedResponse({ type: UnntakViewSchema })
  @ApiErrors(JSON_BODY, 403, 404, 409)
  register(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Body() dto: Dm2UnntakDto): Promise<UnntakView> {
    return this.unntak.register(actor, p.caseId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The DM2 unntak as the caller may see it (the arbeidsgiver: only when it was made)' })
  @ApiOkResponse({ type: UnntakViewSchema })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto): Promise<UnntakView> {
    return this.unntak.get(actor, p.caseId);
  }
}
