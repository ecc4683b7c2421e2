import { DomainError } from '../errors';
import type { Dialogmote } from './dialogmote';
import type { DialogmoteStatus } from './dialogmote-status';
import { changeStatus } from './dialogmote-status';

const STATUSES: DialogmoteStatus[] = ['INNKALT', 'NYTT_TID_STED', 'AVLYST', 'FERDIGSTILT', 'LUKKET'];
const at = new Date('2024-06-01T10:00:00Z');

function mote(status: DialogmoteStatus): Dialogmote {
  return {
    id: 'm1',
    kind: 'DM2',
    status,
    innkaltAv: 'veileder',
    deltakere: ['sykmeldt', 'arbeidsgiver', 'veileder'],
    tidSted: { tid: new Date('2024-06-10T09:00:00Z'), sted: 'NAV Hamar' },
    svar: {},
    createdAt: new Date('2024-05-01T00:00:00Z'),
    updatedAt: new Date('2024-05-01T00:00:00Z'),
  };
}

describe('dialogmøte status moves', () => {
  it('allows exactly the listed moves and refuses every other pair with a Conflict', () => {
    const allowed: string[] = [];
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        try {
          const [moved, change] = changeStatus(mote(from), to, 'Z990000', at);
          expect(moved.status).toBe(to);
          expect(moved.updatedAt).toBe(at);
          expect(change).toEqual({ moteId: 'm1', from, to, by: 'Z990000', at });
          allowed.push(`${from}>${to}`);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).code).toBe('conflict');
        }
      }
    }
    expect(allowed.sort()).toEqual(
      [
        'AVLYST>LUKKET',
        'FERDIGSTILT>LUKKET',
        'INNKALT>AVLYST',
        'INNKALT>FERDIGSTILT',
        'INNKALT>LUKKET',
        'INNKALT>NYTT_TID_STED',
        'NYTT_TID_STED>AVLYST',
        'NYTT_TID_STED>FERDIGSTILT',
        'NYTT_TID_STED>LUKKET',
        'NYTT_TID_STED>NYTT_TID_STED',
      ].sort(),
    );
  });

  it('does not change the møte it refuses', () => {
    const lukket = mote('LUKKET');
    expect(() => changeStatus(lukket, 'INNKALT', 'Z990000', at)).toThrow('Dialogmøte cannot go from LUKKET to INNKALT');
    expect(lukket.status).toBe('LUKKET');
  });
});
