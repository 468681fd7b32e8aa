import { ApiKey } from '../modules/api-keys/api-key.entity';
import { Contact } from '../modules/contacts/contact.entity';
import { ContactList } from '../modules/lists/list.entity';
import { ListMembership } from '../modules/lists/list-membership.entity';
import { Prospect } from '../modules/prospects/prospect.entity';
import { Workspace } from '../modules/workspaces/workspace.entity';

/** Every entity the data source knows; each module still owns its own. */
export const ENTITIES = [Workspace, ApiKey, Contact, ContactList, ListMembership, Prospect];
