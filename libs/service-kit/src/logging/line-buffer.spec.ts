import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LineBuffer } from './line-buffer';

describe('LineBuffer', () => {
  let dir: string;
  let file: string;
  let fd: number;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'line-buffer-'));
    file = path.join(dir, 'out.log');
    fd = openSync(file, 'w');
  });
  afterEach(() => {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  });
  const written = () => readFileSync(file, 'utf8');

  it('holds lines until the threshold, then writes them all at once, in order', () => {
    const buffer = new LineBuffer(fd, 30, 60_000);
    buffer.write('first line\n');
    buffer.write('second line\n');
    expect(written()).toBe('');
    buffer.write('third line\n');
    expect(written()).toBe('first line\nsecond line\nthird line\n');
  });

  it('writes what is pending on flush, multi-byte characters intact', () => {
    const buffer = new LineBuffer(fd, 1024, 60_000);
    buffer.write('{"msg":"Ünïcødé ✓ 书"}\n');
    buffer.flush();
    buffer.flush(); // nothing pending: no-op
    expect(written()).toBe('{"msg":"Ünïcødé ✓ 书"}\n');
  });

  it('flushes on its own after the interval, so a quiet service still shows its lines', async () => {
    const buffer = new LineBuffer(fd, 1024, 50);
    buffer.write('quiet\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(written()).toBe('quiet\n');
  });

  it('drops the lines instead of throwing when the descriptor is gone', () => {
    const neverOpened = 987_654; // EBADF (a closed fd could be reused by someone else meanwhile)
    const buffer = new LineBuffer(neverOpened, 1, 60_000);
    expect(() => buffer.write('lost\n')).not.toThrow();
  });

  it('waits for a full pipe to drain and writes every byte, in order, multi-byte characters intact', async () => {
    // A reader that starts late: the first write fills the pipe (64 KiB) part way through a line
    // and the next ones fail with EAGAIN until it reads.
    const copy = path.join(dir, 'copy.log');
    const reader = spawn('sh', ['-c', `sleep 0.3; cat > '${copy}'`], { stdio: ['pipe', 'ignore', 'inherit'] });
    const pipeFd = (reader.stdin as unknown as { _handle: { fd: number } })._handle.fd;
    const lines = Array.from({ length: 4000 }, (_, i) => `{"n":${i},"msg":"Ünïcødé ✓ 书 ${'x'.repeat(i % 50)}"}\n`);
    const buffer = new LineBuffer(pipeFd, 1 << 30, 60_000);
    for (const line of lines) buffer.write(line);
    buffer.flush();
    reader.stdin.end();
    await new Promise((resolve) => reader.once('exit', resolve));
    expect(Buffer.byteLength(lines.join(''))).toBeGreaterThan(3 * 65_536);
    expect(readFileSync(copy, 'utf8')).toBe(lines.join(''));
  });
});
