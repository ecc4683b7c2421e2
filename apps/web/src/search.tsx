import { BodyShort, Heading, Link, Search } from '@navikt/ds-react';
import { useId, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { formatDateTime, roleLabel } from './format';
import { describeRefusal } from './refusals';
import type { Message } from './types';
import { ErrorLine, useApp } from './ui';
import './message-tools.css';

// Issue 16: search in a case (GET /cases/:id/search) and across one's cases (GET /search). The hub matches only the
// fields the caller's role may see and masks each hit like the message itself; the page shows the hit as it came.

/** One hit as the hub sends it: the case and the message as this role sees it. */
export interface SearchHit {
  caseId: string;
  message: Message;
}

const SNIPPET = 240;

function snippet(text: string | undefined): string {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t.length > SNIPPET ? `${t.slice(0, SNIPPET - 1)}…` : t;
}

/** Where a hit opens: the case, its thread and the message (app.tsx reads the same route). */
export function hitHref(hit: SearchHit): string {
  const m = hit.message;
  return m.threadId ? `#/cases/${hit.caseId}/${m.threadId}${m.id ? `/${m.id}` : ''}` : `#/cases/${hit.caseId}`;
}

function useSearch(path: (q: string) => string) {
  const { api } = useApp();
  const [hits, setHits] = useState<{ q: string; hits: SearchHit[] }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);
  const run = async (q: string) => {
    const query = q.trim();
    if (query.length < 2) {
      setHits(undefined);
      return setError('Skriv minst to tegn å søke etter.');
    }
    const mine = ++seq.current;
    setBusy(true);
    setError(undefined);
    try {
      const found = await api.get<SearchHit[]>(path(query));
      if (mine === seq.current) setHits({ q: query, hits: found });
    } catch (e) {
      if (mine === seq.current) setError(describeRefusal(e));
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  };
  const clear = () => {
    seq.current++;
    setHits(undefined);
    setError(undefined);
    setBusy(false);
  };
  return { hits, error, busy, run, clear };
}

function SearchForm(props: { label: string; className: string; search: ReturnType<typeof useSearch>; children?: ReactNode }) {
  const [q, setQ] = useState('');
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void props.search.run(q);
  };
  return (
    <div className={`search-form ${props.className}`}>
      <form role="search" onSubmit={submit} noValidate>
        <Search
          label={props.label}
          hideLabel={false}
          size="small"
          variant="secondary"
          maxLength={200}
          value={q}
          onChange={(v) => setQ(v)}
          onClear={() => (setQ(''), props.search.clear())}
        />
      </form>
      <ErrorLine text={props.search.error} />
      {props.children}
    </div>
  );
}

function Hits(props: { found?: { q: string; hits: SearchHit[] }; busy: boolean; title: (hit: SearchHit) => string }) {
  const id = useId();
  const { found } = props;
  return (
    <>
      <BodyShort size="small" className="search-status" role="status">
        {props.busy ? 'Søker …' : found && found.hits.length === 0 ? `Ingen treff for «${found.q}».` : ''}
      </BodyShort>
      {found && found.hits.length > 0 ? (
        <section aria-labelledby={id} className="search-results">
          <Heading level="3" size="xsmall" id={id}>
            {`${found.hits.length} treff for «${found.q}»`}
          </Heading>
          <ul className="search-hits">
            {found.hits.map((hit, i) => {
              const m = hit.message;
              return (
                <li key={m.id ?? i} data-hit={m.id}>
                  <Link href={hitHref(hit)}>{props.title(hit)}</Link>
                  <BodyShort size="small" className="hit-meta">
                    {`${roleLabel(m.senderRole)}, ${formatDateTime(m.sentAt)}`}
                  </BodyShort>
                  <BodyShort size="small" className="hit-text">
                    {snippet(m.tekst)}
                  </BodyShort>
                  {m.funksjonsevne ? <BodyShort size="small">{`Funksjonsevne: ${snippet(m.funksjonsevne)}`}</BodyShort> : null}
                  {m.diagnose && m.diagnose.length > 0 ? (
                    <BodyShort size="small">{`Diagnose: ${m.diagnose.map((d) => `${d.kode} ${d.tekst}`).join(', ')}`}</BodyShort>
                  ) : null}
                  {m.medisinskVurdering ? (
                    <BodyShort size="small">{`Medisinsk vurdering: ${snippet(m.medisinskVurdering)}`}</BodyShort>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** Search in one case's messages; each hit opens its thread at the message. */
export function CaseSearch(props: { caseId: string; subject: (threadId: string | undefined) => string | undefined }) {
  const search = useSearch((q) => `/cases/${props.caseId}/search?q=${encodeURIComponent(q)}&limit=20`);
  return (
    <SearchForm label="Søk i saken" className="case-search" search={search}>
      <Hits found={search.hits} busy={search.busy} title={(hit) => props.subject(hit.message.threadId) ?? 'Samtale'} />
    </SearchForm>
  );
}

/** Search across the caller's cases; each hit names its case and opens the thread at the message. */
export function AllCasesSearch(props: { caseName: (caseId: string) => string }) {
  const search = useSearch((q) => `/search?q=${encodeURIComponent(q)}&limit=20`);
  return (
    <SearchForm label="Søk i alle sakene dine" className="all-search" search={search}>
      <Hits found={search.hits} busy={search.busy} title={(hit) => props.caseName(hit.caseId)} />
    </SearchForm>
  );
}
