import { WorkspacesAndApiKeys1764140000000 } from './1764140000000-WorkspacesAndApiKeys';

/** Every migration, oldest first. Listed explicitly so the app, the CLI and Jest load the same set. */
export const MIGRATIONS = [WorkspacesAndApiKeys1764140000000];
