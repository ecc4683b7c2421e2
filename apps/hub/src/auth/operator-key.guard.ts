import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyGuard } from '../common/api-key';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';

/** The header operator routes authenticate with (OPERATOR_API_KEY). */
export const OPERATOR_KEY_HEADER = 'x-operator-key';

/** Lets the operator in, or answers 404: without a configured key the operator routes do not exist. */
@Injectable()
export class OperatorKeyGuard extends ApiKeyGuard {
  protected readonly header = OPERATOR_KEY_HEADER;
  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {
    super();
  }
  protected expectedKey(): string | undefined {
    return this.config.operatorApiKey;
  }
}
