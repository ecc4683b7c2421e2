import { Alert, Heading } from '@navikt/ds-react';
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { describeError } from './api';
import type { AppContext } from './context';

export const Ctx = createContext<AppContext | null>(null);

/** What every screen of the signed-in app is given. */
export function useApp(): AppContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('outside the signed-in app');
  return ctx;
}

/**
 * Data from the hub, loaded on mount and again (debounced, so a burst of events makes one request) whenever `key`
 * changes. The last good data stays shown while a reload fails.
 */
export function useLoad<T>(load: () => Promise<T>, key: unknown, ms = 300): { data?: T; error?: string; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const loadRef = useRef(load);
  loadRef.current = load;
  const alive = useRef(true);
  const reload = useCallback(() => {
    loadRef.current().then(
      (d) => {
        if (!alive.current) return;
        setData(d);
        setError(undefined);
      },
      (e: unknown) => alive.current && setError(describeError(e)),
    );
  }, []);
  const first = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      reload();
      return;
    }
    const t = setTimeout(reload, ms);
    return () => clearTimeout(t);
  }, [key, ms, reload]);
  return { data, error, reload };
}

/** A titled part of the case page; `name` gives it the class `panel-<name>` the tests and styles use. */
export function Panel(props: { name: string; title: string; error?: string; children?: ReactNode }) {
  const id = useId();
  return (
    <section className={`panel panel-${props.name}`} aria-labelledby={id}>
      <Heading level="2" size="small" id={id} spacing>
        {props.title}
      </Heading>
      <p className={props.error ? 'panel-status error' : 'panel-status'} role="status">
        {props.error ?? ''}
      </p>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}

/** A refusal shown where the action was, read out at once. */
export function ErrorLine(props: { text?: string }) {
  if (!props.text) return null;
  return (
    <Alert variant="error" size="small" inline role="alert">
      {props.text}
    </Alert>
  );
}

/** Runs an action from a button: disables it while running, reports errors, announces success. */
export function useAction(): { busy: boolean; error?: string; run: (action: () => Promise<unknown>, done?: string) => Promise<boolean> } {
  const { announce } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(
    async (action: () => Promise<unknown>, done?: string) => {
      setBusy(true);
      setError(undefined);
      try {
        await action();
        if (done) announce(done);
        return true;
      } catch (e) {
        setError(describeError(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [announce],
  );
  return { busy, error, run };
}
