import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { buildMessage, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';

/** PostgreSQL refuses NUL in text; catching it here makes it a 400 instead of a 500. */
export function NoNulBytes(): PropertyDecorator {
  return ValidateBy({
    name: 'noNulBytes',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !value.includes('\0'),
      defaultMessage: buildMessage((each) => `${each}$property must not contain NUL characters`),
    },
  });
}

/** Trims strings; a blank string becomes null ("not given"). Other types pass on to validation. */
export function TrimToNull(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  });
}

/** An optional, nullable, trimmed string of at most `maxLength` characters, without NUL bytes. */
export function OptionalText(maxLength: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, maxLength }),
    IsOptional(),
    TrimToNull(),
    IsString(),
    MaxLength(maxLength),
    NoNulBytes(),
  );
}
