/**
 * Starting and stopping the real servers tests use: a free loopback port, a temporary folder,
 * readiness by polling a URL, and a stop that always reaps the process (SIGTERM, then SIGKILL after 5 s).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, closeSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `oncall-${prefix}-`));
}

export interface Started {
  proc: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
  /** The last lines the process wrote, for failure messages. */
  tail(): string;
}

/** Spawns a server (never through a shell), sending its output to a log file in `dir`. */
export function startProcess(cmd: string, args: string[], dir: string, opts: SpawnOptions = {}): Started {
  const logFile = join(dir, 'server.log');
  const fd = openSync(logFile, 'a');
  const proc = spawn(cmd, args, { stdio: ['ignore', fd, fd], ...opts });
  closeSync(fd);
  let exited = false;
  proc.on('exit', () => (exited = true));
  const tail = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    if (exited || proc.exitCode !== null) return;
    const done = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(timer);
  };
  return { proc, logFile, stop, tail };
}

/** Polls `url` until it answers 200, the process dies, or `timeoutMs` passes. */
export async function waitReady(url: string, started: Started, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.proc.exitCode !== null) throw new Error(`server exited (${started.proc.exitCode}) before ready:\n${started.tail()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server not ready at ${url} after ${timeoutMs} ms:\n${started.tail()}`);
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
