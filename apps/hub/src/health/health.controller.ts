import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Db } from '@hub/persistence';
import { Public } from '../auth/auth.guard';
import { ApiErrors } from '../common/openapi';
import { HealthCheckResultSchema } from './dto/health-views.schema';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: Db,
  ) {}

  /** Liveness: the process answers. */
  @Public()
  @Get('live')
  @ApiOkResponse({ type: HealthCheckResultSchema })
  @ApiErrors(429)
  @HealthCheck({ swaggerDocumentation: false })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: the database answers within a second, on the pool requests use. */
  @Public()
  @Get(['', 'ready'])
  @ApiOkResponse({ type: HealthCheckResultSchema })
  @ApiErrors(429, 503)
  @HealthCheck({ swaggerDocumentation: false })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database()]);
  }

  private async database(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('database');
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      return check.up();
    } catch {
      return check.down({ message: 'database unreachable' });
    }
  }
}
