import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

export type ReadinessCheck = () => Promise<HealthIndicatorResult>;

/**
 * Whether this instance should receive traffic. Turns false for good once shutdown begins; features
 * add their own checks (ratings v2 adds its database) in `onModuleInit`.
 */
@Injectable()
export class ReadinessService {
  private draining = false;
  private readonly checks: ReadinessCheck[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  startDraining(): void {
    this.draining = true;
  }

  addCheck(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  get registeredChecks(): readonly ReadinessCheck[] {
    return this.checks;
  }
}
