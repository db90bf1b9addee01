import { loadConfig } from '@bookinfo/service-kit';
import { ServiceUnavailableException } from '@nestjs/common';
import { RatingsConfig } from '../config';
import { FaultInjector } from './fault-injector.service';

/** A FaultInjector on a hand-moved clock, rolling the given random numbers in turn. */
function injector(env: Record<string, string>, rolls: number[] = []) {
  let now = 1_000;
  const clock = Object.assign(() => now, { advance: (ms: number) => (now += ms) });
  const random = () => {
    const next = rolls.shift();
    if (next === undefined) throw new Error('test rolled more random numbers than it provided');
    return next;
  };
  return { faults: new FaultInjector(loadConfig(RatingsConfig, env), random, clock), clock };
}

/** 'ok' or the 503 body a read would get. */
async function read(faults: FaultInjector): Promise<unknown> {
  try {
    await faults.beforeRatingsRead();
    return 'ok';
  } catch (error) {
    if (error instanceof ServiceUnavailableException) return error.getResponse();
    throw error;
  }
}

const UNAVAILABLE = { error: 'Service unavailable' };

describe('FaultInjector', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it.each<Record<string, string>>([{ SERVICE_VERSION: 'v1' }, { SERVICE_VERSION: 'v2', DB_TYPE: 'mysql' }])(
    '%p never fails, delays or turns unhealthy, and rolls no dice',
    async (env) => {
      const { faults, clock } = injector(env);
      for (let period = 0; period < 4; period++) {
        await expect(read(faults)).resolves.toBe('ok');
        expect(faults.isHealthy()).toBe(true);
        clock.advance(900_000);
      }
    },
  );

  it('v-faulty fails the reads whose roll is below the probability', async () => {
    const { faults } = injector({ SERVICE_VERSION: 'v-faulty' }, [0, 0.49, 0.5, 0.99]);
    await expect(read(faults)).resolves.toEqual(UNAVAILABLE);
    await expect(read(faults)).resolves.toEqual(UNAVAILABLE);
    await expect(read(faults)).resolves.toBe('ok');
    await expect(read(faults)).resolves.toBe('ok');
    expect(faults.isHealthy()).toBe(true);
  });

  it.each([
    ['0', 0, 'ok'],
    ['1', 0.999, UNAVAILABLE],
    ['0.25', 0.3, 'ok'],
    ['0.25', 0.2, UNAVAILABLE],
  ])('v-faulty with FAULT_PROBABILITY=%s and a roll of %d answers %p', async (probability, roll, expected) => {
    const { faults } = injector({ SERVICE_VERSION: 'v-faulty', FAULT_PROBABILITY: probability }, [roll]);
    await expect(read(faults)).resolves.toEqual(expected);
  });

  it('v-delayed holds the reads whose roll is below the probability for FAULT_DELAY_MS', async () => {
    jest.useFakeTimers();
    const { faults } = injector({ SERVICE_VERSION: 'v-delayed', FAULT_DELAY_MS: '7000' }, [0.1, 0.9]);

    let delayedDone = false;
    const delayed = faults.beforeRatingsRead().then(() => (delayedDone = true));
    await jest.advanceTimersByTimeAsync(6_999);
    expect(delayedDone).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await delayed;
    expect(delayedDone).toBe(true);

    // Above the probability: answered without waiting for any timer.
    await expect(faults.beforeRatingsRead()).resolves.toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('v-unavailable alternates available and unavailable periods, starting available', async () => {
    const { faults, clock } = injector({ SERVICE_VERSION: 'v-unavailable' });
    const phases: unknown[] = [];
    for (const step of [0, 59_999, 1, 59_999, 1, 60_000, 60_000]) {
      clock.advance(step);
      phases.push(await read(faults));
    }
    expect(phases).toEqual(['ok', 'ok', UNAVAILABLE, UNAVAILABLE, 'ok', UNAVAILABLE, 'ok']);
    expect(faults.isHealthy()).toBe(true);
  });

  it('v-unavailable uses UNAVAILABLE_PERIOD_MS', async () => {
    const { faults, clock } = injector({ SERVICE_VERSION: 'v-unavailable', UNAVAILABLE_PERIOD_MS: '100' });
    await expect(read(faults)).resolves.toBe('ok');
    clock.advance(100);
    await expect(read(faults)).resolves.toEqual(UNAVAILABLE);
  });

  it('v-unhealthy turns /health and reads bad together every 15 minutes', async () => {
    const { faults, clock } = injector({ SERVICE_VERSION: 'v-unhealthy' });
    expect(faults.isHealthy()).toBe(true);
    await expect(read(faults)).resolves.toBe('ok');

    clock.advance(899_999);
    expect(faults.isHealthy()).toBe(true);

    clock.advance(1);
    expect(faults.isHealthy()).toBe(false);
    await expect(read(faults)).resolves.toEqual(UNAVAILABLE);

    clock.advance(900_000);
    expect(faults.isHealthy()).toBe(true);
    await expect(read(faults)).resolves.toBe('ok');
  });
});
