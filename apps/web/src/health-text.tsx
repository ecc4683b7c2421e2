import { Alert, BodyShort, Button, Checkbox, CheckboxGroup, Heading } from '@navikt/ds-react';
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from './api';
import type { HealthCategory, HealthFinding, Role } from './types';

// Issue 19: the hub refuses open text bound for the nærmeste leder when it looks like health information (422
// health_text, or the same error in a socket ack). The page shows the author where, before anything is sent, and
// offers the two ways on: move the text to a field the leader does not read, or confirm the sykmeldt agreed.

export const CATEGORY_LABEL: Record<HealthCategory, string> = {
  kode: 'diagnosekode',
  diagnose: 'diagnose',
  tilstand: 'sykdom eller plage',
  behandling: 'behandling',
  legemiddel: 'legemiddel',
  undersokelse: 'undersøkelse',
};

/** The findings of a health_text refusal, or undefined for any other error. */
export function healthFindings(e: unknown): HealthFinding[] | undefined {
  return e instanceof ApiError && e.body.error === 'health_text' ? (e.body.findings ?? []) : undefined;
}

/** `text` with each finding's span marked and named; overlapping spans are marked once. */
export function MarkedText(props: { text: string; findings: readonly HealthFinding[] }) {
  const spans = [...props.findings].filter((f) => f.start < f.end && f.end <= props.text.length).sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const f of spans) {
    if (f.start < at) continue;
    if (f.start > at) parts.push(props.text.slice(at, f.start));
    parts.push(
      <span key={f.start} className="health-span">
        <mark data-category={f.category}>{props.text.slice(f.start, f.end)}</mark>
        <span className="health-category">{` (${CATEGORY_LABEL[f.category] ?? f.category})`}</span>
      </span>,
    );
    at = f.end;
  }
  if (at < props.text.length) parts.push(props.text.slice(at));
  return <p className="health-marked">{parts}</p>;
}

/**
 * Splits `text` into the sentences that hold a finding (to move) and the rest (to keep), so only what the guard
 * named leaves the message text.
 */
export function splitFindings(text: string, findings: readonly HealthFinding[]): { kept: string; moved: string } {
  const kept: string[] = [];
  const moved: string[] = [];
  for (const m of text.matchAll(/[^.!?\n]+[.!?]*|\n+/g)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const sentence = m[0].trim();
    if (!sentence) continue;
    (findings.some((f) => f.start < end && f.end > start) ? moved : kept).push(sentence);
  }
  return { kept: kept.join(' '), moved: moved.join(' ') };
}

/**
 * The warning shown in place of a refused write: the author's text with what was found marked, an optional move
 * (`move`) and the confirmation that sends the same write again with helseopplysningerBekreftet.
 */
export function HealthTextWarning(props: {
  role: Role;
  texts: Record<string, string>;
  findings: readonly HealthFinding[];
  move?: { label: string; description: string; onMove: () => void };
  onConfirm: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [agreed, setAgreed] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => heading.current?.focus(), []);
  const fields = [...new Set(props.findings.map((f) => f.field))];
  const consent =
    props.role === 'sykmeldt'
      ? 'Jeg samtykker til at nærmeste leder ser dette'
      : 'Den sykmeldte har samtykket til at nærmeste leder ser dette';
  return (
    <Alert variant="warning" size="small" className="health-warning">
      <Heading level="3" size="xsmall" tabIndex={-1} ref={heading} spacing>
        Dette ser ut som helseopplysninger
      </Heading>
      <BodyShort size="small" spacing>
        Nærmeste leder er med og ville lest teksten. Ingenting er sendt. Det som er merket:
      </BodyShort>
      {fields.map((field) => (
        <MarkedText key={field} text={props.texts[field] ?? ''} findings={props.findings.filter((f) => f.field === field)} />
      ))}
      <div className="health-choices">
        {props.move ? (
          <div>
            <Button type="button" size="small" variant="secondary" onClick={props.move.onMove}>
              {props.move.label}
            </Button>
            <BodyShort size="small" className="health-move-hint">
              {props.move.description}
            </BodyShort>
          </div>
        ) : null}
        <CheckboxGroup
          legend="Samtykke"
          hideLegend
          size="small"
          value={agreed}
          onChange={(v: string[]) => (setAgreed(v), setError(undefined))}
          error={error}
        >
          <Checkbox value="ja">{consent}</Checkbox>
        </CheckboxGroup>
        <Button
          type="button"
          size="small"
          onClick={() => (agreed.includes('ja') ? props.onConfirm() : setError('Kryss av for samtykket, eller flytt teksten.'))}
        >
          Send med samtykke
        </Button>
      </div>
    </Alert>
  );
}
