import { describeError } from '../api.js';
import { debounce } from '../context.js';
import type { AppContext } from '../context.js';
import { fill, h, uid } from '../dom.js';
import type { Child } from '../dom.js';

/** A titled side panel of the case page that reloads its part over REST when the case's events say it changed. */
export abstract class Panel {
  readonly el: HTMLElement;
  protected readonly body = h('div', { class: 'panel-body' });
  protected readonly status = h('p', { class: 'panel-status', role: 'status' });
  protected disposed = false;
  private readonly soon = debounce(() => void this.refresh(), 300);

  constructor(
    protected readonly ctx: AppContext,
    protected readonly caseId: string,
    title: string,
    name: string,
  ) {
    const id = uid('panel');
    this.el = h('section', { class: `panel panel-${name}`, 'aria-labelledby': id }, h('h2', { id }, title), this.status, this.body);
  }

  refreshSoon(): void {
    this.soon();
  }

  dispose(): void {
    this.disposed = true;
    this.soon.cancel();
  }

  abstract refresh(): Promise<void>;

  protected show(...children: Child[]): void {
    if (!this.disposed) fill(this.body, ...children);
  }

  protected failed(e: unknown): void {
    this.status.textContent = describeError(e);
    this.status.classList.add('error');
  }

  protected ok(text = ''): void {
    this.status.textContent = text;
    this.status.classList.remove('error');
  }
}
