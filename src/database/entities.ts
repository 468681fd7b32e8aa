import { ApiKey } from '../modules/api-keys/api-key.entity';
import { Workspace } from '../modules/workspaces/workspace.entity';

/** Every entity the data source knows; each module still owns its own. */
export const ENTITIES = [Workspace, ApiKey];
