/** A number in [0, 1), like `Math.random()`. Injected so tests choose which requests fail. */
export type RandomSource = () => number;

/** Milliseconds on a clock that never goes backwards. Injected so tests move time on by hand. */
export type Clock = () => number;

export const RANDOM_SOURCE = Symbol('RANDOM_SOURCE');
export const CLOCK = Symbol('CLOCK');
