import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Dialogmelding, fitsDialogThread, Invalid, isValidFodselsnummer, markBesvart, Message, Relation, Seat, Thread } from '@hub/domain';
import { CaseAccess } from '@hub/access';
import { AppRecErrorCode, contentDigest, InboundDialogmelding, Organisation, OriginalMessageRef, parseInbound } from '@hub/dialogmelding';
import { Db, DialogmeldingRepository, isUniqueViolation } from '@hub/persistence';
import { CaseAccessService } from '../access/case-access.service';
import { MoteSvarInboundService } from '../followup/dialogmote/mote-svar-inbound.service';
import { CLOCK, Clock } from '../common/clock';
import { FilesService } from '../files/files.service';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { appRecFor } from './apprec-answer';
import { AppRecReceipt, DialogmeldingStatusService } from './dialogmelding-status.service';
import { DialogmeldingWriter } from './dialogmelding-writer';
import { classifyInbound, InboundClass, kodeText, threadSubject } from './kinds';
import { looksLikeXml } from './xml-body';

/** What the gateway gets back: an AppRec for a dialogmelding; for an AppRec, only what the hub did with it. */
export type InboundAnswer = { kind: 'apprec'; status: 'OK' | 'AVVIST'; xml: string } | { kind: 'receipt'; receipt: AppRecReceipt };

export const GATEWAY_ACTOR = { id: 'dialogmelding-gateway', role: 'system' } as const;

interface SenderIds {
  herIds: string[];
  hprNr?: string;
}

interface Target {
  access: CaseAccess;
  lege: Relation;
  parent?: Dialogmelding;
}

type Refusal = { refused: { code: AppRecErrorCode; reason: string } };

/**
 * Takes in MsgHead documents from the message gateway: checks what the codec cannot (receiver, control digits,
 * sender, patient), files the dialogmelding into its case and thread in one transaction and answers with an AppRec.
 * Refusals store nothing and say why in the AppRec. A MsgId is unique per sender: the same sender's MsgId with the
 * same content is a repeat and gets the AppRec it got the first time; with other content it is refused (X99).
 */
