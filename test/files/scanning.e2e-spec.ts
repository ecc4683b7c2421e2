import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClamdScanner } from '../../apps/hub/src/files/clamd';
import { download, pdfBytes, upload } from '../factories/files';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, thread } from '../factories/make';
import { EICAR, fakeClamd } from '../support/fake-clamd';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';

describe('scanning with clamd (INSTREAM over TCP)', () => {
  let clamd: Awaited<ReturnType<typeof fakeClamd>>;
  let dir: string;
  beforeAll(async () => {
    clamd = await fakeClamd();
    dir = await mkdtemp(join(tmpdir(), 'clamd-test-'));
  });
  afterAll(async () => {
    await clamd.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the client streams a file in chunks and reads clean or the signature found', async () => {
    const scanner = new ClamdScanner({ host: '127.0.0.1', port: clamd.port, timeoutMs: 5000 });
    const clean = join(dir, 'clean');
    const bad = join(dir, 'bad');
    // Larger than one chunk, so the length prefixes are exercised.
    await writeFile(clean, Buffer.alloc(200_000, 0x41));
    await writeFile(bad, Buffer.concat([Buffer.alloc(100_000, 0x41), Buffer.from(EICAR)]));
    expect(await scanner.scanFile(clean)).toEqual({ clean: true });
    expect(await scanner.scanFile(bad)).toEqual({ clean: false, signature: 'Eicar-Signature' });
  });

  it('the client fails, rather than passes, when no clamd answers', async () => {
    const scanner = new ClamdScanner({ host: '127.0.0.1', port: 1, timeoutMs: 1000 });
    await writeFile(join(dir, 'x'), 'x');
    await expect(scanner.scanFile(join(dir, 'x'))).rejects.toThrow();
  });

  describe('in the hub', () => {
    let hub: TestHub;
    let c: FourPartyCase;
    let t: string;
    beforeAll(async () => {
      hub = await startHub({ env: { CLAMD_HOST: '127.0.0.1', CLAMD_PORT: String(clamd.port) } });
      c = await caseWithFourParties(hub);
      t = await thread(hub, c, ['sykmeldt', 'veileder']);
    });
    afterAll(() => hub.stop());

    it('scans each upload before it is stored; an infected one is refused and nothing is kept', async () => {
      const before = clamd.scanned();
      const ok = await upload(hub, c, t, c.sykmeldt, [{ name: 'ren.pdf', bytes: pdfBytes('ren') }]).expect(201);
      await download(hub, c, t, c.sykmeldt, ok.body[0].id).expect(200);
      const bad = await upload(hub, c, t, c.sykmeldt, [
        { name: 'virus.pdf', bytes: Buffer.concat([pdfBytes('v'), Buffer.from(EICAR)]) },
      ]).expect(400);
      expect(bad.body).toEqual({
        error: 'invalid',
        message: 'The virus scanner refused the file',
        details: [{ field: 'file', constraint: 'infected' }],
      });
      expect(clamd.scanned() - before).toBe(2);
      expect(await hub.query(`SELECT id FROM files WHERE filename = 'virus.pdf'`)).toEqual([]);
    });
  });

  it('a hub whose clamd is down refuses uploads with 503 instead of storing them unscanned', async () => {
    const hub = await startHub({ env: { CLAMD_HOST: '127.0.0.1', CLAMD_PORT: '1', CLAMD_TIMEOUT_MS: '1000' } });
    try {
      const c = await caseWithFourParties(hub);
      const t = await thread(hub, c, ['sykmeldt', 'veileder']);
      const res = await upload(hub, c, t, c.sykmeldt, [{ name: 'ren.pdf', bytes: pdfBytes('ren') }]).expect(503);
      expect(res.body.error).toBe('unavailable');
      expect(await hub.query(`SELECT id FROM files`)).toEqual([]);
    } finally {
      await hub.stop();
    }
  });
});
