import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequireScopes } from '../../common/auth';
import { CurrentRateLimitUsage, WindowName, WindowUsage } from '../../common/rate-limit';
import { MeResponseDto } from './dto/me.dto';

@ApiTags('API keys')
@Controller('v1/me')
export class MeController {
  @Get()
  @RequireScopes()
  @ApiOkResponse({ type: MeResponseDto })
  @ApiOperation({
    summary: 'The calling key and its workspace',
    description: 'Any valid key may call this. Includes the workspace’s current rate-limit usage.',
  })
  getMe(
    @CurrentPrincipal() principal: Principal,
    @CurrentRateLimitUsage() usage: WindowUsage[],
  ): MeResponseDto {
    const window = (name: WindowName) => {
      const found = usage.find((u) => u.window === name);
      return found
        ? { limit: found.limit, used: found.used, remaining: found.remaining, reset: found.reset }
        : null;
    };
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
        usage: { minute: window('minute'), day: window('day') },
      },
    };
  }
}
