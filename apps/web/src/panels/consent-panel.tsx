import { BodyShort, Switch } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import { formatDate, seatLabel } from '../format';
import type { CaseDetail } from '../types';
import { Panel, useAction, useApp } from '../ui';

/** The sykmeldt's switches: may this virksomhet's nærmeste leder see funksjonsevne? Shown first on a phone. */
export function ConsentPanel(props: { caseId: string; detail: CaseDetail }) {
  const d = props.detail;
  const orgnrs = [
    ...new Set(d.relations.filter((r) => r.role === 'arbeidsgiver' && r.endedAt === null && r.orgnr).map((r) => r.orgnr as string)),
  ];
  return (
    <Panel name="consent" title="Samtykke">
      {orgnrs.length === 0 ? (
        <BodyShort className="muted">Ingen arbeidsgiver i saken.</BodyShort>
      ) : (
        <>
          <BodyShort size="small" spacing>
            Nærmeste leder ser aldri diagnose eller medisinske vurderinger. Funksjonsevne ser de bare når du sier ja.
          </BodyShort>
          {orgnrs.map((orgnr) => (
            <ConsentSwitch
              key={orgnr}
              caseId={props.caseId}
              orgnr={orgnr}
              grantedAt={d.consents.find((c) => c.orgnr === orgnr && c.scope === 'funksjonsevne' && c.revokedAt === null)?.grantedAt}
            />
          ))}
        </>
      )}
    </Panel>
  );
}

function ConsentSwitch(props: { caseId: string; orgnr: string; grantedAt?: string }) {
  const { api } = useApp();
  const { busy, error, run } = useAction();
  // Shown as wanted at once; the case's consent event brings the date the hub stored.
  const [want, setWant] = useState<boolean>();
  const on = want ?? props.grantedAt !== undefined;
  const url = `/cases/${props.caseId}/consents/${props.orgnr}/funksjonsevne`;
  const toggle = async (next: boolean) => {
    setWant(next);
    const ok = await run(
      () => (next ? api.put(url) : api.delete(url)),
      next ? 'Nærmeste leder kan nå se funksjonsevne.' : 'Nærmeste leder kan ikke lenger se funksjonsevne.',
    );
    if (!ok) setWant(undefined);
  };
  useEffect(() => setWant(undefined), [props.grantedAt]);
  return (
    <div className="switch">
      <Switch
        role="switch"
        checked={on}
        loading={busy}
        aria-checked={on}
        onChange={(e) => void toggle(e.target.checked)}
        description={props.grantedAt && on ? `Ja siden ${formatDate(props.grantedAt)}` : undefined}
      >
        {`${seatLabel(`arbeidsgiver:${props.orgnr}`)} kan se funksjonsevnen min`}
      </Switch>
      {error ? (
        <BodyShort className="error" role="alert">
          {error}
        </BodyShort>
      ) : null}
    </div>
  );
}
