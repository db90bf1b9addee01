import { Controller, Get, Header } from '@nestjs/common';

@Controller('health')
export class HealthController {
  /** Upstream's body, byte for byte (as text/plain; upstream sent it as text/html). */
  @Get()
  @Header('content-type', 'text/plain; charset=utf-8')
  health(): string {
    return 'Product page is healthy';
  }
}
