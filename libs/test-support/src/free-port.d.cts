/** `count` distinct TCP ports on 127.0.0.1 that were free a moment ago (see free-port.cjs for the race). */
export declare function freePorts(count: number): Promise<number[]>;
/** One TCP port on 127.0.0.1 that was free a moment ago; nothing listens there when this resolves. */
export declare function freePort(): Promise<number>;
