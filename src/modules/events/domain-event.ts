/**
 * What changed, as recorded in the outbox. A change to many rows at once (a save, a bulk
 * create, adding contacts to a list) is one event carrying the ids and their count.
 */
export type DomainEvent =
  | { type: 'contact.created' | 'contact.updated' | 'contact.deleted'; payload: ContactsChanged }
  | { type: 'list.created' | 'list.updated' | 'list.deleted'; payload: ListChanged }
  | { type: 'list.contacts_added' | 'list.contacts_removed'; payload: MembersChanged };

export type EventType = DomainEvent['type'];

export interface ContactsChanged {
  contact_ids: string[];
  count: number;
}

export interface ListChanged {
  list_id: string;
}

export interface MembersChanged extends ContactsChanged {
  list_id: string;
}

/** The event for a change to these contacts (none when there are none). */
export function contactsEvent(
  type: 'contact.created' | 'contact.updated' | 'contact.deleted',
  contactIds: readonly string[],
): DomainEvent[] {
  if (contactIds.length === 0) return [];
  return [{ type, payload: { contact_ids: [...contactIds], count: contactIds.length } }];
}

/** The event for a change to one list itself. */
export function listEvent(
  type: 'list.created' | 'list.updated' | 'list.deleted',
  listId: string,
): DomainEvent {
  return { type, payload: { list_id: listId } };
}

/** The event for these contacts added to or removed from a list (none when there are none). */
export function membersEvent(
  type: 'list.contacts_added' | 'list.contacts_removed',
  listId: string,
  contactIds: readonly string[],
): DomainEvent[] {
  if (contactIds.length === 0) return [];
  const payload = { list_id: listId, contact_ids: [...contactIds], count: contactIds.length };
  return [{ type, payload }];
}
