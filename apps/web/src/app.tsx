import { Alert, BodyShort, Button, Heading, Select, TextField } from '@navikt/ds-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Api } from './api';
import { VarselCount } from './varsler';
import { clearSession, completeOidcSignIn, devSignIn, loadSession, startOidcSignIn } from './auth';
import { CaseListPage } from './case-list';
import { CasePage } from './case-page';
import type { AppContext } from './context';
import { roleLabel } from './format';
import { Live } from './live';
import type { LinkStatus } from './live';
import { ROLES } from './types';
import type { PageConfig, Role, Session } from './types';
import { Ctx } from './ui';

type Boot =
  | { kind: 'loading' }
  | { kind: 'failed' }
  | { kind: 'signin'; config: PageConfig; error?: string }
  | { kind: 'app'; config: PageConfig; session: Session };

export function App() {
  const [boot, setBoot] = useState<Boot>({ kind: 'loading' });
  useEffect(() => {
    void (async () => {
      const config = (await (await fetch('/app/config.json', { cache: 'no-store' })).json()) as PageConfig;
      try {
        const session = (await completeOidcSignIn(config)) ?? loadSession();
        setBoot(session ? { kind: 'app', config, session } : { kind: 'signin', config });
      } catch (e) {
        setBoot({ kind: 'signin', config, error: e instanceof Error ? e.message : 'Innloggingen feilet' });
      }
    })().catch(() => setBoot({ kind: 'failed' }));
  }, []);
  switch (boot.kind) {
    case 'loading':
      return (
        <main id="main" tabIndex={-1}>
          <BodyShort>Laster …</BodyShort>
        </main>
      );
    case 'failed':
      return (
        <main id="main" tabIndex={-1}>
          <Alert variant="error" role="alert">
            Siden kunne ikke starte. Last inn på nytt.
          </Alert>
        </main>
      );
    case 'signin':
      return (
        <SignIn config={boot.config} error={boot.error} onSignedIn={(session) => setBoot({ kind: 'app', config: boot.config, session })} />
      );
    case 'app':
      return (
        <SignedIn config={boot.config} session={boot.session} onEnd={(error) => setBoot({ kind: 'signin', config: boot.config, error })} />
      );
  }
}

function Brand(props: { link?: boolean }) {
  return props.link ? (
    <a className="brand" href="#/">
      Samhandling
    </a>
  ) : (
    <span className="brand">Samhandling</span>
  );
}

function SignIn(props: { config: PageConfig; error?: string; onSignedIn: (s: Session) => void }) {
  const { config } = props;
  const [error, setError] = useState(props.error);
  const [role, setRole] = useState<Role>('sykmeldt');
  const [sub, setSub] = useState('');
  const [enhet, setEnhet] = useState('');
  const [name, setName] = useState('');
  const [subError, setSubError] = useState<string>();
  useEffect(() => {
    document.title = 'Logg inn – Samhandling';
  }, []);
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!sub.trim()) return setSubError('Skriv bruker-id.');
    setSubError(undefined);
    devSignIn(config, role, sub.trim(), enhet.trim() || undefined, name.trim() || undefined).then(props.onSignedIn, () =>
      setError('Innloggingen feilet. Sjekk rolle og bruker-id.'),
    );
  };
  return (
    <>
      <header className="top">
        <Brand />
      </header>
      <main id="main" tabIndex={-1} className="signin">
        <Heading level="1" size="large" spacing>
          Logg inn
        </Heading>
        <div role="alert">{error ? <Alert variant="error">{error}</Alert> : null}</div>
        {config.oidc ? (
          <Button
            type="button"
            onClick={() => void startOidcSignIn(config).catch(() => setError('Fikk ikke kontakt med innloggingstjenesten'))}
          >
            Logg inn
          </Button>
        ) : null}
        {config.devIssuer ? (
          <form className="card" aria-labelledby="dev-h" onSubmit={submit} noValidate>
            <Heading level="2" size="medium" id="dev-h" spacing>
              Utviklingsinnlogging
            </Heading>
            <BodyShort spacing>Tokenet kommer fra hubens utviklingsutsteder, som bare finnes utenfor produksjon.</BodyShort>
            <Select label="Rolle" name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </Select>
            <TextField
              label="Bruker-id"
              name="sub"
              description="For eksempel syk-1, leder-1, lege-1 eller Z990001"
              autoComplete="username"
              spellCheck={false}
              maxLength={128}
              value={sub}
              error={subError}
              onChange={(e) => setSub(e.target.value)}
            />
            <TextField
              label="Navn (valgfritt)"
              name="name"
              description="Vises for dem som får se navnet ditt i saken"
              autoComplete="name"
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <TextField
              label="NAV-enhet (bare veileder, valgfritt)"
              name="enhet"
              inputMode="numeric"
              maxLength={16}
              value={enhet}
              onChange={(e) => setEnhet(e.target.value)}
            />
            <Button type="submit">Logg inn</Button>
          </form>
        ) : null}
        {!config.oidc && !config.devIssuer ? <BodyShort>Ingen innlogging er satt opp for denne huben.</BodyShort> : null}
      </main>
    </>
  );
}

