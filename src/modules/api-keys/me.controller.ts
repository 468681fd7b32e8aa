import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../common/auth/auth.decorators';
import { CurrentPrincipal, Principal } from '../../common/auth/principal';
import { MeResponseDto } from './dto/me.dto';

@ApiTags('API keys')
@Controller('v1/me')
export class MeController {
  @Get()
  @RequireScopes()
  @ApiOperation({
    summary: 'The calling key and its workspace',
    description: 'Any valid key may call this.',
  })
  me(@CurrentPrincipal() principal: Principal): MeResponseDto {
    return {
      data: {
        workspace: principal.workspace,
        key: {
          id: principal.keyId,
          name: principal.keyName,
          prefix: principal.keyPrefix,
          scopes: principal.scopes,
          rate_limit_tier: principal.rateLimitTier,
          expires_at: principal.expiresAt?.toISOString() ?? null,
        },
      },
    };
  }
}