@Injectable()
export class InboundService {
  private readonly log = new Logger('Dialogmelding');

  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly writer: DialogmeldingWriter,
    private readonly status: DialogmeldingStatusService,
    private readonly moteSvar: MoteSvarInboundService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly files: FilesService,
  ) {}

  async receive(body: unknown): Promise<InboundAnswer> {
    if (!Buffer.isBuffer(body) || !looksLikeXml(body)) {
      throw new Invalid('body', 'isXml', 'Expected a MsgHead or AppRec XML document (Content-Type application/xml or text/xml)');
    }
    const parsed = parseInbound(body, { maxBytes: this.config.dialogmelding.maxBytes });
    switch (parsed.kind) {
      case 'failure': {
        // An AppRec is never answered with an AppRec, however broken.
        if (parsed.appRec) return { kind: 'receipt', receipt: this.status.malformedAppRec(parsed.code) };
        const receiver = parsed.original?.receiver;
        if (receiver && !this.isForUs(receiver)) return this.avvist(parsed.original, wrongReceiver(this.config.dialogmelding.herId));
        return this.avvist(parsed.original, { code: parsed.code, reason: parsed.reason });
      }
      case 'apprec':
        return { kind: 'receipt', receipt: await this.status.applyAppRec(parsed.apprec) };
      case 'dialogmelding':
        return this.file(parsed.message);
      default: {
        const unknown: never = parsed;
        throw new Error(`Unhandled inbound result ${String(unknown)}`);
      }
    }
  }

  private async file(m: InboundDialogmelding): Promise<InboundAnswer> {
    const original = originalOf(m);
    // The receiver first: a document for someone else is told so, even under a MsgId the hub knows.
    if (!this.isForUs(m.receiver)) return this.avvist(original, wrongReceiver(this.config.dialogmelding.herId));
    const senderHerId = senderIdsOf(m.sender).herIds[0] ?? '';
    const digest = contentDigest(m);
    const seen = await this.repeated(senderHerId, digest, m.msgId, original);
    if (seen) return seen;
    const checked = await this.check(m);
    if ('refused' in checked) return this.avvist(original, checked.refused);
    const { target, cls } = checked;
    const now = this.clock.now();
    const { access, lege, parent } = target;
    const { threadId, participants, thread } = placeOf(access, parent, () => ({
      id: randomUUID(),
      caseId: access.case.id,
      subject: threadSubject(cls.kind, cls.kodeverk, cls.kode),
      participants: ['fastlege', 'veileder'],
      createdBy: lege.partyId,
      createdAt: now,
    }));
    const s = senderIdsOf(m.sender);
    const d: Dialogmelding = {
      id: randomUUID(),
      caseId: access.case.id,
      threadId,
      messageId: randomUUID(),
      direction: 'INN',
      kind: cls.kind,
      kodeverk: cls.kodeverk,
      kode: cls.kode,
      msgId: m.msgId,
      conversationRef: m.conversationRef?.refToConversation ?? parent?.conversationRef ?? m.msgId,
      parentRef: m.conversationRef?.refToParent ?? parent?.msgId,
      parentId: parent?.id,
      tekst: cls.tekst,
      senderId: lege.partyId,
      legeHerId: s.herIds[0] ?? lege.herId,
      legeHprNr: s.hprNr ?? lege.hprNr,
      status: 'MOTTATT',
      channel: 'gateway',
      createdAt: now,
      statusAt: now,
    };
    // A svar (8126) in a møte's conversation is that deltaker's svar on the møte (issue 21).
    const moteId = cls.kind === 'MOTESVAR' ? parent?.moteId : undefined;
    // The vedlegg become files of the thread, medical; the message's own write links them (issue 18).
    const vedlegg = await this.files.storeInbound(d.caseId, threadId, lege.partyId, m.attachments);
    if ('infected' in vedlegg)
      return this.avvist(original, {
        code: 'X99',
        reason: 'Et vedlegg ble stoppet av virusskanningen / an attachment was refused by the virus scanner',
      });
    const message: Message = {
      id: d.messageId,
      caseId: d.caseId,
      threadId,
      seq: 0,
      senderId: lege.partyId,
      senderRole: 'fastlege',
      senderSeat: 'fastlege',
      clientTxnId: `dialogmelding:${d.id}`,
      tekst: kodeText(d.kodeverk, d.kode),
      medisinskVurdering: d.tekst || undefined,
      attachments: vedlegg.attachments,
      version: 1,
      sentAt: now,
    };
    const foresporselId =
      cls.kind === 'SVAR' && parent?.direction === 'UT' ? (parent.kind === 'PAMINNELSE' ? parent.parentId : parent.id) : undefined;
    const xml = appRecFor(original, { status: 'OK' }, this.config.dialogmelding, randomUUID(), now);
    try {
      if (moteId !== undefined) {
        const onMote = await this.moteSvar.file(
          {
            dialogmelding: { ...d, moteId },
            message,
            thread,
            participants,
            actor: GATEWAY_ACTOR,
            channel: 'dialogmelding',
            inbound: { senderHerId, contentDigest: digest, appRecXml: xml },
          },
          lege,
        );
        if ('refused' in onMote) return this.avvist(original, { code: 'X99', reason: onMote.refused });
        return { kind: 'apprec', status: 'OK', xml };
      }
      await this.writer.file({
        dialogmelding: d,
        message,
        thread,
        participants,
        touch: foresporselId ? { id: foresporselId, change: (f) => markBesvart(f, now) } : undefined,
        actor: GATEWAY_ACTOR,
        channel: 'dialogmelding',
        inbound: { senderHerId, contentDigest: digest, appRecXml: xml },
      });
    } catch (e) {
      // The same sender's MsgId posted twice at once: the other request filed it, and decides the answer.
      if (isUniqueViolation(e, 'dialogmeldinger_sender_msg_id')) {
        const stored = await this.repeated(senderHerId, digest, m.msgId, original);
        if (stored) return stored;
      }
      throw e;
    }
    return { kind: 'apprec', status: 'OK', xml };
  }

  /**
   * The answer to a MsgId this sender used before: the same content is a repeat and gets its first AppRec; other
   * content under it is refused, so a second document is never acknowledged without being stored. Rows filed before
   * the digest was kept count as the same content.
   */
  private async repeated(
    senderHerId: string,
    digest: string,
    msgId: string,
    original: OriginalMessageRef,
  ): Promise<InboundAnswer | undefined> {
    const stored = await new DialogmeldingRepository(this.db).inboundFrom(senderHerId, msgId);
    if (!stored) return undefined;
    if (stored.appRecXml !== undefined && (stored.contentDigest === undefined || stored.contentDigest === digest)) {
      return { kind: 'apprec', status: 'OK', xml: stored.appRecXml };
    }
    return this.avvist(
      original,
      refusal(
        'X99',
        'MsgId er allerede brukt av avsenderen for en annen melding; send den med ny MsgId',
        'the sender already used this MsgId for another message; send it with a new MsgId',
      ).refused,
    );
  }

  private isForUs(receiver: Organisation): boolean {
    const us = this.config.dialogmelding.herId;
    return receiver.herId === us || receiver.subOrganisation?.herId === us;
  }

  /** The checks after receiver and repeat that need the hub's own data, in the order a sender can act on them. */
  private async check(m: InboundDialogmelding): Promise<Refusal | { target: Target; cls: InboundClass }> {
    if (!isValidFodselsnummer(m.patient.fodselsnummer)) {
      return refusal('E31', 'Pasientens fødselsnummer har feil kontrollsiffer', "the patient's fødselsnummer fails its control digits");
    }
    const cls = classifyInbound(m);
    if ('refusal' in cls) return { refused: cls.refusal };
    const s = senderIdsOf(m.sender);
    if (!(await new DialogmeldingRepository(this.db).isKnownLege(s.herIds, s.hprNr))) {
      return refusal(
        'E20',
        'Avsender (HER-id/HPR) er ikke fastlege i noen sak i hubben',
        'the sender (HER-id/HPR) is no fastlege of any case in the hub',
      );
    }
    const target = await this.target(m, s, cls.quotedDokId);
    if ('refused' in target) return target;
    return { target, cls };
  }

  /**
   * The case and conversation: the one the ConversationRef (or a svar's DokIdForesp) names, else the patient's newest
   * case with the sender as fastlege. A sender who is not the patient's fastlege is told "patient not found", so an
   * AppRec never reveals that someone else's patient is on sick leave.
   */
  private async target(m: InboundDialogmelding, s: SenderIds, quotedDokId: string | undefined): Promise<Target | Refusal> {
    const fnr = m.patient.fodselsnummer;
    const notFound = refusal(
      'E35',
      'Pasienten finnes ikke i hubben med avsender som fastlege',
      'no case for this patient with the sender as fastlege',
    );
    const repo = new DialogmeldingRepository(this.db);
    const parent = await repo.findReferenced({
      parent: m.conversationRef?.refToParent,
      conversation: m.conversationRef?.refToConversation,
      dokId: quotedDokId,
    });
    if (parent) {
      const access = await this.access.load(parent.caseId);
      if (!access) return notFound;
      if (access.case.sykmeldtFnr !== fnr) {
        return refusal(
          'X99',
          'Pasienten stemmer ikke med samtalen ConversationRef viser til',
          'the patient does not match the conversation ConversationRef refers to',
        );
      }
      const lege = fastlegeMatching(access, s);
      return lege ? { access, lege, parent } : notFound;
    }
    for (const caseId of await repo.casesOfPatient(fnr)) {
      const access = await this.access.load(caseId);
      const lege = access && fastlegeMatching(access, s);
      if (access && lege) return { access, lege };
    }
    return notFound;
  }

  private avvist(original: OriginalMessageRef | undefined, { code, reason }: { code: AppRecErrorCode; reason: string }): InboundAnswer {
    // The reason is the codec's or ours: it names no fødselsnummer and no message text, so it may be logged.
    this.log.warn(`Dialogmelding refused with ${code}: ${reason}`);
    const xml = appRecFor(original, { status: 'AVVIST', code, reason }, this.config.dialogmelding, randomUUID(), this.clock.now());
    return { kind: 'apprec', status: 'AVVIST', xml };
  }
}

