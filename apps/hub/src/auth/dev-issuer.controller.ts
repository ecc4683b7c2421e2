import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { NotFound, PERSON_NAME_MAX, Role, ROLES } from '@hub/domain';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { ApiErrors, JSON_BODY } from '../common/openapi';
import { Public } from './auth.guard';
import { DevIssuerJwksSchema, DevTokenSchema } from './dto/dev-issuer-views.schema';
import { signDevToken } from './dev-issuer';
import { TokenVerifier } from './token-verifier';

export class IssueDevTokenDto {
  @IsIn(ROLES) role!: Role;
  @IsString() @Length(1, 128) sub!: string;
  @IsOptional() @IsString() @Length(1, 16) enhet?: string;
  @IsOptional() @IsString() @Length(1, PERSON_NAME_MAX) name?: string;
  @IsOptional() @IsInt() @Min(60) @Max(86400) ttlSeconds?: number;
}

/** The development issuer: its JWKS, and tokens for local sign-in. Registered only while AUTH_DEV_ISSUER is on (AuthModule). */
@ApiTags('development issuer')
@Controller('dev-issuer')
export class DevIssuerController {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly verifier: TokenVerifier,
  ) {}

  @Public()
  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public keys of the development issuer' })
  @ApiOkResponse({ type: DevIssuerJwksSchema })
  @ApiErrors(404, 429)
  jwks(): { keys: object[] } {
    const key = this.verifier.devKey;
    if (!key) throw new NotFound();
    return { keys: [key.publicJwk] };
  }

  @Public()
  @Post('token')
  @ApiOperation({ summary: 'Issue a development token for a role and subject (development only)' })
  @ApiCreatedResponse({ type: DevTokenSchema })
  @ApiErrors(JSON_BODY, 404, 429)
  async token(@Body() dto: IssueDevTokenDto): Promise<{ token: string }> {
    const key = this.verifier.devKey;
    if (!key) throw new NotFound();
    return {
      token: await signDevToken(key, {
        ...dto,
        audience: this.config.auth.audience,
        maxTtlSeconds: this.config.auth.maxTokenLifetimeSeconds,
      }),
    };
  }
}
