import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthorizeBody, CurrentPrincipal, Principal, RequireScopes } from '../../common/auth';
import { pageMeta, PaginationQueryDto, ResourceIdPipe } from '../../common/http';
import { Idempotent, SecretInResponse } from '../../common/idempotency';
import { toApiKeyDto } from './api-key.mapper';
import { ApiKeysService } from './api-keys.service';
import { mayCreateKey } from './key-grant.policy';
import {
  ApiKeyListResponseDto,
  CreateApiKeyDto,
  CreatedApiKeyResponseDto,
} from './dto/api-key.dto';

@ApiTags('API keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @Idempotent()
  @RequireScopes('api_keys:write')
  @AuthorizeBody(mayCreateKey)
  @SecretInResponse('key')
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'The secret `key` is in this response only. A key cannot grant scopes it does not hold (403), ' +
      'nor outlive the key that creates it: a key with an `expires_at` must give the new key an ' +
      '`expires_at` no later than its own (else 400 naming `expires_at`). ' +
      'An unknown scope is a 400; an active key with the same name is a 409 `duplicate_name`. ' +
      'A replay with the same `Idempotency-Key` returns the stored response with `key` set to null: secrets are never stored.',
  })
  async createApiKey(
    @CurrentPrincipal() caller: Principal,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyResponseDto> {
    const { key, secret } = await this.apiKeys.createFor(caller, {
      name: body.name,
      scopes: body.scopes,
      description: body.description ?? null,
      rateLimitTier: body.rate_limit_tier,
      expiresAt: body.expires_at ?? null,
    });
    return { data: { ...toApiKeyDto(key), key: secret } };
  }

  @Get()
  @RequireScopes('api_keys:read')
  @ApiOkResponse({ type: ApiKeyListResponseDto })
  @ApiOperation({
    summary: "List the workspace's API keys",
    description: 'Never shows a secret or its hash.',
  })
  async listApiKeys(
    @CurrentPrincipal() caller: Principal,
    @Query() query: PaginationQueryDto,
  ): Promise<ApiKeyListResponseDto> {
    const [keys, total] = await this.apiKeys.listPage(caller.workspace.id, query);
    return { data: { api_keys: keys.map(toApiKeyDto) }, meta: pageMeta(query, total) };
  }

  @Delete(':id')
  @Idempotent()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @RequireScopes('api_keys:write')
  @ApiOperation({
    summary: 'Revoke an API key',
    description:
      "The key fails with 401 from the next request on: at once on the instance that revoked it, and on every other instance of the service as soon as the revocation's notice reaches it (sent by PostgreSQL at the commit). The workspace's last active admin key cannot be revoked (403).",
  })
  async revokeApiKey(
    @CurrentPrincipal() caller: Principal,
    @Param('id', new ResourceIdPipe('API key')) id: string,
  ): Promise<void> {
    await this.apiKeys.revokeFor(caller, id);
  }
}
