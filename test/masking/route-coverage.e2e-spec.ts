import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import * as covered from './covered-routes';

describe('the masking suite covers every route', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('names every operation of the OpenAPI document in a masking spec or as content-free', async () => {
    const doc = (await hub.http().get('/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const listed = new Set(Object.values(covered).flat());
    expect(operations.filter((op) => !listed.has(op))).toEqual([]);
    expect([...listed].filter((op) => !operations.includes(op))).toEqual([]);
  });

  it('has a masking spec for every list of covered routes', () => {
    const specs = readdirSync(__dirname).filter((f) => f.endsWith('.e2e-spec.ts'));
    const source = readFileSync(join(__dirname, 'covered-routes.ts'), 'utf8');
    const lists = [...source.matchAll(/export const (\w+_ROUTES)/g)].map((m) => m[1]);
    expect(lists.length).toBeGreaterThan(0);
    // Each list names the spec that checks it in its doc comment.
    for (const list of lists) {
      const comment =
        source
          .slice(0, source.indexOf(`export const ${list}`))
          .split('/**')
          .pop() ?? '';
      const spec = /Checked by ([\w.-]+\.e2e-spec\.ts)/.exec(comment)?.[1];
      expect({ list, spec: spec && specs.includes(spec) ? spec : 'missing' }).toEqual({ list, spec });
    }
  });
});
