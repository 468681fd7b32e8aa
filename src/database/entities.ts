import { ApiKey } from '../modules/api-keys/api-key.entity';
import { ContactList } from '../modules/lists/list.entity';
import { ListMembership } from '../modules/lists/list-membership.entity';
import { Prospect } from '../modules/prospects/prospect.entity';
import { Workspace } from '../modules/workspaces/workspace.entity';

/**
 * Every entity the data source knows; each module still owns its own. (Contacts have none: their
 * repository reads rows that are records as they are, see `ContactRecord`.)
 */
export const ENTITIES = [Workspace, ApiKey, ContactList, ListMembership, Prospect];
