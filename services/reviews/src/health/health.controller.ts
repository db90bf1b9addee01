import { Controller, Get } from '@nestjs/common';

@Controller('health')
export class HealthController {
  /** Upstream's status text (Istio docs and scripts check it); served as JSON like upstream. */
  @Get()
  health() {
    return { status: 'Reviews is healthy' };
  }
}
