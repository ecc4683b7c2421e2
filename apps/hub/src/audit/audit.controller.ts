import { Controller, Get, Header, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { Actor } from '@hub/domain';
import { AuditEntryView, AuditQueryService } from './audit-query.service';
import { CurrentActor, Public } from '../auth/auth.guard';
import { CaseParamsDto } from '../cases/dto/case-params.dto';
import { ApiErrors, PERSON_ROUTE } from '../common/openapi';
import { IsSeq } from '../common/validators';
import { AuditEntryViewSchema } from './dto/audit-views.schema';
import { OPERATOR_KEY_HEADER, OperatorKeyGuard } from '../auth/operator-key.guard';

export class AuditPageQueryDto {
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsSeq() after = 0;
  @ApiPropertyOptional({ default: 200, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit = 200;
}

export class AuditExportQueryDto {
  @IsISO8601() from!: string;
  @IsISO8601() to!: string;
}

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get('cases/:caseId/audit')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Innsyn: who read or received what in the sykmeldt's own case" })
  @ApiOkResponse({ type: [AuditEntryViewSchema] })
  @ApiErrors(PERSON_ROUTE, 400, 403, 404)
  innsyn(@CurrentActor() actor: Actor, @Param() p: CaseParamsDto, @Query() q: AuditPageQueryDto): Promise<AuditEntryView[]> {
    return this.audit.innsyn(actor, p.caseId, q.after, q.limit);
  }

  @Public()
  @UseGuards(OperatorKeyGuard)
  @ApiHeader({ name: OPERATOR_KEY_HEADER, required: true })
  @Get('operator/audit.cef')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'Operator: the audit log as CEF lines (x-operator-key header); fødselsnumre masked' })
  @ApiOkResponse({ description: 'One CEF line per entry', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiErrors(400, 404, 429, 503)
  async export(@Query() q: AuditExportQueryDto): Promise<string> {
    return (await this.audit.exportCef(new Date(q.from), new Date(q.to))).join('\n') + '\n';
  }
}
