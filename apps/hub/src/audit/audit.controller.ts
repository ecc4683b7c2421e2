import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Headers, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { Actor, NotFound } from '@hub/domain';
import { AuditEntryView, AuditQueryService } from './audit-query.service';
import { CurrentActor, Public } from '../auth/auth.guard';
import { CaseParamsDto } from '../cases/dto/case-params.dto';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { IsSeq } from '../common/validators';

export class AuditPageQueryDto {
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsSeq() after = 0;
  @ApiPropertyOptional({ default: 200, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit = 200;
}

export class AuditExportQueryDto {
  @IsISO8601() from!: string;
  @IsISO8601() to!: string;
}

function sameKey(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(
    private readonly audit: AuditQueryService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get('cases/:caseId/audit')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Innsyn: who read or received what in the sykmeldt\'s own case' })
  innsyn(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Query() q: AuditPageQueryDto): Promise<AuditEntryView[]> {
    return this.audit.innsyn(actor, p.caseId, q.after, q.limit);
  }

  @Public()
  @Get('operator/audit.cef')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'Operator: the audit log as CEF lines (x-operator-key header); fødselsnumre masked' })
  async export(@Headers('x-operator-key') key: string | undefined, @Query() q: AuditExportQueryDto): Promise<string> {
    // Without a configured key the route does not exist; a wrong key looks the same.
    if (!this.config.operatorApiKey || !sameKey(key, this.config.operatorApiKey)) throw new NotFound();
    return (await this.audit.exportCef(new Date(q.from), new Date(q.to))).join('\n') + '\n';
  }
}
