import { redactText, redactValue } from './redact';

describe('log redaction', () => {
  it('hides fødselsnumre and tokens in text', () => {
    const line = redactText('GET /cases?fnr=01010750160 auth=Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
    expect(line).not.toContain('01010750160');
    expect(line).not.toContain('eyJ');
    expect(line).toContain('[fnr]');
  });

  it('leaves longer digit runs and ordinary numbers alone', () => {
    expect(redactText('seq 123456789012 orgnr 912345678')).toBe('seq 123456789012 orgnr 912345678');
  });

  it('scrubs nested objects and drops secret headers', () => {
    const out = redactValue({ req: { url: '/x/01010750160', headers: { authorization: 'Bearer abc', host: 'h' } } });
    expect(out).toEqual({ req: { url: '/x/[fnr]', headers: { authorization: '[redacted]', host: 'h' } } });
  });
});

describe('log redaction of ids', () => {
  it('leaves UUIDs and hex digests whole even when they hold an 11-digit run, and still scrubs a fødselsnummer beside them', () => {
    const id = 'c0ffee00-1234-4abc-8def-a01234567890';
    const digest = 'ab01234567890cdef0123456789';
    expect(redactText(`case ${id} digest ${digest} fnr 01010750160`)).toBe(`case ${id} digest ${digest} fnr [fnr]`);
    expect(redactText(`/cases/${id}?q=01010750160`)).toBe(`/cases/${id}?q=[fnr]`);
  });
});
