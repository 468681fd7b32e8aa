import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheck, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../../common/auth';
import { ApiError } from '../../common/errors';
import { HttpDrain } from '../../common/shutdown';
import { LIVENESS } from './liveness';
import { Readiness, readiness } from './readiness';
import { READINESS_SCHEMA } from './readiness.schema';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('Health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly drain: HttpDrain,
  ) {}

  /** Answered by the plain Fastify handler of `useLeanLiveness`, with this same body. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness', description: 'The process is up. Public.' })
  @HealthCheck()
  checkLiveness(): typeof LIVENESS {
    return LIVENESS;
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness',
    description:
      'Whether this instance should get traffic. 200 while it can serve: its database answers. ' +
      'Redis (when configured) never makes it unready: while Redis does not answer, the body says ' +
      '`details.redis.status: "degraded"` (in `info` too), the API serves everything and rate ' +
      'limits are counted per instance until Redis returns. 503 `service_unavailable` when the ' +
      'database does not answer (`details.error` names it), and at once when the instance is ' +
      'shutting down (it finishes the requests it has and takes no new connections). Public.',
  })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Ready.', schema: READINESS_SCHEMA })
  @ApiServiceUnavailableResponse({
    description: 'Not ready: the database does not answer, or the instance is shutting down.',
  })
  async checkReadiness(): Promise<Readiness> {
    if (this.drain.isDraining) {
      throw new ApiError(
        'service_unavailable',
        'This instance is shutting down: it finishes the requests it has and takes no new ones.',
      );
    }
    return readiness(
      await Promise.all([
        this.database.pingCheck('database', { timeout: 2_000 }),
        ...(this.redis.configured ? [this.redis.check('redis')] : []),
      ]),
    );
  }
}
