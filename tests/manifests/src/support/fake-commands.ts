import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from './repo';

/**
 * Stand-ins for the commands a script under test calls (kubectl, skaffold, docker: no cluster or
 * engine here): shell scripts in a temporary folder put first on PATH. Each appends its arguments
 * to the file named by `$CALLS_LOG`, so a test sees every call the script made.
 */
export class FakeCommands {
  private readonly bin = mkdtempSync(join(tmpdir(), 'bookinfo-fake-commands-'));

  /** @param scripts  the body of each command (`#!/bin/sh ...`), by command name */
  constructor(scripts: Record<string, string>) {
    for (const [name, body] of Object.entries(scripts)) {
      writeFileSync(join(this.bin, name), body);
      chmodSync(join(this.bin, name), 0o755);
    }
  }

  /** Runs `bash scripts/<script> args...` with `env` (PATH and CALLS_LOG added) and returns its calls, in order. */
  run(script: string, env: NodeJS.ProcessEnv, args: string[] = []): SpawnSyncReturns<string> & { calls: string[] } {
    const log = join(this.bin, `calls-${Math.random()}.log`);
    writeFileSync(log, '');
    const result = spawnSync('bash', [repoPath('scripts', script), ...args], {
      encoding: 'utf8',
      env: { ...env, PATH: `${this.bin}:${process.env['PATH']}`, CALLS_LOG: log },
    });
    return { ...result, calls: readFileSync(log, 'utf8').trim().split('\n') };
  }

  remove(): void {
    rmSync(this.bin, { recursive: true, force: true });
  }
}
