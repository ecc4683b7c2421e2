import { createHmac } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { toVarselMail, toVarselWebhookBody, VarselFacts } from '@hub/access';
import { VarselChannel } from '@hub/domain';
import { ClaimedDelivery } from '@hub/persistence';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';

/** Why a try failed, short and without content: it is stored and shown to the operator. */
export class DeliveryFailed extends Error {}

const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Sends one delivery on its channel: e-mail over SMTP (nodemailer), SMS and withdrawals through the signed webhook.
 * Only the views of libs/access (kinds, count, case label, link) are sent.
 */
@Injectable()
export class VarselChannels implements OnApplicationShutdown {
  private readonly mailer?: Transporter;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {
    const smtp = config.varsel.smtpUrl;
    // No pooled connections: a varsel run sends a handful, and a server that went away is met afresh on the next try.
    if (smtp) this.mailer = createTransport(smtp, { from: config.varsel.from });
  }

  /** The channels this hub can send on; a varsel for any other shows in the page only. */
  enabled(): VarselChannel[] {
    return [...(this.mailer ? ['epost' as const] : []), ...(this.config.varsel.webhookUrl ? ['sms' as const] : [])];
  }

  /** Channels that can take a varsel back once the person has seen the thing (e-mail cannot). */
  withdrawing(): VarselChannel[] {
    return this.config.varsel.webhookUrl ? ['sms'] : [];
  }

  async send(d: ClaimedDelivery, at: Date): Promise<void> {
    const facts: VarselFacts = { varselId: d.varselId, caseId: d.caseId, role: d.role, kinds: d.kinds, count: d.count };
    if (d.channel === 'epost') {
      if (d.action === 'done') return; // e-mail cannot be withdrawn; such rows are never queued
      if (!this.mailer) throw new DeliveryFailed('smtp_not_configured');
      const mail = toVarselMail(facts, d.address, this.config.varsel.pageUrl);
      try {
        await this.mailer.sendMail({
          from: this.config.varsel.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: `<${d.id}@varsel.hub>`,
        });
      } catch (e) {
        throw new DeliveryFailed(`smtp_${errorCode(e)}`);
      }
      return;
    }
    const { webhookUrl, webhookSecret } = this.config.varsel;
    if (!webhookUrl || !webhookSecret) throw new DeliveryFailed('webhook_not_configured');
    const body = JSON.stringify(toVarselWebhookBody(facts, d, d.personId, d.address, this.config.varsel.pageUrl, at));
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': d.id,
        'x-varsel-timestamp': at.toISOString(),
        'x-varsel-signature': `sha256=${signVarselBody(body, webhookSecret)}`,
      },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    }).catch((e: unknown) => {
      throw new DeliveryFailed(`webhook_${errorCode(e)}`);
    });
    await res.body?.cancel();
    if (!res.ok) throw new DeliveryFailed(`webhook_http_${res.status}`);
  }

  onApplicationShutdown(): void {
    this.mailer?.close();
  }
}

/** HMAC-SHA256 of the exact body bytes with the shared secret, hex: what a receiver recomputes and compares. */
export function signVarselBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function errorCode(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : e instanceof Error ? e.name : 'error';
  return code.replace(/[^\w]/g, '').slice(0, 40).toLowerCase() || 'error';
}
