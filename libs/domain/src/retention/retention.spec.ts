import { deletionDueAt, isDueForDeletion, sykepengeaarEndsAt } from './retention';
import { caught } from '../caught.spec-helper';

const forsteSykedag = new Date('2024-01-01T00:00:00Z');

describe('retention', () => {
  it('ends the sykepengeår at the end of week 52 when no sluttdato is known, and deletes from end + period on', () => {
    expect(sykepengeaarEndsAt({ forsteSykedag }).toISOString()).toBe('2024-12-30T00:00:00.000Z');
    expect(deletionDueAt({ forsteSykedag }, 90).toISOString()).toBe('2025-03-30T00:00:00.000Z');
    expect(isDueForDeletion({ forsteSykedag }, new Date('2025-03-29T23:59:59.999Z'), 90)).toBe(false);
    expect(isDueForDeletion({ forsteSykedag }, new Date('2025-03-30T00:00:00.000Z'), 90)).toBe(true);
    expect(deletionDueAt({ forsteSykedag }, 0).toISOString()).toBe('2024-12-30T00:00:00.000Z');
  });

  it('uses a known sluttdato (last sick day, inclusive) whether it is before or after week 52', () => {
    expect(deletionDueAt({ forsteSykedag, sluttdato: new Date('2024-03-15T00:00:00Z') }, 30).toISOString()).toBe(
      '2024-04-15T00:00:00.000Z',
    );
    expect(sykepengeaarEndsAt({ forsteSykedag, sluttdato: new Date('2025-02-10T00:00:00Z') }).toISOString()).toBe(
      '2025-02-11T00:00:00.000Z',
    );
    expect(sykepengeaarEndsAt({ forsteSykedag, sluttdato: forsteSykedag }).toISOString()).toBe('2024-01-02T00:00:00.000Z');
  });

  it('refuses impossible input, naming the field', () => {
    expect(caught(() => sykepengeaarEndsAt({ forsteSykedag, sluttdato: new Date('2023-12-31T00:00:00Z') })).details).toEqual([
      { field: 'sluttdato', constraint: 'notBeforeForsteSykedag' },
    ]);
    expect(caught(() => deletionDueAt({ forsteSykedag }, -1)).details).toEqual([{ field: 'retentionPeriodDays', constraint: 'min' }]);
    expect(caught(() => deletionDueAt({ forsteSykedag }, 1.5)).details).toEqual([{ field: 'retentionPeriodDays', constraint: 'integer' }]);
    expect(caught(() => isDueForDeletion({ forsteSykedag: new Date('2024-01-01T12:00:00Z') }, new Date(), 1)).details).toEqual([
      { field: 'forsteSykedag', constraint: 'dateOnly' },
    ]);
    expect(caught(() => isDueForDeletion({ forsteSykedag }, new Date('nope'), 1)).details).toEqual([{ field: 'now', constraint: 'date' }]);
  });
});
