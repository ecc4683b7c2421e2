import { setTimeout as sleep } from 'node:timers/promises';

/** Node's codes for a connection that could not be made at all. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT']);
/** Node's codes for a connection that broke under a statement. */
const BROKEN = new Set(['ECONNRESET', 'EPIPE']);
/** pg's own errors, which carry no code. */
const PG_CONNECT_TIMEOUT = 'Connection terminated due to connection timeout';
const PG_LOST = ['Connection terminated', 'not queryable', 'timeout exceeded when trying to connect'];

/**
 * Whether an error came from the database as a whole rather than from the statement: `down` when no new connection
 * can be made (refused, timed out, the server starting up or shutting down), `lost` when a connection broke under
 * the statement or none was free in time (the server may well be up: one backend was terminated, the pool is full).
 */
export function unavailability(e: unknown): 'down' | 'lost' | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { code, message } = e as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (UNREACHABLE.has(code) || code === '57P03') return 'down';
    // 57P01/57P02: the backend was shut down or crashed; class 08: connection exception; 53300: too many connections.
    if (BROKEN.has(code) || code === '57P01' || code === '57P02' || code.startsWith('08') || code === '53300') return 'lost';
  }
  if (typeof message !== 'string') return undefined;
  if (message === PG_CONNECT_TIMEOUT) return 'down';
  return PG_LOST.some((m) => message.includes(m)) ? 'lost' : undefined;
}

/**
 * Opens when a new connection to the database cannot be made, so that every statement is refused at once instead of
 * each waiting for its own failed connection; one probe at a time asks again and closes it when the database answers.
 */
export class DbCircuit {
  private openedAt?: number;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly probeEveryMs: number,
    private readonly onChange: (open: boolean, openMs: number) => void = () => undefined,
  ) {}

  get open(): boolean {
    return this.openedAt !== undefined;
  }

  /** Notes a failed statement; opens on `down`. */
  failed(e: unknown): void {
    if (this.openedAt !== undefined || unavailability(e) !== 'down') return;
    this.openedAt = Date.now();
    this.onChange(true, 0);
    void this.probeUntilClosed();
  }

  private async probeUntilClosed(): Promise<void> {
    while (this.openedAt !== undefined) {
      // Unreferenced: a hub stopping during an outage does not wait for the database to come back.
      await sleep(this.probeEveryMs, undefined, { ref: false });
      try {
        await this.probe();
      } catch (e) {
        // Anything but an outage (the pool was closed on shutdown) is for the next real statement to find.
        if (unavailability(e) !== undefined) continue;
      }
      const openMs = Date.now() - this.openedAt;
      this.openedAt = undefined;
      this.onChange(false, openMs);
    }
  }
}
