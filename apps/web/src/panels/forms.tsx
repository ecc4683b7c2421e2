import { Checkbox, DatePicker, TextField, useDatepicker } from '@navikt/ds-react';
import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, describeError } from '../api';
import { useApp } from '../ui';

/** A calendar day as the hub writes it (yyyy-mm-dd), in the browser's zone. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The instant of a day and a tt:mm time in the browser's zone, with its offset, as the hub asks (no zone guessed). */
export function withOffset(day: string, time: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const at = new Date(y, m - 1, d, hh, mm);
  const off = -at.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${day}T${pad(hh)}:${pad(mm)}:00${sign}${pad(off / 60)}:${pad(off % 60)}`;
}

export const TIME_PATTERN = /^([01]\d|2[0-3])[:.][0-5]\d$/;

/** Aksel's date picker (dd.mm.åååå) and a tt:mm field: the parts of a møte's time or a frist. */
export function DateTimeFields(props: {
  dateLabel: string;
  timeLabel?: string;
  time?: string;
  onDay: (day: string | undefined) => void;
  onTime?: (time: string) => void;
  dayError?: string;
  timeError?: string;
}) {
  const [invalid, setInvalid] = useState<string>();
  const { datepickerProps, inputProps } = useDatepicker({
    fromDate: new Date(),
    onDateChange: (d) => props.onDay(d ? isoDay(d) : undefined),
    onValidate: (v) => setInvalid(v.isInvalid && !v.isEmpty ? 'Skriv datoen som dd.mm.åååå, for eksempel 01.09.2027.' : undefined),
  });
  return (
    <div className="date-time">
      <DatePicker {...datepickerProps}>
        <DatePicker.Input {...inputProps} label={props.dateLabel} description="dd.mm.åååå" error={invalid ?? props.dayError} />
      </DatePicker>
      {props.onTime ? (
        <TextField
          label={props.timeLabel ?? 'Klokkeslett'}
          description="tt:mm"
          htmlSize={6}
          value={props.time ?? ''}
          error={props.timeError}
          onChange={(e) => props.onTime?.(e.target.value)}
        />
      ) : null}
    </div>
  );
}

/**
 * Runs a write whose open text an arbeidsgiver may read. When the hub refuses it as looking like health information
 * (health_text, issue 19), the form shows a confirmation box; sent again with it ticked, the write carries
 * `helseopplysningerBekreftet: true`.
 */
export function useGuardedAction(): {
  busy: boolean;
  error?: string;
  run: (action: (confirmed: boolean) => Promise<unknown>, done?: string) => Promise<boolean>;
  confirm: ReactNode;
} {
  const { announce } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [health, setHealth] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const run = useCallback(
    async (action: (confirmed: boolean) => Promise<unknown>, done?: string) => {
      setBusy(true);
      setError(undefined);
      try {
        await action(confirmed);
        setHealth(false);
        setConfirmed(false);
        if (done) announce(done);
        return true;
      } catch (e) {
        const healthText = e instanceof ApiError && e.body.error === 'health_text';
        setHealth(healthText || health);
        setError(
          healthText
            ? 'Teksten ser ut til å inneholde helseopplysninger, og nærmeste leder kan lese den. Ta dem bort, eller bekreft under.'
            : describeError(e),
        );
        return false;
      } finally {
        setBusy(false);
      }
    },
    [announce, confirmed, health],
  );
  const confirm = health ? (
    <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} size="small">
      Den sykmeldte har sagt ja til at nærmeste leder kan lese dette
    </Checkbox>
  ) : null;
  return { busy, error, run, confirm };
}

/** Adds the health confirmation to a body only when the writer ticked it. */
export function confirmed<T extends object>(body: T, yes: boolean): T & { helseopplysningerBekreftet?: boolean } {
  return yes ? { ...body, helseopplysningerBekreftet: true } : body;
}
