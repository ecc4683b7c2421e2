import type { Api } from './api.js';
import type { Live } from './live.js';
import type { PageConfig, Session } from './types.js';

/** What every page of the signed-in app is given. */
export interface AppContext {
  config: PageConfig;
  session: Session;
  api: Api;
  live: Live;
  /** Tells screen-reader users (and shows) what just happened. */
  announce: (text: string) => void;
}

/** A page or panel that can be torn down when the route changes. */
export interface View {
  dispose(): void;
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
