import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { operationOf, render } from '../faults/rest-faults';
import type { OpenApiDoc } from '../faults/rest-faults';
import { GATEWAY_KEY, OPERATOR_KEY, restFixture, ROUTES } from '../faults/rest-routes';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';

interface ResponseDoc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components: { schemas: Record<string, object> };
}

/**
 * Every object schema closed: a field a view sends that its schema does not name fails here, not silently in the
 * page's types. Schemas that say what else they allow (additionalProperties) keep it.
 */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node))
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, closed(s)])) : closed(v);
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  // OpenAPI 3.0's nullable, in the JSON Schema Ajv reads.
  if (out.nullable !== true) return out;
  delete out.nullable;
  return { anyOf: [out, { type: 'null' }] };
}

// The page's types are generated from the document's response schemas; here the hub's real answers are held to them,
// so a schema that says less or other than the view sends fails (ViewSchema checks the classes' TypeScript types).
describe("the hub's answers match the response schemas of its OpenAPI document", () => {
  let hub: TestHub;
  let doc: ResponseDoc;
  let ajv: Ajv;

  beforeAll(async () => {
    hub = await startHub({ env: { DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY, OPERATOR_API_KEY: OPERATOR_KEY } });
    doc = (await hub.http().get('/docs/openapi.json').expect(200)).body as ResponseDoc;
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: closed(doc.components) });
  }, 60_000);
  afterAll(() => hub?.stop());

  function validator(name: string, status: number): { json?: ValidateFunction; types: string[] } {
    const [method, path] = name.split(' ');
    const answer = doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
    if (!answer) return { types: [] };
    const json = answer.content?.['application/json']?.schema;
    const types = Object.keys(answer.content ?? {});
    if (!json) return { types };
    const schema = JSON.parse(JSON.stringify(closed(json)).replaceAll('"#/components/', '"doc#/components/')) as object;
    return { json: ajv.compile(schema), types };
  }

  it('for a valid call of every operation in the fault table, each answered as its schema says', async () => {
    const x = await restFixture(hub);
    const problems: string[] = [];
    for (const [name, route] of Object.entries(ROUTES)) {
      const op = operationOf(doc as unknown as OpenApiDoc, name, () => route(x));
      const valid = op.valid();
      const req = render(op, valid);
      const headers: Record<string, string> = { ...req.headers };
      if (valid.actor) headers.authorization = `Bearer ${await hub.token(valid.actor)}`;
      const lower = req.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const test = hub.http()[lower](req.url).set(headers);
      const res = req.text === undefined ? await test : await test.send(req.text);
      const { json, types } = validator(name, res.status);
      const type = String(res.headers['content-type'] ?? '').split(';')[0];
      if (types.length === 0) problems.push(`${name}: ${res.status} is not a declared answer`);
      else if (!types.includes(type)) problems.push(`${name}: ${res.status} sent ${type}, declared ${types.join(', ')}`);
      else if (json && !json(res.body)) problems.push(`${name}: ${res.status} ${ajv.errorsText(json.errors)}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('for the operations without input, too', async () => {
    const someone = { role: 'sykmeldt' as const, sub: 'svar-skjema-1' };
    const calls: [string, () => Promise<{ status: number; body: unknown; headers: Record<string, string> }>][] = [
      ['GET /health/ready', () => hub.http().get('/health/ready')],
      ['GET /health/live', () => hub.http().get('/health/live')],
      ['GET /me/varsler', () => hub.as(someone).get('/me/varsler')],
      ['GET /me/varsel-innstillinger', () => hub.as(someone).get('/me/varsel-innstillinger')],
      ['GET /operator/varsler/dead', () => hub.http().get('/operator/varsler/dead').set('x-operator-key', OPERATOR_KEY)],
    ];
    const problems: string[] = [];
    for (const [name, call] of calls) {
      const res = await call();
      const { json } = validator(name, res.status);
      if (!json) problems.push(`${name}: ${res.status} is not a declared JSON answer`);
      else if (!json(res.body)) problems.push(`${name}: ${res.status} ${ajv.errorsText(json.errors)}`);
    }
    expect(problems).toEqual([]);
  });
});
