import { DynamicModule, Global, Module } from '@nestjs/common';
import { HubConfig } from './config';

export const HUB_CONFIG = Symbol('HUB_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HubConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: HUB_CONFIG, useValue: config }], exports: [HUB_CONFIG] };
  }
}
