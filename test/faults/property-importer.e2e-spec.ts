import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { InboundDialogmelding, InboundResult, Organisation } from '@hub/dialogmelding';
import { contentDigest, parseInbound } from '@hub/dialogmelding';
import { fixture, fromLege, GATEWAY_KEY, henvendelseBody, NAV_HER_ID, svarBody } from '../dialogmelding/dialog-helpers';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties } from '../factories/make';
import { shortId, syntheticFnr } from '../factories/ids';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { errorShapeProblem, preview } from './error-shape';
import { report } from './fault-settings';
import type { PropertyBudget } from './property-settings';
import { checkProperty, propertyParameters, testTimeout } from './property-settings';
import type { Counts } from './row-counts';
import { RowCounts } from './row-counts';
import type { XmlContext, XmlFault } from './xml-faults';
import { applyXmlFault, describeDocument, isXmlType, startsLikeXml, xmlFaults, XML_TYPES } from './xml-faults';

const BUDGET: PropertyBudget = { short: 250, long: 5000, shortMs: 10_000 };
/** The patient's fødselsnummer in the fixtures; each run puts the case's own in its place. */
const FIXTURE_FNR = '01010750160';
const FIXTURES_DIR = join(__dirname, '../../libs/dialogmelding/fixtures');

interface Base {
  name: string;
  /** The document, one character per byte, with the case's patient in it. */
  text: string;
  /** Its MsgId, replaced by a fresh one in every run; undefined when it has none to replace. */
  msgId?: string;
  /** What the hub made of it, unchanged but for a fresh MsgId, before the property ran. */
  seeded: 'OK' | 'AVVIST' | 'no AppRec';
  /** It has a ConversationRef, which names a conversation of the case once the seeding filed it. */
  joinsConversation: boolean;
}

interface Answer {
  status: number;
  text: string;
  contentType: string;
  appRecStatus?: string;
}

/** A MsgId is unique per sending organisation (its first HER-id, as the hub keys it). */
function keyOf(m: InboundDialogmelding): string {
  const o = m.sender;
  const hcp = o.healthcareProfessional ?? o.subOrganisation?.healthcareProfessional;
  return `${o.herId ?? o.subOrganisation?.herId ?? hcp?.herId ?? ''} ${m.msgId}`;
}

const isNav = (o: Organisation | undefined) => o !== undefined && (o.herId === NAV_HER_ID || o.subOrganisation?.herId === NAV_HER_ID);

