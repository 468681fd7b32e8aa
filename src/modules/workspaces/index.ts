/** The public entry of modules/workspaces: Workspaces (tenants). */
export { Workspace } from './workspace.entity';
export { WorkspacesModule } from './workspaces.module';
export { WorkspacesService } from './workspaces.service';
