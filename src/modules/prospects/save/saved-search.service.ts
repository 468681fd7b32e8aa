import { Injectable } from '@nestjs/common';
import { ContactsService, SaveOutcome } from '../../contacts';
import { ProspectsSearchService } from '../prospects-search.service';
import { ProspectSearchFilters } from '../search/search-filters';

/**
 * `POST /v1/prospects/save` with a search: the first `limit` matches, read in one query, saved
 * through the same set-based save as prospects given one by one (same dedupe, list and
 * transaction), in search order.
 */
@Injectable()
export class SavedSearchService {
  constructor(
    private readonly prospects: ProspectsSearchService,
    private readonly contacts: ContactsService,
  ) {}

  async save(
    workspaceId: string,
    filters: ProspectSearchFilters,
    limit: number,
    listId: string | null | undefined,
  ): Promise<SaveOutcome> {
    const matches = await this.prospects.matchesForSaving(filters, limit);
    return this.contacts.saveProspects(workspaceId, matches, listId);
  }
}
