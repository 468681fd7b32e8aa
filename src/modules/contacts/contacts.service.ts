import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiError, validationErrorFor } from '../../common/errors';
import { cutPage, pageStart, PageTotal, queryFingerprint } from '../../common/http';
import { isUniqueViolation } from '../../database/postgres-errors';
import { Transactions } from '../../database/transactions';
import { contactsEvent, EventsService } from '../events';
import { ListsService } from '../lists';
import { ContactRecord, ContactSource } from './contact-record';
import {
  CONTACT_FIELD_NAMES,
  ContactValues,
  FieldNames,
  PROSPECT_FIELD_NAMES,
} from './contact-fields';
import { contactFromItem, NormalizeOptions, patchContact } from './contact-normalization';
import { ContactPatch, readContactPatch } from './contact-reading';
import { ContactFilters, ContactsRepository, ExistingContacts } from './contacts.repository';
import { ContactSort } from './dto/contact-input.dto';
import { PlannedContact, planSave, SaveOutcome, saveOutcome, StoredContact } from './save-plan';

export interface ContactPageQuery {
  page: number;
  per_page: number;
  cursor?: string;
  search?: string | null;
  list_id?: string;
  created_after?: string;
  sort?: ContactSort;
}

export interface ContactPage {
  contacts: ContactRecord[];
  total: PageTotal;
  nextCursor: string | null;
}

interface SaveOptions extends NormalizeOptions {
  source: ContactSource;
  /** What the client calls each field (`name`, `title` in prospects). */
  fieldNames: FieldNames;
  /** The body field holding the items, for error paths: `prospects[3].email`. */
  itemsField: string;
  listId?: string | null;
}

const DUPLICATE_CONSTRAINTS = ['contacts_workspace_email_key', 'contacts_workspace_linkedin_key'];

/** A row a concurrent request deleted between our INSERT and our look-up; retried this often. */
const MAX_SAVE_ATTEMPTS = 3;

