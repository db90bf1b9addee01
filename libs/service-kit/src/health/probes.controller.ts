import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessService } from './readiness.service';

/** Kubernetes probes. `/health` itself keeps each service's upstream body and lives in the service. */
@Controller('health')
export class ProbesController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessService,
  ) {}

  /** The process is up and its event loop answers: nothing else, so a slow dependency never restarts it. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** 503 while shutting down or while a dependency the service cannot work without is down. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const shutdown = this.indicators.check('shutdown');
        return this.readiness.isDraining ? shutdown.down({ message: 'draining' }) : shutdown.up();
      },
      ...this.readiness.registeredChecks,
    ]);
  }
}