const LINK_TEXT: Record<LinkStatus, string> = { connecting: 'Kobler til …', online: 'Tilkoblet', offline: 'Frakoblet – prøver igjen' };

type Route = { kind: 'list' } | { kind: 'case'; caseId: string; threadId?: string; messageId?: string };

/** `#/cases/<case>[/<thread>[/<message>]]`: a search hit opens its thread at the message. */
function currentRoute(): Route {
  const m = /^#\/cases\/([0-9a-f-]{36})(?:\/([0-9a-f-]{36})(?:\/([0-9a-f-]{36}))?)?$/.exec(location.hash);
  return m ? { kind: 'case', caseId: m[1], threadId: m[2], messageId: m[3] } : { kind: 'list' };
}

function SignedIn(props: { config: PageConfig; session: Session; onEnd: (message: string) => void }) {
  const { config, session } = props;
  const [announced, setAnnounced] = useState('');
  const [route, setRoute] = useState<Route>(currentRoute);
  const endRef = useRef(props.onEnd);
  endRef.current = props.onEnd;
  const announce = useCallback((text: string) => {
    // Cleared first so the same text twice is read out twice.
    setAnnounced('');
    setTimeout(() => setAnnounced(text), 50);
  }, []);
  const ctx = useMemo<AppContext>(() => {
    let ended = false;
    const end = (message: string) => {
      if (ended) return;
      ended = true;
      live.close();
      clearSession();
      endRef.current(message);
    };
    const api = new Api(
      () => session.token,
      () => end('Økten er utløpt. Logg inn igjen.'),
    );
    const live = new Live(session.token, (reason) =>
      end(reason === 'expired' ? 'Økten er utløpt. Logg inn igjen.' : 'Du er logget ut. Logg inn igjen.'),
    );
    return { config, session, api, live, announce, signOut: () => end('Du er logget ut.') };
  }, [config, session, announce]);
  const [link, setLink] = useState<LinkStatus>(ctx.live.status);
  useEffect(
    () =>
      ctx.live.onStatus((s) => {
        setLink(s);
        if (s === 'offline') announce('Forbindelsen er brutt. Prøver å koble til igjen.');
      }),
    [ctx, announce],
  );
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const varsler = useMemo(() => new VarselCount(ctx.api), [ctx]);
  useEffect(() => () => varsler.dispose(), [varsler]);
  // Opening a page may have settled what waited: count again now rather than at the next poll.
  useEffect(() => void varsler.refresh(), [varsler, route]);
  const [askNotify, setAskNotify] = useState(() => VarselCount.canAsk());
  return (
    <Ctx.Provider value={ctx}>
      <header className="top">
        <Brand link />
        <span className="who">{`${roleLabel(session.role)} · ${session.name ?? session.sub}`}</span>
        <span className="link-status" data-status={link}>
          {LINK_TEXT[link]}
        </span>
        {askNotify && (
          <Button
            type="button"
            size="small"
            variant="secondary-neutral"
            className="signout"
            onClick={() => void Notification.requestPermission().then(() => setAskNotify(false))}
          >
            Varsle meg i nettleseren
          </Button>
        )}
        <Button type="button" size="small" variant="secondary-neutral" className="signout" onClick={ctx.signOut}>
          Logg ut
        </Button>
      </header>
      {route.kind === 'case' ? (
        <CasePage
          key={route.caseId}
          caseId={route.caseId}
          threadId={route.threadId}
          messageId={route.messageId}
          online={link === 'online'}
        />
      ) : (
        <CaseListPage />
      )}
      <div className="sr-only" role="status" aria-live="polite">
        {announced}
      </div>
    </Ctx.Provider>
  );
}
