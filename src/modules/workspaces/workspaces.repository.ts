import { Injectable } from '@nestjs/common';
import { Raw, Repository } from 'typeorm';
import { Plan } from '../../config/app-config';
import { Transactions } from '../../database/transactions';
import { Workspace } from './workspace.entity';

/**
 * The workspaces table, through TypeORM's Repository API (one style); in the caller's transaction
 * when there is one.
 */
@Injectable()
export class WorkspacesRepository {
  constructor(private readonly db: Transactions) {}

  private get workspaces(): Repository<Workspace> {
    return this.db.manager.getRepository(Workspace);
  }

  /** Throws a unique violation for a name already taken. */
  insert(name: string, plan: Plan): Promise<Workspace> {
    return this.workspaces.save(this.workspaces.create({ name, plan }));
  }

  /** Oldest first. */
  list(): Promise<Workspace[]> {
    return this.workspaces.find({ order: { createdAt: 'ASC' } });
  }

  count(): Promise<number> {
    return this.workspaces.count();
  }

  findById(id: string): Promise<Workspace | null> {
    return this.workspaces.findOneBy({ id });
  }

  findByNameIgnoringCase(name: string): Promise<Workspace | null> {
    return this.workspaces.findOneBy({
      name: Raw((column) => `lower(${column}) = lower(:name)`, { name }),
    });
  }

  /** Locks the workspace's row until the transaction ends. False: no such workspace. */
  async lock(id: string): Promise<boolean> {
    const row = await this.workspaces.findOne({
      select: { id: true },
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    return row !== null;
  }
}
