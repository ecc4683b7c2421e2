import type { Api } from './api';
import type { VarselCounts } from './types';

/** The one text a browser notification ever shows: no case, no sender, no content (the hub's VARSEL_BROWSER_TEXT). */
export const NOTIFICATION_TEXT = 'Du har noe nytt som venter i sykefraværsoppfølgingen.';
const POLL_MS = 30_000;
const COUNTED = /^\(\d+\) /;

/**
 * What waits for you (GET /me/varsler, counts only): "(n) " before the tab title, and, if you allow it, a browser
 * notification with a fixed text when the count grows while the tab is in the background.
 */
export class VarselCount {
  private count = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly titleWatch = new MutationObserver(() => this.applyTitle());

  constructor(private readonly api: Api) {
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    const title = document.querySelector('title');
    if (title) this.titleWatch.observe(title, { childList: true });
    void this.refresh();
  }

  /** Whether to offer browser notifications: the browser can, and the person has not answered yet. */
  static canAsk(): boolean {
    return typeof Notification !== 'undefined' && Notification.permission === 'default';
  }

  async refresh(): Promise<void> {
    const { antall } = await this.api.get<VarselCounts>('/me/varsler').catch(() => ({ antall: this.count }));
    const grew = antall > this.count;
    this.count = antall;
    this.applyTitle();
    if (grew && document.hidden && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification('Samhandling', { body: NOTIFICATION_TEXT, tag: 'varsel' });
    }
  }

  private applyTitle(): void {
    const base = document.title.replace(COUNTED, '');
    const want = this.count > 0 ? `(${this.count}) ${base}` : base;
    if (document.title !== want) document.title = want;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.titleWatch.disconnect();
    document.title = document.title.replace(COUNTED, '');
  }
}
