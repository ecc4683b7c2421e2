import type { EventEmitter } from 'node:events';
import type { Logger } from '@nestjs/common';

/**
 * Gives a Redis client the 'error' listener without which a lost connection ends the process, and says at warn
 * when it is lost and when it is back, once each (the client retries on its own meanwhile). Only the error's
 * message is logged: never the URL, which may hold a password.
 */
export function watchRedis(client: Pick<EventEmitter, 'on'>, name: string, log: Logger): void {
  let lost = false;
  client.on('error', (e: Error) => {
    if (lost) return;
    lost = true;
    log.warn(`Redis (${name}) connection lost: ${e.message}`);
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    log.warn(`Redis (${name}) connected again`);
  });
}
