import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Actor } from '@hub/domain';
import { SearchHit } from '@hub/access';
import { CurrentActor } from '../auth/auth.guard';
import { CaseParamsDto } from '../cases/dto/case-params.dto';
import { ApiErrors, PERSON_ROUTE } from '../common/openapi';
import { SearchHitSchema } from './dto/search-views.schema';
import { SearchService } from './search.service';

export class SearchQueryDto {
  @ApiPropertyOptional({ description: 'Words to find; every word must match, as a word or the start of one' })
  @IsString()
  @Length(2, 200)
  q!: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;
}

@ApiTags('search')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller()
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get('cases/:caseId/search')
  @ApiOperation({ summary: 'Full-text search in one case, over what the caller may see' })
  @ApiOkResponse({ type: [SearchHitSchema] })
  @ApiErrors(400, 404)
  inCase(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Query() q: SearchQueryDto): Promise<SearchHit[]> {
    return this.search.inCase(actor, p.caseId, q.q, q.limit);
  }

  @Get('search')
  @ApiOperation({ summary: "Full-text search across the caller's cases" })
  @ApiOkResponse({ type: [SearchHitSchema] })
  @ApiErrors(400)
  across(@CurrentActor() actor: Actor, @Query() q: SearchQueryDto): Promise<SearchHit[]> {
    return this.search.acrossCases(actor, q.q, q.limit);
  }
}
