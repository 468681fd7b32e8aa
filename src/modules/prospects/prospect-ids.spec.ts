import { newProspectId, uuidV7 } from './prospect-ids';

describe('prospect ids', () => {
  it('are version-7 UUIDs that sort by time', () => {
    const early = uuidV7(Date.UTC(2025, 0, 1), 0, new Uint8Array(8).fill(255));
    const late = uuidV7(Date.UTC(2025, 0, 1) + 1, 0, new Uint8Array(8));
    expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(early < late).toBe(true);
  });

  it('grow strictly within one process, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, newProspectId);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
