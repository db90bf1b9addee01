import { Controller, Get } from '@nestjs/common';

@Controller('health')
export class HealthController {
  /** Upstream's body, byte for byte: Istio docs and scripts check it. */
  @Get()
  health() {
    return { status: 'Details is healthy' };
  }
}
