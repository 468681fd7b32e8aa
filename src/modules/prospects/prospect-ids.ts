import { randomBytes } from 'node:crypto';

/**
 * Time-ordered UUIDs (version 7, RFC 9562). Search pages are ordered by id, and ids that grow
 * with insertion follow the table's physical order, so walking the primary key reads the heap
 * mostly in sequence instead of one random page per row.
 *
 * `sequence` (12 bits) orders ids made within one millisecond; the rest is `random`.
 */
export function uuidV7(timeMs: number, sequence: number, random: Uint8Array): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(timeMs, 0, 6);
  bytes.writeUInt16BE(0x7000 | (sequence & 0x0fff), 6);
  Buffer.from(random.subarray(0, 8)).copy(bytes, 8);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let lastMs = 0;
let sequence = 0;

/** A new id, after every earlier one from this process. */
export function newProspectId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0x0fff) {
    lastMs++;
    sequence = 0;
  }
  return uuidV7(lastMs, sequence, randomBytes(8));
}
