import type { SchemaObject } from '@nestjs/swagger';

const DEPENDENCY: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: {
    status: {
      type: 'string',
      enum: ['up', 'degraded', 'down'],
      description:
        '`up`; `degraded`: not answering, and the instance serves without it (Redis: rate limits per instance); `down`: not answering, and the instance cannot serve (the database).',
      example: 'degraded',
    },
    message: {
      type: 'string',
      description: 'Why it is not up.',
      example: 'Redis does not answer: rate limits are counted per instance until it returns.',
    },
  },
};

const dependencies = (description: string, example: object): SchemaObject => ({
  type: 'object',
  description,
  additionalProperties: DEPENDENCY,
  example,
});

const UP = { database: { status: 'up' } };
const DEGRADED = {
  redis: {
    status: 'degraded',
    message: 'Redis does not answer: rate limits are counted per instance until it returns.',
  },
};

/** The 200 body of `GET /health/ready` (see readiness.ts), with Redis degraded as the example. */
export const READINESS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status', 'info', 'error', 'details'],
  properties: {
    status: { type: 'string', enum: ['ok'], example: 'ok' },
    info: dependencies('What the instance serves with: up or degraded.', { ...UP, ...DEGRADED }),
    error: dependencies('What stops it serving: empty when ready.', {}),
    details: dependencies('Every dependency checked.', { ...UP, ...DEGRADED }),
  },
};
