import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProbesController } from './probes.controller';
import { ReadinessService } from './readiness.service';

@Global()
@Module({
  // Failed readiness during a drain is expected; the access log already records each probe.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [ProbesController],
  providers: [ReadinessService],
  exports: [ReadinessService],
})
export class ProbesModule {}
