import type { Api } from './api';
import type { Live } from './live';
import type { PageConfig, Session } from './types';

/** What every screen of the signed-in app is given. */
export interface AppContext {
  config: PageConfig;
  session: Session;
  api: Api;
  live: Live;
  /** Tells screen-reader users what just happened. */
  announce: (text: string) => void;
  signOut: () => void;
}

/** Runs `fn` once after calls stop coming for `ms`, so a burst of events causes one reload. */
export function debounce(fn: () => void, ms: number): (() => void) & { cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  return Object.assign(run, { cancel: () => clearTimeout(timer) });
}
