import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';

const COMMITTED = resolve(__dirname, '../../apps/web/src/api-types.ts');
const SCRIPT = resolve(__dirname, '../../apps/web/api-types.mjs');

// The page's API types are generated from the hub's own OpenAPI document; a route or DTO changed without
// regenerating them fails here, with the command that fixes it.
describe("the web page's API types", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  }, 60_000);
  afterAll(() => hub.stop());

  it("are what openapi-typescript makes of the running hub's document", async () => {
    const doc = (await hub.http().get('/docs/openapi.json').expect(200)).body as unknown;
    const dir = mkdtempSync(join(tmpdir(), 'hub-api-types-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
    const out = process.env.UPDATE_API_TYPES === '1' ? COMMITTED : join(dir, 'api-types.ts');
    execFileSync(process.execPath, [SCRIPT, join(dir, 'openapi.json'), out], { stdio: 'inherit' });
    const fresh = readFileSync(out, 'utf8');
    const committed = readFileSync(COMMITTED, 'utf8');
    if (fresh !== committed)
      throw new Error('apps/web/src/api-types.ts is out of date: run UPDATE_API_TYPES=1 npx jest test/web/api-types.e2e-spec.ts');
    expect(fresh).toContain('"/cases/{caseId}/threads"');
  });

  // The page's types are only as good as the document: an operation without a 2xx schema would give it `never`.
  it('come from a document where every operation declares its 2xx answer and its errors in the one error shape', async () => {
    const doc = (await hub.http().get('/docs/openapi.json').expect(200)).body as OpenApiDoc;
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, responses: op.responses ?? {} })),
    );
    expect(operations.length).toBeGreaterThan(70);
    const problems = operations.flatMap(({ name, responses }) => {
      const found: string[] = [];
      const success = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) found.push(`${name}: no 2xx answer`);
      for (const [status, r] of success) {
        // 204 is the one answer without a body; any other 2xx names what it carries.
        const schemas = Object.values(r.content ?? {}).filter((c) => c.schema !== undefined);
        if (status !== '204' && schemas.length === 0) found.push(`${name}: ${status} without a schema`);
      }
      for (const [status, r] of Object.entries(responses).filter(([s]) => /^[45]\d\d$/.test(s))) {
        if (r.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorBody')
          found.push(`${name}: ${status} not in the one error shape`);
      }
      return found;
    });
    expect(problems).toEqual([]);
  });
});

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
}
