import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyGuard } from '../common/api-key';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';

/** The header the message gateway authenticates with (DIALOGMELDING_GATEWAY_KEY). */
export const GATEWAY_KEY_HEADER = 'x-dialogmelding-gateway-key';

/** Lets the message gateway in, or answers 404 as if its routes did not exist (as the operator key does). */
@Injectable()
export class GatewayKeyGuard extends ApiKeyGuard {
  protected readonly header = GATEWAY_KEY_HEADER;
  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {
    super();
  }
  protected expectedKey(): string | undefined {
    return this.config.dialogmelding.gatewayKey;
  }
}