@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly transactions: Transactions,
    private readonly lists: ListsService,
    private readonly events: EventsService,
  ) {}

  /**
   * `POST /v1/prospects/save`: dedupes on email (else LinkedIn URL) against the workspace and the
   * request itself, and puts every saved item, new or not, into the list when one is given.
   */
  saveProspects(
    workspaceId: string,
    prospects: unknown[],
    listId?: string | null,
  ): Promise<SaveOutcome> {
    return this.saveMany(workspaceId, prospects, {
      source: 'prospect_save',
      fieldNames: PROSPECT_FIELD_NAMES,
      itemsField: 'prospects',
      nameField: 'name',
      requireEmailOrLinkedin: true,
      listId,
    });
  }

  /** `POST /v1/contacts/bulk`: the same save, without a list; items need not have an email. */
  saveBulk(workspaceId: string, contacts: unknown[]): Promise<SaveOutcome> {
    return this.saveMany(workspaceId, contacts, {
      source: 'bulk',
      fieldNames: CONTACT_FIELD_NAMES,
      itemsField: 'contacts',
      nameField: 'full_name',
      requireEmailOrLinkedin: false,
    });
  }

  /** One contact (a request body); an existing one with the same email (or LinkedIn URL) is a 409. */
  async create(workspaceId: string, body: Record<string, unknown>): Promise<ContactRecord> {
    const outcome = await this.saveMany(workspaceId, [body], {
      source: 'api',
      fieldNames: CONTACT_FIELD_NAMES,
      itemsField: '',
      nameField: 'full_name',
      requireEmailOrLinkedin: false,
    });
    const [duplicate] = outcome.duplicates;
    if (duplicate) throw duplicateContact(duplicate.existingContactId);
    return outcome.created[0];
  }

  async get(
    workspaceId: string,
    contactId: string,
  ): Promise<{ contact: ContactRecord; lists: { id: string; name: string }[] }> {
    const contact = await this.findOwned(workspaceId, contactId);
    return { contact, lists: await this.lists.listsOfContact(contactId) };
  }

  /**
   * A page of contacts by `page` or by `cursor`, the first row of the next page telling whether
   * there is one. Totals come from the cheapest exact source: the workspace's kept count, a
   * list's member count, else a count bounded at EXACT_TOTAL_LIMIT.
   */
  async list(workspaceId: string, query: ContactPageQuery): Promise<ContactPage> {
    if (query.list_id) await this.lists.assertExists(workspaceId, query.list_id);
    const sort = query.sort ?? '-created_at';
    const filters: ContactFilters = {
      search: query.search,
      list_id: query.list_id,
      created_after: query.created_after,
    };
    const fingerprint = queryFingerprint({ sort, ...filters });
    const [rows, total] = await Promise.all([
      this.contacts.page(workspaceId, {
        ...filters,
        sort,
        ...pageStart(query, fingerprint),
      }),
      this.total(workspaceId, filters),
    ]);
    const { shown, nextCursor } = cutPage(rows, query, fingerprint, (row) => ({
      key: row.key,
      id: row.contact.id,
    }));
    return { contacts: shown.map((row) => row.contact), total, nextCursor };
  }

  private async total(workspaceId: string, filters: ContactFilters): Promise<PageTotal> {
    if (!filters.search && !filters.created_after) {
      const total = filters.list_id
        ? await this.lists.countMembers(filters.list_id)
        : await this.contacts.countAll(workspaceId);
      return { total, relation: 'eq' };
    }
    return this.contacts.countFiltered(workspaceId, filters);
  }

  /** A PATCH body: the fields it sends change, `null` clears one. */
  async update(
    workspaceId: string,
    contactId: string,
    body: Record<string, unknown>,
  ): Promise<ContactRecord> {
    const read = readContactPatch(body);
    if (Object.keys(read.problems).length) throw validationErrorFor(read.problems);
    const contact = await this.findOwned(workspaceId, contactId);
    const changes = patchContact(contact, read.values);
    // A PATCH that sets what is already there changes nothing: no write, no event.
    const changed = (Object.keys(changes) as (keyof ContactPatch)[]).some(
      (column) => contact[column] !== changes[column],
    );
    if (!changed) return contact;
    try {
      return await this.transactions.run(async () => {
        const saved = await this.contacts.update(workspaceId, contactId, changes);
        // Deleted by a concurrent request since it was read.
        if (!saved) throw ApiError.notFound('Contact', contactId);
        await this.events.record(workspaceId, contactsEvent('contact.updated', [contactId]));
        return saved;
      });
    } catch (error) {
      if (!DUPLICATE_CONSTRAINTS.some((name) => isUniqueViolation(error, name))) throw error;
      const wanted = { ...contact, ...changes };
      const existing = await this.contacts.findByKeys(
        workspaceId,
        wanted.email_normalized ? [wanted.email_normalized] : [],
        wanted.linkedin_url_normalized ? [wanted.linkedin_url_normalized] : [],
      );
      const existingId =
        existing.byEmail.get(wanted.email_normalized ?? '') ??
        existing.byLinkedin.get(wanted.linkedin_url_normalized ?? '');
      throw duplicateContact(existingId);
    }
  }

  /** Deletes a contact; its list memberships go with it (foreign key cascade). */
  remove(workspaceId: string, contactId: string): Promise<void> {
    return this.transactions.run(async () => {
      if (!(await this.contacts.delete(workspaceId, contactId))) {
        throw ApiError.notFound('Contact', contactId);
      }
      await this.events.record(workspaceId, contactsEvent('contact.deleted', [contactId]));
    });
  }

  /**
   * `POST /v1/lists/{id}/contacts`: every id must be a contact of this workspace, else a 404
   * naming them and nothing is added. Returns the memberships created and the new list size.
   */
  addToList(
    workspaceId: string,
    listId: string,
    contactIds: string[],
  ): Promise<{ added: number; contactCount: number }> {
    return this.transactions.run(async () => {
      await this.lists.lockForMembership(workspaceId, listId);
      const wanted = [...new Set(contactIds)];
      // Locked: a contact found here cannot be deleted before the membership is written.
      const foundIds = await this.contacts.lockOwnedIds(
        workspaceId,
        wanted.filter((id) => isUUID(id)),
      );
      const missing = wanted.filter((id) => !foundIds.has(id));
      if (missing.length > 0) {
        const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
        throw new ApiError('not_found', `Contact ${missing[0]} was not found${more}.`, {
          missing_contact_ids: missing,
        });
      }
      const added = await this.lists.addMembers(workspaceId, listId, wanted);
      return { added, contactCount: await this.lists.countMembers(listId) };
    });
  }

  private async findOwned(workspaceId: string, contactId: string): Promise<ContactRecord> {
    const contact = isUUID(contactId)
      ? await this.contacts.findOwned(workspaceId, contactId)
      : null;
    if (!contact) throw ApiError.notFound('Contact', contactId);
    return contact;
  }

  /**
   * Validates and normalises every item, then writes in one transaction: one INSERT for all new
   * contacts, one look-up for the ids of those that already existed, one INSERT of memberships.
   */
  private async saveMany(
    workspaceId: string,
    inputs: unknown[],
    options: SaveOptions,
  ): Promise<SaveOutcome> {
    const contacts = normalizeAll(inputs, options);
    const listId = options.listId ?? null;
    if (listId !== null && !isUUID(listId)) throw ApiError.notFound('List', listId);
    const plan = planSave(contacts);
    return this.transactions.run(async () => {
      if (listId) await this.lists.lockForMembership(workspaceId, listId);
      const stored = await this.storeDistinct(workspaceId, plan.distinct, options.source);
      const outcome = saveOutcome(contacts, plan, stored, options.source);
      const createdIds = outcome.created.map((contact) => contact.id);
      await this.events.record(workspaceId, contactsEvent('contact.created', createdIds));
      const addedToList = listId
        ? await this.lists.addMembers(workspaceId, listId, outcome.contactIds)
        : 0;
      return { ...outcome, listId, addedToList };
    });
  }

  /** Inserts what is new and finds what is not; maps each planned item's index to its contact. */
  private async storeDistinct(
    workspaceId: string,
    planned: PlannedContact[],
    source: ContactSource,
  ): Promise<Map<number, StoredContact>> {
    const stored = new Map<number, StoredContact>();
    let pending = planned;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_SAVE_ATTEMPTS) throw new Error('Contacts kept vanishing during a save');
      const { ids, at } = await this.contacts.insertNew(workspaceId, pending, source);
      const inserted = new Set(ids);
      const skipped: PlannedContact[] = [];
      for (const item of pending) {
        if (inserted.has(item.id)) {
          stored.set(item.index, { id: item.id, created: true, createdAt: at, updatedAt: at });
        } else {
          skipped.push(item);
        }
      }
      pending = skipped.length ? await this.resolveExisting(workspaceId, skipped, stored) : [];
    }
    return stored;
  }

  /** Records the existing contact of each skipped item; returns those whose contact vanished. */
  private async resolveExisting(
    workspaceId: string,
    skipped: PlannedContact[],
    stored: Map<number, StoredContact>,
  ): Promise<PlannedContact[]> {
    const emails = skipped.flatMap((s) =>
      s.contact.email_normalized ? [s.contact.email_normalized] : [],
    );
    const linkedinKeys = skipped.flatMap((s) =>
      !s.contact.email_normalized && s.contact.linkedin_url_normalized
        ? [s.contact.linkedin_url_normalized]
        : [],
    );
    const existing = await this.contacts.findByKeys(workspaceId, emails, linkedinKeys);
    return skipped.filter((item) => {
      const id = existingIdOf(item.contact, existing);
      if (id) stored.set(item.index, { id, created: false });
      return !id;
    });
  }
}

function existingIdOf(contact: ContactValues, existing: ExistingContacts): string | undefined {
  return contact.email_normalized
    ? existing.byEmail.get(contact.email_normalized)
    : existing.byLinkedin.get(contact.linkedin_url_normalized ?? '');
}

/** Every item read and checked once, before anything is written; all problems at once, by path. */
function normalizeAll(items: unknown[], options: SaveOptions): ContactValues[] {
  const details: Record<string, string[]> = {};
  const contacts: ContactValues[] = [];
  items.forEach((item, index) => {
    const result = contactFromItem(item, options.fieldNames, options);
    if (result.contact) {
      contacts.push(result.contact);
      return;
    }
    const path = options.itemsField ? `${options.itemsField}[${index}]` : '';
    for (const [field, messages] of Object.entries(result.problems)) {
      details[[path, field].filter(Boolean).join('.') || 'body'] = messages;
    }
  });
  if (Object.keys(details).length > 0) throw validationErrorFor(details);
  return contacts;
}

function duplicateContact(existingContactId: string | undefined): ApiError {
  return new ApiError(
    'duplicate_contact',
    'A contact with this email or LinkedIn URL already exists.',
    {
      existing_contact_id: existingContactId,
    },
  );
}
