import { DbCircuit, unavailability } from './db-circuit';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('database unavailability', () => {
  it('calls a database that takes no new connection down', () => {
    expect(unavailability(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe('down');
    expect(unavailability(pgError('57P03', 'the database system is starting up'))).toBe('down');
    expect(unavailability(new Error('Connection terminated due to connection timeout'))).toBe('down');
  });

  it('calls a connection that broke under a statement lost, not down', () => {
    expect(unavailability(pgError('57P01', 'terminating connection due to administrator command'))).toBe('lost');
    expect(unavailability(new Error('Connection terminated unexpectedly'))).toBe('lost');
    expect(unavailability(new Error('timeout exceeded when trying to connect'))).toBe('lost');
    expect(unavailability(pgError('ECONNRESET'))).toBe('lost');
  });

  it("leaves a statement's own errors alone", () => {
    expect(unavailability(pgError('23505', 'duplicate key value violates unique constraint'))).toBeUndefined();
    expect(unavailability(pgError('22P02', 'invalid input syntax for type uuid'))).toBeUndefined();
    expect(unavailability(new Error('Cannot use a pool after calling end on the pool'))).toBeUndefined();
    expect(unavailability('not an error')).toBeUndefined();
  });
});

describe('DbCircuit', () => {
  it('opens on down, not on lost, and closes once a probe is answered', async () => {
    let answers = false;
    let probes = 0;
    const changes: boolean[] = [];
    let closed!: () => void;
    const whenClosed = new Promise<void>((r) => (closed = r));
    const circuit = new DbCircuit(
      () => {
        probes++;
        return answers ? Promise.resolve() : Promise.reject(pgError('ECONNREFUSED'));
      },
      0,
      (open) => {
        changes.push(open);
        if (!open) closed();
      },
    );
    circuit.failed(pgError('57P01'));
    expect(circuit.open).toBe(false);
    circuit.failed(pgError('ECONNREFUSED'));
    expect(circuit.open).toBe(true);
    // A second failure while open changes nothing.
    circuit.failed(pgError('ECONNREFUSED'));
    while (probes < 3) await new Promise((r) => setImmediate(r));
    expect(circuit.open).toBe(true);
    answers = true;
    await whenClosed;
    expect(circuit.open).toBe(false);
    expect(changes).toEqual([true, false]);
  });
});
