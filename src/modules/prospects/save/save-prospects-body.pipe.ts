import { Injectable, PipeTransform } from '@nestjs/common';
import {
  MAX_CONTACTS_PER_REQUEST,
  readBodyObject,
  readItemArray,
  readOptionalString,
} from '../../contacts';

/** The checked body of `POST /v1/prospects/save`; the prospects are read by ContactsService. */
export interface SaveProspectsBody {
  prospects: unknown[];
  list_id: string | null | undefined;
}

/**
 * Reads the body by hand. An interface (not a class) as the parameter type keeps the global
 * ValidationPipe away: it would deep-copy all 1,000 prospects, ~20 ms for nothing.
 */
@Injectable()
export class SaveProspectsBodyPipe implements PipeTransform<unknown, SaveProspectsBody> {
  transform(body: unknown): SaveProspectsBody {
    const object = readBodyObject(body);
    return {
      prospects: readItemArray(object, 'prospects', MAX_CONTACTS_PER_REQUEST),
      list_id: readOptionalString(object, 'list_id'),
    };
  }
}