describe('property: the dialogmelding importer answers every broken document with an AppRec or a 400, and writes nothing it refused', () => {
  let hub: TestHub;
  let c: FourPartyCase;
  let counts: RowCounts;
  const bases: Base[] = [];
  /** Sender and MsgId → the content digest and AppRec of its first acceptance; the same content again must get it byte for byte. */
  const accepted = new Map<string, { digest: string; text: string }>();
  let seededMsgIds: string[] = [];
  let patients: XmlContext['patients'];

  async function post(body: Buffer, contentType: string): Promise<Answer> {
    const res = await hub
      .http()
      .post('/dialogmelding/inbound')
      .set('x-dialogmelding-gateway-key', GATEWAY_KEY)
      .set('content-type', contentType)
      .send(body);
    return {
      status: res.status,
      text: res.text,
      contentType: String(res.headers['content-type'] ?? ''),
      appRecStatus: res.headers['x-apprec-status'],
    };
  }

  /** A fresh MsgId in the base document, so each run is a new document unless its fault repeats one. */
  function prepared(base: Base): { body: Buffer; msgId?: string } {
    if (!base.msgId) return { body: Buffer.from(base.text, 'latin1') };
    const msgId = randomUUID();
    return { body: Buffer.from(base.text.split(base.msgId).join(msgId), 'latin1'), msgId };
  }

  beforeAll(async () => {
    hub = await startHub({
      env: {
        DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY,
        // No job may write while a run compares row counts.
        RETENTION_JOB_INTERVAL_SECONDS: '0',
        REMINDER_JOB_INTERVAL_SECONDS: '0',
        DIALOGMELDING_JOB_INTERVAL_SECONDS: '0',
      },
    });
    // The factory's fastlege has HER-id 8094866 and HPR 9144889, as fromLege and the fixtures name the sender.
    c = await caseWithFourParties(hub);
    const other = await caseWithFourParties(hub);
    const strangerFnr = syntheticFnr();
    const opened = await hub
      .as(c.veileder)
      .post('/cases')
      .send({ sykmeldtFnr: strangerFnr, sykmeldtId: shortId('syk'), startDate: '2026-08-03' })
      .expect(201);
    await hub
      .as(c.veileder)
      .post(`/cases/${opened.body.case.id}/relations`)
      .send({ role: 'fastlege', partyId: shortId('lege'), herId: '7000001', hprNr: '7000002' })
      .expect(201);
    patients = {
      otherCase: other.fnr,
      stranger: strangerFnr,
      unknown: syntheticFnr(),
      badControl: `${c.fnr.slice(0, 10)}${(Number(c.fnr[10]) + 1) % 10}`,
    };

    const placeholder = 'MSGID-PLACEHOLDER-0000-000000000000';
    const docs: [string, Buffer][] = [
      [
        'fromLege henvendelse',
        Buffer.from(fromLege(c.fnr, henvendelseBody('Ber om dialogmøte før uke 8.'), { msgId: placeholder }), 'utf8'),
      ],
      ['fromLege svar', Buffer.from(fromLege(c.fnr, svarBody('Sykmeldt ut måneden, deretter gradert.'), { msgId: placeholder }), 'utf8')],
      ...readdirSync(FIXTURES_DIR)
        .filter((f) => f.endsWith('.xml'))
        .sort()
        .map((f): [string, Buffer] => [f, fixture(f)]),
    ];
    for (const [name, bytes] of docs) {
      const text = bytes.toString('latin1').split(FIXTURE_FNR).join(c.fnr);
      const msgId = text.includes(placeholder) ? placeholder : /<(?:[\w.-]+:)?MsgId>([^<&]+)</.exec(text)?.[1];
      const base: Base = { name, text, msgId, seeded: 'no AppRec', joinsConversation: /ConversationRef/.test(text) };
      const { body, msgId: fresh } = prepared(base);
      const a = await post(body, XML_TYPES[0]);
      if (a.status === 200 && (a.appRecStatus === 'OK' || a.appRecStatus === 'AVVIST')) base.seeded = a.appRecStatus;
      const read = parseInbound(body);
      if (a.appRecStatus === 'OK' && fresh && read.kind === 'dialogmelding')
        accepted.set(keyOf(read.message), { digest: contentDigest(read.message), text: a.text });
      bases.push(base);
    }
    seededMsgIds = [...accepted.keys()].map((k) => k.split(' ')[1]);
    counts = await RowCounts.of(hub);
  }, 60_000);
  afterAll(() => hub?.stop());

  it('accepts the lenient fixtures and refuses the refuse-* ones, so the property starts from documents the hub reads', () => {
    const seen = Object.fromEntries(bases.map((b) => [b.name, b.seeded]));
    const expected = Object.fromEntries(
      bases.map((b) => [b.name, b.name.startsWith('refuse-') ? 'AVVIST' : b.name.startsWith('apprec-') ? 'no AppRec' : 'OK']),
    );
    expect(seen).toEqual(expected);
  });

  /**
   * What is wrong with the answer to one document, given what the codec itself reads in it, and which way it went (not
   * XML, an inbound AppRec, refused by the codec, a repeat, filed, refused by the hub).
   */
  function problemsOf(
    fault: XmlFault,
    base: Base,
    body: Buffer,
    contentType: string,
    a: Answer,
    before: Counts,
    after: Counts,
  ): { problems: string[]; verdict: string } {
    const problems: string[] = [];
    const changed = RowCounts.changes(before, after);
    const unchanged = () => {
      if (changed.length > 0) problems.push(`rows written: ${changed.join(', ')}`);
    };
    if (a.status >= 500) problems.push(`status ${a.status}`);
    const refusal = () => {
      const shape = errorShapeProblem(safeJson(a.text), a.status);
      if (shape) problems.push(`error shape: ${shape}`);
      unchanged();
    };
    // Not XML at all (by Content-Type or by its first byte): 400, and nothing else.
    if (!isXmlType(contentType) || !startsLikeXml(body)) {
      if (a.status !== 400) problems.push(`status ${a.status} for a body that is not XML, expected 400`);
      refusal();
      return { problems, verdict: 'not XML' };
    }
    const sent: InboundResult = parseInbound(body);
    if (fault.kind === 'doctype' && sent.kind !== 'failure') problems.push(`the codec read a document with a DOCTYPE as ${sent.kind}`);
    // An AppRec, readable or not, matched or not: consumed with 202 and JSON saying what became of it, never an AppRec.
    if (sent.kind === 'apprec' || (sent.kind === 'failure' && sent.appRec)) {
      if (a.status !== 202) problems.push(`status ${a.status} for an inbound AppRec, expected 202`);
      const outcome = (safeJson(a.text) as { outcome?: string } | undefined)?.outcome;
      if (!['matched', 'unmatched', 'ignored'].includes(String(outcome)))
        problems.push(`no outcome in the answer to an AppRec: ${preview(a.text, 200)}`);
      unchanged();
      return { problems, verdict: sent.kind === 'apprec' ? 'AppRec in' : 'broken AppRec in' };
    }
    if (a.status !== 200) {
      problems.push(`status ${a.status} for an XML document, expected 200 with an AppRec`);
      unchanged();
      return { problems, verdict: 'wrong status' };
    }
    if (!/^application\/xml/.test(a.contentType)) problems.push(`content-type ${a.contentType}`);
    const answer = parseInbound(a.text);
    if (answer.kind !== 'apprec') {
      problems.push(`the answer is not an AppRec: ${answer.kind === 'failure' ? `${answer.code} ${answer.reason}` : answer.kind}`);
      return { problems, verdict: 'unreadable answer' };
    }
    const r = answer.apprec;
    if (a.appRecStatus !== r.status) problems.push(`x-apprec-status ${a.appRecStatus} but the AppRec says ${r.status}`);
    if (r.status === 'AVVIST' && r.errors.length === 0) problems.push('AppRec avvist without an error');
    if (r.status === 'OK' && r.errors.length > 0) problems.push('AppRec OK with errors');
    const msgId = sent.kind === 'dialogmelding' ? sent.message.msgId : sent.original?.msgId;
    if (r.original.id !== (msgId || 'UKJENT'))
      problems.push(`OriginalMsgId ${JSON.stringify(r.original.id)}, the document's MsgId is ${JSON.stringify(msgId)}`);

    if (sent.kind === 'failure') {
      // The codec refuses it: so must the hub, with the codec's code, unless it names another receiver (E21 comes first).
      const code = sent.original?.receiver && !isNav(sent.original.receiver) ? 'E21' : sent.code;
      if (r.status !== 'AVVIST' || r.errors[0]?.v !== code)
        problems.push(`the codec refuses it with ${sent.code}, expected ${code}, the hub answered ${r.status} ${r.errors[0]?.v ?? ''}`);
      unchanged();
      return { problems, verdict: 'codec refuses' };
    }
    if (!isNav(sent.message.receiver)) {
      if (r.status !== 'AVVIST' || r.errors[0]?.v !== 'E21')
        problems.push(`a document for another receiver got ${r.status} ${r.errors[0]?.v ?? ''}, expected E21`);
      unchanged();
      return { problems, verdict: 'other receiver' };
    }
    const first = accepted.get(keyOf(sent.message));
    if (first !== undefined) {
      if (first.digest === contentDigest(sent.message)) {
        if (a.text !== first.text)
          problems.push(
            `a repeated document got another AppRec than the first time:\n    first ${preview(first.text, 600)}\n    now   ${preview(a.text, 600)}`,
          );
      } else if (r.status !== 'AVVIST' || r.errors[0]?.v !== 'X99') {
        problems.push(`another document under a MsgId the sender used got ${r.status} ${r.errors[0]?.v ?? ''}, expected AVVIST X99`);
      }
      unchanged();
      return { problems, verdict: first.digest === contentDigest(sent.message) ? 'repeat' : 'MsgId reused' };
    }
    const expected = expectedStatus(fault, base);
    if (expected && (r.status !== expected.status || (expected.code && r.errors[0]?.v !== expected.code))) {
      problems.push(`expected ${expected.status} ${expected.code ?? ''}, got ${r.status} ${r.errors[0]?.v ?? ''}`);
    }
    if (r.status === 'OK') {
      accepted.set(keyOf(sent.message), { digest: contentDigest(sent.message), text: a.text });
      for (const table of ['dialogmeldinger', 'messages']) {
        if (after[table] - before[table] !== 1)
          problems.push(`an accepted document must add one row to ${table}: ${before[table]} → ${after[table]}`);
      }
    } else unchanged();
    return { problems, verdict: r.status === 'OK' ? 'filed' : 'hub refuses' };
  }

  /** What a fault on a document the hub accepted must lead to, where the README says. */
  function expectedStatus(fault: XmlFault, base: Base): { status: 'OK' | 'AVVIST'; code?: string } | undefined {
    if (fault.kind === 'doctype') return { status: 'AVVIST', code: 'T99' };
    if (base.seeded !== 'OK' || fault.kind !== 'patient') return undefined;
    if (fault.to === 'badControl') return { status: 'AVVIST', code: 'E31' };
    // Another patient in a conversation of this one's case.
    if (base.joinsConversation && fault.to !== 'raw') return { status: 'AVVIST', code: 'X99' };
    switch (fault.to) {
      case 'otherCase':
        return { status: 'OK' };
      case 'stranger':
      case 'unknown':
        return { status: 'AVVIST', code: 'E35' };
      default:
        return undefined;
    }
  }

  it(
    'answers 200 with an AppRec whose status x-apprec-status names, 202 to an AppRec, or 400 for what is not XML; avvist writes nothing, a repeat gets the first AppRec',
    async () => {
      // FAULTS_KINDS=doctype,patient narrows the property to some kinds of fault (as in the REST property).
      const only = process.env.FAULTS_KINDS?.split(',');
      const input = fc.record({ base: fc.nat(bases.length - 1), fault: xmlFaults((k) => !only || only.includes(k)) });
      const faults = new Map<string, number>();
      const outcomes = new Map<string, number>();
      const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
      const line = (m: Map<string, number>) => [...m].map(([k, v]) => `${k}:${v}`).join(',');

      const property = fc.asyncProperty(input, async ({ base: i, fault }: { base: number; fault: XmlFault }) => {
        const base = bases[i];
        const { body: doc, msgId } = prepared(base);
        const { body, contentType } = applyXmlFault(doc, fault, { fnr: c.fnr, patients, accepted: seededMsgIds, msgId });
        const before = await counts.take();
        const a = await post(body, contentType);
        const after = await counts.take();
        count(faults, fault.kind);
        const { problems, verdict } = problemsOf(fault, base, body, contentType, a, before, after);
        count(outcomes, verdict.replaceAll(' ', '_'));
        if (problems.length > 0) {
          throw new Error(
            `${describeDocument(base.name, fault, body, contentType)}\n  → ${a.status} ${a.appRecStatus ?? ''} ${preview(a.text, 600)}\n  ${problems.join('\n  ')}`,
          );
        }
      });
      const { runs, interrupted } = await checkProperty(property, propertyParameters(BUDGET));
      await hub.http().get('/health/ready').expect(200);
      report('property: dialogmelding importer', {
        documents: bases.length,
        runs,
        interrupted: String(interrupted),
        faults: line(faults),
        outcomes: line(outcomes),
      });
    },
    testTimeout(BUDGET),
  );
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
