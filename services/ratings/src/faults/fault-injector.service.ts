import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { RatingsConfig } from '../config';
import { CLOCK, type Clock, RANDOM_SOURCE, type RandomSource } from './fault-sources';

/** Upstream's body for every injected failure (v-faulty, v-unavailable, v-unhealthy). */
export const SERVICE_UNAVAILABLE = { error: 'Service unavailable' } as const;

/**
 * The misbehaviour each `SERVICE_VERSION` plays for Istio's tasks (fault injection, outlier
 * detection, Kiali health), as upstream's ratings.js does it. Only `GET /ratings/:id` (after its id
 * is checked) and `/health` are affected; POST never is, like upstream.
 *
 * Upstream flips flags with `setInterval`; here the phase is computed from the time since start,
 * which gives the same sequence (first period good, then bad, …) without a timer to clean up.
 */
@Injectable()
export class FaultInjector {
  private readonly startedAt: number;

  constructor(
    private readonly config: RatingsConfig,
    @Inject(RANDOM_SOURCE) private readonly random: RandomSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.startedAt = clock();
  }

  /** `/health` answers 500 during v-unhealthy's unhealthy periods. */
  isHealthy(): boolean {
    return !(this.config.SERVICE_VERSION === 'v-unhealthy' && this.inBadPeriod(this.config.UNHEALTHY_PERIOD_MS));
  }

  /** Throws the 503 or waits, as the version asks, before a ratings read is answered. */
  async beforeRatingsRead(): Promise<void> {
    switch (this.config.SERVICE_VERSION) {
      case 'v-faulty':
        if (this.rollFault()) throw new ServiceUnavailableException(SERVICE_UNAVAILABLE);
        return;
      case 'v-delayed':
        if (this.rollFault()) await new Promise((resolve) => setTimeout(resolve, this.config.FAULT_DELAY_MS));
        return;
      case 'v-unavailable':
        if (this.inBadPeriod(this.config.UNAVAILABLE_PERIOD_MS)) throw new ServiceUnavailableException(SERVICE_UNAVAILABLE);
        return;
      case 'v-unhealthy':
        if (!this.isHealthy()) throw new ServiceUnavailableException(SERVICE_UNAVAILABLE);
        return;
      default:
        return;
    }
  }

  /** Upstream: `Math.random() <= 0.5`; `<` here so that probability 0 never fails and 1 always does. */
  private rollFault(): boolean {
    return this.random() < this.config.FAULT_PROBABILITY;
  }

  /** Periods alternate good, bad, good, … from start-up. */
  private inBadPeriod(periodMs: number): boolean {
    return Math.floor((this.clock() - this.startedAt) / periodMs) % 2 === 1;
  }
}
