import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Telemetry } from './telemetry';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly telemetry: Telemetry) {}

  /** Prometheus text format with its proper content type (upstream productpage sent text/html). */
  @Get()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { registry } = this.telemetry.metrics;
    void reply.type(registry.contentType);
    return registry.metrics();
  }
}
