import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CoreModule } from '../core.module';
import { ApiKeysModule } from '../modules/api-keys';
import { ProspectsModule } from '../modules/prospects';
import { WorkspacesModule } from '../modules/workspaces';
import { CreateKeyCommand, ListKeysCommand, RevokeKeyCommand } from './commands/key.commands';
import { ImportProspectsCommand, SeedProspectsCommand } from './commands/prospect.commands';
import { CreateWorkspaceCommand, ListWorkspacesCommand } from './commands/workspace.commands';

@Module({})
export class CliModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [
        CoreModule.register(config, databaseUrl, 'job'),
        WorkspacesModule,
        ApiKeysModule,
        ProspectsModule,
      ],
      providers: [
        CreateWorkspaceCommand,
        ListWorkspacesCommand,
        CreateKeyCommand,
        ListKeysCommand,
        RevokeKeyCommand,
        ImportProspectsCommand,
        SeedProspectsCommand,
      ],
    };
  }
}
