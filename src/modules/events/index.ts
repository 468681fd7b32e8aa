export { contactsEvent, DomainEvent, EventType, listEvent, membersEvent } from './domain-event';
export { EventsModule } from './events.module';
export { EVENT_RETENTION_DAYS, EventsService } from './events.service';
