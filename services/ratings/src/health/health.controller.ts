import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FaultInjector } from '../faults/fault-injector.service';

@Controller('health')
export class HealthController {
  constructor(private readonly faults: FaultInjector) {}

  /** Upstream's bodies, byte for byte; v-unhealthy answers 500 in its unhealthy periods. */
  @Get()
  health(@Res({ passthrough: true }) reply: FastifyReply) {
    if (this.faults.isHealthy()) return { status: 'Ratings is healthy' };
    reply.status(500);
    return { status: 'Ratings is not healthy' };
  }
}
