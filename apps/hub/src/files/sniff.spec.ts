import { sniffMime } from './sniff';

describe('sniffMime (file-type, an ES module, loaded from CommonJS)', () => {
  it('names a type by its bytes, not by any claim', async () => {
    expect(await sniffMime(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'))).toBe('application/pdf');
    expect(await sniffMime(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))).toBe('image/png');
    expect(await sniffMime(Buffer.from('<!doctype html><html><script>alert(1)</script>'))).toBeUndefined();
  });
});
