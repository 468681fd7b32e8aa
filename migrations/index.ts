import { WorkspacesAndApiKeys1764140000000 } from './1764140000000-WorkspacesAndApiKeys';
import { ContactsAndLists1764150000000 } from './1764150000000-ContactsAndLists';
import { Prospects1764160000000 } from './1764160000000-Prospects';
import { IdempotencyKeys1764170000000 } from './1764170000000-IdempotencyKeys';
import { ProspectDataVersionJumps1764180000000 } from './1764180000000-ProspectDataVersionJumps';
import { IdempotencyOwnerAndExactResponse1764190000000 } from './1764190000000-IdempotencyOwnerAndExactResponse';
import { WorkspaceContactCounts1764200000000 } from './1764200000000-WorkspaceContactCounts';
import { CanonicalLinkedinKeys1764210000000 } from './1764210000000-CanonicalLinkedinKeys';
import { ProspectCompanyLocationAndRevenue1764220000000 } from './1764220000000-ProspectCompanyLocationAndRevenue';
import { Events1764240000000 } from './1764240000000-Events';
import { ContactsSearchText1764250000000 } from './1764250000000-ContactsSearchText';

/** Every migration, oldest first. Listed explicitly so the app, the CLI and Jest load the same set. */
export const MIGRATIONS = [
  WorkspacesAndApiKeys1764140000000,
  ContactsAndLists1764150000000,
  Prospects1764160000000,
  IdempotencyKeys1764170000000,
  ProspectDataVersionJumps1764180000000,
  IdempotencyOwnerAndExactResponse1764190000000,
  WorkspaceContactCounts1764200000000,
  CanonicalLinkedinKeys1764210000000,
  ProspectCompanyLocationAndRevenue1764220000000,
  Events1764240000000,
  ContactsSearchText1764250000000,
];
