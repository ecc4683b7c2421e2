import { ApiProperty } from '@nestjs/swagger';
import { ViewSchema } from '../../common/openapi';

@ViewSchema<{ keys: object[] }>('DevIssuerJwks')
export class DevIssuerJwksSchema {
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'The public JWK the development tokens are signed with' })
  keys!: object[];
}

@ViewSchema<{ token: string }>('DevToken')
export class DevTokenSchema {
  @ApiProperty({ description: 'A signed JWT for the role and subject' }) token!: string;
}
