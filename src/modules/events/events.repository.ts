import { Injectable } from '@nestjs/common';
import { textArrayLiteral } from '../../database/array-literal';
import { Transactions } from '../../database/transactions';
import { DomainEvent } from './domain-event';

/** Rows deleted per statement by the retention job: short statements, short locks. */
const DELETE_BATCH = 5_000;

/** The `events` table (the outbox). */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: Transactions) {}

  /** One statement for all of a change's events, in the running transaction. */
  async insert(workspaceId: string, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.manager.query(
      `INSERT INTO events (workspace_id, type, payload)
       SELECT $1, e.type, e.payload FROM unnest($2::text[], $3::jsonb[]) AS e(type, payload)`,
      [
        workspaceId,
        textArrayLiteral(events.map((e) => e.type)),
        textArrayLiteral(events.map((e) => JSON.stringify(e.payload))),
      ],
    );
  }

  /** Deletes the events older than `days`, a batch at a time; how many were deleted. */
  async deleteOlderThan(days: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const { affected } = await this.db.write(
        `DELETE FROM events WHERE id IN (
           SELECT id FROM events WHERE occurred_at < now() - make_interval(days => $1) LIMIT $2)`,
        [days, DELETE_BATCH],
      );
      deleted += affected;
      if (affected < DELETE_BATCH) return deleted;
    }
  }
}
