import { Command, CommandRunner, Option } from 'nest-commander';
import { Plan, PLANS } from '../../config/app-config';
import { Workspace, WorkspacesService } from '../../modules/workspaces';
import { printResult } from '../output';

interface CreateOptions {
  name: string;
  plan: Plan;
  json?: boolean;
}

const workspaceJson = (w: Workspace) => ({
  id: w.id,
  name: w.name,
  plan: w.plan,
  created_at: w.createdAt,
});

@Command({ name: 'workspaces:create', description: 'Create a workspace' })
export class CreateWorkspaceCommand extends CommandRunner {
  constructor(private readonly workspaces: WorkspacesService) {
    super();
  }

  async run(_: string[], options: CreateOptions): Promise<void> {
    const workspace = await this.workspaces.create(options.name, options.plan);
    printResult(options.json, workspaceJson(workspace), [
      `Created workspace "${workspace.name}" (plan ${workspace.plan})`,
      workspace.id,
    ]);
  }

  @Option({ flags: '--name <name>', description: 'workspace name', required: true })
  parseName(value: string): string {
    if (!value.trim() || value.length > 200) throw new Error('--name must be 1 to 200 characters');
    return value.trim();
  }

  @Option({
    flags: '--plan <plan>',
    description: `one of ${PLANS.join('|')}`,
    defaultValue: 'starter',
  })
  parsePlan(value: string): Plan {
    if (!(PLANS as readonly string[]).includes(value))
      throw new Error(`--plan must be one of ${PLANS.join(', ')}`);
    return value as Plan;
  }

  @Option({ flags: '--json', description: 'print one JSON line' })
  parseJson(): boolean {
    return true;
  }
}

@Command({ name: 'workspaces:list', description: 'List workspaces' })
export class ListWorkspacesCommand extends CommandRunner {
  constructor(private readonly workspaces: WorkspacesService) {
    super();
  }

  async run(_: string[], options: { json?: boolean }): Promise<void> {
    const all = await this.workspaces.list();
    printResult(
      options.json,
      all.map(workspaceJson),
      all.length ? all.map((w) => `${w.id}  ${w.plan.padEnd(9)}  ${w.name}`) : ['No workspaces.'],
    );
  }

  @Option({ flags: '--json', description: 'print one JSON line' })
  parseJson(): boolean {
    return true;
  }
}
