import { Module } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { FaultInjector } from './fault-injector.service';
import { CLOCK, type Clock, RANDOM_SOURCE, type RandomSource } from './fault-sources';

const systemRandom: RandomSource = Math.random;
// Monotonic: a wall-clock change (NTP step) must not flip a period early.
const monotonicClock: Clock = () => performance.now();

@Module({
  providers: [
    FaultInjector,
    { provide: RANDOM_SOURCE, useValue: systemRandom },
    { provide: CLOCK, useValue: monotonicClock },
  ],
  exports: [FaultInjector],
})
export class FaultsModule {}
