import { Injectable } from '@nestjs/common';
import { Jobs } from '../../common/jobs';
import { DomainEvent } from './domain-event';
import { EventsRepository } from './events.repository';

/** How long events are kept. */
export const EVENT_RETENTION_DAYS = 30;

/**
 * The one place events are recorded. A module that changes contacts, lists or memberships calls
 * `record` inside the transaction of the change (Transactions.run), so an event exists exactly
 * when its change committed. Events older than EVENT_RETENTION_DAYS are removed by an hourly job that runs once
 * across instances.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventsRepository,
    jobs: Jobs,
  ) {
    jobs.onceAcrossInstances({
      name: 'events.delete_old',
      cron: '17 * * * *',
      run: () => this.deleteExpired(),
    });
  }

  record(workspaceId: string, events: readonly DomainEvent[]): Promise<void> {
    return this.events.insert(workspaceId, events);
  }

  deleteExpired(): Promise<number> {
    return this.events.deleteOlderThan(EVENT_RETENTION_DAYS);
  }
}
