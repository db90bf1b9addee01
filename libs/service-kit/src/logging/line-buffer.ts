import { writeSync } from 'node:fs';

const live = new Set<LineBuffer>();
let exitHookInstalled = false;

const pause = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for `ms` (a full pipe must drain before more lines fit in it). */
const sleep = (ms: number) => Atomics.wait(pause, 0, 0, ms);

function isWouldBlock(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/**
 * pino's destination: log lines gathered in memory and written to a file descriptor with one
 * `write` per `flushAtChars` characters, at least every `flushEveryMs`, and on exit.
 *
 * Why not `pino.destination({ minLength })` (sonic-boom), which buffers the same way: on every
 * line it measures the UTF-8 length of its whole pending buffer, so a line costs more the fuller
 * the buffer is. With a line per request that was ~7 µs of a leaf service's ~55 µs per request;
 * this costs well under one.
 *
 * Writes are synchronous, so nothing is lost on exit and a reader that falls behind (a full pipe)
 * slows the service down instead of growing its memory without bound.
 */
export class LineBuffer {
  /**
   * Lines not yet written, as one string. Appending makes V8 link the strings (a rope) rather than
   * copy them, and `writeSync` flattens and encodes the whole at once: about half the cost per line
   * of keeping an array and joining it (measured: ~0.3 µs against 0.4–1 µs a line, line included).
   */
  private pending = '';

  constructor(
    private readonly fd: number,
    private readonly flushAtChars = 16 * 1024,
    flushEveryMs = 1000,
  ) {
    setInterval(() => this.flush(), flushEveryMs).unref();
    live.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => live.forEach((buffer) => buffer.flush()));
    }
  }

  write(line: string): void {
    this.pending += line;
    if (this.pending.length >= this.flushAtChars) this.flush();
  }

  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    let written = 0;
    try {
      written = writeSync(this.fd, text);
    } catch (error) {
      // Nowhere left to write (EPIPE, EBADF...): the lines are dropped rather than crash the request.
      if (!isWouldBlock(error)) return;
    }
    // A pipe that is full takes part of the text, or none of it: the rest goes as bytes.
    if (written < Buffer.byteLength(text)) this.writeRest(Buffer.from(text), written);
  }

  private writeRest(data: Buffer, offset: number): void {
    while (offset < data.length) {
      try {
        offset += writeSync(this.fd, data, offset);
      } catch (error) {
        if (!isWouldBlock(error)) return;
        sleep(10);
      }
    }
  }
}
