import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiError, validationErrorFor } from '../../../common/errors';
import {
  MAX_CONTACTS_PER_REQUEST,
  readBodyObject,
  readItemArray,
  readOptionalString,
} from '../../contacts';
import { ProspectSearchFilters } from '../search/search-filters';
import { SearchRequestPipe } from '../search/search-request.pipe';

/** The most matches one saved search saves. */
export const MAX_SEARCH_SAVE = 10_000;

/** The checked body of `POST /v1/prospects/save`: prospects given, or a search to save the matches of. */
export type SaveProspectsBody =
  | { prospects: unknown[]; search?: undefined; list_id: string | null | undefined }
  | {
      search: ProspectSearchFilters;
      /** How many matches to save, from the first in search order. */
      limit: number;
      prospects?: undefined;
      list_id: string | null | undefined;
    };

const anySearchBody = new SearchRequestPipe('any');

/** A problem with one field of the body, as the one error shape says it. */
const invalid = (field: string, problem: string): ApiError =>
  ApiError.validation(`${field} ${problem}.`, { [field]: [problem] });

/** The `search` field: any body `POST /v1/prospects/search` takes; its problems named under `search.`. */
function readSearch(value: unknown): ProspectSearchFilters {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('search', 'must be an object (a body of POST /v1/prospects/search)');
  }
  try {
    return anySearchBody.transform(value).filters;
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'validation_error') throw error;
    const details = Object.entries(error.details ?? { '': [error.message] }).map(
      ([field, messages]) => [field ? `search.${field}` : 'search', messages as string[]] as const,
    );
    throw validationErrorFor(Object.fromEntries(details));
  }
}

function readLimit(value: unknown): number {
  if (value === undefined || value === null) {
    throw invalid(
      'limit',
      `is required with search: how many matches to save, 1 to ${MAX_SEARCH_SAVE}`,
    );
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalid('limit', 'must be an integer number');
  }
  if (value < 1 || value > MAX_SEARCH_SAVE) {
    throw invalid('limit', `must be from 1 to ${MAX_SEARCH_SAVE}`);
  }
  return value;
}

/**
 * Reads the body by hand. An interface (not a class) as the parameter type keeps the global
 * ValidationPipe away: it would deep-copy all 1,000 prospects, ~20 ms for nothing. `null` is
 * "not given", for `prospects` and `search` alike.
 */
@Injectable()
export class SaveProspectsBodyPipe implements PipeTransform<unknown, SaveProspectsBody> {
  transform(body: unknown): SaveProspectsBody {
    const object = readBodyObject(body);
    const list_id = readOptionalString(object, 'list_id');
    if (object.search == null) {
      return {
        prospects: readItemArray(object, 'prospects', MAX_CONTACTS_PER_REQUEST),
        list_id,
      };
    }
    if (object.prospects != null) {
      throw ApiError.validation('Give either prospects or search, not both.', {
        prospects: ['cannot be given with search'],
        search: ['cannot be given with prospects'],
      });
    }
    return { search: readSearch(object.search), limit: readLimit(object.limit), list_id };
  }
}
