import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES } from './error-codes';

export class ErrorBodyDto {
  @ApiProperty({ enum: Object.keys(ERROR_CODES), example: 'validation_error' })
  code!: string;

  @ApiProperty({ example: 'prospects[3].email must be an email.' })
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'For validation errors: each offending field (array items with their index) and what is wrong.',
    example: { 'prospects[3].email': ['must be an email'] },
  })
  details?: Record<string, unknown>;

  @ApiProperty({
    example: 'req_01JD3Z8Y7X6W5V4T3S2R1Q0P9N',
    description: 'Also in the X-Request-ID header.',
  })
  request_id!: string;
}

/** The one error shape, for every error the API returns. */
export class ErrorResponseDto {
  error!: ErrorBodyDto;
}
