import { ContactValues } from './contact-fields';

export const CONTACT_SOURCES = ['api', 'prospect_save', 'bulk'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

/**
 * A contact with everything the API shows of it, as a row of the contacts table: the columns are
 * named as the API's fields, so a row is a record as it is (no entity mapping).
 */
export interface ContactRecord extends ContactValues {
  id: string;
  source: ContactSource;
  created_at: Date;
  updated_at: Date;
}