/**
 * The parent's thread, or a new veileder–fastlege one when there is no parent or its thread can no longer carry a
 * dialogmelding (an arbeidsgiver was brought in).
 */
function placeOf(
  access: CaseAccess,
  parent: Dialogmelding | undefined,
  open: () => Thread,
): { threadId: string; participants: readonly Seat[]; thread?: Thread } {
  const joined = parent && access.threads.find((t) => t.id === parent.threadId);
  if (joined && fitsDialogThread(joined.participants)) return { threadId: joined.id, participants: joined.participants };
  const thread = open();
  return { threadId: thread.id, participants: thread.participants, thread };
}

function refusal(code: AppRecErrorCode, norsk: string, english: string): Refusal {
  return { refused: { code, reason: `${norsk} / ${english}` } };
}

function wrongReceiver(us: string): { code: AppRecErrorCode; reason: string } {
  return refusal('E21', `Mottakers HER-id er ikke ${us}`, `the receiver's HER-id is not ${us}`).refused;
}

function originalOf(m: InboundDialogmelding): OriginalMessageRef {
  const o: OriginalMessageRef = { msgId: m.msgId, msgType: m.type, sender: m.sender };
  if (m.genDate !== undefined) o.genDate = m.genDate;
  return o;
}

/** The HER-ids (legekontor, department, lege) and HPR number a sender names. */
function senderIdsOf(o: Organisation): SenderIds {
  const hcp = o.healthcareProfessional ?? o.subOrganisation?.healthcareProfessional;
  const herIds = [o.herId, o.subOrganisation?.herId, hcp?.herId].filter((x): x is string => x !== undefined);
  return hcp?.hprNummer !== undefined ? { herIds, hprNr: hcp.hprNummer } : { herIds };
}

function fastlegeMatching(access: CaseAccess, s: SenderIds): Relation | undefined {
  return access.relations.find(
    (r) =>
      r.role === 'fastlege' && ((r.herId !== undefined && s.herIds.includes(r.herId)) || (r.hprNr !== undefined && r.hprNr === s.hprNr)),
  );
}
