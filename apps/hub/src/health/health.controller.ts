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

  /** The one readiness query under way: probes that come while it runs share it instead of queueing for the pool. */
  private probe?: Promise<unknown>;

  /** Liveness: the process answers. */
  @Public()
  @Get('live')
  @ApiOkResponse({ type: HealthCheckResultSchema })
  @ApiErrors(429)
  @HealthCheck({ swaggerDocumentation: false })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: the database answers within a second on the pool requests use (and its circuit is closed). */
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
    // During an outage the circuit answers at once, and while the database starts up or the pool is full, a load
    // balancer's probes (10 a second) do not pile up in the pool's queue ahead of the requests that follow them.
    if (!this.db.available) return check.down({ message: 'database unreachable' });
    this.probe ??= this.db.query('SELECT 1').finally(() => (this.probe = undefined));
    try {
      await Promise.race([this.probe, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())]);
      return check.up();
    } catch {
      return check.down({ message: 'database unreachable' });
    }
  }
}
