import { randomFillSync } from 'node:crypto';
import { ulid } from 'ulid';
import { redactSecrets } from '../logging';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Random bytes for ULIDs, drawn from the system's CSPRNG 4 kB at a time. ulid's own source
 * asks crypto for one byte per character (16 calls per id: 2.4 % of the server's CPU under a
 * search load).
 */
const pool = Buffer.alloc(4096);
let nextByte = pool.length;

/** A number in [0, 1) as ulid wants it; 256 is a multiple of its 32 symbols, so they stay uniform. */
function pooledRandom(): number {
  if (nextByte === pool.length) {
    randomFillSync(pool);
    nextByte = 0;
  }
  return pool[nextByte++] / 256;
}

/**
 * The client's `X-Request-ID` when it is sane, else `req_` + a new ULID. An id shaped like a
 * secret (an API key pasted into the wrong header) is replaced too: the id is written into every
 * log line of the request and echoed in its response.
 */
export function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) && !looksSecret(header)
    ? header
    : `req_${ulid(undefined, pooledRandom)}`;
}

const looksSecret = (id: string): boolean => redactSecrets(id) !== id;
