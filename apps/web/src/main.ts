import { Api } from './api.js';
import { clearSession, completeOidcSignIn, devSignIn, loadSession, startOidcSignIn } from './auth.js';
import { CaseListPage } from './case-list.js';
import { CasePage } from './case-page.js';
import type { AppContext, View } from './context.js';
import { field, fill, h } from './dom.js';
import { roleLabel } from './format.js';
import { Live } from './live.js';
import type { LinkStatus } from './live.js';
import { ROLES } from './types.js';
import { VarselCount } from './varsler.js';
import type { PageConfig, Role, Session } from './types.js';

const main = document.getElementById('main') as HTMLElement;
const header = document.getElementById('top') as HTMLElement;
const status = document.getElementById('announce') as HTMLElement;

function announce(text: string): void {
  // Cleared first so the same text twice is read out twice.
  status.textContent = '';
  setTimeout(() => (status.textContent = text), 50);
}

async function boot(): Promise<void> {
  const config = (await (await fetch('/app/config.json', { cache: 'no-store' })).json()) as PageConfig;
  let session: Session | undefined;
  try {
    session = (await completeOidcSignIn(config)) ?? loadSession();
  } catch (e) {
    return signInPage(config, e instanceof Error ? e.message : 'Innloggingen feilet');
  }
  if (!session) return signInPage(config);
  startApp(config, session);
}

function signInPage(config: PageConfig, error?: string): void {
  fill(header, h('span', { class: 'brand' }, 'Samhandling'));
  document.title = 'Logg inn – Samhandling';
  const errorEl = h('p', { class: 'error', role: 'alert' }, error ?? '');
  const parts: HTMLElement[] = [];
  if (config.oidc) {
    parts.push(
      h('button', { type: 'button', class: 'primary', onclick: () => void startOidcSignIn(config).catch(() => (errorEl.textContent = 'Fikk ikke kontakt med innloggingstjenesten')) }, 'Logg inn'),
    );
  }
  if (config.devIssuer) {
    const role = h('select', { name: 'role', required: true }, ...ROLES.map((r) => h('option', { value: r }, roleLabel(r))));
    const sub = h('input', { name: 'sub', required: true, maxlength: 128, autocomplete: 'username', spellcheck: 'false' });
    const enhet = h('input', { name: 'enhet', maxlength: 16, inputmode: 'numeric' });
    const form = h(
      'form',
      { class: 'card', 'aria-labelledby': 'dev-h' },
      h('h2', { id: 'dev-h' }, 'Utviklingsinnlogging'),
      h('p', { class: 'hint' }, 'Tokenet kommer fra hubens utviklingsutsteder, som bare finnes utenfor produksjon.'),
      field('Rolle', role),
      field('Bruker-id', sub, 'For eksempel syk-1, leder-1, lege-1 eller Z990001'),
      field('NAV-enhet (bare veileder, valgfritt)', enhet),
      h('button', { type: 'submit', class: 'primary' }, 'Logg inn'),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      devSignIn(config, role.value as Role, sub.value.trim(), enhet.value.trim() || undefined).then(
        (s) => startApp(config, s),
        () => (errorEl.textContent = 'Innloggingen feilet. Sjekk rolle og bruker-id.'),
      );
    });
    parts.push(form);
  }
  if (parts.length === 0) parts.push(h('p', {}, 'Ingen innlogging er satt opp for denne huben.'));
  fill(main, h('h1', {}, 'Logg inn'), errorEl, ...parts);
  main.focus();
}

function startApp(config: PageConfig, session: Session): void {
  let current: View | undefined;
  const end = (message: string) => {
    current?.dispose();
    varsler.dispose();
    live.close();
    clearSession();
    window.removeEventListener('hashchange', route);
    signInPage(config, message);
  };
  const api = new Api(() => session.token, () => end('Økten er utløpt. Logg inn igjen.'));
  const live = new Live(session.token, (reason) => end(reason === 'expired' ? 'Økten er utløpt. Logg inn igjen.' : 'Du er logget ut. Logg inn igjen.'));
  const ctx: AppContext = { config, session, api, live, announce };
  const varsler = new VarselCount(api);

  const link = h('span', { class: 'link-status', 'data-status': live.status });
  const linkText: Record<LinkStatus, string> = { connecting: 'Kobler til …', online: 'Tilkoblet', offline: 'Frakoblet – prøver igjen' };
  live.onStatus((s) => {
    link.dataset.status = s;
    link.textContent = linkText[s];
    if (s === 'offline') announce('Forbindelsen er brutt. Prøver å koble til igjen.');
  });
  fill(
    header,
    h('a', { class: 'brand', href: '#/' }, 'Samhandling'),
    h('span', { class: 'who' }, `${roleLabel(session.role)} · ${session.sub}`),
    link,
    ...[varsler.permissionButton()].filter((b): b is HTMLElement => b !== undefined),
    h('button', { type: 'button', class: 'quiet', onclick: () => end('Du er logget ut.') }, 'Logg ut'),
  );

  function route(): void {
    const m = /^#\/cases\/([0-9a-f-]{36})(?:\/([0-9a-f-]{36}))?$/.exec(location.hash);
    // Another thread of the open case is a selection on the same page, not a new page.
    if (m && current instanceof CasePage && current.caseId === m[1]) return current.select(m[2]);
    current?.dispose();
    current = m ? new CasePage(ctx, main, m[1], m[2]) : new CaseListPage(ctx, main);
    // Opening a page may have settled what waited: count again now rather than at the next poll.
    void varsler.refresh();
  }
  window.addEventListener('hashchange', route);
  route();
}

void boot().catch(() => fill(main, h('p', { class: 'error', role: 'alert' }, 'Siden kunne ikke starte. Last inn på nytt.')));
