import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

const INDICATORS = {
  type: 'object' as const,
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    additionalProperties: true,
  },
  example: { database: { status: 'up' } },
};

/** A passed health check in terminus's shape; a failed one answers 503 in the one error shape (the error filter). */
@ApiSchema({ name: 'HealthCheckResult' })
export class HealthCheckResultSchema {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiPropertyOptional({ ...INDICATORS, nullable: true }) info?: Record<string, unknown> | null;
  @ApiPropertyOptional({ ...INDICATORS, nullable: true }) error?: Record<string, unknown> | null;
  @ApiProperty(INDICATORS) details!: Record<string, unknown>;
}
