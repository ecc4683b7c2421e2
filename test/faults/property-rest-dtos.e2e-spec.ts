import fc from 'fast-check';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { errorShapeProblem, preview } from './error-shape';
import { report } from './fault-settings';
import type { PropertyBudget } from './property-settings';
import { checkProperty, propertyParameters, testTimeout } from './property-settings';
import type { Fault, OpenApiDoc, Operation, WireRequest } from './rest-faults';
import { describe as describeRequest, faultsFor, operationOf, render } from './rest-faults';
import type { RestFixture, ValidRequest } from './rest-routes';
import { GATEWAY_KEY, NOT_IN_PROPERTY, OPERATOR_KEY, restFixture, ROUTES } from './rest-routes';
import { RowCounts } from './row-counts';

const BUDGET: PropertyBudget = { short: 200, long: 4000, shortMs: 15_000 };

interface Answer {
  status: number;
  body: unknown;
}

describe('property: every REST operation refuses a faulty request with a 4xx in the one error shape, and writes nothing', () => {
  let hub: TestHub;
  let doc: OpenApiDoc;
  let fixture: RestFixture;
  let operations: Map<string, Operation>;
  let counts: RowCounts;

  beforeAll(async () => {
    hub = await startHub({
      env: {
        DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY,
        OPERATOR_API_KEY: OPERATOR_KEY,
        // No job may write while a run compares row counts.
        RETENTION_JOB_INTERVAL_SECONDS: '0',
        REMINDER_JOB_INTERVAL_SECONDS: '0',
        DIALOGMELDING_JOB_INTERVAL_SECONDS: '0',
      },
    });
    doc = (await hub.http().get('/docs/openapi.json').expect(200)).body as OpenApiDoc;
    fixture = await restFixture(hub);
    operations = new Map(Object.entries(ROUTES).map(([name, route]) => [name, operationOf(doc, name, () => route(fixture))]));
    // Wrong-case values are tried only on closed-set parameters, found from the OpenAPI schema: it must find them.
    expect([...operations.get('GET /cases/{caseId}/threads/{threadId}/messages')!.enumQuery]).toEqual(['order']);
    counts = await RowCounts.of(hub);
  }, 60_000);
  afterAll(() => hub?.stop());

  async function call(req: WireRequest, valid: ValidRequest): Promise<Answer> {
    const headers: Record<string, string> = { ...req.headers };
    if (valid.actor) headers.authorization = `Bearer ${await hub.token(valid.actor)}`;
    const lower = req.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const test = hub.http()[lower](req.url).set(headers);
    const res = req.text === undefined ? await test : await test.send(req.text);
    let body: unknown = res.text;
    try {
      body = JSON.parse(res.text);
    } catch {
      // not JSON: kept as text, and the shape check says so
    }
    return { status: res.status, body };
  }

  it('covers every operation of the OpenAPI document that takes input', () => {
    const all = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(all.filter((op) => !(op in ROUTES) && !(op in NOT_IN_PROPERTY))).toEqual([]);
    expect(Object.keys(ROUTES).filter((op) => !all.includes(op))).toEqual([]);
  });

  it('accepts each valid request of the table once, on a fixture of its own (so the property refuses the faults, not the fixture)', async () => {
    const own = await restFixture(hub);
    const refused: string[] = [];
    for (const [name, route] of Object.entries(ROUTES)) {
      const op = operationOf(doc, name, () => route(own));
      const valid = op.valid();
      const a = await call(render(op, valid), valid);
      if (a.status >= 300) refused.push(`${name} → ${a.status} ${preview(a.body, 200)}`);
    }
    expect(refused).toEqual([]);
  }, 60_000);

  it(
    'answers 4xx with {error, message, details?} and leaves every table but audit_log as it was',
    async () => {
      // FAULTS_KINDS=deep,extraKey narrows the property to some kinds of fault, to chase one finding.
      const only = process.env.FAULTS_KINDS ? new Set(process.env.FAULTS_KINDS.split(',')) : undefined;
      const byName = new Map(
        [...operations].flatMap(([n, op]) => {
          const faults = faultsFor(op, only);
          return faults ? [[n, faults] as const] : [];
        }),
      );
      const names = [...byName.keys()];
      const input = fc.constantFrom(...names).chain((name) => byName.get(name)!.map((fault) => ({ op: name, fault })));
      const statuses = new Map<string, number>();
      const kinds = new Map<string, number>();
      const property = fc.asyncProperty(input, async ({ op: name, fault }: { op: string; fault: Fault }) => {
        const op = operations.get(name)!;
        const valid = op.valid();
        const req = render(op, valid, fault);
        const before = await counts.take();
        const answer = await call(req, valid);
        const after = await counts.take();
        statuses.set(String(answer.status), (statuses.get(String(answer.status)) ?? 0) + 1);
        kinds.set(fault.kind, (kinds.get(fault.kind) ?? 0) + 1);
        const problems: string[] = [];
        if (answer.status < 400 || answer.status >= 500) problems.push(`status ${answer.status}, expected a 4xx`);
        else {
          const shape = errorShapeProblem(answer.body, answer.status);
          if (shape) problems.push(`error shape: ${shape}`);
        }
        const changed = RowCounts.changes(before, after);
        if (changed.length > 0) problems.push(`rows written: ${changed.join(', ')}`);
        if (problems.length > 0)
          throw new Error(`${describeRequest(req)}\n  → ${answer.status} ${preview(answer.body, 200)}\n  ${problems.join('\n  ')}`);
      });
      const { runs, interrupted } = await checkProperty(property, propertyParameters(BUDGET));
      await hub.http().get('/health/ready').expect(200);
      report('property: REST DTOs', {
        operations: names.length,
        runs,
        interrupted: String(interrupted),
        faults: [...kinds].map(([k, v]) => `${k}:${v}`).join(','),
        statuses: [...statuses].map(([k, v]) => `${k}:${v}`).join(','),
      });
    },
    testTimeout(BUDGET),
  );
});
