import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { request } from 'node:http';

/** A free loopback port, so a restarted node comes back at the same address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function ready(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/health/ready`, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
    req.once('timeout', () => req.destroy());
    req.end();
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One hub node as its own operating-system process (the compiled main.js), so a test can SIGKILL it and start it
 * again on the same port. Keeps the tail of its output and every exit it made, expected or not.
 */
export class HubProcess {
  readonly url: string;
  readonly exits: Exit[] = [];
  private child?: ChildProcess;
  private output: string[] = [];
  private expectExit = false;
  readonly unexpectedExits: (Exit & { output: string })[] = [];

  constructor(
    readonly name: string,
    private readonly mainJs: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts the node and resolves when it answers /health/ready; rejects with its output if it exits first. A start
   * (migrations included) takes ~3 s alone and was measured at 14.5 s with the machine's two cores at load 15, and past
   * 30 s at load 20-25 while other suites ran: the default leaves room for that.
   */
  async start(timeoutMs = 60_000): Promise<void> {
    this.expectExit = false;
    const child = spawn(process.execPath, [this.mainJs], {
      env: { ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      const exit = { code, signal };
      this.exits.push(exit);
      if (!this.expectExit) this.unexpectedExits.push({ ...exit, output: this.tail() });
    });
    const deadline = Date.now() + timeoutMs;
    for (let wait = 50; ; wait = Math.min(wait * 2, 400)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.name} exited while starting:\n${this.tail()}`);
      if (await ready(this.url)) return;
      if (Date.now() > deadline) throw new Error(`${this.name} was not ready after ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Kills the process with the signal and resolves once it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectExit = true;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await gone;
  }

  /** Stops the node gracefully (SIGTERM), falling back to SIGKILL after the timeout. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectExit = true;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await gone;
    clearTimeout(timer);
  }

  /** Resolves when the node prints `text` (from now on); rejects with its output if it exits first or after the timeout. */
  waitForOutput(text: string, timeoutMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.reject(new Error(`${this.name} is not running`));
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const onData = (chunk: Buffer) => {
        if (chunk.toString().includes(text)) done();
      };
      const onExit = () => done(new Error(`${this.name} exited while waiting for "${text}":\n${this.tail()}`));
      const timer = setTimeout(
        () => done(new Error(`${this.name} did not print "${text}" within ${timeoutMs} ms:\n${this.tail()}`)),
        timeoutMs,
      );
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', onExit);
    });
  }

  tail(lines = 40): string {
    return this.output.join('').split('\n').slice(-lines).join('\n');
  }
}
