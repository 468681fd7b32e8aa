import { ApiProperty } from '@nestjs/swagger';

/**
 * An instant as a response carries it: an ISO 8601 string, made when the view is built. A `Date`
 * left to `JSON.stringify` has it call `toJSON` per value, which takes V8 off its fast path for the
 * whole body: 900 saved contacts serialised in about 3× the time (measured, stop 19).
 */
export function isoDateTime(at: Date): string {
  // The contacts a save creates share one instant: it is written once, not once per contact.
  const time = at.getTime();
  if (time !== lastTime) {
    lastIso = at.toISOString();
    lastTime = time;
  }
  return lastIso;
}

let lastTime = Number.NaN;
let lastIso = '';

/** Documents a response's instant (see isoDateTime). */
export const DateTimeProperty = (example: string): PropertyDecorator =>
  ApiProperty({ type: String, format: 'date-time', example });
